/**
 * What a name above a loss holds once its assignment is read: numbers (a NumericArray, with where they came
 * from, which decides whether the loss reads them as data or as a parameter's start), text, or a pandas table.
 */
import type { NumericArray } from './numericArray';
import type { TextTable } from './textTable';

/**
 * - data: read from a file or computed from data (`data[:, 0]`, `(X - mu) / sigma`);
 * - literal: written out in the code (`[1.0, 2.0]`, `b = 0.0`): data, a constant, or a parameter's start;
 * - initialiser: `np.zeros(3)`, `ones(2, 1)`, `np.full(3, 0.5)`: a parameter's start.
 */
export type Origin = 'data' | 'literal' | 'initialiser';

export type DataValue =
  | {
      readonly kind: 'array';
      readonly array: NumericArray;
      readonly origin: Origin;
      /** A count (`len(y)`, `size(X, 1)`, `y.shape[0]`): the loss reads it as the rows it is evaluated on. */
      readonly length?: boolean;
      /** The name it was read from, when it is that name's value (for messages and for coefficients). */
      readonly name?: string;
    }
  | { readonly kind: 'string'; readonly value: string }
  /** pandas' DataFrame (or a selection of its columns), read from `file`. */
  | { readonly kind: 'frame'; readonly table: TextTable; readonly columns: readonly number[]; readonly file: string }
  /** `X.shape`, `size(X)`: lengths, indexed to give counts. */
  | { readonly kind: 'shape'; readonly lengths: readonly number[] };

/** A problem in the code above a loss or in a data file, at an offset of the document. */
export class DataError extends Error {
  override readonly name = 'DataError';

  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
  }
}

/** A data file the code reads that has not been read yet: the caller reads it (next to the code) and asks again. */
export class MissingFile extends Error {
  override readonly name = 'MissingFile';

  constructor(
    /** As written in the code. */
    readonly path: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(`The data file ${path} has not been read`);
  }
}
