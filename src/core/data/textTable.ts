/**
 * Delimited text files of numbers — CSV, whitespace-separated columns, Octave's `load` files — read into rows
 * of cells, then into numbers, with messages that name the file's line and value when something is wrong.
 * How each reader (np.loadtxt, pd.read_csv, csvread, …) sets the options is in dataFiles.ts.
 */
import { MAX_DATA_VALUES, type NumericArray } from './numericArray';

/** A data file that cannot be used, with the 1-based line of the file it went wrong on when there is one. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';

  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

export interface TableOptions {
  /** Between values: a string (`,`, `;`, a tab), or null for any run of whitespace. */
  readonly delimiter: string | null;
  /** Lines skipped at the top, before anything else is read (np.loadtxt's skiprows, genfromtxt's skip_header). */
  readonly skipRows: number;
  /** Comment markers: the rest of a line after one is ignored. */
  readonly comments: readonly string[];
  /** The first line read holds column names (pd.read_csv's default). */
  readonly header: boolean;
  /** Values skipped at the start of each row (csvread's column offset). */
  readonly skipColumns?: number;
  /** Skip leading lines that are not all numbers (readmatrix's header detection). */
  readonly skipTextLines?: boolean;
}

export interface TextTable {
  /** Column names from the header line, when one was read. */
  readonly header: readonly string[] | null;
  /** Cells by row, as written (trimmed). */
  readonly cells: readonly (readonly string[])[];
  /** The file's 1-based line of each row. */
  readonly lines: readonly number[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/** A cell's number, or undefined when it is not one (empty, `nan`, text). Fortran's `1.5D3` is read as MATLAB reads it. */
export function cellNumber(cell: string): number | undefined {
  if (!NUMBER.test(cell)) return undefined;
  const value = Number(cell.replace(/[dD]/, 'e'));
  return Number.isFinite(value) ? value : undefined;
}

export function readTextTable(text: string, options: TableOptions): TextTable {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  const cells: string[][] = [];
  const lineNumbers: number[] = [];
  let header: string[] | null = null;
  let values = 0;
  let skippingText = options.skipTextLines === true;
  for (let index = options.skipRows; index < lines.length; index += 1) {
    let line = lines[index]!;
    for (const marker of options.comments) {
      const at = line.indexOf(marker);
      if (at !== -1) line = line.slice(0, at);
    }
    if (line.trim() === '') continue;
    let row = splitLine(line, options.delimiter);
    if (options.header && header === null) {
      header = row.map((name) => unquote(name));
      continue;
    }
    if (options.skipColumns) row = row.slice(options.skipColumns);
    if (skippingText) {
      if (!row.every((cell) => cellNumber(cell) !== undefined)) continue;
      skippingText = false;
    }
    const width = header?.length ?? cells[0]?.length;
    if (width !== undefined && row.length !== width) {
      const what = header ? `the header names ${width} columns` : `the lines before it have ${width}`;
      throw new DataFileError(`it has ${row.length} value${row.length === 1 ? '' : 's'}, but ${what}`, index + 1);
    }
    values += row.length;
    if (values > MAX_DATA_VALUES) {
      throw new DataFileError(`it holds more than ${MAX_DATA_VALUES.toLocaleString('en-US')} values, more than the lab reads`, index + 1);
    }
    cells.push(row);
    lineNumbers.push(index + 1);
  }
  if (cells.length === 0) throw new DataFileError(header ? 'it has a header but no rows of data' : 'it has no rows of data');
  return { header, cells, lines: lineNumbers };
}

/** All the cells as numbers: rows × columns. */
export function numericMatrix(table: TextTable): NumericArray {
  const rows = table.cells.length;
  const columns = table.cells[0]!.length;
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < columns; j += 1) values[i * columns + j] = numberAt(table, i, j);
  }
  return { shape: [rows, columns], values };
}

/** One column as numbers. */
export function numericColumn(table: TextTable, j: number): Float64Array {
  const column = new Float64Array(table.cells.length);
  for (let i = 0; i < table.cells.length; i += 1) column[i] = numberAt(table, i, j);
  return column;
}

function numberAt(table: TextTable, i: number, j: number): number {
  const cell = table.cells[i]![j]!;
  const value = cellNumber(unquote(cell));
  if (value !== undefined) return value;
  const what = cell === '' || /^(nan|na|null|none)$/i.test(cell) ? 'a missing value' : `\`${cell.length > 20 ? `${cell.slice(0, 19)}…` : cell}\`, which isn’t a number`;
  const column = table.header ? `column \`${table.header[j]}\`` : `value ${j + 1}`;
  throw new DataFileError(`${column} is ${what}`, table.lines[i]!);
}

/** Splits a line at the delimiter (or whitespace), keeping a double-quoted field's delimiters. */
function splitLine(line: string, delimiter: string | null): string[] {
  if (delimiter === null) return line.trim().split(/\s+/);
  if (!line.includes('"')) return line.split(delimiter).map((cell) => cell.trim());
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < line.length; k += 1) {
    const c = line[k]!;
    if (c === '"') {
      if (quoted && line[k + 1] === '"') {
        cell += '"';
        k += 1;
      } else {
        quoted = !quoted;
      }
    } else if (!quoted && line.startsWith(delimiter, k)) {
      cells.push(cell.trim());
      cell = '';
      k += delimiter.length - 1;
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells;
}

function unquote(cell: string): string {
  return cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1).trim() : cell;
}
