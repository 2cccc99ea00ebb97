/** The training-code parts of the protocol: the "Use η in code" intent and the link restored after a reload. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTrainingLink, parseWebviewMessage } from '../../../src/shared/protocol';

describe('"Use η in code" from the webview', () => {
  it('carries a learning rate in range, and nothing else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'useLearningRateInCode', learningRate: 0.02, path: '/etc/passwd' }), { type: 'useLearningRateInCode', learningRate: 0.02 });
    for (const learningRate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '0.1', 1e9, null]) {
      assert.equal(parseWebviewMessage({ type: 'useLearningRateInCode', learningRate }), undefined, String(learningRate));
    }
  });
});

describe('a training link restored after a reload', () => {
  it('keeps a well-formed link and refuses anything else', () => {
    const link = { documentUri: 'file:///work/train.py', line: 9, answers: [['lr', 0.001]] };
    assert.deepEqual(parseTrainingLink(link), link);
    const invalid: unknown[] = [
      null,
      {},
      { ...link, line: 0 },
      { ...link, line: 1.5 },
      { ...link, documentUri: 7 },
      { ...link, answers: [['lr']] },
      { ...link, answers: [['lr', Number.NaN]] },
      { ...link, answers: [[1, 0.1]] },
      { ...link, answers: 'lr=0.1' },
    ];
    for (const value of invalid) assert.equal(parseTrainingLink(value), null, JSON.stringify(value));
  });

  it('never throws, whatever was saved', () => {
    fc.assert(fc.property(fc.anything(), (value) => void parseTrainingLink(value)));
  });
});
