/**
 * The ways code loads data from a file, read as each library reads the file: NumPy's `loadtxt` and
 * `genfromtxt`, pandas' `read_csv`, Octave's and MATLAB's `load`, `csvread`, `dlmread` and `readmatrix`, Julia's
 * `readdlm`. Each becomes options for the one delimited-text reader (textTable.ts). The file's text is given:
 * reading it (next to the code, size-capped) is the caller's job, so the core stays pure.
 */
import { columnOf, type NumericArray } from './numericArray';
import { cellNumber, DataFileError, numericMatrix, readTextTable, type TableOptions, type TextTable } from './textTable';

/** A data file larger than this is refused before it is read (the extension and the CLI both check it). */
export const MAX_DATA_FILE_BYTES = 16 * 1024 * 1024;

export const FILE_READERS = ['loadtxt', 'genfromtxt', 'read_csv', 'load', 'csvread', 'dlmread', 'readmatrix', 'readdlm'] as const;
export type FileReader = (typeof FILE_READERS)[number];

export function isFileReader(name: string): name is FileReader {
  return (FILE_READERS as readonly string[]).includes(name);
}

/** What a reader's call says beyond the file's name: keyword and positional options, already evaluated. */
export interface ReaderArguments {
  readonly delimiter?: string;
  readonly skipRows?: number;
  readonly skipColumns?: number;
  /** pandas: the header line's row (null: no header). */
  readonly header?: number | null;
  /** loadtxt's usecols. */
  readonly columns?: readonly number[];
}

/** A file's contents as the code sees them: a matrix of numbers, or (pandas) a table of named columns. */
export type FileContents = { readonly kind: 'array'; readonly array: NumericArray } | { readonly kind: 'frame'; readonly table: TextTable };

export function readDataFile(reader: FileReader, text: string, args: ReaderArguments): FileContents {
  const options = optionsFor(reader, text, args);
  const table = readTextTable(text, options);
  if (reader === 'read_csv') {
    return { kind: 'frame', table: table.header ? table : { ...table, header: table.cells[0]!.map((_, j) => String(j)) } };
  }
  let array = numericMatrix(table);
  if (args.columns) {
    const width = array.shape[1]!;
    const bad = args.columns.find((c) => !(Number.isInteger(c) && c >= -width && c < width));
    if (bad !== undefined) throw new DataFileError(`usecols names column ${bad}, but the rows have ${width} values`);
    const picked = args.columns.map((c) => columnOf(array, c < 0 ? c + width : c));
    const rows = array.shape[0]!;
    const values = new Float64Array(rows * picked.length);
    picked.forEach((column, j) => column.forEach((v, i) => (values[i * picked.length + j] = v)));
    array = { shape: [rows, picked.length], values };
  }
  // NumPy squeezes a single column or a single row to a vector; MATLAB, Octave and Julia keep the matrix.
  if ((reader === 'loadtxt' || reader === 'genfromtxt') && array.shape.includes(1)) {
    array = { shape: [array.values.length], values: array.values };
  }
  return { kind: 'array', array };
}

function optionsFor(reader: FileReader, text: string, args: ReaderArguments): TableOptions {
  switch (reader) {
    case 'loadtxt':
    case 'genfromtxt':
      return { delimiter: args.delimiter ?? null, skipRows: args.skipRows ?? 0, comments: ['#'], header: false };
    case 'read_csv': {
      const header = args.header === undefined ? 0 : args.header;
      return { delimiter: args.delimiter ?? ',', skipRows: (args.skipRows ?? 0) + (header ?? 0), comments: [], header: header !== null };
    }
    case 'load':
      // Octave's ASCII load: numbers separated by spaces, tabs or commas; % and # comments.
      return { delimiter: sniffDelimiter(text, [',', null]), skipRows: 0, comments: ['%', '#'], header: false };
    case 'csvread':
      return { delimiter: ',', skipRows: args.skipRows ?? 0, skipColumns: args.skipColumns ?? 0, comments: [], header: false };
    case 'dlmread':
      return { delimiter: args.delimiter ?? sniffDelimiter(text, [',', '\t', null]), skipRows: args.skipRows ?? 0, skipColumns: args.skipColumns ?? 0, comments: [], header: false };
    case 'readmatrix':
      return { delimiter: args.delimiter ?? sniffDelimiter(text, [',', '\t', ';', null]), skipRows: args.skipRows ?? 0, comments: [], header: false, skipTextLines: true };
    case 'readdlm':
      return { delimiter: args.delimiter ?? null, skipRows: args.skipRows ?? 0, comments: ['#'], header: false, skipTextLines: args.header === 0 };
  }
}

/** The first delimiter (null: whitespace) that splits the first data line into numbers. */
function sniffDelimiter(text: string, candidates: readonly (string | null)[]): string | null {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '' && !/^\s*[%#]/.test(l) && /\d/.test(l)) ?? '';
  for (const candidate of candidates) {
    const cells = candidate === null ? line.trim().split(/\s+/) : line.split(candidate).map((c) => c.trim());
    if (cells.length > 1 && cells.every((c) => cellNumber(c) !== undefined)) return candidate;
  }
  return candidates.at(-1) ?? null;
}

export { DataFileError };
