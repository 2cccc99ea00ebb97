/**
 * NumPy's broadcasting rule (src/core/data/broadcasting.ts), written once and used by the concrete arrays of the
 * data preparation (broadcastShape) and by the tensors a loss over data is lowered to (broadcastAxes, with a rows
 * axis). Where each error points in a document is tested with the other refusals, in dataLosses.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { broadcastShape, ShapeError } from '../../../src/core/data/arrayMath';
import { broadcastShapes } from '../../../src/core/data/broadcasting';
import { broadcastAxes } from '../../../src/core/formula/data/tensor';

/** Shapes and what NumPy 2.4 makes of them (np.broadcast_shapes), null where it refuses. */
const NUMPY_CASES: [number[], number[], number[] | null][] = [
  [[], [], []],
  [[3], [], [3]],
  [[2, 3], [3], [2, 3]],
  [[2, 1], [1, 3], [2, 3]],
  [[4, 1, 3], [2, 1], [4, 2, 3]],
  [[5], [1, 5], [1, 5]],
  // A length-0 axis is a length like any other: a 1 stretches to it.
  [[0], [1], [0]],
  [[3, 1], [0], [3, 0]],
  [[2], [3], null],
  [[2, 3], [2], null],
];

const refuse = (x: unknown, y: unknown): never => {
  throw new Error(`${String(x)} against ${String(y)}`);
};

describe('NumPy broadcasting, the one rule', () => {
  it('gives NumPy’s shape, in either order, and hands on the first pair of axes that do not fit', () => {
    for (const [a, b, expected] of NUMPY_CASES) {
      for (const [left, right] of [[a, b], [b, a]] as const) {
        if (expected === null) assert.throws(() => broadcastShapes(left, right, refuse), Error, `${left} with ${right}`);
        else assert.deepEqual(broadcastShapes(left, right, refuse), expected, `${left} with ${right}`);
      }
    }
    assert.throws(() => broadcastShapes([2, 3], [2], refuse), { message: '3 against 2' });
    assert.throws(() => broadcastShapes([4, 2, 3], [5, 3], refuse), { message: '2 against 5' });
  });

  it('treats any other axis as a length that only itself or a 1 fits', () => {
    assert.deepEqual(broadcastShapes<number | 'rows'>(['rows', 1], [3], refuse), ['rows', 3]);
    assert.deepEqual(broadcastShapes<number | 'rows'>([1], ['rows'], refuse), ['rows']);
    assert.throws(() => broadcastShapes<number | 'rows'>(['rows'], [3], refuse), { message: 'rows against 3' });
  });
});

describe('the rule for concrete arrays (broadcastShape)', () => {
  it('is NumPy’s, and a mismatch is a ShapeError naming both shapes', () => {
    for (const [a, b, expected] of NUMPY_CASES) {
      if (expected === null) assert.throws(() => broadcastShape(a, b), ShapeError);
      else assert.deepEqual(broadcastShape(a, b), expected);
    }
    assert.throws(() => broadcastShape([2], [3]), { name: 'ShapeError', message: 'a vector of 2 and a vector of 3 can’t be combined element by element' });
    assert.throws(() => broadcastShape([2, 3], [2]), { message: 'a 2×3 matrix and a vector of 2 can’t be combined element by element' });
  });
});

describe('the rule for lowered tensors, with a rows axis (broadcastAxes)', () => {
  it('is NumPy’s over lengths', () => {
    for (const [a, b, expected] of NUMPY_CASES) {
      if (expected === null) assert.throws(() => broadcastAxes(a, b), ShapeError);
      else assert.deepEqual(broadcastAxes(a, b), expected);
    }
  });

  it('stretches a 1 to the rows and keeps the rows once', () => {
    assert.deepEqual(broadcastAxes(['rows'], []), ['rows']);
    assert.deepEqual(broadcastAxes(['rows', 1], [3]), ['rows', 3]);
    assert.deepEqual(broadcastAxes(['rows', 2], [1, 2]), ['rows', 2]);
    assert.deepEqual(broadcastAxes(['rows'], ['rows']), ['rows']);
  });

  it('refuses rows against a length, and rows against rows, saying which', () => {
    assert.throws(() => broadcastAxes(['rows'], [3]), { name: 'ShapeError', message: 'a vector over the rows and a vector of 3 can’t be combined element by element' });
    assert.throws(() => broadcastAxes(['rows', 2], ['rows', 3]), { message: 'a rows×2 array and a rows×3 array can’t be combined element by element' });
    assert.throws(() => broadcastAxes(['rows', 2], [1, 'rows']), {
      message:
        'a rows×2 array and a 1×rows array can’t be combined element by element (the rows of one would meet the rows of the other: NumPy would broadcast them to a rows×rows matrix; reshape one of them)',
    });
    assert.throws(() => broadcastAxes(['rows', 1], ['rows']), {
      message: 'a rows×1 array and a vector over the rows broadcast to a rows×rows matrix: one of them should be a vector of the other’s shape (reshape it)',
    });
  });
});
