/**
 * Where a command's formula comes from: the text given in quotes, or `--file PATH:LINE`, the formula at that line
 * of a file read exactly as the editor reads it (a whole `def` when the line opens one; the file's data, defaults
 * and start values included; data files next to it read, size-capped).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { languageOfPath, readDocumentFormula } from '../core/documentFormula';
import { MAX_DATA_FILE_BYTES } from '../core/data/dataFiles';
import { readFormula, type Formula } from '../core/formula';
import { formulaRangeAt, isOnlyComments } from '../extension/session/formulaAtCursor';
import { UsageError } from './arguments';
import { reportFormulaError } from './errors';
import type { Output } from './io';

export interface FormulaFromSource {
  readonly formula: Formula;
  /** Start values when --start does not give them: the formula's own, the file's, else 1 (the editor's default). */
  readonly start: ReadonlyMap<string, number>;
  /** "losses.py:12" for --file. */
  readonly origin: string | null;
}

/** The editor's default start value (gradientDescentLab.startValue). */
const DEFAULT_START_VALUE = 1;

/**
 * The formula of `positionals` (one, in quotes) or of `--file`; reports an unreadable formula (exit 2) and
 * returns the exit code instead.
 */
export async function formulaFromSource(positionals: readonly string[], file: string | undefined, usage: string, json: boolean, out: Output): Promise<FormulaFromSource | number> {
  if (file !== undefined) {
    if (positionals.length > 0) throw new UsageError(`Give the formula in quotes or --file PATH:LINE, not both: ${usage}`);
    return fromFile(file, json, out);
  }
  if (positionals.length !== 1) throw new UsageError(`Give one formula (in quotes) or --file PATH:LINE: ${usage}`);
  const read = readFormula(positionals[0]!);
  if (!read.ok) return reportFormulaError(read.error, json, out);
  return { formula: read.formula, start: read.formula.startValues, origin: null };
}

async function fromFile(argument: string, json: boolean, out: Output): Promise<FormulaFromSource | number> {
  const match = /^(.*):(\d+)$/.exec(argument);
  if (!match) throw new UsageError(`--file takes PATH:LINE, the file and the formula's line (from 1), such as losses.py:12; got "${argument}"`);
  const [, path, lineText] = match as unknown as [string, string, string];
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--file: ${path} can’t be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  const lines = text.split('\n');
  const line = Number(lineText);
  if (line < 1 || line > lines.length) throw new UsageError(`--file: ${path} has ${lines.length} lines; line ${line} isn’t one of them`);
  const lineStart = lines.slice(0, line - 1).reduce((offset, l) => offset + l.length + 1, 0);
  const range = formulaRangeAt(text, lineStart);
  // As the editor says of a comment under the cursor: not empty, a comment.
  if (isOnlyComments(text.slice(range.start, range.end))) {
    throw new UsageError(`--file: line ${line} of ${path} is a comment, not a formula: give the line of the loss itself`);
  }
  const folder = dirname(resolve(path));
  const result = await readDocumentFormula(
    { text, start: range.start, end: range.end, languageId: languageOfPath(path), defaultStartValue: DEFAULT_START_VALUE },
    (written) => readDataFile(folder, written),
  );
  if (!result.ok) return reportFormulaError(result.error, json, out, path);
  const start = new Map(result.formula.variables.map((name, i) => [name, result.start[i]!]));
  return { formula: result.formula, start, origin: `${basename(path)}:${line}` };
}

/** A data file the code names, relative to the code's folder (or absolute), size-capped. */
async function readDataFile(folder: string, written: string): Promise<string> {
  const path = isAbsolute(written) ? written : resolve(folder, written);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `there is no such file next to the code (${path})` : `${code ?? String(error)} (${path})`, { cause: error });
  }
  if (size > MAX_DATA_FILE_BYTES) throw new Error(`it is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_DATA_FILE_BYTES / 1024 / 1024} MB the lab reads`);
  return readFile(path, 'utf8');
}
