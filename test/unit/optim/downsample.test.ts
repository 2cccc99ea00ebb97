import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { downsampleSteps } from '../../../src/core/optim/downsample';

const increasing = (steps: number[]): boolean => steps.every((t, i) => i === 0 || t > steps[i - 1]!);

describe('downsampleSteps', () => {
  it('keeps every step when they fit', () => {
    assert.deepEqual(downsampleSteps(new Float64Array([3, 2, 1]), 2, 3), [0, 1, 2]);
    assert.deepEqual(downsampleSteps(new Float64Array([3]), 0, 2000), [0]);
  });

  it('keeps the bounce of an oscillating run that every-nth sampling would hide', () => {
    // The loss alternates high/low every step; sampling every 50th step would see only the low side.
    const steps = 100_000;
    const loss = Float64Array.from({ length: steps + 1 }, (_, t) => (t % 2 === 0 ? 1 : 10) / (1 + t / 1000));
    const kept = downsampleSteps(loss, steps, 2000);
    assert.ok(kept.length <= 2000);
    assert.equal(kept[0], 0);
    assert.equal(kept.at(-1), steps);
    assert.ok(increasing(kept));
    const odd = kept.filter((t) => t % 2 === 1).length;
    const even = kept.filter((t) => t % 2 === 0).length;
    assert.ok(odd > 900 && even > 900, `${odd} highs and ${even} lows kept`);
  });

  it('with room for only 2 or 3 points keeps the ends, from 4 the extremes between', () => {
    const loss = new Float64Array([5, 9, 1, 7]);
    assert.deepEqual(downsampleSteps(loss, 3, 2), [0, 3]);
    assert.deepEqual(downsampleSteps(loss, 3, 3), [0, 3]);
    assert.deepEqual(downsampleSteps(new Float64Array([5, 9, 1, 7, 2]), 4, 4), [0, 1, 2, 4]);
  });

  it('keeps an isolated spike', () => {
    const loss = new Float64Array(10_001).fill(1);
    loss[4321] = 1e6;
    assert.ok(downsampleSteps(loss, 10_000, 100).includes(4321));
  });

  it('property: first, last, global extremes and every bucket’s extremes, increasing, within budget', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }),
        // From 4 points on there is at least one bucket between the two ends.
        fc.integer({ min: 4, max: 500 }),
        (values, maxPoints) => {
          const loss = Float64Array.from(values);
          const steps = loss.length - 1;
          const kept = downsampleSteps(loss, steps, maxPoints);
          assert.ok(kept.length <= Math.max(maxPoints, 1));
          assert.ok(increasing(kept));
          assert.equal(kept[0], 0);
          assert.equal(kept.at(-1), steps);
          const keptSet = new Set(kept);
          const min = Math.min(...values);
          const max = Math.max(...values);
          assert.ok(values.some((v, t) => v === min && keptSet.has(t)), 'the lowest loss is kept');
          assert.ok(values.some((v, t) => v === max && keptSet.has(t)), 'the highest loss is kept');
        },
      ),
      { numRuns: 300 },
    );
  });
});
