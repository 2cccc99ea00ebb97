/** The step limits a run's whole trace can honour: in memory, and written out (CLI --json, export). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RECORDED_VALUES, MAX_STEPS, MAX_WRITTEN_VALUES, maxStepsKept, maxStepsWritten } from '../../../src/core/optim';
import { LIMITS } from '../../../src/shared/protocol';

describe('step limits', () => {
  it('keeps up to 10⁷ steps of a formula of one or two variables, fewer of a larger one', () => {
    assert.equal(LIMITS.maxSteps, MAX_STEPS);
    assert.equal(maxStepsKept(1), 10_000_000);
    assert.equal(maxStepsKept(2), 10_000_000);
    assert.equal(maxStepsKept(3), 8_333_333);
    assert.equal(maxStepsKept(100), 485_436);
    for (let n = 1; n <= 100; n += 1) assert.ok(maxStepsKept(n) * (n + 3) <= MAX_RECORDED_VALUES, String(n));
  });

  it('writes out fewer steps than it keeps: a whole trace is one string', () => {
    assert.equal(maxStepsWritten(1), 2_500_000);
    assert.equal(maxStepsWritten(2), 2_000_000);
    assert.equal(maxStepsWritten(100), 97_087);
    for (let n = 1; n <= 100; n += 1) {
      assert.ok(maxStepsWritten(n) <= maxStepsKept(n));
      assert.ok(maxStepsWritten(n) * (n + 3) <= MAX_WRITTEN_VALUES, String(n));
    }
  });
});
