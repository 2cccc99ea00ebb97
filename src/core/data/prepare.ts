/**
 * The data preparation above a loss, read and evaluated: for a name the loss uses, the nearest assignment above
 * it, parsed by the formula parser and evaluated by the forms below on concrete arrays — once, on all the data,
 * as the program runs it before training. Nothing is executed: a form not listed is refused with its place.
 *
 * An assignment that uses a parameter of the loss (`z = X @ w + b` with `w = np.zeros(2)`) is not data: it is
 * read with the loss, symbolically (`depends`), so the loss is a function of w as the code means it to be.
 *
 * Forms: numbers and strings; lists, tuples and MATLAB/Julia matrices; `np.array`, `asarray`, `zeros`, `ones`,
 * `full`, `zeros_like`, `ones_like`, `eye`, `arange`, `linspace`; the file readers (dataFiles.ts); `column_stack`,
 * `hstack`, `vstack`, `concatenate`, `np.c_[…]`, `np.r_[…]`, `hcat`, `vcat`; `mean`, `std`, `var`, `sum`, `max`,
 * `min`, `prod` (with an axis: `axis=0`, MATLAB's dimension, Julia's `dims=`) and as methods; `len`, `length`,
 * `size`, `numel`, `.shape`, `.size`, `.length`; `.T`, `'`, `transpose`, `reshape`, `flatten`, `ravel`,
 * `.values`, `.to_numpy()`, `.astype(…)`, `.copy()`; indexing and slicing (0-based in Python and JavaScript,
 * 1-based with `end` in MATLAB and Julia); pandas columns `df["a"]`, `df[["a", "b"]]`, `df.a`, `df.iloc[…]`;
 * `+ − * / ^ @` with each language's meaning of `*`, and every function a formula may use, elementwise.
 */
import { compileValue } from '../formula/compile';
import { FormulaError, quote } from '../formula/errors';
import { ExprBuilder } from '../formula/expr';
import { functionSpec, resolveConstant, resolveFunction } from '../formula/functions';
import type { Dialect } from '../formula/lexer';
import { parseProgram } from '../formula/parser';
import { chainPostOrder, isChainNode } from '../formula/data/chains';
import type { Syntax } from '../formula/syntax';
import {
  concatenate,
  elementwise,
  indexArray,
  mapValues,
  matrixProduct,
  reduce,
  reshape,
  ShapeError,
  transposed,
  type AxisIndex,
  type Reduction,
} from './arrayMath';
import { assignmentBefore, assignmentsIn, type Assignment } from './codeAbove';
import { isFileReader, readDataFile, type FileContents, type ReaderArguments } from './dataFiles';
import { DataError, MissingFile, type DataValue, type Origin } from './dataValue';
import { describeShape, MAX_DATA_VALUES, sizeOf, type NumericArray } from './numericArray';
import { DataFileError, numericColumn } from './textTable';

export interface PreparationOptions {
  /** The document's text; assignments are looked for before `before`. */
  readonly text: string;
  readonly before: number;
  readonly dialect: Dialect;
  /** Data files already read, by the path as written in the code. */
  readonly files: ReadonlyMap<string, string>;
  /**
   * Whether a name's value makes it a parameter of the loss (its start), not data: what depends on it is then
   * read with the loss. The loss decides (a function's globals are constants; a top-level `b = 0.0` is a start).
   */
  readonly isParameter: (name: string, value: DataValue) => boolean;
  /** Files already parsed, shared by the readings of one document (the loss may be read more than once). */
  readonly fileCache?: Map<string, FileContents>;
}

export type Resolution =
  | { readonly kind: 'value'; readonly value: DataValue; readonly assignment: Assignment }
  /** The assignment uses a parameter: its value (`syntax`, at `offset` in the document) is read with the loss. */
  | { readonly kind: 'depends'; readonly assignment: Assignment; readonly syntax: Syntax; readonly offset: number }
  | { readonly kind: 'none' };


/** NumPy's other names of reductions. */
const REDUCTION_ALIASES: ReadonlyMap<string, Reduction> = new Map<string, Reduction>([
  ['amax', 'max'],
  ['amin', 'min'],
  ['nanmean', 'mean'],
  ['nansum', 'sum'],
]);
/** Assignments above that depend on each other deeper than this are not data preparation a person wrote. */
const MAX_CHAIN = 200;

/** Library prefixes of the functions read here. */
const LIBRARIES = new Set(['np', 'numpy', 'pd', 'pandas', 'torch', 'jnp', 'jax', 'math', 'Statistics', 'LinearAlgebra', 'DelimitedFiles', 'Base', 'scipy', 'tf']);

/** Thrown inside an evaluation when the value needs a parameter of the loss. */
class DependsOnParameter extends Error {
  constructor(readonly parameter: string) {
    super(`depends on ${parameter}`);
  }
}

export class DataPreparation {
  readonly assignments: readonly Assignment[];
  private readonly memo = new Map<Assignment, Resolution>();
  private chain = 0;

  constructor(private readonly options: PreparationOptions) {
    this.assignments = assignmentsIn(options.text.slice(0, options.before), options.dialect);
  }

  /** What `name` holds just before `offset` (the loss's start, or an assignment's). */
  resolve(name: string, offset: number = this.options.before): Resolution {
    const assignment = assignmentBefore(this.assignments, name, offset);
    if (!assignment) return { kind: 'none' };
    const known = this.memo.get(assignment);
    if (known) return known;
    const resolution = this.read(assignment);
    this.memo.set(assignment, resolution);
    return resolution;
  }

  /** Evaluates a value written somewhere else in the document (a default, a loss's own definition) as data. */
  evaluateAt(syntax: Syntax, offset: number, scope: number): DataValue {
    return new Evaluation(this, this.options, offset, scope).value(syntax);
  }

  private read(assignment: Assignment): Resolution {
    const { text, dialect } = this.options;
    const written = text.slice(assignment.start, assignment.valueEnd);
    if (assignment.unreadable) {
      const how = assignment.unreadable === 'tuple' ? 'assigns several names at once' : 'assigns part of it';
      throw new DataError(`${quote(assignment.name)} comes from ${quote(written)}, which ${how}; assign ${assignment.name} on its own (${assignment.name} = …)`, assignment.start, written.length);
    }
    const valueText = text.slice(assignment.valueStart, assignment.valueEnd);
    let syntax: Syntax;
    try {
      const program = parseProgram(valueText, dialect);
      if (program.bindings.length > 0 || program.parameters !== null) throw new DataError(`${quote(written)} isn’t a value the lab can read as data`, assignment.start, written.length);
      syntax = program.result;
    } catch (error) {
      if (error instanceof FormulaError) throw new DataError(`${error.message}, in ${quote(written)}`, assignment.valueStart + error.offset, error.length);
      throw error;
    }
    this.chain += 1;
    if (this.chain > MAX_CHAIN) throw new DataError(`The data is defined through more than ${MAX_CHAIN} assignments`, assignment.start, written.length);
    try {
      const value = new Evaluation(this, this.options, assignment.valueStart, assignment.start).value(syntax);
      return { kind: 'value', value: value.kind === 'array' && value.name === undefined ? { ...value, name: assignment.name } : value, assignment };
    } catch (error) {
      if (error instanceof DependsOnParameter) return { kind: 'depends', assignment, syntax, offset: assignment.valueStart };
      throw error;
    } finally {
      this.chain -= 1;
    }
  }
}

/** One evaluation of a value's syntax: `offset` places its spans in the document; names resolve before `scope`. */
class Evaluation {
  /** MATLAB's and Julia's `end` inside an index: the length of the axis being indexed. */
  private end: number | null = null;
  /** Values found so far, by node (a node is always in the same index, so `end` is the same each time). */
  private readonly values = new Map<Syntax, DataValue>();

  constructor(
    private readonly preparation: DataPreparation,
    private readonly options: PreparationOptions,
    private readonly offset: number,
    private readonly scope: number,
  ) {}

  private get dialect(): Dialect {
    return this.options.dialect;
  }

  /** 1 in MATLAB and Julia, 0 elsewhere. */
  private get base(): number {
    return this.dialect.matlab || this.dialect.julia ? 1 : 0;
  }

  private error(message: string, syntax: { start: number; end: number }): DataError {
    return new DataError(message, this.offset + syntax.start, Math.max(1, syntax.end - syntax.start));
  }

  private written(syntax: { start: number; end: number }): string {
    return quote(this.options.text.slice(this.offset + syntax.start, this.offset + syntax.end));
  }

  /**
   * The value of `syntax`, each node evaluated once (an operator's operands are read for their numbers and again
   * for their origin). A chain of operators is evaluated children first from a work list, so that no recursion
   * runs along it (`x + x + …` thousands deep); other nodes nest only as deep as brackets.
   */
  value(syntax: Syntax): DataValue {
    const known = this.values.get(syntax);
    if (known !== undefined) return known;
    if (isChainNode(syntax)) {
      for (const node of chainPostOrder(syntax)) if (!this.values.has(node)) this.values.set(node, this.valueOfNode(node));
      return this.values.get(syntax)!;
    }
    const value = this.valueOfNode(syntax);
    this.values.set(syntax, value);
    return value;
  }

  /** The value of one node, its operands' values known or (not along a chain) found by `value`. */
  private valueOfNode(syntax: Syntax): DataValue {
    switch (syntax.kind) {
      case 'number':
        return literal({ shape: [], values: Float64Array.of(syntax.value) });
      case 'string':
        return { kind: 'string', value: syntax.value };
      case 'group':
        return this.value(syntax.inner);
      case 'negate':
        return this.arithmetic(syntax, () => mapValues(this.array(syntax.operand), (x) => -x), [syntax.operand]);
      case 'name':
        return this.name(syntax);
      case 'binary':
        return this.binary(syntax);
      case 'call':
        return this.call(syntax);
      case 'array':
        return this.arrayLiteral(syntax);
      case 'index':
        return this.index(syntax);
      case 'attribute':
        return this.attribute(this.value(syntax.target), syntax.name, syntax);
      case 'transpose':
        return this.withArray(syntax.operand, (a) => transposed(a));
      case 'slice':
        throw this.error('A range (`a:b`) is only read inside an index here', syntax);
      case 'lambda':
        throw this.error('A function value isn’t data', syntax);
    }
  }

  /** The value as numbers (a pandas table's columns, all numeric). */
  array(syntax: Syntax): NumericArray {
    return this.asArray(this.value(syntax), syntax);
  }

  private asArray(value: DataValue, at: { start: number; end: number }): NumericArray {
    switch (value.kind) {
      case 'array':
        return value.array;
      case 'shape':
        return { shape: [value.lengths.length], values: Float64Array.from(value.lengths) };
      case 'frame':
        return this.frameArray(value, at);
      case 'string':
        throw this.error(`Text (${quote(value.value)}) isn’t a number`, at);
    }
  }

  private frameArray(frame: Extract<DataValue, { kind: 'frame' }>, at: { start: number; end: number }): NumericArray {
    try {
      const columns = frame.columns.map((j) => numericColumn(frame.table, j));
      const rows = frame.table.cells.length;
      if (columns.length === 1) return { shape: [rows], values: columns[0]! };
      const values = new Float64Array(rows * columns.length);
      columns.forEach((column, j) => column.forEach((v, i) => (values[i * columns.length + j] = v)));
      return { shape: [rows, columns.length], values };
    } catch (error) {
      if (error instanceof DataFileError) throw this.fileError(frame.file, error, at);
      throw error;
    }
  }

  private fileError(file: string, error: DataFileError, at: { start: number; end: number }): DataError {
    const where = error.line === null ? '' : ` line ${error.line}`;
    return this.error(`${file}${where}: ${error.message}`, at);
  }

  /**
   * Applies `compute` to arrays, keeping the origin: computed from data is data, from starts a start
   * (`np.zeros(3) + 0.1`). A join (`[ones(m, 1), x]`, `np.c_[…]`) of a start with anything else builds data.
   */
  private arithmetic(at: { start: number; end: number }, compute: () => NumericArray, operands: readonly Syntax[], join = false): DataValue {
    let array: NumericArray;
    try {
      array = compute();
    } catch (error) {
      if (error instanceof ShapeError) throw this.error(`${error.message}, in ${this.written(at)}`, at);
      throw error;
    }
    const origins = operands.map((operand) => this.originOf(operand));
    const origin: Origin = origins.every((o) => o === 'literal')
      ? 'literal'
      : (join ? origins.every((o) => o === 'initialiser') : origins.every((o) => o === 'initialiser' || o === 'literal'))
        ? 'initialiser'
        : 'data';
    return { kind: 'array', array, origin };
  }

  private originOf(syntax: Syntax): Origin {
    const value = this.value(syntax);
    return value.kind === 'array' ? value.origin : 'data';
  }

  private withArray(syntax: Syntax, compute: (a: NumericArray) => NumericArray): DataValue {
    return this.arithmetic(syntax, () => compute(this.array(syntax)), [syntax]);
  }

  // ─── Names ─────────────────────────────────────────────────────────────────────────────────────

  private name(syntax: Extract<Syntax, { kind: 'name' }>): DataValue {
    // `X.T`, `y.shape[0]`, `df.price`, `w[0]`, `xs.length`: a name with attributes and whole-number indexes.
    const parts = /^([\p{L}_][\p{L}\p{Nd}_]*)((?:\.[\p{L}_][\p{L}\p{Nd}_]*|\[\d+\])*)$/u.exec(syntax.name);
    if (!parts) throw this.error(`${quote(syntax.name)} isn’t a name the lab can read`, syntax);
    const [, base, rest] = parts as unknown as [string, string, string];
    if (base === 'end' && this.end !== null) return countValue(this.end);
    const constant = resolveConstant(syntax.name) ?? (rest === '' ? resolveConstant(base) : undefined);
    if (constant !== undefined && rest === '' || (LIBRARIES.has(base) && constant !== undefined)) return literal({ shape: [], values: Float64Array.of(constant!) });
    if (/^(inf|Inf|nan|NaN)$/.test(base)) throw this.error(`${quote(syntax.name)} isn’t a finite number`, syntax);
    let value = this.resolveName(base);
    for (const part of rest.match(/\.[\p{L}_][\p{L}\p{Nd}_]*|\[\d+\]/gu) ?? []) {
      value = part.startsWith('.') ? this.attribute(value, part.slice(1), syntax) : this.indexValue(value, [{ kind: 'number', value: Number(part.slice(1, -1)), start: syntax.start, end: syntax.end }], syntax);
    }
    return value;
  }

  private resolveName(name: string): DataValue {
    const resolution = this.preparation.resolve(name, this.scope);
    switch (resolution.kind) {
      case 'none':
        // Defined nowhere above: a variable of the loss (`def loss(w)` used by `z = X @ w` above it).
        throw new DependsOnParameter(name);
      case 'depends':
        throw new DependsOnParameter(name);
      case 'value':
        if (this.options.isParameter(name, resolution.value)) throw new DependsOnParameter(name);
        return resolution.value;
    }
  }

  private attribute(value: DataValue, name: string, at: { start: number; end: number }): DataValue {
    if (value.kind === 'frame') {
      if (name === 'values') return { kind: 'array', array: this.frameArray(value, at), origin: 'data' };
      const column = value.table.header!.indexOf(name);
      if (column !== -1) return this.frameColumns(value, [column]);
      if (name === 'shape') return { kind: 'shape', lengths: [value.table.cells.length, value.columns.length] };
      if (name === 'iloc') return value;
      throw this.error(`${value.file} has no column ${quote(name)} (its columns: ${value.columns.map((j) => value.table.header![j]).join(', ')})`, at);
    }
    if (value.kind === 'shape' || value.kind === 'string') throw this.error(`${quote(name)} can’t be read from ${this.written(at)}`, at);
    const a = value.array;
    switch (name) {
      case 'T':
        return { ...value, array: transposed(a), name: undefined };
      case 'shape':
        return { kind: 'shape', lengths: a.shape };
      case 'size':
        return countValue(sizeOf(a.shape));
      case 'length':
        return countValue(a.shape[0] ?? 1);
      case 'ndim':
        return literal({ shape: [], values: Float64Array.of(a.shape.length) });
      case 'values':
        return value;
      default:
        throw this.error(`The attribute ${quote(`.${name}`)} isn’t one the lab reads on data`, at);
    }
  }

  // ─── Operators ─────────────────────────────────────────────────────────────────────────────────

  private binary(syntax: Extract<Syntax, { kind: 'binary' }>): DataValue {
    const { left, right } = syntax;
    const operands = [left, right];
    const matrixStyle = this.dialect.matlab || this.dialect.julia;
    const pair = (): [NumericArray, NumericArray] => [this.array(left), this.array(right)];
    switch (syntax.op) {
      case '+':
        return this.arithmetic(syntax, () => elementwise(...pair(), (x, y) => x + y), operands);
      case '-':
        return this.arithmetic(syntax, () => elementwise(...pair(), (x, y) => x - y), operands);
      case '/':
        return this.arithmetic(syntax, () => {
          const [a, b] = pair();
          if (matrixStyle && !syntax.elementwise && b.shape.some((d) => d > 1)) throw new ShapeError('Dividing by a matrix (`/`) isn’t supported: use `./` element by element');
          return elementwise(a, b, (x, y) => x / y);
        }, operands);
      case '^':
        return this.arithmetic(syntax, () => {
          const [a, b] = pair();
          if (matrixStyle && !syntax.elementwise && a.shape.some((d) => d > 1)) throw new ShapeError('A matrix power (`^`) isn’t supported: use `.^` element by element');
          return elementwise(a, b, (x, y) => x ** y);
        }, operands);
      case '*':
        return this.arithmetic(syntax, () => {
          const [a, b] = pair();
          const scalar = sizeOf(a.shape) === 1 || sizeOf(b.shape) === 1;
          if (matrixStyle && !syntax.elementwise && !scalar) return this.product(a, b, left, right);
          return elementwise(a, b, (x, y) => x * y);
        }, operands);
      case '@':
        return this.arithmetic(syntax, () => {
          const [a, b] = pair();
          return this.product(a, b, left, right);
        }, operands);
    }
  }

  /**
   * A matrix product. A vector written out in the code on the right of a product with data (`X*theta` with
   * `theta = [0; 0]`) is the coefficients a loss fits: a parameter, so what uses it is read with the loss.
   */
  private product(a: NumericArray, b: NumericArray, left: Syntax, right: Syntax): NumericArray {
    const coefficients = this.value(right);
    const ofData = this.originOf(left) === 'data';
    if (ofData && coefficients.kind === 'array' && coefficients.origin === 'literal' && coefficients.name && this.options.isParameter(coefficients.name, { ...coefficients, origin: 'initialiser' })) {
      throw new DependsOnParameter(coefficients.name);
    }
    return matrixProduct(a, b);
  }

  private arrayLiteral(syntax: Extract<Syntax, { kind: 'array' }>): DataValue {
    const rows = syntax.rows.map((row) => row.map((element) => this.value(element)));
    const all = rows.flat();
    // Numbers written out are a literal; starts alone (`[zeros(2, 1)]`) a start; anything joined with data, data.
    const origin: Origin = all.every((v) => v.kind === 'array' && v.origin === 'literal') ? 'literal' : all.every((v) => v.kind === 'array' && v.origin === 'initialiser') ? 'initialiser' : 'data';
    const text = all.findIndex((v) => v.kind === 'string');
    if (text !== -1) throw this.error('A list of text isn’t data (column names select columns of a pandas table: df[["a", "b"]])', syntax.rows.flat()[text]!);
    const arrays = rows.map((row, r) => row.map((v, k) => this.asArray(v, syntax.rows[r]![k]!)));
    let array: NumericArray;
    try {
      array = this.dialect.matlab || this.dialect.julia ? matrixLiteral(arrays, syntax, this.dialect) : nestedList(arrays.flat());
    } catch (error) {
      if (error instanceof ShapeError) throw this.error(`${error.message}, in ${this.written(syntax)}`, syntax);
      throw error;
    }
    if (array.values.length > MAX_DATA_VALUES) throw this.error(`More than ${MAX_DATA_VALUES} values`, syntax);
    return { kind: 'array', array, origin };
  }

  // ─── Indexing ──────────────────────────────────────────────────────────────────────────────────

  private index(syntax: Extract<Syntax, { kind: 'index' }>): DataValue {
    const target = syntax.target;
    // NumPy's index tricks that build arrays: np.c_[a, b] (columns), np.r_[a, b] (rows).
    if (target.kind === 'name' && /^(np|numpy)\.(c_|r_)$/.test(target.name)) {
      const parts = syntax.indices.map((i) => this.array(i));
      const columns = target.name.endsWith('c_');
      return this.arithmetic(syntax, () => (columns ? concatenate(parts, 1, true) : concatenate(parts.map((p) => (p.shape.length === 0 ? { shape: [1], values: p.values } : p)), 0)), syntax.indices, true);
    }
    return this.indexValue(this.value(target), syntax.indices, syntax);
  }

  private indexValue(value: DataValue, indices: readonly Syntax[], at: { start: number; end: number }): DataValue {
    if (value.kind === 'shape') {
      const [position] = indices;
      const k = this.position(position!, value.lengths.length);
      return countValue(value.lengths[k]!);
    }
    if (value.kind === 'frame') return this.frameIndex(value, indices, at);
    if (value.kind === 'string') throw this.error('Text can’t be indexed', at);
    const a = value.array;
    const matlab = this.dialect.matlab;
    let axes: AxisIndex[];
    let target = a;
    if (indices.length === 1 && a.shape.length === 2 && (matlab || this.dialect.julia) && (a.shape[0] === 1 || a.shape[1] === 1)) {
      // A MATLAB vector indexed by one position: along its length.
      target = { shape: [a.values.length], values: a.values };
      axes = [this.axisIndex(indices[0]!, a.values.length, false)];
    } else {
      axes = indices.map((index, k) => this.axisIndex(index, a.shape[k] ?? 1, matlab));
    }
    let result: NumericArray;
    try {
      result = indexArray(target, axes);
    } catch (error) {
      if (error instanceof ShapeError) throw this.error(`${error.message}, in ${this.written(at)}`, at);
      throw error;
    }
    if (matlab && result.shape.length === 2 && result.shape[0] === 1 && result.shape[1] === 1) result = { shape: [], values: result.values };
    return { kind: 'array', array: result, origin: value.origin };
  }

  /** pandas: df["a"], df[["a", "b"]], df.iloc[:, 0]. */
  private frameIndex(frame: Extract<DataValue, { kind: 'frame' }>, indices: readonly Syntax[], at: { start: number; end: number }): DataValue {
    const header = frame.table.header!;
    const [first] = indices;
    if (indices.length === 1 && first!.kind === 'string') {
      const column = header.indexOf(first.value);
      if (column === -1) throw this.error(`${frame.file} has no column ${quote(first.value)} (its columns: ${header.join(', ')})`, first);
      return this.frameColumns(frame, [column]);
    }
    if (indices.length === 1 && first!.kind === 'array' && first.rows.flat().every((e) => e.kind === 'string')) {
      const columns = first.rows.flat().map((e) => {
        const name = (e as { value: string }).value;
        const column = header.indexOf(name);
        if (column === -1) throw this.error(`${frame.file} has no column ${quote(name)} (its columns: ${header.join(', ')})`, e);
        return column;
      });
      return { ...frame, columns };
    }
    // df.iloc[:, 0]: by position.
    const array = this.frameArray(frame, at);
    return this.indexValue({ kind: 'array', array: array.shape.length === 1 ? { shape: [array.shape[0]!, 1], values: array.values } : array, origin: 'data' }, indices, at);
  }

  private frameColumns(frame: Extract<DataValue, { kind: 'frame' }>, columns: number[]): DataValue {
    if (columns.length !== 1) return { ...frame, columns };
    const values = this.frameArray({ ...frame, columns }, { start: 0, end: 0 });
    return { kind: 'array', array: values, origin: 'data' };
  }

  /** One axis of an index in the language's counting: `:`, a slice, a position, a list of positions. */
  private axisIndex(index: Syntax, length: number, keep: boolean): AxisIndex {
    if (index.kind === 'slice') {
      const saved = this.end;
      this.end = length;
      try {
        const bound = (s: Syntax | null): number | null => (s === null ? null : this.scalar(s));
        const [from, to, step] = [bound(index.from), bound(index.to), bound(index.step)];
        return { kind: 'positions', positions: this.slicePositions(from, to, step ?? 1, length, index) };
      } finally {
        this.end = saved;
      }
    }
    if (index.kind === 'array') {
      return { kind: 'positions', positions: index.rows.flat().map((e) => this.position(e, length)) };
    }
    return { kind: 'at', position: this.position(index, length), keep };
  }

  private slicePositions(from: number | null, to: number | null, step: number, length: number, at: Syntax): number[] {
    if (!(Number.isInteger(step) && step !== 0)) throw this.error('A slice’s step must be a whole number other than 0', at);
    const positions: number[] = [];
    if (this.base === 1) {
      // MATLAB and Julia: start:stop inclusive, counting from 1.
      const first = from ?? 1;
      const last = to ?? length;
      for (let p = first; step > 0 ? p <= last : p >= last; p += step) positions.push(p - 1);
      return positions;
    }
    // Python: start:stop exclusive, negatives from the end, clamped.
    const clamp = (p: number): number => Math.min(Math.max(p < 0 ? p + length : p, step > 0 ? 0 : -1), step > 0 ? length : length - 1);
    const first = from === null ? (step > 0 ? 0 : length - 1) : clamp(from);
    const stop = to === null ? (step > 0 ? length : -1) : clamp(to);
    for (let p = first; step > 0 ? p < stop : p > stop; p += step) positions.push(p);
    return positions;
  }

  /** A position in the language's counting, as a 0-based offset into an axis of `length`. */
  private position(syntax: Syntax, length: number): number {
    const saved = this.end;
    this.end = length;
    try {
      const value = this.scalar(syntax);
      if (!Number.isInteger(value)) throw this.error(`An index must be a whole number (got ${value})`, syntax);
      const position = this.base === 1 ? value - 1 : value < 0 ? value + length : value;
      if (position < 0 || position >= length) throw this.error(`Index ${value} is out of range for an axis of length ${length}`, syntax);
      return position;
    } finally {
      this.end = saved;
    }
  }

  /** A single number (an index, an axis, a count). */
  scalar(syntax: Syntax): number {
    const array = this.array(syntax);
    if (array.values.length !== 1) throw this.error(`${this.written(syntax)} is ${describeShape(array.shape)}, but a single number is needed here`, syntax);
    return array.values[0]!;
  }

  // ─── Calls ─────────────────────────────────────────────────────────────────────────────────────

  private call(syntax: Extract<Syntax, { kind: 'call' }>): DataValue {
    const { callee } = syntax;
    const dot = callee.lastIndexOf('.');
    const head = callee.split('.')[0]!;
    // MATLAB indexes with round brackets: `data(:, 1)` with `data` a name above.
    if (dot === -1 && this.dialect.matlab && this.preparation.resolve(callee, this.scope).kind !== 'none') {
      return this.indexValue(this.resolveName(callee), syntax.args, syntax);
    }
    // `y.mean()`, `X.reshape(-1, 1)`, `df["a"].to_numpy()` on a name: a method of its value.
    if (dot > 0 && !LIBRARIES.has(head) && resolveFunction(callee) === undefined) {
      const receiver: Syntax = { kind: 'name', name: callee.slice(0, dot), start: syntax.start, end: syntax.calleeStart + dot };
      return this.function(callee.slice(dot + 1), [receiver, ...syntax.args], syntax, true);
    }
    const name = dot > 0 ? callee.slice(dot + 1) : callee;
    // `(X - mu).mean(axis=0)`: the parser made the receiver the first argument.
    const method = syntax.calleeStart > syntax.start && this.options.text[this.offset + syntax.calleeStart] === '.';
    return this.function(name, syntax.args, syntax, method);
  }

  private keyword(syntax: Extract<Syntax, { kind: 'call' }>, ...names: string[]): Syntax | undefined {
    return syntax.keywords?.find((k) => names.includes(k.name))?.value;
  }

  private function(name: string, args: readonly Syntax[], syntax: Extract<Syntax, { kind: 'call' }>, method: boolean): DataValue {
    const arg = (k: number): Syntax => {
      const found = args[k];
      if (!found) throw this.error(`${quote(name)} needs more arguments`, syntax);
      return found;
    };
    const axisOf = (position: number): number | null => {
      const given = this.keyword(syntax, 'axis', 'dims') ?? args[position];
      if (!given) return null;
      const axis = this.scalar(given);
      return this.base === 1 ? axis - 1 : axis;
    };
    if (isFileReader(name) || name === 'readtable') return this.readFile(name, args, syntax);
    switch (name) {
      case 'array':
      case 'asarray':
      case 'tensor':
      case 'as_tensor':
      case 'matrix':
      case 'float64':
      case 'double':
      case 'vec':
      case 'to_numpy':
      case 'copy':
      case 'astype':
      case 'collect': {
        const value = this.value(arg(0));
        return value.kind === 'frame' ? { kind: 'array', array: this.frameArray(value, syntax), origin: 'data' } : value;
      }
      case 'zeros':
      case 'ones':
      case 'full':
      case 'empty': {
        const fill = name === 'ones' ? 1 : name === 'full' ? this.scalar(this.keyword(syntax, 'fill_value') ?? arg(1)) : 0;
        const shapeArgs = name === 'full' ? [arg(0)] : args.filter((a) => a.kind !== 'string');
        const shape = this.shapeFrom(shapeArgs, syntax);
        return { kind: 'array', array: { shape, values: new Float64Array(sizeOf(shape)).fill(fill) }, origin: 'initialiser' };
      }
      case 'zeros_like':
      case 'ones_like': {
        const like = this.array(arg(0));
        return { kind: 'array', array: { shape: like.shape, values: new Float64Array(like.values.length).fill(name === 'ones_like' ? 1 : 0) }, origin: 'initialiser' };
      }
      case 'eye': {
        const n = this.count(arg(0));
        const values = new Float64Array(n * n);
        for (let i = 0; i < n; i += 1) values[i * n + i] = 1;
        return { kind: 'array', array: { shape: [n, n], values }, origin: 'data' };
      }
      case 'arange':
      case 'linspace': {
        const numbers = args.map((a) => this.scalar(a));
        const values: number[] = [];
        if (name === 'linspace') {
          const [from, to, count = 50] = numbers as [number, number, number?];
          for (let k = 0; k < count; k += 1) values.push(count === 1 ? from : from + ((to - from) * k) / (count - 1));
        } else {
          const [from, to, step = 1] = numbers.length === 1 ? [0, numbers[0]!, 1] : (numbers as [number, number, number?]);
          for (let x = from; step > 0 ? x < to : x > to; x += step) values.push(x);
        }
        return { kind: 'array', array: { shape: [values.length], values: Float64Array.from(values) }, origin: 'data' };
      }
      case 'column_stack':
      case 'hstack':
      case 'vstack':
      case 'concatenate':
      case 'hcat':
      case 'vcat': {
        const parts = (args.length === 1 && args[0]!.kind === 'array' ? args[0]!.rows.flat() : args).map((a) => this.array(a));
        const operands = args.length === 1 && args[0]!.kind === 'array' ? args[0]!.rows.flat() : [...args];
        return this.arithmetic(syntax, () => {
          if (name === 'column_stack' || name === 'hcat') return concatenate(parts, 1, true);
          if (name === 'hstack') return concatenate(parts, parts[0]!.shape.length === 1 ? 0 : 1);
          if (name === 'vstack') return concatenate(parts.map((p) => (p.shape.length === 1 ? { shape: [1, p.shape[0]!], values: p.values } : p)), 0);
          if (name === 'vcat') return concatenate(parts, 0, false);
          return concatenate(parts, axisOf(1) ?? 0);
        }, operands, true);
      }
      case 'mean':
      case 'sum':
      case 'std':
      case 'var':
      case 'max':
      case 'min':
      case 'prod':
      case 'amax':
      case 'amin':
      case 'nanmean':
      case 'nansum': {
        const reduction = REDUCTION_ALIASES.get(name) ?? (name as Reduction);
        // np.maximum-style two-array max/min is elementwise; max(X) and max(X, [], 2) reduce.
        if ((reduction === 'max' || reduction === 'min') && args.length === 2 && !method && args[1]!.kind !== 'array') {
          return this.elementwiseFunction(reduction, args, syntax);
        }
        const target = arg(0);
        const a = this.array(target);
        const matlabDimension = this.dialect.matlab ? (reduction === 'max' || reduction === 'min' ? args[2] : args[1]) : undefined;
        let axis = this.dialect.matlab ? (matlabDimension ? this.scalar(matlabDimension) - 1 : a.shape.length === 2 && a.shape[0] === 1 ? 1 : a.shape.length === 2 ? 0 : null) : axisOf(1);
        if (axis !== null && axis < 0) axis += a.shape.length;
        // MATLAB's and Julia's std and var divide by n − 1; NumPy's by n unless ddof says otherwise.
        const ddofGiven = this.keyword(syntax, 'ddof');
        const ddof = ddofGiven ? this.scalar(ddofGiven) : (this.dialect.matlab || this.dialect.julia) && (reduction === 'std' || reduction === 'var') ? 1 : 0;
        const keep = this.dialect.matlab || (this.dialect.julia && this.keyword(syntax, 'dims') !== undefined) || this.keyword(syntax, 'keepdims') !== undefined;
        return this.arithmetic(syntax, () => {
          const reduced = reduce(a, reduction, axis, { ddof, keep });
          return this.dialect.matlab && reduced.shape.every((d) => d === 1) ? { shape: [], values: reduced.values } : reduced;
        }, [target]);
      }
      case 'len':
      case 'length':
      case 'numel':
      case 'size': {
        const value = this.value(arg(0));
        const a = value.kind === 'frame' ? { shape: [value.table.cells.length, value.columns.length] } : this.asArray(value, arg(0));
        if (name === 'numel') return countValue(sizeOf(a.shape));
        if (name === 'length') return countValue(this.dialect.matlab ? Math.max(0, ...a.shape) : (a.shape[0] ?? 1));
        if (name === 'len') {
          if (a.shape.length === 0) throw this.error(`${quote('len')} of a number`, syntax);
          return countValue(a.shape[0]!);
        }
        const dimension = args[1];
        if (!dimension) return { kind: 'shape', lengths: this.dialect.matlab && a.shape.length < 2 ? [...a.shape, 1, 1].slice(0, 2) : a.shape };
        const k = this.scalar(dimension) - this.base;
        return countValue(a.shape[k] ?? 1);
      }
      case 'transpose':
        return this.withArray(arg(0), (a) => transposed(a));
      case 'reshape': {
        const target = arg(0);
        const dims = this.shapeFrom(args.slice(1), syntax, true);
        return this.withArray(target, (a) => reshape(a, dims));
      }
      case 'flatten':
      case 'ravel':
      case 'squeeze':
        return this.withArray(arg(0), (a) => (name === 'squeeze' ? { shape: a.shape.filter((d) => d !== 1), values: a.values } : { shape: [a.values.length], values: a.values }));
      case 'dot':
        return this.arithmetic(syntax, () => this.product(this.array(arg(0)), this.array(arg(1)), arg(0), arg(1)), [arg(0), arg(1)]);
      case 'random':
      case 'rand':
      case 'randn':
      case 'normal':
      case 'uniform':
      case 'randint':
        throw this.error(`${quote(name)} draws random numbers, which the lab doesn’t: start from zeros (np.zeros(…)) or write the numbers out`, syntax);
    }
    return this.elementwiseFunction(name, args, syntax);
  }

  /** exp, log, sigmoid, pow, maximum, …: a formula's function applied element by element. */
  private elementwiseFunction(name: string, args: readonly Syntax[], syntax: Extract<Syntax, { kind: 'call' }>): DataValue {
    const canonical = resolveFunction(name);
    if (canonical === undefined) {
      throw this.error(`${quote(syntax.callee)} isn’t a function the lab reads on data`, { start: syntax.calleeStart, end: syntax.calleeEnd });
    }
    const spec = functionSpec(canonical);
    if (args.length < spec.minArgs || args.length > spec.maxArgs) throw this.error(`${quote(name)} takes ${spec.minArgs === spec.maxArgs ? spec.minArgs : `${spec.minArgs} or more`} arguments`, syntax);
    const arrays = args.map((a) => this.array(a));
    return this.arithmetic(syntax, () => {
      if (arrays.length === 1) {
        const apply = elementFunction(canonical, 1);
        return mapValues(arrays[0]!, (x) => apply([x]));
      }
      // Two or more (max and min take any number): combined pairwise, left to right.
      const apply = elementFunction(canonical, 2);
      return arrays.slice(1).reduce((acc, b) => elementwise(acc, b, (x, y) => apply([x, y])), arrays[0]!);
    }, args);
  }

  /** A shape from arguments: `(3, 1)`, `3, 1`, `[3 1]`, `(m, 1)`; MATLAB's `zeros(n)` is n×n. */
  private shapeFrom(args: readonly Syntax[], at: { start: number; end: number }, allowUnknown = false): number[] {
    const lengths = args.flatMap((a) => Array.from(this.array(a).values));
    for (const length of lengths) {
      if (!(Number.isInteger(length) && (length >= 0 || (allowUnknown && length === -1)))) throw this.error(`A shape needs whole numbers (got ${length})`, at);
    }
    if (this.dialect.matlab && lengths.length === 1) return [lengths[0]!, lengths[0]!];
    if (sizeOf(lengths) > MAX_DATA_VALUES) throw this.error(`More than ${MAX_DATA_VALUES} values`, at);
    return lengths;
  }

  private count(syntax: Syntax): number {
    const n = this.scalar(syntax);
    if (!(Number.isInteger(n) && n >= 0)) throw this.error(`A whole number is needed here (got ${n})`, syntax);
    return n;
  }

  // ─── Files ─────────────────────────────────────────────────────────────────────────────────────

  private readFile(name: string, args: readonly Syntax[], syntax: Extract<Syntax, { kind: 'call' }>): DataValue {
    const pathSyntax = args[0] ?? this.keyword(syntax, 'fname', 'filepath_or_buffer', 'filename');
    const path = pathSyntax ? this.value(pathSyntax) : undefined;
    if (!pathSyntax || path?.kind !== 'string') throw this.error(`${quote(name)} reads a file: give its name in quotes`, syntax);
    const file = path.value;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) throw this.error(`${quote(file)} is on the web; the lab reads data files next to the code`, pathSyntax);
    const text = this.options.files.get(file);
    if (text === undefined) throw new MissingFile(file, this.offset + pathSyntax.start, pathSyntax.end - pathSyntax.start);
    const option = (...names: string[]): Syntax | undefined => this.keyword(syntax, ...names);
    const stringOption = (...names: string[]): string | undefined => {
      const given = option(...names);
      if (!given) return undefined;
      const value = this.value(given);
      if (value.kind !== 'string') throw this.error('A delimiter is text in quotes', given);
      return value.value === '\\t' ? '\t' : value.value;
    };
    const readerArgs: ReaderArguments = { ...readerOptions(name, args, (s) => this.scalar(s), (s) => this.value(s)) };
    const delimiter = stringOption('delimiter', 'sep', 'delim') ?? readerArgs.delimiter;
    const skipGiven = option('skiprows', 'skip_header', 'skipstart', 'NumHeaderLines');
    const headerGiven = option('header');
    const usecols = option('usecols');
    const columns = usecols ? Array.from(this.array(usecols).values) : undefined;
    const header = headerGiven ? (headerGiven.kind === 'name' && headerGiven.name === 'None' ? null : this.scalar(headerGiven)) : readerArgs.header;
    const unsupported = (syntax.keywords ?? []).find((k) => !['delimiter', 'sep', 'delim', 'skiprows', 'skip_header', 'skipstart', 'NumHeaderLines', 'header', 'usecols', 'dtype', 'encoding', 'comments', 'unpack', 'ndmin'].includes(k.name));
    if (unsupported) throw this.error(`${quote(name)}’s option ${quote(unsupported.name)} isn’t one the lab reads`, unsupported);
    try {
      const reader = name === 'readtable' ? 'read_csv' : (name as Parameters<typeof readDataFile>[0]);
      const fileArgs: ReaderArguments = {
        ...readerArgs,
        ...(delimiter === undefined ? {} : { delimiter }),
        ...(skipGiven ? { skipRows: this.count(skipGiven) } : {}),
        ...(header === undefined ? {} : { header }),
        ...(columns ? { columns } : {}),
      };
      const key = `${reader}\u0000${file}\u0000${JSON.stringify(fileArgs)}`;
      const contents = this.options.fileCache?.get(key) ?? readDataFile(reader, text, fileArgs);
      this.options.fileCache?.set(key, contents);
      if (contents.kind === 'frame') return { kind: 'frame', table: contents.table, columns: contents.table.header!.map((_, j) => j), file };
      return { kind: 'array', array: contents.array, origin: 'data' };
    } catch (error) {
      if (error instanceof DataFileError) throw this.fileError(file, error, syntax);
      throw error;
    }
  }
}

/** Positional options of the readers that take them: csvread(file, r, c), dlmread(file, delim, r, c), readdlm(file, delim). */
function readerOptions(name: string, args: readonly Syntax[], scalar: (s: Syntax) => number, value: (s: Syntax) => DataValue): ReaderArguments {
  if (name === 'csvread' && args.length >= 3) return { skipRows: scalar(args[1]!), skipColumns: scalar(args[2]!) };
  if (name === 'dlmread' || name === 'readdlm') {
    const delimiter = args[1] ? value(args[1]) : undefined;
    const rest = delimiter?.kind === 'string' ? args.slice(2) : args.slice(1);
    return {
      ...(delimiter?.kind === 'string' ? { delimiter: delimiter.value === '\\t' ? '\t' : delimiter.value } : {}),
      ...(name === 'dlmread' && rest.length >= 2 ? { skipRows: scalar(rest[0]!), skipColumns: scalar(rest[1]!) } : {}),
      ...(name === 'readdlm' && args.some((a) => a.kind === 'name' && a.name === 'header') ? { header: 0 } : {}),
    };
  }
  return {};
}

function literal(array: NumericArray): DataValue {
  return { kind: 'array', array, origin: 'literal' };
}

function countValue(n: number): DataValue {
  return { kind: 'array', array: { shape: [], values: Float64Array.of(n) }, origin: 'data', length: true };
}

/** Python's nested lists: elements of one shape stacked along a new first axis. */
function nestedList(elements: readonly NumericArray[]): NumericArray {
  const shape = elements[0]!.shape;
  for (const e of elements) {
    if (e.shape.length !== shape.length || e.shape.some((d, k) => d !== shape[k])) throw new ShapeError('The rows of a nested list must all have the same length');
  }
  const values = new Float64Array(elements.length * sizeOf(shape));
  elements.forEach((e, k) => values.set(e.values, k * e.values.length));
  return { shape: [elements.length, ...shape], values };
}

/**
 * MATLAB's and Julia's brackets: values in a row are joined side by side, rows on top of each other. Julia's
 * `[1.0, 2.0]` and `[1; 2]` are vectors; MATLAB's vectors are matrices with one row or column.
 */
function matrixLiteral(rows: readonly (readonly NumericArray[])[], syntax: Extract<Syntax, { kind: 'array' }>, dialect: Dialect): NumericArray {
  const julia = dialect.julia && !dialect.matlab;
  const allScalars = rows.every((row) => row.every((a) => a.shape.length === 0));
  if (julia && allScalars && (rows.length === 1 ? syntax.separator !== -1 && rows[0]!.length > 1 && juliaCommaList(syntax) : rows.every((row) => row.length === 1))) {
    const values = Float64Array.from(rows.flat().map((a) => a.values[0]!));
    return { shape: [values.length], values };
  }
  const asMatrix = (a: NumericArray): NumericArray => (a.shape.length === 0 ? { shape: [1, 1], values: a.values } : a.shape.length === 1 ? { shape: [a.shape[0]!, 1], values: a.values } : a);
  const joined = rows.map((row) => concatenate(row.map(asMatrix), 1));
  const result = joined.length === 1 ? joined[0]! : concatenate(joined, 0);
  if (julia && result.shape[1] === 1 && rows.length > 1) return { shape: [result.shape[0]!], values: result.values };
  return result;
}

/** Julia's `[a, b]` (commas) is a vector; `[a b]` (spaces) a one-row matrix. */
function juliaCommaList(syntax: Extract<Syntax, { kind: 'array' }>): boolean {
  return syntax.separator !== -1;
}

/** The function `canonical` of `arity` numbers, compiled once from its formula definition. */
const elementFunctions = new Map<string, (x: readonly number[]) => number>();
function elementFunction(canonical: string, arity: number): (x: readonly number[]) => number {
  const key = `${canonical}/${arity}`;
  let compiled = elementFunctions.get(key);
  if (!compiled) {
    const builder = new ExprBuilder();
    const expr = functionSpec(canonical).build(builder, Array.from({ length: arity }, (_, k) => builder.variable(k)));
    const value = compileValue(expr);
    compiled = (x) => value(x);
    elementFunctions.set(key, compiled);
  }
  return compiled;
}
