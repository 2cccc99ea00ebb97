/**
 * Resolves the names of a parsed program — local definitions, variables, constants, functions — and
 * builds its expression DAG. Variables are ordered by the signature when there is one, then by first
 * appearance in the text. Every name that is not a known function or constant is a variable; every call
 * that is not a known function is refused, by name and column.
 *
 * The walks over the syntax are iterative, with explicit work stacks: a chain of thousands of terms
 * (`x+x+…`) is a tree thousands deep, and definitions built on definitions nest as deep again.
 */
import { arraySyntaxRefusal, matrixProductRefusal } from './arraySyntax';
import { FormulaError, quote } from './errors';
import { ExprBuilder, type Expr } from './expr';
import { ARRAY_FUNCTIONS, functionSpec, KNOWN_FUNCTION_NAMES, nonMathCallMessage, resolveConstant, resolveFunction, type FunctionSpec } from './functions';
import type { BinaryOperator } from './runtime';
import type { Binding, Program, Syntax } from './syntax';
import { elementIndex, UnpackedVectors } from './vectors';

/** More variables than this is not a formula to explore by hand, and would make the Hessian costly. */
export const MAX_VARIABLES = 100;

export interface LoweredFormula {
  readonly builder: ExprBuilder;
  readonly loss: Expr;
  readonly variables: readonly string[];
  /** Start values from signature defaults and number assignments, by variable name. */
  readonly startValues: ReadonlyMap<string, number>;
}

/** A lazily lowered local definition: lowered where first used, with the scope it was defined in. */
interface Definition {
  readonly binding: Binding;
  /** Its place among the program's bindings. */
  readonly index: number;
  /** What its value sees: the definitions before it. */
  readonly scope: Scope;
  lowered?: Expr;
}

/**
 * The definitions visible at a place: the first `scope` of the program's bindings, the latest of each name
 * winning (`a = a + 1` uses the earlier `a`). A number rather than a map per binding, so a selection with
 * thousands of definitions costs no more than their count.
 */
type Scope = number;

/**
 * One step of lowering: a node to start on; its children's values to combine into its own (a negation, an
 * operator, a product `w(1 - w)`, a function applied to its arguments); or a definition's value to keep.
 */
type LoweringTask =
  | { readonly kind: 'enter'; readonly syntax: Syntax; readonly scope: Scope }
  | { readonly kind: 'negate' }
  | { readonly kind: 'binary'; readonly op: BinaryOperator }
  | { readonly kind: 'apply'; readonly spec: FunctionSpec; readonly arity: number }
  | { readonly kind: 'define'; readonly definition: Definition };

const BINARY_OPERATIONS = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '^': 'pow' } as const;

export function lowerProgram(program: Program, source: string): LoweredFormula {
  return new Lowering(program, source).run();
}

class Lowering {
  private readonly builder = new ExprBuilder();
  private readonly variableIndex = new Map<string, number>();
  private readonly parameterNames: ReadonlySet<string>;
  private readonly vectors: UnpackedVectors;
  /** Every definition, in the order written, and by name (each name's in that order). */
  private readonly definitions: Definition[];
  private readonly definitionsByName = new Map<string, Definition[]>();

  constructor(
    private readonly program: Program,
    private readonly source: string,
  ) {
    this.parameterNames = new Set((program.parameters ?? []).map((p) => p.name));
    this.vectors = new UnpackedVectors(program, source);
    this.definitions = program.bindings.map((binding, index) => ({ binding, index, scope: index }));
    for (const definition of this.definitions) {
      const named = this.definitionsByName.get(definition.binding.name);
      if (named) named.push(definition);
      else this.definitionsByName.set(definition.binding.name, [definition]);
    }
  }

  /** The definition `name` refers to in `scope`, if any: the latest of that name among the visible bindings. */
  private lookup(name: string, scope: Scope): Definition | undefined {
    const named = this.definitionsByName.get(name);
    if (!named) return undefined;
    for (let k = named.length - 1; k >= 0; k -= 1) if (named[k].index < scope) return named[k];
    return undefined;
  }

  run(): LoweredFormula {
    const { program } = this;
    const scope: Scope = program.bindings.length;

    // Variables: the signature's, then free names in order of first appearance (an unpacking's all at once).
    const firstSeen = new Map<string, number>();
    const used = new Set<Definition>();
    this.collectFreeNames(program.result, scope, firstSeen, used);
    this.refuseUnusedDefinitions(used);
    const order = this.parameterVariables(firstSeen);
    for (const [name] of [...firstSeen].sort((a, b) => a[1] - b[1])) {
      for (const variable of this.vectors.siblingsOf(name)) if (!order.includes(variable)) order.push(variable);
    }
    this.refuseRunTogetherNames(order, firstSeen);
    if (order.length === 0) {
      throw new FormulaError(
        `${quote(this.source.slice(program.result.start, program.result.end))} has no variables: there is nothing for gradient descent to change`,
        this.source,
        program.result.start,
        program.result.end - program.result.start,
      );
    }
    if (order.length > MAX_VARIABLES) {
      throw new FormulaError(`The formula has ${order.length} variables; up to ${MAX_VARIABLES} are supported`, this.source, program.result.start);
    }
    order.forEach((name, index) => this.variableIndex.set(name, index));

    const loss = this.lower(program.result, scope);
    return { builder: this.builder, loss, variables: order, startValues: this.startValues(order) };
  }

  /**
   * The signature's variables, in its order. A parameter used only through its elements (`x[0]`, `x(2)`: the
   * vector form of Rosenbrock in scipy or MATLAB) stands for those elements, by index; the vector itself is
   * not a variable. A parameter whose elements are named (`x, y = p`, `x = p[0]`) stands for those names.
   */
  private parameterVariables(used: ReadonlyMap<string, number>): string[] {
    const order: string[] = [];
    for (const { name } of this.program.parameters ?? []) {
      const unpacked = this.vectors.variablesOf(name, used.keys());
      if (unpacked) {
        order.push(...unpacked);
        continue;
      }
      const elements = [...used.keys()]
        .map((candidate) => ({ candidate, index: elementIndex(candidate, name) }))
        .filter((e): e is { candidate: string; index: number } => e.index !== undefined)
        .sort((a, b) => a.index - b.index)
        .map((e) => e.candidate);
      if (!used.has(name) && elements.length > 0) order.push(...elements);
      else order.push(name);
    }
    return order;
  }

  /** `x(2)` with `x` a parameter: MATLAB's (and R's) element of a vector, named `x(2)`; undefined otherwise. */
  private elementName(syntax: Extract<Syntax, { kind: 'call' }>): string | undefined {
    const [argument] = syntax.args;
    const isParameter = this.parameterNames.has(syntax.callee) || this.vectors.has(syntax.callee);
    if (!isParameter || syntax.args.length !== 1 || argument.kind !== 'number' || !Number.isInteger(argument.value)) return undefined;
    return `${syntax.callee}(${argument.value})`;
  }

  /**
   * `x³ + y³ − 3xy`: with x and y variables of their own, a name spelled by them (`xy`) is almost surely their
   * product written without `*` — a third variable would be a silent misreading, so ask.
   */
  private refuseRunTogetherNames(order: readonly string[], firstSeen: ReadonlyMap<string, number>): void {
    const letters = new Set(order.filter((name) => [...name].length === 1));
    for (const name of order) {
      const chars = [...name];
      if (chars.length < 2 || !chars.every((c) => letters.has(c)) || this.parameterNames.has(name)) continue;
      const at = firstSeen.get(name) ?? 0;
      throw this.error(`\`${name}\` reads as one variable; did you mean ${chars.join('*')}? (write the * to multiply)`, at, at + name.length);
    }
  }

  /** A definition selected beside the formula that the formula does not use: a second formula. */
  private refuseUnusedDefinitions(used: ReadonlySet<Definition>): void {
    const unused = this.definitions.filter((d) => d.binding.mustBeUsed && !used.has(d)).sort((a, b) => a.binding.start - b.binding.start)[0];
    if (!unused) return;
    const { binding } = unused;
    const result = this.program.result;
    throw this.error(
      `More than one formula is selected: ${quote(this.source.slice(binding.start, binding.end))} is not used by ${quote(this.source.slice(result.start, result.end))}; select the one to simulate`,
      binding.start,
      binding.end,
    );
  }

  /** A Map, not an object: a variable may be called `constructor` or `__proto__`. */
  private startValues(variables: readonly string[]): Map<string, number> {
    const values = new Map<string, number>();
    // Defaults see no definitions.
    const constantScope: Scope = 0;
    for (const { name, value, start, end } of this.program.startValues) {
      if (variables.includes(name)) values.set(name, this.constantValue(value, constantScope, `the start value of \`${name}\``, start, end));
    }
    for (const parameter of this.program.parameters ?? []) {
      // `def f(x=10)`: x starts at 10; `def f(p=(1.0, 2.0))`, with `x, y = p`: x at 1.0, y at 2.0.
      for (const [variable, value] of this.vectors.defaultsOf(parameter, variables)) {
        const whole = variable === parameter.name;
        const what = whole ? `the default of \`${variable}\`` : `the default of \`${variable}\` in \`${parameter.name}\``;
        values.set(variable, this.constantValue(value, constantScope, what, whole ? parameter.start : value.start, whole ? parameter.end : value.end));
      }
    }
    return values;
  }

  /** Evaluates an expression that must not depend on any variable (a default value). */
  private constantValue(syntax: Syntax, scope: Scope, what: string, start: number, end: number): number {
    const saved = new Map(this.variableIndex);
    this.variableIndex.clear();
    try {
      const expr = this.lower(syntax, scope, true);
      if (expr.kind !== 'const' || !Number.isFinite(expr.value)) {
        throw new FormulaError(`${what[0].toUpperCase()}${what.slice(1)} must be a finite number`, this.source, start, end - start);
      }
      return expr.value;
    } finally {
      for (const [k, v] of saved) this.variableIndex.set(k, v);
    }
  }

  /**
   * Records each free name (not a definition, function or constant) with its first offset in the text, and each
   * definition used. Walks the syntax in the order written (a work stack, not recursion), so the first of
   * several unknown functions is the one reported.
   */
  private collectFreeNames(root: Syntax, rootScope: Scope, firstSeen: Map<string, number>, collected: Set<Definition>): void {
    const stack: { syntax: Syntax; scope: Scope }[] = [{ syntax: root, scope: rootScope }];
    const see = (name: string, at: number): void => {
      firstSeen.set(name, Math.min(firstSeen.get(name) ?? Infinity, at));
    };
    /** Walks `nodes` next, in the order written. */
    const visit = (scope: Scope, ...nodes: Syntax[]): void => {
      for (let k = nodes.length - 1; k >= 0; k -= 1) stack.push({ syntax: nodes[k], scope });
    };
    while (stack.length > 0) {
      const { syntax, scope } = stack.pop()!;
      switch (syntax.kind) {
        case 'number':
          continue;
        case 'name': {
          const definition = this.lookup(syntax.name, scope);
          if (definition) {
            // Once per definition: a name's offsets in it don't depend on where it is used, and a chain of
            // definitions each used twice would otherwise be walked exponentially often.
            if (collected.has(definition)) continue;
            collected.add(definition);
            stack.push({ syntax: definition.binding.value, scope: definition.scope });
            continue;
          }
          if (!this.parameterNames.has(syntax.name) && resolveConstant(syntax.name) !== undefined) continue;
          see(this.variableOf(syntax), syntax.start);
          continue;
        }
        case 'call': {
          const element = this.elementName(syntax);
          if (element !== undefined && resolveFunction(syntax.callee) === undefined) {
            see(this.variableOf({ kind: 'name', name: element, start: syntax.start, end: syntax.end }), syntax.start);
            continue;
          }
          if (resolveFunction(syntax.callee) === undefined) {
            // Unknown functions are reported here, before "no variables" could hide them.
            if (syntax.args.length !== 1 || !this.isMultipliable(syntax.callee, scope)) throw this.unknownFunction(syntax);
            visit(scope, { kind: 'name', name: syntax.callee, start: syntax.calleeStart, end: syntax.calleeEnd }, ...syntax.args);
            continue;
          }
          visit(scope, ...syntax.args);
          continue;
        }
        case 'negate':
          visit(scope, syntax.operand);
          continue;
        case 'group':
          visit(scope, syntax.inner);
          continue;
        case 'binary':
          if (syntax.op === '@') throw matrixProductRefusal(syntax, this.source);
          visit(scope, syntax.left, syntax.right);
          continue;
        default:
          throw arraySyntaxRefusal(syntax, this.source);
      }
    }
  }

  /** `w(1 - w)` is a product when `w` is a parameter or a definition (in code a call needs a known name). */
  private isMultipliable(name: string, scope: Scope): boolean {
    return this.parameterNames.has(name) || this.lookup(name, scope) !== undefined || this.program.startValues.some((s) => s.name === name);
  }

  /**
   * The expression DAG of `root`: children first, then their parent, with a work stack of tasks rather than
   * recursion. A name defined locally is lowered where it is first used and reused after that.
   */
  private lower(root: Syntax, rootScope: Scope, constantOnly = false): Expr {
    const b = this.builder;
    const values: Expr[] = [];
    const tasks: LoweringTask[] = [{ kind: 'enter', syntax: root, scope: rootScope }];
    while (tasks.length > 0) {
      const task = tasks.pop()!;
      switch (task.kind) {
        case 'negate':
          values.push(b.neg(values.pop()!));
          continue;
        case 'binary': {
          const right = values.pop()!;
          values.push(b.binary(task.op, values.pop()!, right));
          continue;
        }
        case 'apply':
          values.push(task.spec.build(b, values.splice(values.length - task.arity, task.arity)));
          continue;
        case 'define':
          task.definition.lowered = values[values.length - 1];
          continue;
        case 'enter':
          break;
      }
      const { syntax, scope } = task;
      switch (syntax.kind) {
        case 'number':
          values.push(b.constant(syntax.value));
          break;
        case 'group':
          tasks.push({ kind: 'enter', syntax: syntax.inner, scope });
          break;
        case 'negate':
          tasks.push({ kind: 'negate' }, { kind: 'enter', syntax: syntax.operand, scope });
          break;
        case 'binary':
          if (syntax.op === '@') throw matrixProductRefusal(syntax, this.source);
          // Right pushed first, so the left is lowered first (node ids follow the text).
          tasks.push({ kind: 'binary', op: BINARY_OPERATIONS[syntax.op] }, { kind: 'enter', syntax: syntax.right, scope }, { kind: 'enter', syntax: syntax.left, scope });
          break;
        case 'name':
          this.lowerName(syntax, scope, constantOnly, tasks, values);
          break;
        case 'call':
          this.lowerCall(syntax, scope, constantOnly, tasks, values);
          break;
        default:
          throw arraySyntaxRefusal(syntax, this.source);
      }
    }
    return values[0];
  }

  /** A name's value, or (for a definition not lowered yet) the tasks that lower it first. */
  private lowerName(syntax: Extract<Syntax, { kind: 'name' }>, scope: Scope, constantOnly: boolean, tasks: LoweringTask[], values: Expr[]): void {
    const definition = this.lookup(syntax.name, scope);
    if (definition) {
      if (definition.lowered !== undefined) {
        values.push(definition.lowered);
      } else {
        // A definition refers to its own scope, so `a = a + 1` uses the earlier `a`.
        tasks.push({ kind: 'define', definition }, { kind: 'enter', syntax: definition.binding.value, scope: definition.scope });
      }
      return;
    }
    if (!this.parameterNames.has(syntax.name)) {
      const constant = resolveConstant(syntax.name);
      if (constant !== undefined) {
        values.push(this.builder.constant(constant));
        return;
      }
    }
    if (resolveFunction(syntax.name) !== undefined && !this.parameterNames.has(syntax.name)) {
      throw this.error(`${quote(syntax.name)} is a function: call it with brackets, as in ${syntax.name}(x)`, syntax.start, syntax.end);
    }
    const name = this.variableOf(syntax);
    const index = this.variableIndex.get(name);
    if (index === undefined) {
      throw this.error(
        constantOnly ? `${quote(name)} is a variable, but a number is needed here` : `Internal error: ${quote(name)} has no index`,
        syntax.start,
        syntax.end,
      );
    }
    values.push(this.builder.variable(index));
  }

  /** A call checked (known function, argument count), then its arguments lowered and the function applied. */
  private lowerCall(syntax: Extract<Syntax, { kind: 'call' }>, scope: Scope, constantOnly: boolean, tasks: LoweringTask[], values: Expr[]): void {
    const [keyword] = syntax.keywords ?? [];
    if (keyword) throw this.error(`Keyword arguments (\`${keyword.name}\`=…) aren’t supported`, keyword.start, keyword.start + keyword.name.length);
    const canonical = resolveFunction(syntax.callee);
    const element = this.elementName(syntax);
    if (canonical === undefined && element !== undefined) {
      this.lowerName({ kind: 'name', name: element, start: syntax.start, end: syntax.end }, scope, constantOnly, tasks, values);
      return;
    }
    if (canonical === undefined) {
      if (syntax.args.length === 1 && this.isMultipliable(syntax.callee, scope)) {
        const factor: Syntax = { kind: 'name', name: syntax.callee, start: syntax.calleeStart, end: syntax.calleeEnd };
        tasks.push({ kind: 'binary', op: 'mul' }, { kind: 'enter', syntax: syntax.args[0], scope }, { kind: 'enter', syntax: factor, scope });
        return;
      }
      throw this.unknownFunction(syntax);
    }
    const spec = functionSpec(canonical);
    const count = syntax.args.length;
    if (canonical === 'log' && count === 2) {
      throw this.error(
        'log with two arguments means log(x, base) in Python and R but log(base, x) in Julia: write log(x)/log(base)',
        syntax.calleeStart,
        syntax.calleeEnd,
      );
    }
    if (count < spec.minArgs || count > spec.maxArgs) {
      const expected = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      throw this.error(
        `${quote(syntax.callee)} takes ${expected} argument${expected === '1' ? '' : 's'}, but ${count} ${count === 1 ? 'was' : 'were'} given`,
        syntax.calleeStart,
        syntax.calleeEnd,
      );
    }
    tasks.push({ kind: 'apply', spec, arity: count });
    for (let k = count - 1; k >= 0; k -= 1) tasks.push({ kind: 'enter', syntax: syntax.args[k], scope });
  }

  /** The variable a free name stands for (`self.w` is w; a named element, its name), or a refusal. */
  private variableOf(syntax: Extract<Syntax, { kind: 'name' }>): string {
    // `p.x` of a destructured `p` is a field, to be named; any other dotted name is a path.
    const name = this.vectors.isDestructuredField(syntax.name) ? syntax.name : variableName(syntax.name);
    if (name === undefined) throw this.unusableName(syntax);
    return this.vectors.variableOf(name, syntax.start, syntax.end);
  }

  private unusableName(syntax: Extract<Syntax, { kind: 'name' }>): FormulaError {
    return this.error(`${quote(syntax.name)} isn’t something a formula can use: name a variable, a constant (pi, e) or a function`, syntax.start, syntax.end);
  }

  private unknownFunction(syntax: Extract<Syntax, { kind: 'call' }>): FormulaError {
    const { callee, calleeStart, calleeEnd } = syntax;
    const last = callee.split(/\.|::/).at(-1) ?? callee;
    const refusal = nonMathCallMessage(callee);
    if (refusal) return this.error(refusal, calleeStart, calleeEnd);
    if (ARRAY_FUNCTIONS.has(last)) {
      return this.error(`${quote(callee)} works on arrays; write the loss as a formula of single numbers`, calleeStart, calleeEnd);
    }
    if (['floor', 'ceil', 'round', 'trunc', 'mod', 'rem', 'fmod'].includes(last)) {
      return this.error(`${quote(callee)} is piecewise constant: its gradient is zero almost everywhere, so gradient descent can’t use it`, calleeStart, calleeEnd);
    }
    const suggestion = closest(last, KNOWN_FUNCTION_NAMES);
    // A one-letter "function" is usually a product written without `*`: x(x - 1).
    const hint = suggestion ? ` — did you mean ${quote(suggestion)}?` : last.length === 1 ? ` (write ${last}*(…) to multiply)` : '';
    return this.error(`Unknown function ${quote(callee)}${hint}`, calleeStart, calleeEnd);
  }

  private error(message: string, start: number, end: number): FormulaError {
    return new FormulaError(message, this.source, start, end - start);
  }
}

/**
 * The variable a name stands for: itself, or for `self.w` / `this.w` the attribute `w`;
 * undefined for other dotted paths (`os.path`), which are not variables.
 */
function variableName(name: string): string | undefined {
  const member = /^(?:self|this)\.([\p{L}_][\p{L}\p{Nd}_]*)$/u.exec(name);
  if (member) return member[1];
  if (/[.:]/.test(name)) return undefined;
  return name;
}

/**
 * The closest known name for "did you mean": one edit away for short words, two for longer ones
 * (any three-letter word is two edits from some function); ties go to the longer shared prefix.
 */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = lower.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number; prefix: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(lower, name);
    if (distance > limit) continue;
    let prefix = 0;
    while (prefix < name.length && name[prefix] === lower[prefix]) prefix += 1;
    if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) {
      best = { name, distance, prefix };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
