/**
 * Arithmetic on concrete arrays, as NumPy, MATLAB and Julia do it: broadcasting, matrix products, reductions
 * along an axis, concatenation and indexing. The data preparation above a loss is evaluated with these (once,
 * on all the data); the loss itself is lowered symbolically (formula/data/), with the same shape rules.
 * A shape problem throws a ShapeError whose message says both shapes, as the languages' own errors do.
 */
import { broadcastShapes } from './broadcasting';
import { describeShape, sizeOf, transposed, type NumericArray } from './numericArray';

export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** The shape two arrays combine to element by element, by NumPy's broadcasting (broadcasting.ts). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  return broadcastShapes(a, b, () => {
    throw new ShapeError(`${describeShape(a)} and ${describeShape(b)} can’t be combined element by element`);
  });
}

/** Strides of `shape` broadcast to `target` (0 along stretched axes). */
function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const strides = new Array<number>(target.length).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k -= 1) {
    const axis = target.length - shape.length + k;
    strides[axis] = shape[k] === 1 ? 0 : stride;
    stride *= shape[k]!;
  }
  return strides;
}

export function elementwise(a: NumericArray, b: NumericArray, operation: (x: number, y: number) => number): NumericArray {
  const shape = broadcastShape(a.shape, b.shape);
  const size = sizeOf(shape);
  const values = new Float64Array(size);
  if (sizeOf(a.shape) === size && sizeOf(b.shape) === size && a.shape.length === b.shape.length) {
    for (let i = 0; i < size; i += 1) values[i] = operation(a.values[i]!, b.values[i]!);
    return { shape, values };
  }
  const strideA = broadcastStrides(a.shape, shape);
  const strideB = broadcastStrides(b.shape, shape);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < size; i += 1) {
    let offsetA = 0;
    let offsetB = 0;
    for (let k = 0; k < shape.length; k += 1) {
      offsetA += index[k]! * strideA[k]!;
      offsetB += index[k]! * strideB[k]!;
    }
    values[i] = operation(a.values[offsetA]!, b.values[offsetB]!);
    for (let k = shape.length - 1; k >= 0; k -= 1) {
      index[k]! += 1;
      if (index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return { shape, values };
}

export function mapValues(a: NumericArray, operation: (x: number) => number): NumericArray {
  return { shape: a.shape, values: a.values.map(operation) };
}

/**
 * The matrix product: NumPy's `@` / `np.dot` (a vector is a row on the left and a column on the right, and the
 * result drops that axis), MATLAB's and Julia's `*` between arrays.
 */
export function matrixProduct(a: NumericArray, b: NumericArray): NumericArray {
  if (a.shape.length === 0 || b.shape.length === 0) throw new ShapeError('A matrix product needs two arrays; multiply a number with *');
  const left = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  const right = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
  if (left.length > 2 || right.length > 2) throw new ShapeError('Matrix products of arrays with more than two axes aren’t supported');
  const [rows, inner] = left as [number, number];
  const [innerB, columns] = right as [number, number];
  if (inner !== innerB) throw new ShapeError(`${describeShape(a.shape)} and ${describeShape(b.shape)} don’t fit a matrix product (${inner} ≠ ${innerB})`);
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < columns; j += 1) {
      let sum = 0;
      for (let k = 0; k < inner; k += 1) sum += a.values[i * inner + k]! * b.values[k * columns + j]!;
      values[i * columns + j] = sum;
    }
  }
  const shape = a.shape.length === 1 && b.shape.length === 1 ? [] : a.shape.length === 1 ? [columns] : b.shape.length === 1 ? [rows] : [rows, columns];
  return { shape, values };
}

export type Reduction = 'sum' | 'mean' | 'std' | 'var' | 'max' | 'min' | 'prod';

/** Reduces all elements (axis null) or along one axis, which is removed (`keep`: kept with length 1, as MATLAB does). */
export function reduce(a: NumericArray, reduction: Reduction, axis: number | null, options: { ddof?: number; keep?: boolean } = {}): NumericArray {
  if (axis === null) {
    const value = reduceValues(Array.from(a.values), reduction, options.ddof ?? 0);
    return { shape: options.keep ? a.shape.map(() => 1) : [], values: Float64Array.of(value) };
  }
  if (axis < 0 || axis >= a.shape.length) throw new ShapeError(`axis ${axis} is out of range for ${describeShape(a.shape)}`);
  const outer = sizeOf(a.shape.slice(0, axis));
  const length = a.shape[axis]!;
  const inner = sizeOf(a.shape.slice(axis + 1));
  const values = new Float64Array(outer * inner);
  const lane = new Array<number>(length);
  for (let o = 0; o < outer; o += 1) {
    for (let i = 0; i < inner; i += 1) {
      for (let k = 0; k < length; k += 1) lane[k] = a.values[(o * length + k) * inner + i]!;
      values[o * inner + i] = reduceValues(lane, reduction, options.ddof ?? 0);
    }
  }
  const shape = options.keep ? a.shape.map((d, k) => (k === axis ? 1 : d)) : a.shape.filter((_, k) => k !== axis);
  return { shape, values };
}

function reduceValues(values: readonly number[], reduction: Reduction, ddof: number): number {
  const n = values.length;
  switch (reduction) {
    case 'sum':
      return values.reduce((s, x) => s + x, 0);
    case 'prod':
      return values.reduce((s, x) => s * x, 1);
    case 'mean':
      return values.reduce((s, x) => s + x, 0) / n;
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    case 'var':
    case 'std': {
      const mean = values.reduce((s, x) => s + x, 0) / n;
      const variance = values.reduce((s, x) => s + (x - mean) * (x - mean), 0) / (n - ddof);
      return reduction === 'var' ? variance : Math.sqrt(variance);
    }
  }
}

/** Joins arrays along `axis` (every other axis must agree); vectors are columns when `vectorsAsColumns`. */
export function concatenate(arrays: readonly NumericArray[], axis: number, vectorsAsColumns = false): NumericArray {
  const shaped = arrays.map((a) => (vectorsAsColumns && a.shape.length === 1 ? { shape: [a.shape[0]!, 1], values: a.values } : a.shape.length === 0 ? { shape: [1, 1], values: a.values } : a));
  const rank = shaped[0]!.shape.length;
  for (const a of shaped) {
    if (a.shape.length !== rank || a.shape.some((d, k) => k !== axis && d !== shaped[0]!.shape[k])) {
      throw new ShapeError(`${describeShape(shaped[0]!.shape)} and ${describeShape(a.shape)} can’t be joined along axis ${axis}`);
    }
  }
  if (axis >= rank) throw new ShapeError(`axis ${axis} is out of range for ${describeShape(shaped[0]!.shape)}`);
  const shape = [...shaped[0]!.shape];
  shape[axis] = shaped.reduce((sum, a) => sum + a.shape[axis]!, 0);
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const values = new Float64Array(sizeOf(shape));
  let offset = 0;
  for (const a of shaped) {
    const length = a.shape[axis]!;
    for (let o = 0; o < outer; o += 1) {
      for (let k = 0; k < length; k += 1) {
        for (let i = 0; i < inner; i += 1) values[(o * shape[axis]! + offset + k) * inner + i] = a.values[(o * length + k) * inner + i]!;
      }
    }
    offset += length;
  }
  return { shape, values };
}

/** One axis of an index: a position (the axis is dropped unless `keep`), or a list of positions (kept). */
export type AxisIndex = { readonly kind: 'at'; readonly position: number; readonly keep?: boolean } | { readonly kind: 'positions'; readonly positions: readonly number[] };

/** `a[i, j]` with resolved positions per axis (missing axes are taken whole). */
export function indexArray(a: NumericArray, indices: readonly AxisIndex[]): NumericArray {
  if (indices.length > a.shape.length) throw new ShapeError(`${describeShape(a.shape)} has ${a.shape.length} ${a.shape.length === 1 ? 'axis' : 'axes'}, but ${indices.length} indices were given`);
  const lists = a.shape.map((length, k) => {
    const index = indices[k];
    if (!index) return Array.from({ length }, (_, i) => i);
    const positions = index.kind === 'at' ? [index.position] : index.positions;
    for (const p of positions) if (p < 0 || p >= length || !Number.isInteger(p)) throw new ShapeError(`index ${p} is out of range for an axis of length ${length}`);
    return positions;
  });
  const shape = lists.map((list) => list.length);
  const kept = a.shape.map((_, k) => { const index = indices[k]; return !(index?.kind === 'at' && !index.keep); });
  const strides = a.shape.map((_, k) => sizeOf(a.shape.slice(k + 1)));
  const values = new Float64Array(sizeOf(shape));
  const counter = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < values.length; i += 1) {
    let offset = 0;
    for (let k = 0; k < shape.length; k += 1) offset += lists[k]![counter[k]!]! * strides[k]!;
    values[i] = a.values[offset]!;
    for (let k = shape.length - 1; k >= 0; k -= 1) {
      counter[k]! += 1;
      if (counter[k]! < shape[k]!) break;
      counter[k] = 0;
    }
  }
  return { shape: shape.filter((_, k) => kept[k]), values };
}

/** `reshape(-1, 1)` and the like: one length may be −1, the rest given. */
export function reshape(a: NumericArray, shape: readonly number[]): NumericArray {
  const size = sizeOf(a.shape);
  const unknown = shape.indexOf(-1);
  const known = sizeOf(shape.filter((d) => d !== -1));
  const resolved = shape.map((d) => (d === -1 ? size / known : d));
  if ((unknown !== -1 && !Number.isInteger(size / known)) || sizeOf(resolved) !== size || resolved.some((d) => !(Number.isInteger(d) && d >= 0))) {
    throw new ShapeError(`${describeShape(a.shape)} can’t be reshaped to ${shape.join('×')}`);
  }
  return { shape: resolved, values: a.values };
}

export { transposed };
