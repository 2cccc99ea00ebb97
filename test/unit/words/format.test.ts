/** The one number format, as every surface prints numbers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { describeCritical } from '../../../src/words/critical';
import { formatCount, formatNumber, formatPoint } from '../../../src/words/format';

describe('formatNumber', () => {
  it('three significant digits, no trailing zeros, a true minus sign, exponents typed as people type them', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [0.2, '0.2'],
      [3.14159, '3.14'],
      [12345, '12300'],
      [1e5, '1e5'],
      [4.9e-12, '4.9e-12'],
      [-1.5e8, '−1.5e8'],
      [-0.25, '−0.25'],
      [9.5609e-4, '9.56e-4'],
      [0.00099999, '0.001'],
      [99999.9, '1e5'],
      [Number.NaN, 'NaN'],
      [Number.NEGATIVE_INFINITY, '−∞'],
    ];
    for (const [value, text] of cases) assert.equal(formatNumber(value), text, String(value));
    assert.equal(formatNumber(2.41594e-11, 4), '2.416e-11');
  });

  it('counts with thousands separators; points with names', () => {
    assert.equal(formatCount(12169), '12,169');
    assert.equal(formatPoint(['w', 'b'], [3, -1e-6]), 'w = 3, b = −1e-6');
  });
});

describe('the critical η, worded once', () => {
  it('by optimizer: its formula and value, or none and why', () => {
    assert.equal(describeCritical({ kind: 'gd', weightDecay: 0 }, 1).value, '2/L = 1');
    assert.equal(describeCritical({ kind: 'gd', weightDecay: 0.5 }, 0.8).value, '2/(L + weight decay) = 0.8');
    assert.equal(describeCritical({ kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 0 }, 1.9).phrase, 'the critical η 2(1 + β)/L ≈ 1.9');
    assert.equal(describeCritical({ kind: 'momentum', momentum: 0.9, dampening: 0.5, weightDecay: 0 }, 3.8).value, '2(1 + β)/((1 − dampening)L) = 3.8');
    assert.equal(describeCritical({ kind: 'nesterov', momentum: 0.9, weightDecay: 0 }, 0.679).value, '2(1 + β)/((1 + 2β)L) = 0.679');
    assert.deepEqual(describeCritical({ kind: 'gd', weightDecay: 0 }, null), { formula: null, value: 'none', reason: 'no positive curvature', phrase: '' });
    assert.equal(
      describeCritical({ kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false }, null).reason,
      'Adam scales each step by the gradient’s size, so the curvature sets no limit',
    );
  });
});
