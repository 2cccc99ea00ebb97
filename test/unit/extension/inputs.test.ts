/** What the η and step-limit boxes of the command palette accept. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLearningRate, parseStepLimit } from '../../../src/extension/session/inputs';

describe('the step-limit box', () => {
  it('takes whole numbers up to the limit it is given, 10⁷ by default', () => {
    assert.deepEqual(parseStepLimit('10,000'), { ok: true, value: 10_000 });
    assert.deepEqual(parseStepLimit('1e7'), { ok: true, value: 10_000_000 });
    assert.deepEqual(parseStepLimit('1e8'), { ok: false, message: 'Between 1 and 10,000,000' });
    assert.deepEqual(parseStepLimit('500000', 100_000), { ok: false, message: 'Between 1 and 100,000' });
    assert.deepEqual(parseStepLimit('2.5'), { ok: false, message: 'Type a whole number of steps, such as 1000' });
  });

  it('takes η as written in code', () => {
    assert.deepEqual(parseLearningRate('lr=3e-4'), { ok: true, value: 3e-4 });
    assert.equal(parseLearningRate('0').ok, false);
  });
});
