/** The step limits runs honour: time in the editor and the terminal, and the size of a whole trace written out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FULL_TRACE_STEPS, MAX_CLI_STEPS, MAX_STEPS, MAX_WRITTEN_VALUES, maxStepsWritten } from '../../../src/core/optim';
import { LIMITS } from '../../../src/shared/protocol';

describe('step limits', () => {
  it('runs up to 10⁷ steps in the editor and 10⁹ in a terminal, whatever the formula', () => {
    assert.equal(LIMITS.maxSteps, MAX_STEPS);
    assert.equal(MAX_STEPS, 10_000_000);
    assert.equal(MAX_CLI_STEPS, 1_000_000_000);
    assert.equal(FULL_TRACE_STEPS, 100_000);
  });

  it('writes every step of at most 10⁸ numbers: fewer steps of a formula of more variables', () => {
    assert.equal(maxStepsWritten(1), 25_000_000);
    assert.equal(maxStepsWritten(2), 20_000_000);
    assert.equal(maxStepsWritten(100), 970_873);
    for (let n = 1; n <= 100; n += 1) {
      assert.ok(maxStepsWritten(n) * (n + 3) <= MAX_WRITTEN_VALUES, String(n));
      assert.ok((maxStepsWritten(n) + 1) * (n + 3) > MAX_WRITTEN_VALUES, String(n));
    }
    // Every run the editor can make of one or two variables can be exported whole.
    assert.ok(maxStepsWritten(2) >= MAX_STEPS);
  });

  it('counts a loss over data’s batch loss among the numbers of a step', () => {
    assert.equal(maxStepsWritten(2, true), 16_666_666);
    assert.equal(maxStepsWritten(3, true), 14_285_714);
    for (let n = 1; n <= 100; n += 1) {
      assert.ok(maxStepsWritten(n, true) * (n + 4) <= MAX_WRITTEN_VALUES, String(n));
      assert.ok((maxStepsWritten(n, true) + 1) * (n + 4) > MAX_WRITTEN_VALUES, String(n));
    }
  });
});
