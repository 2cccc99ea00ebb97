/**
 * A formula read where it is written, as the editor reads it and `gd-lab simulate --file PATH:LINE` reads it:
 * the selection in its document, the data files its code loads (read by the caller's `readFile`, next to the
 * code: the core reads no files), and its start point — the formula's own defaults and initialisers, else the
 * values the code around it gives in its scope, else the default start value.
 */
import { startPointOf } from './formula/assignedValues';
import { scopedStartValues } from './formula/scopedStartValues';
import { FormulaError, readFormulaInDocument, type Formula } from './formula';
import { MAX_DATA_FILE_BYTES } from './data/dataFiles';
import { detectDialect, type Dialect } from './formula/lexer';

/** Assignments are looked for this many lines above the formula (the start of a long file says little). */
export const LINES_SEARCHED_ABOVE = 5000;

/** More data files than this in one loss is not data preparation to read interactively. */
const MAX_FILES = 16;

export interface DocumentFormulaRequest {
  readonly text: string;
  /** The formula's offsets in `text`. */
  readonly start: number;
  readonly end: number;
  /** The document's language (VS Code's language id, or one told by the file's extension). */
  readonly languageId?: string;
  /** The start value for a variable nothing else gives one. */
  readonly defaultStartValue: number;
}

/**
 * Reads a data file the code names, as written (`"house.csv"`), next to the code. Rejects with an Error whose
 * message says why it can't (missing, too large, outside the folder); the message is shown where it is named.
 */
export type DataFileReader = (path: string) => Promise<string>;

export type DocumentFormulaResult =
  | { readonly ok: true; readonly formula: Formula; readonly start: number[]; readonly files: readonly string[] }
  | { readonly ok: false; readonly error: FormulaError };

export async function readDocumentFormula(request: DocumentFormulaRequest, readFile: DataFileReader): Promise<DocumentFormulaResult> {
  const { text, start, end } = request;
  const dialect = dialectForLanguage(request.languageId, text);
  const files = new Map<string, string>();
  for (;;) {
    const read = readFormulaInDocument({ text, start, end, dialect, files });
    if (read.ok) return { ok: true, formula: read.formula, start: startPoint(read.formula, text, start, request.defaultStartValue), files: [...files.keys()] };
    if ('error' in read) return read;
    const { path, offset, length } = read.missingFile;
    if (files.size >= MAX_FILES) return { ok: false, error: new FormulaError(`The loss reads more than ${MAX_FILES} data files`, text, offset, length) };
    try {
      const contents = await readFile(path);
      if (contents.length > MAX_DATA_FILE_BYTES) throw new Error(`it is larger than ${MAX_DATA_FILE_BYTES / 1024 / 1024} MB`);
      files.set(path, contents);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { ok: false, error: new FormulaError(`The data file ${path} can’t be read: ${why}`, text, offset, length) };
    }
  }
}

/**
 * The start point: the formula's own start values, else what the code around it gives in its scope (an enclosing
 * function's parameters and defaults, the nearest `name = number` above it in scope), else the default.
 */
export function startPoint(formula: Formula, text: string, formulaStart: number, defaultStartValue: number): number[] {
  const firstLine = text.slice(0, formulaStart).split('\n').length - 1;
  const windowStart = lineStart(text, Math.max(0, firstLine - LINES_SEARCHED_ABOVE));
  const inScope = scopedStartValues(text.slice(windowStart), formulaStart - windowStart, formula.variables);
  return startPointOf(formula.variables, formula.startValues, inScope, defaultStartValue);
}

/** The offset where 0-based line `line` of `text` starts. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let k = 0; k < line; k += 1) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/** The reading of a document in `languageId` (VS Code's ids; file extensions map to them in the CLI). */
export function dialectForLanguage(languageId: string | undefined, text: string): Dialect {
  const detected = detectDialect(text);
  switch (languageId) {
    case 'python':
      return { ...detected, python: true, matlab: false, julia: false, latex: false, cFamily: false };
    case 'matlab':
    case 'octave':
      return { ...detected, matlab: true, python: false, julia: false, latex: false, cFamily: false };
    case 'objective-c':
      // VS Code gives `.m` files to Objective-C unless a MATLAB extension is installed: the text tells them apart
      // (a `$` in a MATLAB comment must not make it LaTeX).
      return /^\s*%|\.[*/^]|^\s*function\b[^(]*=|\bend\s*$/m.test(text) && !/^\s*[#@]import\b|@interface\b/m.test(text)
        ? { ...detected, matlab: true, python: false, julia: false, latex: false, cFamily: false }
        : detected;
    case 'julia':
      return { ...detected, julia: true, python: false, matlab: false, latex: false, cFamily: false };
    case 'javascript':
    case 'typescript':
    case 'javascriptreact':
    case 'typescriptreact':
      return { ...detected, cFamily: true, python: false, matlab: false, julia: false, latex: false };
    default:
      return detected;
  }
}

/** VS Code's language id for a file name's extension (for the CLI). */
export function languageOfPath(path: string): string | undefined {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : LANGUAGES_BY_EXTENSION.get(extension);
}

const LANGUAGES_BY_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['py', 'python'],
  ['m', 'matlab'],
  ['jl', 'julia'],
  ['js', 'javascript'],
  ['mjs', 'javascript'],
  ['cjs', 'javascript'],
  ['ts', 'typescript'],
  ['r', 'r'],
  ['md', 'markdown'],
  ['c', 'c'],
  ['cpp', 'cpp'],
  ['cc', 'cpp'],
  ['java', 'java'],
  ['cs', 'csharp'],
]);
