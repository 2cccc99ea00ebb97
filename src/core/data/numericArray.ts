/**
 * Concrete arrays of numbers, as the data preparation above a loss computes them: a shape and the values in
 * row-major order. One dimension is a vector (NumPy's `(m,)`, Julia's `Vector`), two a matrix (MATLAB's vectors
 * are matrices with one column or one row), none a number.
 */

export interface NumericArray {
  readonly shape: readonly number[];
  /** Row-major: element (i, j) of a matrix at i * shape[1] + j. */
  readonly values: Float64Array;
}

/** More numbers than this in the data is more than an interactive lab should hold (16 MB of doubles). */
export const MAX_DATA_VALUES = 2_000_000;

export function arrayOf(shape: readonly number[], values: Float64Array): NumericArray {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new Error(`Internal error: shape ${shape.join('×')} does not hold ${values.length} values`);
  return { shape: [...shape], values };
}

export function scalarArray(value: number): NumericArray {
  return { shape: [], values: Float64Array.of(value) };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `3`, `(97,)`, `97×2`: a shape as messages write it. */
export function describeShape(shape: readonly number[]): string {
  if (shape.length === 0) return 'a number';
  if (shape.length === 1) return `a vector of ${shape[0]}`;
  return `a ${shape.join('×')} matrix`;
}

/** Column j of a matrix, as a new vector. */
export function columnOf(array: NumericArray, j: number): Float64Array {
  const [rows, columns] = array.shape as [number, number];
  const column = new Float64Array(rows);
  for (let i = 0; i < rows; i += 1) column[i] = array.values[i * columns + j]!;
  return column;
}

/** The transpose of a matrix (a vector or a number is its own). */
export function transposed(array: NumericArray): NumericArray {
  if (array.shape.length < 2) return array;
  const [rows, columns] = array.shape as [number, number];
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i += 1) for (let j = 0; j < columns; j += 1) values[j * rows + i] = array.values[i * columns + j]!;
  return { shape: [columns, rows], values };
}
