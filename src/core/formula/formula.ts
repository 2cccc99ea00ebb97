/**
 * The formula engine's front door: selected text in, a compiled loss with exact gradient and Hessian out,
 * or an error that says what is wrong and where.
 *
 * A selection is read in its document when there is one: a loss over data (docs/data-losses.md) reads the code
 * above it and the data files it loads (whose text the caller supplies: the core reads no files). A formula of
 * numbers reads only itself, as it always has.
 */
import type { BatchObjective, Objective } from '../objective';
import { DataError, MissingFile } from '../data/dataValue';
import { compileHessian, compileValue, compileValueAndGradient, valueAndGradientCode, type HessianFunction } from './compile';
import { compileBatchHessian, compileBatchValue, compileBatchValueAndGradient, type BatchHessianFunction } from './compileRows';
import { isDataProgram } from './data/arrayUse';
import { lowerDataProgram, type LoweredData } from './data/lowerData';
import { gradient as gradientOf, hessian as hessianOf } from './differentiate';
import { FormulaError, shortened } from './errors';
import { ExpressionTooLarge, type Expr, type ExprBuilder } from './expr';
import { detectDialect, type Dialect } from './lexer';
import { lowerProgram } from './lower';
import { parseProgram } from './parser';
import { printExpr } from './print';

/** For a loss over data: its rows and the columns it reads. */
export interface FormulaData {
  /** Rows of data the loss is over (all of them: batches are drawn from these). */
  readonly rowCount: number;
  /** The columns the loss reads, as the display prints them (`y[i]`, `X[i,1]`). */
  readonly columns: readonly string[];
}

/** A loss read from text: an Objective (for the optimizer) that also remembers what it was read from. */
export interface Formula extends Objective {
  /** The text as selected. */
  readonly source: string;
  /** The name it was given (`loss`, `f`), if any. */
  readonly name: string | null;
  /** Start values the text itself gives: signature defaults (`def f(x=10)`), `x = 10` lines, initialisers above. */
  readonly startValues: ReadonlyMap<string, number>;
  /** The formula as understood, in plain math. */
  readonly display: string;
  /** For a loss over data (then the formula is a BatchObjective too); null for a formula of numbers. */
  readonly data: FormulaData | null;
  /** ∇L(θ) as a new array (convenience; the optimizer uses `valueAndGradient`). */
  gradient(params: ArrayLike<number>): number[];
  /** The expression DAGs, for tests and tools that inspect what was built. */
  readonly expressions: {
    readonly loss: Expr;
    readonly gradient: readonly Expr[];
    readonly hessian: readonly (readonly Expr[])[];
    readonly builder: ExprBuilder;
  };
}

/** A formula over data: it can be evaluated on a batch of its rows. */
export type DataFormula = Formula & BatchObjective & { readonly data: FormulaData };

export function isDataFormula(formula: Formula): formula is DataFormula {
  return formula.data !== null;
}

export type ReadResult = { readonly ok: true; readonly formula: Formula } | { readonly ok: false; readonly error: FormulaError };

/** Where a selection sits in its document, and what of the document's world the reading may use. */
export interface DocumentSelection {
  /** The whole document (or just the selection, when there is no document). */
  readonly text: string;
  /** The selection: text.slice(start, end). */
  readonly start: number;
  readonly end: number;
  /** How the document's language reads (an Octave file's `[1 2; 3 4]`); detected from the text when absent. */
  readonly dialect?: Dialect;
  /** Data files read so far, by the path as written in the code. */
  readonly files?: ReadonlyMap<string, string>;
}

/**
 * The result of reading in a document: a formula, an error (placed in the document: `error.source` is the
 * document's text), or a data file the code loads that the caller must read (next to the code) and pass in.
 */
export type DocumentReadResult =
  | { readonly ok: true; readonly formula: Formula }
  | { readonly ok: false; readonly error: FormulaError }
  | { readonly ok: false; readonly missingFile: { readonly path: string; readonly offset: number; readonly length: number } };

/**
 * Reads a loss formula from selected text. Never throws for bad input: the error is the result. Every stage
 * is bounded — the parser's nesting (MAX_DEPTH), the length (MAX_SOURCE_LENGTH), the nodes of the loss with its
 * gradient and Hessian (MAX_EXPRESSION_NODES) — and walks iteratively, so what lies within the bounds is read
 * and what lies beyond them is refused with a message.
 */
export function readFormula(source: string): ReadResult {
  const result = readFormulaInDocument({ text: source, start: 0, end: source.length });
  if (result.ok || 'error' in result) return result;
  const { path, offset, length } = result.missingFile;
  const message = `${path} is a data file: simulate the formula from its file (in the editor, or gd-lab simulate --file PATH:LINE) so the file is read next to the code`;
  return { ok: false, error: new FormulaError(message, source, offset, length) };
}

/** Like readFormula, but throws the FormulaError (for callers that already handle exceptions). */
export function compileFormula(source: string): Formula {
  const result = readFormula(source);
  if (!result.ok) throw result.error;
  return result.formula;
}

/** Reads the selection `text.slice(start, end)` in its document. Never throws for bad input. */
export function readFormulaInDocument(selection: DocumentSelection): DocumentReadResult {
  const { text, start, end } = selection;
  const source = text.slice(start, end);
  const inDocument = (error: FormulaError): FormulaError =>
    text === source && start === 0 ? error : new FormulaError(error.message, text, start + error.offset, error.length);
  try {
    return { ok: true, formula: buildFormula(selection, source) };
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, error: inDocument(error) };
    if (error instanceof DataError) return { ok: false, error: new FormulaError(error.message, text, error.offset, error.length) };
    if (error instanceof MissingFile) return { ok: false, missingFile: { path: error.path, offset: error.offset, length: error.length } };
    if (error instanceof ExpressionTooLarge) {
      const message = `The formula is too large: its exact gradient and Hessian would need more than ${error.limit.toLocaleString('en-US')} terms`;
      return { ok: false, error: inDocument(new FormulaError(message, source, 0, source.length)) };
    }
    throw error;
  }
}

/** The selection's dialect, with the document's language where the selection alone can't tell (`[1 2]` in Octave). */
function selectionDialect(source: string, document: Dialect | undefined): Dialect {
  const own = detectDialect(source);
  if (!document || own.latex || own.python) return own;
  // Julia's `.^` looks like MATLAB's: the document's language tells them apart.
  if (document.julia && !document.matlab) return { ...own, matlab: false, julia: true };
  return { ...own, matlab: own.matlab || document.matlab, julia: own.julia || document.julia };
}

function buildFormula(selection: DocumentSelection, source: string): Formula {
  if (source.trim() === '') {
    throw new FormulaError('The selection is empty: select a formula such as `(w - 3)**2 + b**2`', source, 0, 0);
  }
  const dialect = selectionDialect(source, selection.dialect);
  const program = parseProgram(source, dialect);
  const documentDialect = selection.dialect ?? (selection.text === source ? dialect : selectionDialect(selection.text, undefined));
  if (isDataProgram(program, selection.text, selection.start, documentDialect)) {
    // The code above is read in the document's language; the selection's own signs help only when it is not known.
    const dataDialect = selection.dialect ?? { ...documentDialect, matlab: documentDialect.matlab || dialect.matlab, julia: documentDialect.julia || dialect.julia };
    const lowered = lowerDataProgram({ program, offset: selection.start, text: selection.text, dialect: dataDialect, files: selection.files ?? new Map() });
    return dataFormula(source, program.name, lowered);
  }
  const { builder, loss, variables, startValues } = lowerProgram(program, source);
  const gradientExprs = gradientOf(builder, loss, variables.length);
  // The Hessian is built here, where a formula too large for it is refused like any other (every run needs it,
  // for the stability at the start); its code is generated on first use.
  const hessianExprs = hessianOf(builder, gradientExprs);
  const value = compileValue(loss);
  const valueAndGradient = compileValueAndGradient(loss, gradientExprs);
  const code = valueAndGradientCode(loss, gradientExprs);
  const n = variables.length;
  let hessianFunction: HessianFunction | undefined;
  const hessianBuffer = new Float64Array(n * n);

  return {
    source,
    name: program.name,
    variables,
    startValues,
    display: printExpr(loss, variables) ?? collapsedSource(source),
    data: null,
    expressions: { loss, gradient: gradientExprs, hessian: hessianExprs, builder },
    value,
    valueAndGradient,
    ...(code ? { code } : {}),
    gradient(params) {
      const g = new Float64Array(n);
      valueAndGradient(params, g);
      return Array.from(g);
    },
    hessian(params) {
      hessianFunction ??= compileHessian(hessianExprs);
      hessianFunction(params, hessianBuffer);
      return Array.from({ length: n }, (_, i) => Array.from(hessianBuffer.subarray(i * n, i * n + n)));
    },
  };
}

/** A loss over data: row loops compiled once; evaluated on all rows, or on a batch's. */
function dataFormula(source: string, name: string | null, lowered: LoweredData): Formula {
  const { builder, loss, variables, startValues, data } = lowered;
  const n = variables.length;
  const gradientExprs = gradientOf(builder, loss, n);
  // Built here, as for a formula of numbers, so a loss too large for its Hessian is refused when read.
  const hessianExprs = hessianOf(builder, gradientExprs);
  const columns = data?.columns ?? [];
  const rowCount = data?.rowCount ?? 1;
  const all = Int32Array.from({ length: rowCount }, (_, i) => i);
  const batchValue = compileBatchValue(loss, columns);
  const batchValueAndGradient = compileBatchValueAndGradient(loss, gradientExprs, columns);
  let hessianFunction: BatchHessianFunction | undefined;
  const hessianBuffer = new Float64Array(n * n);
  const valueAndGradient = (params: ArrayLike<number>, g: Float64Array): number => batchValueAndGradient(params, g, all, rowCount);
  const common = {
    source,
    name,
    variables,
    startValues,
    display: printExpr(loss, variables, data?.columnNames ?? []) ?? collapsedSource(source),
    expressions: { loss, gradient: gradientExprs, hessian: hessianExprs, builder },
    value: (params: ArrayLike<number>) => batchValue(params, all, rowCount),
    valueAndGradient,
    gradient(params: ArrayLike<number>) {
      const g = new Float64Array(n);
      valueAndGradient(params, g);
      return Array.from(g);
    },
    hessian(params: ArrayLike<number>) {
      hessianFunction ??= compileBatchHessian(hessianExprs, columns);
      hessianFunction(params, hessianBuffer, all, rowCount);
      return Array.from({ length: n }, (_, i) => Array.from(hessianBuffer.subarray(i * n, i * n + n)));
    },
  };
  if (!data) return { ...common, data: null };
  const formula: DataFormula = { ...common, data: { rowCount, columns: data.columnNames }, rowCount, batchValueAndGradient };
  return formula;
}

/** The selection on one line, shortened: the display of a formula too large to print. */
function collapsedSource(source: string): string {
  return shortened(source.replace(/\s+/g, ' ').trim(), 120);
}
