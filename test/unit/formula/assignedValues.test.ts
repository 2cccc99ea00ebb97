import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignedValuesAbove } from '../../../src/core/formula/assignedValues';

describe('start values from assignments above the formula', () => {
  it('reads plain number assignments in each dialect', () => {
    const text = [
      'import numpy as np',
      'x = 10',
      'let w = -3.5;',
      'const b: number = 1e-2; // bias',
      'double lr = 0.1;',
      'θ <- 0.5',
      'z::Float64 = 2.0',
      'q := 4',
    ].join('\n');
    assert.deepEqual(Object.fromEntries(assignedValuesAbove(text, ['x', 'w', 'b', 'lr', 'θ', 'z', 'q'])), { x: 10, w: -3.5, b: 0.01, lr: 0.1, θ: 0.5, z: 2, q: 4 });
  });

  it('takes the nearest assignment above', () => {
    assert.deepEqual(Object.fromEntries(assignedValuesAbove('x = 1\nx = 2\ny = x + 1', ['x'])), { x: 2 });
  });

  it('matches exact names only: w0 is not w', () => {
    assert.deepEqual(Object.fromEntries(assignedValuesAbove('w0 = 3.0\nweight = 4\nw_0 = 5', ['w'])), {});
  });

  it('ignores assignments of anything but a number', () => {
    assert.deepEqual(Object.fromEntries(assignedValuesAbove('x = np.zeros(3)\ny = 2 * z\nw = "3"', ['x', 'y', 'w'])), {});
  });

  it('reads tuple assignments', () => {
    assert.deepEqual(Object.fromEntries(assignedValuesAbove('x, y = 1.5, -2\n(a, b) = (3, 4)', ['x', 'y', 'a', 'b'])), { x: 1.5, y: -2, a: 3, b: 4 });
  });

  it('leaves out variables without an assignment', () => {
    assert.deepEqual(Object.fromEntries(assignedValuesAbove('', ['x'])), {});
  });
});
