/**
 * Reads a selection as people write loss formulas in code and papers, and finds the one formula in it.
 *
 * Statements: Python (`def f(x, y): return …`, `lambda t: …`, `loss = …`), JavaScript/TypeScript/Java/C#
 * (`const loss = …;`, `let cost: number = …`, `(x) => …`, `function f(a, b) { return …; }`), C/C++
 * (`double f = …;`), MATLAB/Octave (`@(x) …`, `function y = f(x) … end`), Julia (`f(w) = …`,
 * `function f(x) … end`), R (`f <- function(b) …`), LaTeX (`L(\theta) = …`) and plain math
 * (`f(x1, x2) = …`).
 *
 * The reading is layered, one class a job, each extending the one before: tokenCursor.ts (token access) ←
 * expressionParser.ts (operators) ← latexCommands.ts ← functionParser.ts (function forms) ← this file: the
 * statements, and which of them is the formula.
 *
 * Nothing here evaluates anything: the result is a syntax tree.
 */
import { FormulaError, quote } from './errors';
import { binary, CONTROL_WORDS, LOOP_WORDS } from './expressionParser';
import { FunctionParser } from './functionParser';
import { normalizeLatex } from './latex';
import { detectDialect, tokenize, type Dialect, type Token } from './lexer';
import { elementNaming, isFunction, isNumberLiteral, unpack, type FunctionValue, type Statement, type UnpackTarget } from './statements';
import type { Binding, Program, Syntax, Unpacking } from './syntax';

/** Words that start a declaration before the name (`const loss = …`, `double f = …`). */
const DECLARATION_WORDS = new Set([
  'const', 'let', 'var', 'val', 'auto', 'double', 'float', 'int', 'long', 'short', 'real', 'number', 'static',
  'public', 'private', 'protected', 'internal', 'final', 'export', 'readonly', 'unsigned', 'signed', 'inline',
  'constexpr', 'mutable', 'local', 'global', 'decimal', 'Float64', 'Float32', 'f64', 'f32', 'override', 'virtual',
  'abstract', 'sealed', 'extern', 'unsafe', 'open',
]);

/** One target of an unpacking: a name, `*rest`, or a bracketed group (`open`, `close`: token indices). */
type Target =
  | { kind: 'name' | 'starred'; token: Token; end: number }
  | { kind: 'nested'; token: Token; end: number; open: number; close: number };

/** `dialect`: how to read it, when the file says more than the selection does (an Octave file's `[1 2; 3 4]`). */
export function parseProgram(source: string, dialect: Dialect = detectDialect(source)): Program {
  let tokens = tokenize(source, dialect);
  if (dialect.latex) tokens = normalizeLatex(tokens, source);
  return new ProgramParser(source, tokens, dialect).program();
}

class ProgramParser extends FunctionParser {
  /** The selection had an import line (to say so when it holds nothing else). */
  private imported = false;

  program(): Program {
    const statements = this.statements(() => false);
    const end = this.peek();
    if (end.kind !== 'end') throw this.error(`Unexpected ${this.describe(end)}`, end);
    return this.resolveProgram(statements);
  }

  /**
   * Picks the formula out of top-level statements: the last one that isn't a plain number assignment.
   * Assignments of numbers (`x = 10`) give start values; other assignments before it are definitions.
   */
  private resolveProgram(statements: Statement[]): Program {
    // `x = 10` gives x's start value — unless x is assigned again later (`s = 0` then `s += x^2`: an accumulator).
    const lastAssigned = new Map<string, number>();
    for (const s of statements) if (s.kind === 'assign') lastAssigned.set(s.name, Math.max(lastAssigned.get(s.name) ?? -Infinity, s.start));
    const isStartValue = (s: Statement): boolean =>
      s.kind === 'assign' && !isFunction(s.value) && isNumberLiteral(s.value) && lastAssigned.get(s.name) === s.start;
    const formulaIndex = statements.findLastIndex((s) => !isStartValue(s));
    const startValues = statements
      .filter(isStartValue)
      .map((s) => ({ name: (s as { name: string }).name, value: s.value as Syntax, start: s.start, end: s.end }));
    if (formulaIndex === -1) {
      if (statements.length === 0) {
        const what = this.imported ? 'The selection only imports modules' : 'The selection is empty';
        throw new FormulaError(`${what}: select a formula such as \`(w - 3)**2 + b**2\``, this.source, 0, 0);
      }
      const first = statements[0];
      throw this.errorAt(
        `${quote(this.source.slice(first.start, first.end))} only assigns a number; select the formula that uses it`,
        first.start,
        first.end,
      );
    }
    const formula = statements[formulaIndex];
    if (formula.kind === 'unpack') {
      const names = formula.targets.map((t) => t.token.text).join(', ');
      throw this.errorAt(`${quote(this.source.slice(formula.start, formula.end))} only unpacks a vector; select the formula that uses ${names}`, formula.start, formula.end);
    }
    const bindings: Binding[] = [];
    const unpackings: Unpacking[] = [];
    // Outside a function only MATLAB's own indexing says where a vector starts.
    const base = this.dialect.matlab ? 1 : 0;
    for (const s of statements.slice(0, formulaIndex).filter((s) => !isStartValue(s))) {
      if (s.kind === 'unpack') {
        const unpacked = unpack(s, base);
        bindings.push(...unpacked.bindings);
        unpackings.push(unpacked.unpacking);
        continue;
      }
      if (s.kind !== 'assign' || isFunction(s.value)) {
        // Two formulas (or a helper function and a formula) selected together: which one is meant?
        throw this.errorAt(
          `More than one formula is selected: ${quote(this.source.slice(s.start, s.end))} and ${quote(this.source.slice(formula.start, formula.end))}; select the one to simulate`,
          s.start,
          s.end,
        );
      }
      const binding: Binding = { name: s.name, value: s.value, start: s.start, end: s.end };
      // `x = p[0]` names an element (in MATLAB `x = p(1)`): a name the formula may leave unused, as `x, y = p`'s.
      const naming = elementNaming(binding, base, this.dialect.matlab);
      if (naming) unpackings.push(naming);
      bindings.push(naming ? binding : { ...binding, mustBeUsed: true });
    }
    const outer = { bindings, unpackings, startValues, formulaStart: formula.start };
    switch (formula.kind) {
      case 'function':
        return this.functionProgram(formula.name, formula.value, outer);
      case 'assign':
        return isFunction(formula.value)
          ? this.functionProgram(formula.name, formula.value, outer)
          : { name: formula.name, parameters: null, ...outer, result: formula.value, base };
      case 'return':
      case 'expression':
        return { name: null, parameters: null, ...outer, result: formula.value, base };
    }
  }

  private functionProgram(
    name: string | null,
    fn: FunctionValue,
    outer: { bindings: Binding[]; unpackings: Unpacking[]; startValues: Binding[]; formulaStart: number },
  ): Program {
    return {
      formulaStart: outer.formulaStart,
      name,
      parameters: fn.parameters,
      bindings: [...outer.bindings, ...fn.bindings],
      unpackings: [...outer.unpackings, ...(fn.unpackings ?? [])],
      startValues: outer.startValues,
      result: fn.result,
      base: fn.base ?? 0,
    };
  }

  /** Statements until `isEnd()` or the end of input, separated by newlines and `;`. */
  protected override statements(isEnd: () => boolean): Statement[] {
    const list: Statement[] = [];
    for (;;) {
      while (this.tokens[this.pos].kind === 'newline' || this.isOperator(this.tokens[this.pos], ';')) this.pos += 1;
      if (this.peek().kind === 'end' || isEnd()) return list;
      const tuple = this.tupleAssignment();
      if (tuple) list.push(...tuple);
      else {
        const statement = this.statement();
        if (statement) list.push(statement);
      }
      // A display equation often ends its sentence: $$ L(w) = w^2. $$
      if (this.dialect.latex && this.isOperator(this.tokens[this.pos], ',', '.') && this.tokens.slice(this.pos + 1).every((t) => t.kind === 'newline' || t.kind === 'end')) {
        this.pos += 1;
      }
      const after = this.tokens[this.pos];
      if (after.kind !== 'newline' && after.kind !== 'end' && !this.isOperator(after, ';') && !isEnd()) {
        throw this.error(`Unexpected ${this.describe(after)} after the formula`, after);
      }
    }
  }

  /**
   * `w, b = 1.0, 2.0` (Python, Julia): one assignment per name. `x, y = p`, one value for several names, is an
   * unpacking of a vector. Undefined if the statement here is neither.
   */
  private tupleAssignment(): Statement[] | undefined {
    if (this.dialect.latex) return undefined;
    const targets = this.unpackingTargets();
    if (!targets) return undefined;
    const { form } = targets;
    const names = targets.targets.map((t) => t.token);
    this.pos = targets.equals + 1;
    if (form === 'object') {
      // Only a name can be destructured; anything else is kept, to be refused with the others.
      const value = this.expression();
      return [{ kind: 'unpack', targets: targets.targets, form, start: targets.start, end: value.end, value }];
    }
    const valuesBracketed = this.accept('(') !== undefined;
    const values: Syntax[] = [];
    for (;;) {
      values.push(this.expression());
      if (!this.accept(',')) break;
    }
    if (valuesBracketed) this.expect(')', 'to close the values');
    if (values.length === 1 && !isNumberLiteral(values[0])) {
      return [{ kind: 'unpack', targets: targets.targets, form, start: targets.start, end: values[0].end, value: values[0] }];
    }
    if (values.length !== names.length) {
      throw this.errorAt(`Unpacking into ${names.map((n) => n.text).join(', ')} needs ${names.length} values`, names[0].start, values.at(-1)!.end);
    }
    return names.map((name, k) => ({ kind: 'assign', name: name.text, start: name.start, end: values[k].end, value: values[k] }));
  }

  /**
   * The names before the `=` of an unpacking — `x, y`, `(x, y)`, `[x, y]`, `const [x, y]`, `const { x, y }` —
   * and the index of the `=`; undefined if the statement here is not one. A starred or nested target is
   * refused here, where it is known to be one: what it holds can't be told from the text.
   */
  private unpackingTargets(): { targets: UnpackTarget[]; form: 'tuple' | 'object'; start: number; equals: number } | undefined {
    let i = this.pos;
    const declared = this.isWord(this.tokens[i], 'const', 'let', 'var') && this.isOperator(this.tokens[i + 1], '[', '{');
    if (declared) i += 1;
    const start = this.tokens[this.pos].start;
    if (declared && this.isOperator(this.tokens[i], '{')) {
      const pattern = this.objectPattern(i);
      const equals = pattern && this.afterAnnotation(pattern.next);
      if (!pattern || pattern.targets.length === 0 || !this.isOperator(this.tokens[equals ?? i], '=')) return undefined;
      return { targets: pattern.targets, form: 'object', start, equals: equals! };
    }
    let list = this.targetList(i);
    // `(x, y) = p`, `[x, y] = p`: one bracketed list is the targets themselves.
    const [only] = list.targets;
    if (list.targets.length === 1 && only.kind === 'nested') {
      const inner = this.targetList(only.open + 1);
      if (inner.next !== only.close) return undefined;
      list = { targets: inner.targets, next: only.close + 1 };
    }
    i = declared ? this.afterAnnotation(list.next) : list.next;
    if (list.targets.length < 2 || !this.isOperator(this.tokens[i], '=')) return undefined;
    const names: UnpackTarget[] = [];
    for (const target of list.targets) {
      if (target.kind === 'name') {
        names.push({ token: target.token });
        continue;
      }
      const written = quote(this.source.slice(target.token.start, target.end));
      throw target.kind === 'starred'
        ? this.error(`${written} takes the rest of the vector, whose length isn’t known: name each element, as in \`x, y = p\``, target.token)
        : this.error(`Nested unpacking (${written}) isn’t supported: unpack a vector parameter into names, as in \`x, y = p\``, target.token);
    }
    return { targets: names, form: 'tuple', start, equals: i };
  }

  /** The token after TypeScript's annotation of a destructuring (`const [x, y]: [number, number] = p`), from `i`. */
  private afterAnnotation(from: number): number {
    let i = from;
    if (!this.isOperator(this.tokens[i], ':')) return i;
    let depth = 0;
    for (i += 1; !['end', 'newline'].includes(this.tokens[i].kind) && !(depth === 0 && this.isOperator(this.tokens[i], '=')); i += 1) {
      if (this.isOperator(this.tokens[i], '(', '[', '{', '<')) depth += 1;
      if (this.isOperator(this.tokens[i], ')', ']', '}', '>')) depth -= 1;
    }
    return i;
  }

  /**
   * `{ x, y: b }` from the `{` at token `open`: JavaScript's object destructuring, each field with the name it
   * is given; undefined if it is not one. A rest, a nested pattern or a default is refused here, as in arrays.
   */
  private objectPattern(open: number): { targets: UnpackTarget[]; next: number } | undefined {
    const close = this.matchingClose(open);
    if (close === undefined || !this.isOperator(this.tokens[close], '}')) return undefined;
    const targets: UnpackTarget[] = [];
    const skipNewlines = (from: number): number => {
      let k = from;
      while (this.tokens[k].kind === 'newline') k += 1;
      return k;
    };
    for (let i = skipNewlines(open + 1); i < close; i = skipNewlines(i)) {
      const field = this.tokens[i];
      if (this.isOperator(field, '...')) {
        const rest = quote(this.source.slice(field.start, this.tokens[i + 1].end));
        throw this.error(`${rest} takes the rest of the object, whose fields aren’t known: name each field, as in \`const { x, y } = p\``, field);
      }
      if (field.kind !== 'identifier' || this.isReserved(field)) return undefined;
      let name = field;
      i += 1;
      if (this.isOperator(this.tokens[i], ':')) {
        name = this.tokens[i + 1];
        if (this.isOperator(name, '{', '[')) {
          const nestedClose = this.matchingClose(i + 1) ?? i + 1;
          const written = quote(this.source.slice(field.start, this.tokens[nestedClose].end));
          throw this.error(`Nested destructuring (${written}) isn’t supported: destructure a parameter into names, as in \`const { x, y } = p\``, field);
        }
        if (name.kind !== 'identifier' || this.isReserved(name)) return undefined;
        i += 2;
      }
      if (this.isOperator(this.tokens[i], '=')) {
        const written = quote(this.source.slice(field.start, this.tokens[i + 1].end));
        throw this.error(`Defaults in destructuring (${written}) aren’t supported: name the field alone, as in \`const { ${field.text} } = p\``, field);
      }
      targets.push({ token: name, field: field.text });
      i = skipNewlines(i);
      if (this.isOperator(this.tokens[i], ',')) i += 1;
      else if (i !== close) return undefined;
    }
    return { targets, next: close + 1 };
  }

  /** Names, starred names (`*rest`, `...rest`) and bracketed groups separated by commas, from token `from`. */
  private targetList(from: number): { targets: Target[]; next: number } {
    const targets: Target[] = [];
    let i = from;
    for (;;) {
      const token = this.tokens[i];
      if (token.kind === 'identifier' && !this.isReserved(token)) {
        targets.push({ kind: 'name', token, end: token.end });
        i += 1;
      } else if (this.isOperator(token, '*', '...') && this.tokens[i + 1].kind === 'identifier') {
        targets.push({ kind: 'starred', token, end: this.tokens[i + 1].end });
        i += 2;
      } else if (this.isOperator(token, '(', '[')) {
        const close = this.matchingClose(i);
        if (close === undefined || !this.isOperator(this.tokens[close], token.text === '(' ? ')' : ']')) break;
        targets.push({ kind: 'nested', token, end: this.tokens[close].end, open: i, close });
        i = close + 1;
      } else {
        break;
      }
      if (!this.isOperator(this.tokens[i], ',')) break;
      i += 1;
    }
    return { targets, next: i };
  }

  private statement(): Statement | null {
    const first = this.peek();
    // A docstring or a stray string literal on its own line says nothing about the formula.
    if (first.kind === 'string' && ['newline', 'end'].includes(this.tokens[this.pos + 1].kind)) {
      this.next();
      return null;
    }
    if (this.isOperator(first, '@')) {
      if (this.isOperator(this.peek(1), '(')) return this.expressionStatement();
      // Python decorators on their own line (@jax.jit), or Julia macros before a definition (@inline f(x) = …).
      while (this.isOperator(this.peek(), '@') && !this.isOperator(this.peek(1), '(')) {
        this.next();
        while (this.peek().kind === 'identifier' && this.isOperator(this.tokens[this.pos + 1], '.')) this.pos += 2;
        if (this.peek().kind === 'identifier') this.next();
        if (this.tokens[this.pos].kind === 'newline' || this.tokens[this.pos].kind === 'end' || this.isOperator(this.peek(), '(')) this.skipLine();
        if (this.tokens[this.pos].kind === 'newline' || this.tokens[this.pos].kind === 'end') return null;
      }
      return this.statement();
    }
    if (this.isWord(first, 'import', 'from', 'using', 'include', 'pass')) {
      // An import (to the end of the line or the next `;`), or Python's `pass`: nothing to read.
      while (!['newline', 'end'].includes(this.tokens[this.pos].kind) && !this.isOperator(this.tokens[this.pos], ';')) this.pos += 1;
      this.imported ||= first.text !== 'pass';
      return null;
    }
    if (this.isWord(first, 'return')) {
      this.next();
      const value = this.expression();
      return { kind: 'return', start: first.start, end: value.end, value };
    }
    this.checkStatementWord(first);

    // Declaration words: const, let, double, public static, export …
    const save = this.pos;
    for (;;) {
      if (this.peek().kind === 'identifier' && DECLARATION_WORDS.has(this.peek().text) && this.peek(1).kind === 'identifier') {
        this.next();
        continue;
      }
      // Any type before the name: DoubleUnaryOperator f = x -> …
      if (this.peek().kind === 'identifier' && this.peek(1).kind === 'identifier' && this.isOperator(this.peek(2), '=') && !this.isReserved(this.peek())) {
        this.next();
        continue;
      }
      // A generic type before the name: Func<double, double> f = x => …
      const close = this.peek().kind === 'identifier' && this.isOperator(this.peek(1), '<') ? this.closingAngle(this.index(1)) : undefined;
      if (close !== undefined && this.tokens[close + 1]?.kind === 'identifier' && this.isOperator(this.tokens[close + 2], '=')) {
        this.pos = close + 1;
        continue;
      }
      break;
    }
    const head = this.peek();
    if (this.isWord(head, 'def')) return this.pythonDef();
    if (this.isWord(head, 'function')) {
      const value = this.functionKeyword();
      return { kind: 'function', name: value.name, start: head.start, end: value.value.end, value: value.value };
    }
    if (head.kind === 'identifier' && !this.isReserved(head)) {
      const declared = this.declaration();
      if (declared) return declared;
    }
    this.pos = save;
    return this.expressionStatement();
  }

  private checkStatementWord(token: Token): void {
    if (token.kind !== 'identifier' || this.dialect.latex) return;
    if (CONTROL_WORDS.has(token.text)) throw this.conditionalError(token);
    if (LOOP_WORDS.has(token.text)) throw this.error(`Loops (\`${token.text}\`) aren’t supported: a loss here is a single formula`, token);
    if (token.text === 'class') throw this.error('Classes aren’t supported: select the loss formula itself', token);
  }

  private expressionStatement(): Statement {
    const value = this.functionOrExpression();
    if (isFunction(value)) return { kind: 'function', name: null, start: value.start, end: value.end, value };
    return { kind: 'expression', start: value.start, end: value.end, value };
  }

  /**
   * `name = …`, `name: type = …`, `name <- …`, `f(x, y) = …`, `double f(double x) { … }`, `f(x) => …`;
   * undefined (position unchanged) if the tokens here are not a declaration.
   */
  private declaration(): Statement | undefined {
    const save = this.pos;
    const nameToken = this.next();
    const name = this.nameWithSubscripts(nameToken);
    // Type annotations: `cost: number = …` (TypeScript, Python), `x::Float64 = …` (Julia).
    if (this.isOperator(this.peek(), ':', '::') && this.findBeforeLineEnd('=')) {
      this.skipTypeUntil(['=']);
    }
    const operator = this.peek();
    if (this.isOperator(operator, '=', ':=', '<-')) {
      this.next();
      const value = this.functionOrExpression();
      return { kind: 'assign', name, start: nameToken.start, end: value.end, value };
    }
    // Compound assignment: `s += x^2` is `s = s + x^2`.
    const compound = this.peek(1);
    if (this.isOperator(operator, '+', '-', '*', '/') && this.isOperator(compound, '=') && !compound.spaced) {
      this.next();
      this.next();
      const right = this.expression();
      const current: Syntax = { kind: 'name', name, start: nameToken.start, end: nameToken.end };
      const value = binary(operator.text as '+' | '-' | '*' | '/', current, right);
      return { kind: 'assign', name, start: nameToken.start, end: right.end, value };
    }
    if (this.isOperator(operator, '(')) {
      const close = this.matchingClose(this.index());
      let after = close === undefined ? undefined : close + 1;
      // Julia's return type: f(x)::Float64 = …
      if (after !== undefined && this.isOperator(this.tokens[after], '::')) {
        while (after < this.tokens.length - 1 && !this.isOperator(this.tokens[after], '=', '{') && this.tokens[after].kind !== 'newline') after += 1;
      }
      // C++ and Java qualifiers after the parameters: `double f(double x) const noexcept {`.
      while (after !== undefined && this.tokens[after].kind === 'identifier' && ['const', 'noexcept', 'override', 'throws', 'final'].includes(this.tokens[after].text)) after += 1;
      const next = after === undefined ? undefined : this.tokens[after];
      const isDefinition =
        next &&
        (this.isOperator(next, '=', ':=', '=>', '{') ||
          (this.isOperator(next, ':') && this.dialect.latex === false && !this.dialect.python));
      if (isDefinition) {
        const parameters = this.parameterList();
        if (this.isOperator(this.peek(), ':', '::')) this.skipTypeUntil(['{', '=>', '=']);
        while (this.peek().kind === 'identifier' && ['const', 'noexcept', 'override', 'throws', 'final'].includes(this.peek().text)) this.next();
        const opener = this.next();
        let fn: FunctionValue;
        if (opener.text === '{') {
          fn = this.braceBody(parameters, nameToken.start);
        } else {
          const result = this.expression();
          // `f(x) = x[1]^2` is Julia or math, which count from 1; C#'s `=> x[0]` counts from 0.
          const base = opener.text === '=>' ? 0 : 1;
          fn = { kind: 'function', start: nameToken.start, end: result.end, parameters, bindings: [], result, base };
        }
        return { kind: 'function', name, start: nameToken.start, end: fn.end, value: fn };
      }
    }
    this.pos = save;
    return undefined;
  }
}
