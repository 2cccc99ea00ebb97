/**
 * A value of a loss over data while it is lowered: a small tensor of expression nodes. Its axes are lengths,
 * except at most one `rows` axis, the data's rows, which is never expanded: along it, each element is one
 * per-row expression (reading `data` nodes). The shape rules are NumPy's (MATLAB's and Julia's are the same
 * where they overlap); a sum or mean over the rows axis is a `rows` node.
 */
import { ShapeError } from '../../data/arrayMath';
import { broadcastShapes } from '../../data/broadcasting';
import type { Expr, ExprBuilder } from '../expr';

export type Axis = number | 'rows';

export interface Tensor {
  readonly shape: readonly Axis[];
  /** Over the numeric axes, row-major; per-row expressions when the shape has a rows axis. */
  readonly elements: readonly Expr[];
}

export { ShapeError };

export function scalar(e: Expr): Tensor {
  return { shape: [], elements: [e] };
}

export function isScalarLike(t: Tensor): boolean {
  return t.shape.every((axis) => axis === 1);
}

export function hasRows(t: Tensor): boolean {
  return t.shape.includes('rows');
}

export function describeAxes(shape: readonly Axis[]): string {
  if (shape.length === 0) return 'a number';
  const axes = shape.map((axis) => (axis === 'rows' ? 'rows' : String(axis)));
  return shape.length === 1 ? (shape[0] === 'rows' ? 'a vector over the rows' : `a vector of ${shape[0]}`) : `a ${axes.join('×')} array`;
}

/** The lengths of the numeric axes (a rows axis counts 1: it is one expression). */
function numericSize(shape: readonly Axis[]): number {
  return shape.reduce<number>((size, axis) => size * (axis === 'rows' ? 1 : axis), 1);
}

function strides(shape: readonly Axis[]): number[] {
  const result = new Array<number>(shape.length).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k -= 1) {
    result[k] = stride;
    stride *= shape[k] === 'rows' ? 1 : (shape[k] as number);
  }
  return result;
}

/** Visits every index tuple of the numeric axes (a rows axis has the one index 0). */
function forEachIndex(shape: readonly Axis[], visit: (index: readonly number[]) => void): void {
  const lengths = shape.map((axis) => (axis === 'rows' ? 1 : axis));
  const size = lengths.reduce((a, b) => a * b, 1);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < size; i += 1) {
    visit(index);
    for (let k = shape.length - 1; k >= 0; k -= 1) {
      index[k]! += 1;
      if (index[k]! < lengths[k]!) break;
      index[k] = 0;
    }
  }
}

function elementAt(t: Tensor, index: readonly number[]): Expr {
  const s = strides(t.shape);
  let offset = 0;
  for (let k = 0; k < t.shape.length; k += 1) offset += (t.shape[k] === 1 || t.shape[k] === 'rows' ? 0 : index[k]!) * s[k]!;
  return t.elements[offset]!;
}

/**
 * NumPy broadcasting of two shapes (broadcasting.ts): the rows axis matches only itself or a 1, and may end up at
 * most once in the result.
 */
export function broadcastAxes(a: readonly Axis[], b: readonly Axis[]): Axis[] {
  const shape = broadcastShapes(a, b, (x, y) => {
    const rowsBoth = (x === 'rows' || y === 'rows') && a.includes('rows') && b.includes('rows');
    const hint = rowsBoth ? ' (the rows of one would meet the rows of the other: NumPy would broadcast them to a rows×rows matrix; reshape one of them)' : '';
    throw new ShapeError(`${describeAxes(a)} and ${describeAxes(b)} can’t be combined element by element${hint}`);
  });
  if (shape.filter((axis) => axis === 'rows').length > 1) {
    throw new ShapeError(`${describeAxes(a)} and ${describeAxes(b)} broadcast to a rows×rows matrix: one of them should be a vector of the other’s shape (reshape it)`);
  }
  return shape;
}

export function combine(a: Tensor, b: Tensor, operation: (x: Expr, y: Expr) => Expr): Tensor {
  const shape = broadcastAxes(a.shape, b.shape);
  const elements: Expr[] = [];
  forEachIndex(shape, (index) => {
    const pad = (t: Tensor): number[] => index.slice(index.length - t.shape.length);
    elements.push(operation(elementAt(a, pad(a)), elementAt(b, pad(b))));
  });
  return { shape, elements };
}

export function map(a: Tensor, operation: (x: Expr) => Expr): Tensor {
  return { shape: a.shape, elements: a.elements.map(operation) };
}

export function transpose(a: Tensor): Tensor {
  if (a.shape.length < 2) return a;
  if (a.shape.length > 2) throw new ShapeError('Transposing an array of more than two axes isn’t supported');
  const [rows, columns] = a.shape as [Axis, Axis];
  const r = rows === 'rows' ? 1 : rows;
  const c = columns === 'rows' ? 1 : columns;
  const elements: Expr[] = [];
  for (let j = 0; j < c; j += 1) for (let i = 0; i < r; i += 1) elements.push(a.elements[i * c + j]!);
  return { shape: [columns, rows], elements };
}

/**
 * The matrix product (`@`, `np.dot`, MATLAB's and Julia's `*`): a vector is a row on the left and a column on the
 * right. Contracting the rows axis sums over the rows (`X.T @ r`); a rows×rows result is refused.
 */
export function matrixProduct(b: ExprBuilder, left: Tensor, right: Tensor): Tensor {
  if (left.shape.length === 0 || right.shape.length === 0) throw new ShapeError('A matrix product needs two arrays; multiply a number with *');
  if (left.shape.length > 2 || right.shape.length > 2) throw new ShapeError('Matrix products of arrays with more than two axes aren’t supported');
  const l: Tensor = left.shape.length === 1 ? { shape: [1, left.shape[0]!], elements: left.elements } : left;
  const r: Tensor = right.shape.length === 1 ? { shape: [right.shape[0]!, 1], elements: right.elements } : right;
  const [rows, inner] = l.shape as [Axis, Axis];
  const [innerRight, columns] = r.shape as [Axis, Axis];
  if (inner !== innerRight) {
    throw new ShapeError(`${describeAxes(left.shape)} and ${describeAxes(right.shape)} don’t fit a matrix product (${String(inner)} ≠ ${String(innerRight)})`);
  }
  if (rows === 'rows' && columns === 'rows') throw new ShapeError(`${describeAxes(left.shape)} times ${describeAxes(right.shape)} would be a rows×rows matrix`);
  const rowCount = rows === 'rows' ? 1 : rows;
  const columnCount = columns === 'rows' ? 1 : columns;
  const innerCount = inner === 'rows' ? 1 : inner;
  const elements: Expr[] = [];
  for (let i = 0; i < rowCount; i += 1) {
    for (let j = 0; j < columnCount; j += 1) {
      let sum: Expr | undefined;
      for (let k = 0; k < innerCount; k += 1) {
        const term = b.mul(l.elements[i * innerCount + k]!, r.elements[k * columnCount + j]!);
        sum = sum === undefined ? term : b.add(sum, term);
      }
      elements.push(inner === 'rows' ? b.rows(sum!) : sum!);
    }
  }
  const shape: Axis[] =
    left.shape.length === 1 && right.shape.length === 1 ? [] : left.shape.length === 1 ? [columns] : right.shape.length === 1 ? [rows] : [rows, columns];
  return { shape, elements };
}

/** Σ of every element (axis null) or along one axis, which is dropped (or kept with length 1). */
export function sum(b: ExprBuilder, a: Tensor, axis: number | null, keep = false): Tensor {
  if (axis === null) {
    let total: Expr | undefined;
    for (const e of a.elements) total = total === undefined ? e : b.add(total, e);
    const value = hasRows(a) ? b.rows(total!) : total!;
    return { shape: keep ? a.shape.map(() => 1) : [], elements: [value] };
  }
  if (axis < 0 || axis >= a.shape.length) throw new ShapeError(`axis ${axis} is out of range for ${describeAxes(a.shape)}`);
  const along = a.shape[axis]!;
  const shape = keep ? a.shape.map((d, k) => (k === axis ? 1 : d)) : a.shape.filter((_, k) => k !== axis);
  const elements: Expr[] = [];
  forEachIndex(shape, (index) => {
    const full = keep ? [...index] : [...index.slice(0, axis), 0, ...index.slice(axis)];
    if (along === 'rows') {
      elements.push(b.rows(elementAt(a, full)));
      return;
    }
    let total: Expr | undefined;
    for (let k = 0; k < along; k += 1) {
      full[axis] = k;
      const e = elementAt(a, full);
      total = total === undefined ? e : b.add(total, e);
    }
    elements.push(total!);
  });
  return { shape, elements };
}

/** How many elements a sum over `axis` (or all) adds: the rows axis counts the rows summed over. */
export function countAlong(b: ExprBuilder, a: Tensor, axis: number | null): Expr {
  const axes = axis === null ? a.shape : [a.shape[axis]!];
  let count: Expr = b.constant(1);
  for (const d of axes) count = b.mul(count, d === 'rows' ? b.count() : b.constant(d));
  return count;
}

export function mean(b: ExprBuilder, a: Tensor, axis: number | null, keep = false): Tensor {
  const total = sum(b, a, axis, keep);
  const count = countAlong(b, a, axis);
  return map(total, (e) => b.div(e, count));
}

/** The length of an axis: the rows axis's is the number of rows the loss is evaluated on. */
export function axisLength(b: ExprBuilder, a: Tensor, axis: number): Expr {
  const d = a.shape[axis];
  if (d === undefined) throw new ShapeError(`${describeAxes(a.shape)} has no axis ${axis}`);
  return d === 'rows' ? b.count() : b.constant(d);
}

/** One axis of an index: a position (dropped unless `keep`), a list of positions, or the whole axis. */
export type TensorIndex = { readonly kind: 'at'; readonly position: number; readonly keep?: boolean } | { readonly kind: 'positions'; readonly positions: readonly number[] } | { readonly kind: 'all' };

export function index(a: Tensor, indices: readonly TensorIndex[]): Tensor {
  if (indices.length > a.shape.length) throw new ShapeError(`${describeAxes(a.shape)} has ${a.shape.length} axes, but ${indices.length} indices were given`);
  const lists = a.shape.map((axis, k) => {
    const i = indices[k] ?? { kind: 'all' };
    if (axis === 'rows') {
      if (i.kind !== 'all') throw new ShapeError('A loss can’t pick rows of the data by position: it is evaluated on every row (or a batch’s)');
      return [0];
    }
    if (i.kind === 'all') return Array.from({ length: axis }, (_, p) => p);
    const positions = i.kind === 'at' ? [i.position] : i.positions;
    for (const p of positions) if (!(Number.isInteger(p) && p >= 0 && p < axis)) throw new ShapeError(`index ${p} is out of range for an axis of length ${axis}`);
    return positions;
  });
  const shape: Axis[] = [];
  a.shape.forEach((axis, k) => {
    const i = indices[k];
    if (i?.kind === 'at' && !i.keep) return;
    shape.push(axis === 'rows' ? 'rows' : lists[k]!.length);
  });
  const elements: Expr[] = [];
  const counter = new Array<number>(lists.length).fill(0);
  const total = lists.reduce((n, list) => n * list.length, 1);
  for (let n = 0; n < total; n += 1) {
    elements.push(elementAt(a, counter.map((c, k) => lists[k]![c]!)));
    for (let k = lists.length - 1; k >= 0; k -= 1) {
      counter[k]! += 1;
      if (counter[k]! < lists[k]!.length) break;
      counter[k] = 0;
    }
  }
  return { shape, elements };
}

/** Joins tensors along `axis` (the other axes agree; a rows axis can't be the one joined). */
export function concatenate(parts: readonly Tensor[], axis: number): Tensor {
  const rank = parts[0]!.shape.length;
  for (const p of parts) {
    if (p.shape.length !== rank || p.shape.some((d, k) => k !== axis && d !== parts[0]!.shape[k])) {
      throw new ShapeError(`${describeAxes(parts[0]!.shape)} and ${describeAxes(p.shape)} can’t be joined along axis ${axis}`);
    }
    if (p.shape[axis] === 'rows') throw new ShapeError('Joining along the rows of the data isn’t supported in a loss');
  }
  const shape = [...parts[0]!.shape];
  shape[axis] = parts.reduce((n, p) => n + (p.shape[axis] as number), 0);
  const elements: Expr[] = [];
  forEachIndex(shape, (idx) => {
    let k = idx[axis]!;
    for (const p of parts) {
      const length = p.shape[axis] as number;
      if (k < length) {
        elements.push(elementAt(p, idx.map((v, a) => (a === axis ? k : v))));
        return;
      }
      k -= length;
    }
  });
  return { shape, elements };
}

/** Only length-1 axes added or removed (`reshape(-1, 1)`, `flatten` of a column). */
export function reshape(a: Tensor, shape: readonly Axis[]): Tensor {
  const kept = (s: readonly Axis[]): Axis[] => s.filter((d) => d !== 1);
  const before = kept(a.shape);
  const after = kept(shape);
  if (before.length !== after.length || before.some((d, k) => d !== after[k]) || numericSize(a.shape) !== numericSize(shape)) {
    throw new ShapeError(`${describeAxes(a.shape)} can’t be reshaped to ${describeAxes(shape)} in a loss`);
  }
  return { shape, elements: a.elements };
}
