/**
 * Lowers a loss over data to the expression DAG (docs/data-losses.md): the selection's syntax with tensors for
 * values, the data preparation above it (data/prepare.ts) for the names it uses, and the rules that say which
 * names are the variables gradient descent changes.
 *
 * Variables: a function's parameters, unless the code above defines data under the name
 * (`computeCost(X, y, theta)`); at the top level, names given a parameter initialiser above (`np.zeros(3)`,
 * `zeros(2, 1)`), a number (`b = 0.0`, unless the name is a hyperparameter's: `lam`, `alpha`, `C`, … or written
 * in capitals), a vector written out and multiplied by data as its coefficients (`theta = [0; 0]` with `X*theta`),
 * and names defined nowhere. A function's globals are constants, as Python reads them. A variable's shape comes
 * from its start value or, for a function's parameter, from the matrix it multiplies (`X @ w`); discovering one
 * starts the lowering over with it known, so variables are numbered in signature order, then as they appear.
 */
import type { FileContents } from '../../data/dataFiles';
import { DataPreparation, type Resolution } from '../../data/prepare';
import type { DataValue } from '../../data/dataValue';
import { DataError } from '../../data/dataValue';
import type { NumericArray } from '../../data/numericArray';
import { quote } from '../errors';
import { ExprBuilder, type Expr } from '../expr';
import { ARRAY_FUNCTIONS, functionSpec, resolveConstant, resolveFunction } from '../functions';
import type { Dialect } from '../lexer';
import { MAX_VARIABLES } from '../lower';
import { childrenOf, type Binding, type KeywordArgument, type Program, type Syntax } from '../syntax';
import { chainPostOrder, isChainNode } from './chains';
import {
  axisLength,
  combine,
  concatenate,
  describeAxes,
  hasRows,
  index as indexTensor,
  isScalarLike,
  map,
  matrixProduct,
  mean,
  reshape,
  scalar,
  ShapeError,
  sum,
  transpose,
  type Axis,
  type Tensor,
  type TensorIndex,
} from './tensor';

export interface DataLoweringInput {
  readonly program: Program;
  /** Where the selection starts in the document (the program's spans are relative to it). */
  readonly offset: number;
  readonly text: string;
  readonly dialect: Dialect;
  /** Data files read so far, by the path written in the code. */
  readonly files: ReadonlyMap<string, string>;
}

export interface LoweredData {
  readonly builder: ExprBuilder;
  readonly loss: Expr;
  readonly variables: readonly string[];
  readonly startValues: ReadonlyMap<string, number>;
  /** Null when the loss reads no rows of data (a vector parameter alone, say). */
  readonly data: { readonly rowCount: number; readonly columns: readonly Float64Array[]; readonly columnNames: readonly string[] } | null;
}


/** Definitions built on definitions a loss over data reads, each lowered inside the one that uses it. */
export const MAX_DEFINITION_CHAIN = 200;

/** The keyword arguments read in a loss: a reduction's axis (NumPy, Julia), keepdims, and ddof for std and var. */
const ARRAY_KEYWORDS: ReadonlySet<string> = new Set(['axis', 'dims', 'keepdims', 'ddof']);
/** Hyperparameters' usual names: a number assigned to one above a loss is a constant, not a variable. */
const HYPERPARAMETERS = new Set(['lam', 'lmbda', 'lambd', 'lamda', 'lambda_', 'reg', 'reg_lambda', 'l1', 'l2', 'l2_reg', 'alpha', 'C', 'eps', 'epsilon', 'delta', 'margin', 'tau', 'temperature', 'weight_decay', 'wd', 'm', 'n', 'N']);

export function isHyperparameterName(name: string): boolean {
  return HYPERPARAMETERS.has(name) || /^[A-Z][A-Z0-9_]+$/.test(name);
}

/** What lowering learned that needs it to start over: a variable's shape, or a written-out vector that is a parameter. */
class StartOver extends Error {
  constructor(readonly learned: 'shape' | 'parameter' | 'order') {
    super(`start over: ${learned}`);
  }
}

/** Lowering attempts before giving up (each learns at least one thing, and there are at most MAX_VARIABLES). */
const MAX_ATTEMPTS = 2 * MAX_VARIABLES + 4;

export function lowerDataProgram(input: DataLoweringInput): LoweredData {
  const knowledge: Knowledge = { shapes: new Map(), parameters: new Set(), order: null, literalsAreParameters: false };
  const fileCache = new Map<string, FileContents>();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    try {
      return new DataLowering(input, knowledge, fileCache).run();
    } catch (error) {
      if (!(error instanceof StartOver)) throw error;
    }
  }
  throw new DataError('The loss’s variables could not be worked out', input.offset + input.program.result.start, 1);
}

interface Knowledge {
  /** Shapes learned for variables without a start value (`def loss(w)` with `X @ w`). */
  readonly shapes: Map<string, number[]>;
  /** Written-out vectors found to be parameters (coefficients of data). */
  readonly parameters: Set<string>;
  /** The variables' order, once known. */
  order: string[] | null;
  /** The loss had no variables: its written-out arrays are its parameters (a loss of a vector alone). */
  literalsAreParameters: boolean;
}

/** A variable of the loss: a number, or a vector or matrix of them named by element. */
interface Variable {
  readonly name: string;
  readonly shape: readonly number[];
  readonly start: NumericArray | null;
  /** Index of its first element. */
  readonly first: number;
}

type LambdaBinding = { readonly kind: 'value'; readonly tensor: Tensor } | { readonly kind: 'row-index' };

/** A local definition (a function body's `pred = X @ w`), lowered where first used, in the scope it was defined in. */
interface Definition {
  readonly binding: Binding;
  readonly scope: ReadonlyMap<string, Definition>;
  lowered?: Tensor;
}

class DataLowering {
  private readonly b = new ExprBuilder();
  private readonly program: Program;
  private readonly functionForm: boolean;
  private readonly parameterNames: ReadonlySet<string>;
  /** Local definitions inside the function's body (the selection's top level is read as code above). */
  private readonly locals: ReadonlyMap<string, Definition>;
  private readonly variables = new Map<string, Variable>();
  private elementNames: string[] = [];
  private readonly startValues = new Map<string, number>();
  /** Tensors that are variables without a known shape, and written-out vectors, by the name they came from. */
  private readonly unsized = new WeakMap<Tensor, string>();
  private readonly literals = new WeakMap<Tensor, string>();
  private readonly columns: Float64Array[] = [];
  private readonly columnNames: string[] = [];
  private readonly columnOf = new Map<NumericArray, Map<number, Expr>>();
  private readonly rowCount: number | null;
  /** Definitions from above being lowered (by assignment start), to refuse a cycle. */
  private readonly symbolic = new Map<number, Tensor | null>();
  /** Definitions being lowered, each inside the one that uses it (throughDefinition). */
  private definitionDepth = 0;

  private readonly preparation: DataPreparation;

  constructor(
    private readonly input: DataLoweringInput,
    private readonly knowledge: Knowledge,
    fileCache: Map<string, FileContents>,
  ) {
    this.program = input.program;
    this.preparation = new DataPreparation({
      text: input.text,
      before: input.offset + (input.program.formulaStart ?? input.program.result.start),
      dialect: input.dialect,
      files: input.files,
      fileCache,
      isParameter: (name, value) => this.isParameterValue(name, value),
    });
    this.functionForm = input.program.parameters !== null;
    this.parameterNames = new Set((input.program.parameters ?? []).map((p) => p.name));
    this.locals = this.localScope();
    this.rowCount = this.findRowCount();
    if (knowledge.order) for (const name of knowledge.order) this.declare(name);
  }

  run(): LoweredData {
    // The signature's variables first, in its order.
    for (const parameter of this.program.parameters ?? []) {
      const meaning = this.parameterMeaning(parameter.name);
      if (meaning.kind === 'variable') this.variableTensor(parameter.name);
    }
    const loss = this.lower(this.program.result, this.locals, new Map(), this.program.formulaStart ?? this.program.result.start);
    if (!isScalarLike(loss) || loss.elements.length !== 1) {
      const result = this.program.result;
      if (result.kind === 'array' && result.bracket === '[') {
        throw this.error('Lists and arrays aren’t a loss: the loss must be one number (take their sum or mean)', { start: result.separator, end: result.separator + 1 });
      }
      throw this.error(`The loss is ${describeAxes(loss.shape)}, not a number: reduce it (np.mean, np.sum, sum, mean)`, result);
    }
    if (hasRows(loss)) throw this.error('The loss is one number per row of data, not one number: take its mean or sum over the rows', this.program.result);
    if (this.variables.size === 0) {
      if (!this.knowledge.literalsAreParameters && !this.functionForm) {
        this.knowledge.literalsAreParameters = true;
        throw new StartOver('parameter');
      }
      const written = this.input.text.slice(this.input.offset + this.program.result.start, this.input.offset + this.program.result.end);
      throw this.error(`${quote(written)} has no variables: there is nothing for gradient descent to change`, this.program.result);
    }
    const order = this.desiredOrder();
    if (order.join('\u0000') !== [...this.variables.keys()].join('\u0000')) {
      this.knowledge.order = order;
      throw new StartOver('order');
    }
    return {
      builder: this.b,
      loss: loss.elements[0]!,
      variables: this.elementNames,
      startValues: this.startValues,
      data: this.rowCount === null || this.columns.length === 0 ? (this.rowCount === null ? null : { rowCount: this.rowCount, columns: [], columnNames: [] }) : { rowCount: this.rowCount, columns: this.columns, columnNames: this.columnNames },
    };
  }

  /** Signature order, then the order the other variables appeared in. */
  private desiredOrder(): string[] {
    const signature = (this.program.parameters ?? []).map((p) => p.name).filter((name) => this.variables.has(name));
    return [...signature, ...[...this.variables.keys()].filter((name) => !signature.includes(name))];
  }

  private error(message: string, syntax: { start: number; end: number }, offset = this.input.offset): DataError {
    return new DataError(message, offset + syntax.start, Math.max(1, syntax.end - syntax.start));
  }

  // ─── Scopes and names ──────────────────────────────────────────────────────────────────────────

  private localScope(): ReadonlyMap<string, Definition> {
    let scope = new Map<string, Definition>();
    if (!this.functionForm) return scope;
    // In a function, its body's definitions come after its parameters; the selection's top level is code above.
    const firstParameter = Math.min(...(this.program.parameters ?? []).map((p) => p.start), this.program.result.start);
    for (const binding of this.program.bindings) {
      if (binding.start < firstParameter) continue;
      const next = new Map(scope);
      next.set(binding.name, { binding, scope });
      scope = next;
    }
    return scope;
  }

  /** The data's rows: the longest axis of the arrays of data the loss reads (none: no rows). */
  private findRowCount(): number | null {
    let longest = 0;
    const visitValue = (value: DataValue): void => {
      if (value.kind === 'array' && value.origin !== 'initialiser' && !value.length && !this.isParameterValue(value.name, value)) {
        for (const d of value.array.shape) longest = Math.max(longest, d);
      } else if (value.kind === 'frame') {
        longest = Math.max(longest, value.table.cells.length);
      }
    };
    const seen = new Set<string>();
    const pending: { syntax: Syntax; scope: number; offset: number }[] = [
      { syntax: this.program.result, scope: this.program.formulaStart ?? this.program.result.start, offset: this.input.offset },
      ...this.program.bindings.map((b) => ({ syntax: b.value, scope: this.program.formulaStart ?? b.start, offset: this.input.offset })),
    ];
    while (pending.length > 0) {
      const { syntax, scope, offset } = pending.pop()!;
      for (const name of namesIn(syntax)) {
        const key = `${name}@${scope}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const resolution = this.resolveAbove(name, this.documentOffset(scope, offset));
        if (resolution.kind === 'value') visitValue(resolution.value);
        if (resolution.kind === 'depends') pending.push({ syntax: resolution.syntax, scope: resolution.assignment.start, offset: resolution.offset });
      }
    }
    return longest >= 2 ? longest : null;
  }

  /** A selection offset (or a document offset, for definitions from above) as a document offset. */
  private documentOffset(scope: number, offset: number): number {
    return offset === this.input.offset ? this.input.offset + scope : scope;
  }

  private resolveAbove(name: string, documentOffset: number): Resolution {
    return this.preparation.resolve(name, documentOffset);
  }

  /** Whether a value from above makes `name` a variable (decides what depends on it, too). */
  isParameterValue(name: string | undefined, value: DataValue): boolean {
    if (name === undefined || value.kind !== 'array' || value.length) return false;
    if (this.functionForm && !this.parameterNames.has(name)) return false;
    if (value.origin === 'initialiser') return true;
    if (value.origin !== 'literal') return false;
    if (value.array.shape.length === 0) return !isHyperparameterName(name);
    return this.knowledge.parameters.has(name) || this.knowledge.literalsAreParameters;
  }

  /** What a signature parameter is: data of the same name above, or a variable. */
  private parameterMeaning(name: string): { kind: 'variable' } | { kind: 'value'; value: DataValue } {
    const resolution = this.resolveAbove(name, this.input.offset + (this.program.formulaStart ?? 0));
    if (resolution.kind === 'value' && resolution.value.kind !== 'string' && !this.isParameterValue(name, resolution.value)) {
      const value = resolution.value;
      // A number above is the start of a parameter of that name (`x = 10` with `def f(x)`), unless it is a count.
      if (!(value.kind === 'array' && value.array.shape.length === 0 && !value.length)) return { kind: 'value', value };
    }
    return { kind: 'variable' };
  }

  // ─── Variables ─────────────────────────────────────────────────────────────────────────────────

  /** Registers `name` as a variable (its shape and start from above, or learned) and returns its tensor. */
  private variableTensor(name: string): Tensor {
    const known = this.variables.get(name);
    const variable = known ?? this.declare(name);
    const elements = Array.from({ length: Math.max(1, variable.shape.reduce((a, b) => a * b, 1)) }, (_, k) => this.b.variable(variable.first + k));
    const tensor: Tensor = { shape: variable.shape, elements };
    if (variable.shape.length === 0 && variable.start === null && !this.knowledge.shapes.has(name)) this.unsized.set(tensor, name);
    return tensor;
  }

  private declare(name: string): Variable {
    const existing = this.variables.get(name);
    if (existing) return existing;
    const start = this.startOf(name);
    const shape = this.knowledge.shapes.get(name) ?? start?.shape ?? [];
    const size = shape.reduce((a, b) => a * b, 1);
    const first = this.elementNames.length;
    if (first + size > MAX_VARIABLES) {
      throw this.error(`The loss has more than ${MAX_VARIABLES} variables (${name} alone has ${size})`, this.program.result);
    }
    const variable: Variable = { name, shape, start, first };
    this.variables.set(name, variable);
    for (let k = 0; k < size; k += 1) {
      const elementName = this.elementName(name, shape, k);
      this.elementNames.push(elementName);
      if (start && start.values.length === size) this.startValues.set(elementName, start.values[k]!);
    }
    return variable;
  }

  /** `w[0]` (Python, JavaScript), `theta(1)` (MATLAB), `w[1]` (Julia); `W[0,1]`, `W(1,2)` for a matrix. */
  private elementName(name: string, shape: readonly number[], k: number): string {
    if (shape.length === 0) return name;
    const base = this.input.dialect.matlab || this.input.dialect.julia ? 1 : 0;
    const [open, close] = this.input.dialect.matlab ? ['(', ')'] : ['[', ']'];
    const significant = shape.length === 2 && (shape[0] === 1 || shape[1] === 1) ? [k] : shape.length === 2 ? [Math.floor(k / shape[1]!), k % shape[1]!] : [k];
    return `${name}${open}${significant.map((i) => i + base).join(',')}${close}`;
  }

  /** A variable's start: its value above (an initialiser, a number, a vector written out), or a default. */
  private startOf(name: string): NumericArray | null {
    const parameter = this.program.parameters?.find((p) => p.name === name);
    if (parameter?.defaultValue && parameter.defaultValue.kind !== 'vector') {
      try {
        const value = this.preparation.evaluateAt(parameter.defaultValue, this.input.offset, this.input.offset + (this.program.formulaStart ?? 0));
        if (value.kind === 'array') return value.array;
      } catch (error) {
        if (error instanceof DataError) throw error;
        return null;
      }
    }
    const resolution = this.resolveAbove(name, this.input.offset + (this.program.formulaStart ?? 0));
    if (resolution.kind === 'value' && resolution.value.kind === 'array' && !resolution.value.length) return resolution.value.array;
    return null;
  }

  // ─── Data ──────────────────────────────────────────────────────────────────────────────────────

  /** A concrete array as a tensor: its axis as long as the data's rows runs over them (data columns). */
  private arrayTensor(array: NumericArray, name: string | undefined, at: { start: number; end: number }, offset: number): Tensor {
    const m = this.rowCount;
    const rowsAxes = m === null ? [] : array.shape.map((d, k) => (d === m ? k : -1)).filter((k) => k !== -1);
    if (rowsAxes.length > 1) throw this.error(`${quote(name ?? 'this array')} is ${array.shape.join('×')}: both axes are as long as the data’s rows, which a loss can’t read`, at, offset);
    if (rowsAxes.length === 0) {
      const large = array.values.length > 10_000;
      if (large) throw this.error(`${quote(name ?? 'this array')} is ${array.shape.join('×')}, but the data has ${m} rows: a loss reads one set of rows`, at, offset);
      return { shape: array.shape, elements: Array.from(array.values, (v) => this.b.constant(v)) };
    }
    const rowsAxis = rowsAxes[0]!;
    const shape: Axis[] = array.shape.map((d, k) => (k === rowsAxis ? 'rows' : d));
    const others = array.shape.filter((_, k) => k !== rowsAxis);
    const count = others.reduce((a, b) => a * b, 1);
    const strides = array.shape.map((_, k) => array.shape.slice(k + 1).reduce((a, b) => a * b, 1));
    const elements: Expr[] = [];
    for (let e = 0; e < count; e += 1) {
      // The element's position on the other axes, then its column over the rows.
      let rest = e;
      const position = new Array<number>(array.shape.length).fill(0);
      for (let k = array.shape.length - 1; k >= 0; k -= 1) {
        if (k === rowsAxis) continue;
        position[k] = rest % array.shape[k]!;
        rest = Math.floor(rest / array.shape[k]!);
      }
      elements.push(this.column(array, e, () => {
        const column = new Float64Array(m!);
        let base = 0;
        for (let k = 0; k < array.shape.length; k += 1) if (k !== rowsAxis) base += position[k]! * strides[k]!;
        for (let i = 0; i < m!; i += 1) column[i] = array.values[base + i * strides[rowsAxis]!]!;
        return column;
      }, this.columnLabel(name, others, e)));
    }
    return { shape, elements };
  }

  private column(array: NumericArray, element: number, values: () => Float64Array, label: string): Expr {
    let columns = this.columnOf.get(array);
    if (!columns) {
      columns = new Map();
      this.columnOf.set(array, columns);
    }
    const known = columns.get(element);
    if (known) return known;
    const column = values();
    // A column that is the same on every row (the ones of `[ones(m, 1), x]`) is a constant.
    const constant = column.every((v) => v === column[0]);
    const expr = constant ? this.b.constant(column[0]!) : this.b.data(this.columns.length);
    if (!constant) {
      this.columns.push(column);
      this.columnNames.push(label);
    }
    columns.set(element, expr);
    return expr;
  }

  /** `y[i]`, `X[i,1]` (Python), `X(i,2)` (MATLAB): how a column is printed in the formula's display. */
  private columnLabel(name: string | undefined, others: readonly number[], element: number): string {
    const base = this.input.dialect.matlab || this.input.dialect.julia ? 1 : 0;
    const [open, close] = this.input.dialect.matlab ? ['(', ')'] : ['[', ']'];
    const label = name ?? 'data';
    if (others.length === 0 || others.every((d) => d === 1)) return `${label}${open}i${close}`;
    return `${label}${open}i,${element + base}${close}`;
  }

  private valueTensor(value: DataValue, name: string | undefined, at: { start: number; end: number }, offset: number): Tensor {
    switch (value.kind) {
      case 'array':
        if (value.length && this.rowCount !== null && value.array.values[0] === this.rowCount) return scalar(this.b.count());
        return this.arrayTensor(value.array, name ?? value.name, at, offset);
      case 'shape':
        return { shape: [value.lengths.length], elements: value.lengths.map((d) => (d === this.rowCount ? this.b.count() : this.b.constant(d))) };
      case 'frame':
        throw this.error(`${quote(name ?? 'this table')} is a pandas table: take its columns as numbers (df["a"].values, df[["a", "b"]].values)`, at, offset);
      case 'string':
        throw this.error(`${quote(name ?? value.value)} is text, not a number`, at, offset);
    }
  }

  // ─── Lowering ──────────────────────────────────────────────────────────────────────────────────

  /**
   * A value's tensor. `locals`: function-body definitions in scope; `lambdas`: a map/reduce function's
   * parameters; `scope`: where names above are looked for (a selection offset, or for definitions from above
   * with `offset` ≠ the selection's, a document offset).
   */
  private lower(syntax: Syntax, locals: ReadonlyMap<string, Definition>, lambdas: ReadonlyMap<string, LambdaBinding>, scope: number, offset = this.input.offset): Tensor {
    if (!isChainNode(syntax)) return this.lowerNode(syntax, locals, lambdas, scope, offset);
    // A chain of operators (`x + x + …`, thousands deep) children first, from a work list: no recursion along it.
    const values = new Map<Syntax, Tensor>();
    const valueOf = (node: Syntax): Tensor => values.get(node)!;
    for (const node of chainPostOrder(syntax)) {
      if (!isChainNode(node)) {
        values.set(node, this.lowerNode(node, locals, lambdas, scope, offset));
        continue;
      }
      try {
        switch (node.kind) {
          case 'group':
            values.set(node, valueOf(node.inner));
            break;
          case 'negate':
            values.set(node, map(valueOf(node.operand), (e) => this.b.neg(e)));
            break;
          case 'binary':
            values.set(node, this.binary(node, valueOf(node.left), valueOf(node.right)));
            break;
        }
      } catch (error) {
        if (error instanceof ShapeError) throw this.error(`${error.message}, in ${quote(this.written(node, offset))}`, node, offset);
        throw error;
      }
    }
    return valueOf(syntax);
  }

  /** A value's tensor, for a node that is not an operator, sign or brackets (those are lowered by `lower`). */
  private lowerNode(syntax: Syntax, locals: ReadonlyMap<string, Definition>, lambdas: ReadonlyMap<string, LambdaBinding>, scope: number, offset: number): Tensor {
    const recurse = (s: Syntax): Tensor => this.lower(s, locals, lambdas, scope, offset);
    const shapeError = (error: unknown): never => {
      if (error instanceof ShapeError) throw this.error(`${error.message}, in ${quote(this.written(syntax, offset))}`, syntax, offset);
      throw error;
    };
    try {
      switch (syntax.kind) {
        case 'number':
          return scalar(this.b.constant(syntax.value));
        case 'group':
        case 'negate':
        case 'binary':
          return this.lower(syntax, locals, lambdas, scope, offset);
        case 'name':
          return this.name(syntax, locals, lambdas, scope, offset);
        case 'call':
          return this.call(syntax, locals, lambdas, scope, offset);
        case 'array':
          return this.arrayLiteral(syntax, recurse);
        case 'index':
          return this.index(syntax, recurse(syntax.target), lambdas, offset);
        case 'attribute':
          return this.attribute(recurse(syntax.target), syntax.name, syntax, offset);
        case 'transpose': {
          const operand = recurse(syntax.operand);
          const unsized = this.unsized.get(operand);
          if (unsized !== undefined) {
            throw this.error(`The transpose \`'\` of ${quote(unsized)}: its length isn’t known; give it a start above (${unsized} = zeros(2, 1))`, { start: syntax.operator, end: syntax.operator + 1 }, offset);
          }
          return transpose(operand);
        }
        case 'string':
          throw this.error(`Text in quotes (${quote(this.written(syntax, offset))}) isn’t part of a formula`, syntax, offset);
        case 'slice':
          throw this.error('A range (`a:b`) is only read inside an index', syntax, offset);
        case 'lambda':
          throw this.error('A function value is only read as the argument of reduce or map', syntax, offset);
      }
    } catch (error) {
      return shapeError(error);
    }
  }

  private written(syntax: { start: number; end: number }, offset: number): string {
    return this.input.text.slice(offset + syntax.start, offset + syntax.end);
  }

  private name(syntax: Extract<Syntax, { kind: 'name' }>, locals: ReadonlyMap<string, Definition>, lambdas: ReadonlyMap<string, LambdaBinding>, scope: number, offset: number): Tensor {
    const parts = /^([\p{L}_][\p{L}\p{Nd}_]*)((?:\.[\p{L}_][\p{L}\p{Nd}_]*|\[\d+\])*)$/u.exec(syntax.name);
    if (!parts) throw this.error(`${quote(syntax.name)} isn’t a name the lab can read`, syntax, offset);
    const [, base, rest] = parts as unknown as [string, string, string];
    const constant = resolveConstant(syntax.name);
    if (constant !== undefined && !this.parameterNames.has(base) && !locals.has(base)) return scalar(this.b.constant(constant));
    let tensor = this.baseName(base, syntax, locals, lambdas, scope, offset);
    for (const part of rest.match(/\.[\p{L}_][\p{L}\p{Nd}_]*|\[\d+\]/gu) ?? []) {
      if (part.startsWith('.')) {
        tensor = this.attribute(tensor, part.slice(1), syntax, offset);
      } else {
        const position = Number(part.slice(1, -1)) - (this.input.dialect.julia ? 1 : 0);
        tensor = this.index({ kind: 'index', target: syntax, indices: [{ kind: 'number', value: position + (this.input.dialect.julia ? 1 : 0), start: syntax.start, end: syntax.end }], start: syntax.start, end: syntax.end }, tensor, lambdas, offset);
      }
    }
    return tensor;
  }

  private baseName(name: string, at: { start: number; end: number }, locals: ReadonlyMap<string, Definition>, lambdas: ReadonlyMap<string, LambdaBinding>, scope: number, offset: number): Tensor {
    const bound = lambdas.get(name);
    if (bound) {
      if (bound.kind === 'row-index') throw this.error(`${quote(name)} is the row’s index: use it to index data (ys[${name}])`, at, offset);
      return bound.tensor;
    }
    const local = offset === this.input.offset ? locals.get(name) : undefined;
    if (local) {
      local.lowered ??= this.throughDefinition(name, at, offset, () => this.lower(local.binding.value, local.scope, new Map(), scope, this.input.offset));
      return local.lowered;
    }
    if (this.parameterNames.has(name) && offset === this.input.offset) {
      const meaning = this.parameterMeaning(name);
      if (meaning.kind === 'variable') return this.variableTensor(name);
      const tensor = this.valueTensor(meaning.value, name, at, offset);
      // `computeCost(X, y, theta)` with `theta = [0; 0]` above: a vector written out may be the coefficients.
      if (meaning.value.kind === 'array' && meaning.value.origin === 'literal' && meaning.value.array.shape.length > 0) this.literals.set(tensor, name);
      return tensor;
    }
    if (resolveFunction(name) !== undefined && !this.variables.has(name)) {
      throw this.error(`${quote(name)} is a function: call it with brackets, as in ${name}(x)`, at, offset);
    }
    const documentScope = this.documentOffset(scope, offset);
    const resolution = this.resolveAbove(name, documentScope);
    switch (resolution.kind) {
      case 'none':
        if (this.functionForm && !this.parameterNames.has(name) && offset === this.input.offset) {
          throw this.error(`${quote(name)} isn’t a parameter of the function or defined above it`, at, offset);
        }
        return this.variableTensor(name);
      case 'depends': {
        const key = resolution.assignment.start;
        if (this.symbolic.has(key)) {
          const done = this.symbolic.get(key);
          if (done === null) throw this.error(`${quote(name)} is defined through itself`, at, offset);
          return done!;
        }
        this.symbolic.set(key, null);
        const tensor = this.throughDefinition(name, at, offset, () => this.lower(resolution.syntax, new Map(), new Map(), resolution.assignment.start, resolution.offset));
        this.symbolic.set(key, tensor);
        return tensor;
      }
      case 'value': {
        const value = resolution.value;
        if (this.isParameterValue(name, value)) return this.variableTensor(name);
        const tensor = this.valueTensor(value, name, at, offset);
        if (value.kind === 'array' && value.origin === 'literal' && !this.functionForm && value.array.shape.length > 0) this.literals.set(tensor, name);
        return tensor;
      }
    }
  }

  /**
   * Lowers a definition's value where its name is first used. Definitions built on definitions nest the lowering
   * once per definition, so the nesting is bounded (like the assignments above, prepare.ts's MAX_CHAIN).
   */
  private throughDefinition(name: string, at: { start: number; end: number }, offset: number, lower: () => Tensor): Tensor {
    if (this.definitionDepth >= MAX_DEFINITION_CHAIN) {
      throw this.error(`${quote(name)} is defined through more than ${MAX_DEFINITION_CHAIN} definitions, each using the one before: a loss over data reads at most ${MAX_DEFINITION_CHAIN}`, at, offset);
    }
    this.definitionDepth += 1;
    try {
      return lower();
    } finally {
      this.definitionDepth -= 1;
    }
  }

  private binary(syntax: Extract<Syntax, { kind: 'binary' }>, left: Tensor, right: Tensor): Tensor {
    const b = this.b;
    const matrixStyle = this.input.dialect.matlab || this.input.dialect.julia;
    const arrayLike = (t: Tensor): boolean => !isScalarLike(t);
    switch (syntax.op) {
      case '+':
        return combine(left, right, (x, y) => b.add(x, y));
      case '-':
        return combine(left, right, (x, y) => b.sub(x, y));
      case '/':
        if (matrixStyle && !syntax.elementwise && arrayLike(right)) throw new ShapeError('Dividing by a matrix (`/`) isn’t supported: use `./` element by element');
        return combine(left, right, (x, y) => b.div(x, y));
      case '^':
        if (matrixStyle && !syntax.elementwise && arrayLike(left)) throw new ShapeError('A matrix power (`^`) isn’t supported: use `.^` element by element');
        return combine(left, right, (x, y) => b.pow(x, y));
      case '*':
        if (matrixStyle && !syntax.elementwise && (arrayLike(left) || this.unsized.has(left)) && (arrayLike(right) || this.unsized.has(right))) {
          return this.product(left, right);
        }
        return combine(left, right, (x, y) => b.mul(x, y));
      case '@':
        return this.product(left, right);
    }
  }

  /**
   * A matrix product, learning what it says about its operands: a variable without a known shape opposite a
   * matrix has the shape that fits (a vector as long as X has columns), and a vector written out opposite data
   * is the coefficients being fitted.
   */
  private product(left: Tensor, right: Tensor): Tensor {
    const matrixStyle = this.input.dialect.matlab;
    const learn = (operand: Tensor, other: Tensor, side: 'left' | 'right'): void => {
      const name = this.unsized.get(operand);
      if (name !== undefined && other.shape.length > 0) {
        const inner = side === 'right' ? other.shape.at(-1)! : other.shape[0]!;
        if (inner === 'rows') return;
        this.knowledge.shapes.set(name, matrixStyle ? (side === 'right' ? [inner, 1] : [1, inner]) : [inner]);
        throw new StartOver('shape');
      }
      const literal = this.literals.get(operand);
      if (literal !== undefined && hasRows(other) && !this.knowledge.parameters.has(literal)) {
        this.knowledge.parameters.add(literal);
        throw new StartOver('parameter');
      }
    };
    learn(right, left, 'right');
    learn(left, right, 'left');
    return matrixProduct(this.b, left, right);
  }

  private arrayLiteral(syntax: Extract<Syntax, { kind: 'array' }>, recurse: (s: Syntax) => Tensor): Tensor {
    const rows = syntax.rows.map((row) => row.map(recurse));
    if (this.input.dialect.matlab || this.input.dialect.julia) {
      const asMatrix = (t: Tensor): Tensor => (t.shape.length === 0 ? { shape: [1, 1], elements: t.elements } : t.shape.length === 1 ? { shape: [t.shape[0]!, 1], elements: t.elements } : t);
      const joined = rows.map((row) => (row.length === 1 ? asMatrix(row[0]!) : concatenate(row.map(asMatrix), 1)));
      return joined.length === 1 ? joined[0]! : concatenate(joined, 0);
    }
    // Python and JavaScript lists: elements of one shape stacked along a new first axis.
    const elements = rows.flat();
    const shape = elements[0]!.shape;
    for (const e of elements) if (e.shape.length !== shape.length || e.shape.some((d, k) => d !== shape[k])) throw new ShapeError('The elements of a list must all have the same shape');
    if (shape.includes('rows')) throw new ShapeError('A list of values over the rows isn’t supported in a loss: stack them before it (np.column_stack)');
    return { shape: [elements.length, ...shape], elements: elements.flatMap((e) => e.elements) };
  }

  // ─── Indexes and attributes ────────────────────────────────────────────────────────────────────

  private index(syntax: Extract<Syntax, { kind: 'index' }>, target: Tensor, lambdas: ReadonlyMap<string, LambdaBinding>, offset: number): Tensor {
    const [first] = syntax.indices;
    // ys[i] with i the row's index in reduce/map: the row's value.
    if (syntax.indices.length === 1 && first!.kind === 'name' && lambdas.get(first.name)?.kind === 'row-index') {
      if (target.shape[0] !== 'rows') throw this.error(`${quote(this.written(syntax.target, offset))} has no rows to index by ${first.name}`, syntax, offset);
      return { shape: target.shape.slice(1), elements: target.elements };
    }
    const base = this.input.dialect.matlab || this.input.dialect.julia ? 1 : 0;
    const indices = syntax.indices.map((index, k): TensorIndex => {
      const axis = target.shape[k];
      if (index.kind === 'slice' && index.from === null && index.to === null && index.step === null) return { kind: 'all' };
      if (axis === 'rows') throw this.error('A loss can’t pick rows of the data by position: it is evaluated on every row (or a batch’s)', index, offset);
      const length = axis ?? 1;
      if (index.kind === 'slice') {
        const bound = (s: Syntax | null): number | null => (s === null ? null : this.constantOf(s, offset, length));
        const from = bound(index.from);
        const to = bound(index.to);
        const step = bound(index.step) ?? 1;
        const positions: number[] = [];
        if (base === 1) for (let p = from ?? 1; step > 0 ? p <= (to ?? length) : p >= (to ?? 1); p += step) positions.push(p - 1);
        else {
          const norm = (p: number): number => Math.min(Math.max(p < 0 ? p + length : p, 0), length);
          for (let p = from === null ? 0 : norm(from); p < (to === null ? length : norm(to)); p += step) positions.push(p);
        }
        return { kind: 'positions', positions };
      }
      const position = this.constantOf(index, offset, length);
      const zeroBased = base === 1 ? position - 1 : position < 0 ? position + length : position;
      return { kind: 'at', position: zeroBased, keep: this.input.dialect.matlab && syntax.indices.length === 2 };
    });
    const result = indexTensor(target.shape.length === 2 && syntax.indices.length === 1 && this.input.dialect.matlab ? { shape: [target.elements.length], elements: target.elements } : target, indices);
    return result;
  }

  /** A number the loss uses as an index or an axis: it must not depend on anything. */
  private constantOf(syntax: Syntax, offset: number, end: number | null = null): number {
    if (syntax.kind === 'name' && syntax.name === 'end' && end !== null) return end;
    const tensor = this.lower(syntax, new Map(), new Map(), syntax.start, offset);
    const [e] = tensor.elements;
    if (tensor.elements.length !== 1 || e!.kind !== 'const') {
      throw this.error(`Only indexing by a whole number (or a slice) is supported: ${quote(this.written(syntax, offset))} isn’t a fixed number`, syntax, offset);
    }
    return e.value;
  }

  private attribute(target: Tensor, name: string, at: { start: number; end: number }, offset: number): Tensor {
    switch (name) {
      case 'T':
        return transpose(target);
      case 'values':
        return target;
      case 'shape':
        return { shape: [target.shape.length], elements: target.shape.map((_, k) => axisLength(this.b, target, k)) };
      case 'length':
        return scalar(axisLength(this.b, target, 0));
      case 'size':
        return scalar(target.shape.reduce<Expr>((n, _, k) => this.b.mul(n, axisLength(this.b, target, k)), this.b.constant(1)));
      default:
        throw this.error(`The attribute ${quote(`.${name}`)} isn’t one the lab reads in a loss`, at, offset);
    }
  }

  // ─── Calls ─────────────────────────────────────────────────────────────────────────────────────

  private call(syntax: Extract<Syntax, { kind: 'call' }>, locals: ReadonlyMap<string, Definition>, lambdas: ReadonlyMap<string, LambdaBinding>, scope: number, offset: number): Tensor {
    const recurse = (s: Syntax): Tensor => this.lower(s, locals, lambdas, scope, offset);
    const { callee } = syntax;
    const dot = callee.lastIndexOf('.');
    const namespace = dot > 0 ? callee.slice(0, dot) : '';
    const isLibrary = dot > 0 && /^(np|numpy|torch|jnp|jax|math|Math|Statistics|LinearAlgebra|Base|tf|F|pd)(\.|$)/.test(namespace);
    // MATLAB's round-bracket index: theta(1), X(:, 2).
    if (dot === -1 && this.input.dialect.matlab && resolveFunction(callee) === undefined && !isDataFunction(callee)) {
      const target = this.name({ kind: 'name', name: callee, start: syntax.start, end: syntax.calleeEnd }, locals, lambdas, scope, offset);
      return this.index({ kind: 'index', target: { kind: 'name', name: callee, start: syntax.start, end: syntax.calleeEnd }, indices: syntax.args, start: syntax.start, end: syntax.end }, target, lambdas, offset);
    }
    // `xs.reduce(…)`, `y.mean()`: a method of a name's value.
    if (dot > 0 && !isLibrary && resolveFunction(callee) === undefined) {
      const receiver: Syntax = { kind: 'name', name: namespace, start: syntax.start, end: syntax.calleeStart + dot };
      return this.function(callee.slice(dot + 1), [receiver, ...syntax.args], syntax, recurse, locals, lambdas, scope, offset);
    }
    const name = dot > 0 ? callee.slice(dot + 1) : callee;
    return this.function(name, syntax.args, syntax, recurse, locals, lambdas, scope, offset);
  }

  private function(
    name: string,
    args: readonly Syntax[],
    syntax: Extract<Syntax, { kind: 'call' }>,
    recurse: (s: Syntax) => Tensor,
    locals: ReadonlyMap<string, Definition>,
    lambdas: ReadonlyMap<string, LambdaBinding>,
    scope: number,
    offset: number,
  ): Tensor {
    const b = this.b;
    const arg = (k: number): Syntax => {
      const found = args[k];
      if (!found) throw this.error(`${quote(name)} needs more arguments`, syntax, offset);
      return found;
    };
    const keyword = (...names: string[]): Syntax | undefined => syntax.keywords?.find((k) => names.includes(k.name))?.value;
    const refuseKeyword = (given: KeywordArgument): never => {
      throw this.error(`Keyword arguments (\`${given.name}\`=…) aren’t supported`, { start: given.start, end: given.start + given.name.length }, offset);
    };
    const unread = syntax.keywords?.find((k) => !ARRAY_KEYWORDS.has(k.name));
    if (unread) refuseKeyword(unread);
    const base = this.input.dialect.matlab || this.input.dialect.julia ? 1 : 0;
    const axisOf = (target: Tensor, position: number): number | null => {
      const given = keyword('axis', 'dims') ?? args[position];
      if (!given) {
        // MATLAB reduces along the first axis longer than 1 (a column's rows).
        if (this.input.dialect.matlab && target.shape.length === 2) return target.shape[0] === 1 ? 1 : 0;
        return null;
      }
      const axis = this.constantOf(given, offset) - base;
      return axis < 0 ? axis + target.shape.length : axis;
    };
    const keep = this.input.dialect.matlab || keyword('keepdims', 'dims') !== undefined;
    const scalarResult = (t: Tensor): Tensor => (this.input.dialect.matlab && t.shape.every((d) => d === 1) ? { shape: [], elements: t.elements } : t);
    /** The array a reduction reads: reducing one number means the data it was meant to read isn't there. */
    const reduced = (): Tensor => {
      const target = recurse(arg(0));
      if (target.shape.length > 0) return target;
      const written = this.written(arg(0), offset);
      const undefinedNames = [...namesIn(arg(0))]
        .filter((n) => this.variables.has(n) && this.variables.get(n)!.start === null && !this.parameterNames.has(n))
        .sort((a, b) => written.search(new RegExp(`\\b${a}\\b`)) - written.search(new RegExp(`\\b${b}\\b`)));
      const why = undefinedNames.length > 0 ? `: ${undefinedNames.join(', ')} ${undefinedNames.length === 1 ? 'isn’t' : 'aren’t'} defined above the loss` : '';
      throw this.error(`${quote(syntax.callee)} works on arrays, but ${quote(this.written(arg(0), offset))} is one number${why}`, { start: syntax.calleeStart, end: syntax.calleeEnd }, offset);
    };
    switch (name) {
      case 'sum':
      case 'nansum': {
        const target = reduced();
        return scalarResult(sum(b, target, axisOf(target, 1), keep));
      }
      case 'mean':
      case 'nanmean':
      case 'average': {
        const target = reduced();
        return scalarResult(mean(b, target, axisOf(target, 1), keep));
      }
      case 'var':
      case 'std': {
        const target = reduced();
        const axis = axisOf(target, 1);
        const ddofGiven = keyword('ddof');
        const ddof = ddofGiven ? this.constantOf(ddofGiven, offset) : this.input.dialect.matlab || this.input.dialect.julia ? 1 : 0;
        const centre = mean(b, target, axis, true);
        const squares = combine(target, centre, (x, c) => b.pow(b.sub(x, c), b.constant(2)));
        const total = sum(b, squares, axis, keep);
        const variance = map(total, (e) => b.div(e, b.sub(countOf(b, target, axis), b.constant(ddof))));
        return scalarResult(name === 'var' ? variance : map(variance, (e) => b.unary('sqrt', e)));
      }
      case 'len':
      case 'length':
      case 'numel':
      case 'size': {
        const target = recurse(arg(0));
        if (name === 'numel') return scalar(countOf(b, target, null));
        if (name === 'size') {
          const dimension = args[1];
          if (!dimension) return { shape: [target.shape.length], elements: target.shape.map((_, k) => axisLength(b, target, k)) };
          return scalar(axisLength(b, target, this.constantOf(dimension, offset) - base));
        }
        if (target.shape.length === 0) return scalar(b.constant(1));
        // MATLAB's length is the longest axis: the rows, if there are any.
        const axis = this.input.dialect.matlab ? Math.max(0, target.shape.indexOf('rows')) : 0;
        return scalar(axisLength(b, target, axis));
      }
      case 'dot': {
        // np.dot with a number multiplies; with arrays it is the matrix product.
        const [left, right] = [recurse(arg(0)), recurse(arg(1))];
        if ((left.shape.length === 0 && !this.unsized.has(left)) || (right.shape.length === 0 && !this.unsized.has(right))) return combine(left, right, (x, y) => b.mul(x, y));
        if (this.unsized.has(right) && left.shape.length === 1) return combine(left, right, (x, y) => b.mul(x, y));
        return this.product(left, right);
      }
      case 'matmul':
        return this.product(recurse(arg(0)), recurse(arg(1)));
      case 'transpose':
        return transpose(recurse(arg(0)));
      case 'array':
      case 'asarray':
      case 'tensor':
      case 'as_tensor':
      case 'double':
      case 'vec':
      case 'flatten':
      case 'ravel':
      case 'squeeze': {
        const target = recurse(arg(0));
        if (name === 'flatten' || name === 'ravel' || name === 'squeeze' || name === 'vec') return reshape(target, target.shape.filter((d) => d !== 1));
        return target;
      }
      case 'reshape': {
        const target = recurse(arg(0));
        const dims = args.slice(1).flatMap((a) => (a.kind === 'array' ? a.rows.flat() : [a])).map((a) => this.constantOf(a, offset));
        const known = target.shape.filter((d) => d !== 1);
        const shape: Axis[] = dims.map((d) => (d === -1 ? (known.length === 1 ? known[0]! : -1) : d));
        if (shape.includes(-1)) throw new ShapeError(`${describeAxes(target.shape)} can’t be reshaped to ${dims.join('×')} in a loss`);
        return reshape(target, shape);
      }
      case 'reduce':
        return this.reduceCall(args, syntax, recurse, locals, lambdas, scope, offset);
      case 'map':
        return this.mapCall(args, syntax, locals, lambdas, scope, offset, recurse);
      case 'zeros':
      case 'ones':
      case 'full':
        throw this.error(`${quote(syntax.callee)} inside the loss makes a constant array: define it above the loss (w = ${syntax.callee}(…)) to make it a parameter`, syntax, offset);
    }
    // An elementwise function takes no keywords.
    if (syntax.keywords?.[0]) refuseKeyword(syntax.keywords[0]);
    const canonical = resolveFunction(name);
    if (canonical === undefined) {
      const at = { start: syntax.calleeStart, end: syntax.calleeEnd };
      if (ARRAY_FUNCTIONS.has(name)) throw this.error(`${quote(syntax.callee)} works on arrays, but isn’t one the lab reads: write it out (with sum, mean, @)`, at, offset);
      throw this.error(`${quote(syntax.callee)} isn’t a function the lab reads in a loss over data`, at, offset);
    }
    const spec = functionSpec(canonical);
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      throw this.error(`${quote(syntax.callee)} takes ${spec.minArgs === spec.maxArgs ? spec.minArgs : `${spec.minArgs} or more`} arguments, but ${args.length} were given`, syntax, offset);
    }
    const tensors = args.map(recurse);
    if (tensors.length === 1) return map(tensors[0]!, (x) => spec.build(b, [x]));
    // Several arguments broadcast against each other (np.maximum(0, z), np.clip(z, -1, 1)).
    let combined = tensors[0]!;
    let elementLists: Expr[][] = combined.elements.map((e) => [e]);
    for (const next of tensors.slice(1)) {
      const pairedLists: Expr[][] = [];
      const indexTensorOf: Tensor = { shape: combined.shape, elements: combined.elements.map((_, k) => b.constant(k)) };
      const shaped = combine(indexTensorOf, next, (k, y) => {
        pairedLists.push([...elementLists[(k as Extract<Expr, { kind: 'const' }>).value]!, y]);
        return b.constant(pairedLists.length - 1);
      });
      combined = shaped;
      elementLists = pairedLists;
    }
    return { shape: combined.shape, elements: elementLists.map((list) => spec.build(b, list)) };
  }

  /**
   * `xs.reduce((s, x, i) => s + f(x, i), init)`, `xs.reduce((a, b) => a + b, 0)`: a sum over the rows, as the
   * usual one-line forms write it. The function's body must add the accumulator to the row's term.
   */
  private reduceCall(args: readonly Syntax[], syntax: Extract<Syntax, { kind: 'call' }>, recurse: (s: Syntax) => Tensor, locals: ReadonlyMap<string, Definition>, lambdas: ReadonlyMap<string, LambdaBinding>, scope: number, offset: number): Tensor {
    const [receiver, fn, init] = args;
    if (!receiver || !fn || fn.kind !== 'lambda' || fn.parameters.length < 2) {
      throw this.error('reduce takes a function of the running total and a value, as in xs.reduce((s, x) => s + x * x, 0)', syntax, offset);
    }
    const array = recurse(receiver);
    if (array.shape[0] !== 'rows') throw this.error(`${quote(this.written(receiver, offset))} isn’t data with rows to reduce over`, receiver, offset);
    const [accumulator, element, rowIndex] = fn.parameters as [string, string, string | undefined];
    const body = fn.body.kind === 'group' ? fn.body.inner : fn.body;
    const isAccumulator = (s: Syntax): boolean => s.kind === 'name' && s.name === accumulator;
    if (body.kind !== 'binary' || body.op !== '+' || !(isAccumulator(body.left) || isAccumulator(body.right))) {
      throw this.error(`The function reduce applies must add ${accumulator} to the row’s term, as in (${accumulator}, ${element}) => ${accumulator} + …`, fn, offset);
    }
    const term = isAccumulator(body.left) ? body.right : body.left;
    const inner = new Map(lambdas);
    inner.set(element, { kind: 'value', tensor: { shape: array.shape.slice(1), elements: array.elements } });
    if (rowIndex) inner.set(rowIndex, { kind: 'row-index' });
    const rowTerm = this.lower(term, locals, inner, scope, offset);
    const total = sum(this.b, { shape: ['rows', ...rowTerm.shape], elements: rowTerm.elements }, 0);
    return init ? combine(recurse(init), total, (x, y) => this.b.add(x, y)) : total;
  }

  /** `xs.map((x, i) => f(x, i))`: a value per row. */
  private mapCall(args: readonly Syntax[], syntax: Extract<Syntax, { kind: 'call' }>, locals: ReadonlyMap<string, Definition>, lambdas: ReadonlyMap<string, LambdaBinding>, scope: number, offset: number, recurse: (s: Syntax) => Tensor): Tensor {
    const [receiver, fn] = args;
    if (!receiver || !fn || fn.kind !== 'lambda' || fn.parameters.length < 1) throw this.error('map takes a function of a value, as in xs.map((x) => x * x)', syntax, offset);
    const array = recurse(receiver);
    if (array.shape[0] !== 'rows') throw this.error(`${quote(this.written(receiver, offset))} isn’t data with rows to map over`, receiver, offset);
    const [element, rowIndex] = fn.parameters as [string, string | undefined];
    const inner = new Map(lambdas);
    inner.set(element, { kind: 'value', tensor: { shape: array.shape.slice(1), elements: array.elements } });
    if (rowIndex) inner.set(rowIndex, { kind: 'row-index' });
    const value = this.lower(fn.body, locals, inner, scope, offset);
    if (hasRows(value)) throw this.error('The function map applies must give one value per row', fn, offset);
    return { shape: ['rows', ...value.shape], elements: value.elements };
  }
}

/** How many elements along `axis` (or all): the rows axis counts the rows. */
function countOf(b: ExprBuilder, t: Tensor, axis: number | null): Expr {
  const axes = axis === null ? t.shape : [t.shape[axis]!];
  return axes.reduce<Expr>((n, d) => b.mul(n, d === 'rows' ? b.count() : b.constant(d)), b.constant(1));
}

/** Names of functions read on data (MATLAB's round brackets call them rather than index). */
function isDataFunction(name: string): boolean {
  return ['sum', 'mean', 'var', 'std', 'length', 'numel', 'size', 'transpose', 'reshape', 'zeros', 'ones', 'dot'].includes(name);
}

/** Every name a syntax tree reads (dotted names by their first part), for finding the data it uses. */
export function namesIn(syntax: Syntax): Set<string> {
  const names = new Set<string>();
  const stack: Syntax[] = [syntax];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'name') names.add(node.name.split(/[.[]/)[0]!);
    if (node.kind === 'call') names.add(node.callee.split('.')[0]!);
    stack.push(...childrenOf(node));
  }
  return names;
}
