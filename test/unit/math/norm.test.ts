/**
 * A norm compared by its square (src/core/math/norm.ts squaresBound): the run loop holds most gradient norms as their
 * squares and compares them with the tolerance that way, which must say exactly what comparing the roots says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { squaresBound } from '../../../src/core/math/norm';
import { stepDouble } from '../../support/doubles';

/** Bounds from the tiny to the huge, as tolerances come (and the edges of the squares' range). */
const bound = fc.oneof(
  fc.double({ min: 0, max: 1e300, noNaN: true }),
  fc.integer({ min: -320, max: 308 }).chain((exponent) => fc.double({ min: 1, max: 10, noNaN: true }).map((m) => m * 10 ** exponent)),
  fc.constantFrom(0, Number.MIN_VALUE, 1e-5, 1e-145, 1e-154, 1e154, 1.3407807929942596e154, Number.MAX_VALUE),
);

describe('squaresBound', () => {
  it('is the largest square whose root is within the bound', () => {
    fc.assert(
      fc.property(bound, (b) => {
        const s = squaresBound(b);
        assert.ok(Math.sqrt(s) <= b, `sqrt(${s}) > ${b}`);
        const next = stepDouble(s, 1);
        if (s < Number.MAX_VALUE) assert.ok(Math.sqrt(next) > b, `the square after ${s} fits ${b} too`);
      }),
      { numRuns: 2000 },
    );
  });

  it('says of every square what comparing its root says, at and around the bound', () => {
    fc.assert(
      fc.property(bound, fc.double({ min: 0.5, max: 2, noNaN: true }), (b, scale) => {
        const s = squaresBound(b);
        const near = s > 0 && s < Number.MAX_VALUE ? [s, stepDouble(s, -1), stepDouble(s, 1)] : [s];
        for (const square of [...near, b * b, (b * scale) ** 2]) {
          if (!(square >= 0) || square === Number.POSITIVE_INFINITY) continue;
          assert.equal(square <= s, Math.sqrt(square) <= b, `square ${square}, bound ${b}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('admits no square for a negative or NaN bound and every square for an infinite one', () => {
    assert.equal(squaresBound(-1), -1);
    assert.equal(squaresBound(Number.NaN), -1);
    assert.equal(squaresBound(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
    assert.equal(squaresBound(0), 0);
  });
});
