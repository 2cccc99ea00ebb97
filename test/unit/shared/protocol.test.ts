/** Every message from the webview is validated before the host uses it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isHostMessage, parseWebviewMessage } from '../../../src/shared/protocol';

describe('messages from the webview', () => {
  it('accepts every well-formed intent, keeping only the fields it defines', () => {
    const valid = [
      { type: 'ready' },
      { type: 'setLearningRate', learningRate: 0.01 },
      { type: 'scaleLearningRate', factor: 10 },
      { type: 'scaleLearningRate', factor: 0.1 },
      { type: 'setOptimizer', optimizer: 'adam' },
      { type: 'setSchedule', schedule: 'warmup-cosine' },
      { type: 'setMaxSteps', maxSteps: 5000 },
      { type: 'rerun' },
      { type: 'cancel' },
      { type: 'compareLearningRates' },
      { type: 'pinRun' },
      { type: 'clearPinned' },
      { type: 'sweep' },
      { type: 'simulateLearningRate', learningRate: 3e-4 },
      { type: 'setProjection', x: 0, y: 2 },
      { type: 'exportData', format: 'csv' },
      { type: 'exportImage', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'applyRecommendation', runId: 7 },
      { type: 'adjustSetting', setting: 'learningRate', value: 0.02, phase: 'live' },
      { type: 'adjustSetting', setting: 'momentum', value: 0, phase: 'settled' },
      { type: 'adjustSetting', setting: 'beta1', value: 0.5, phase: 'live' },
      { type: 'adjustSetting', setting: 'beta2', value: 0.999, phase: 'settled' },
      { type: 'setStart', start: [1.5, -2], phase: 'live' },
      { type: 'setStart', start: [0], phase: 'settled' },
      { type: 'stabilityMap' },
      { type: 'simulateMapCell', learningRate: 0.05, parameter: 'momentum', value: 0.9 },
      { type: 'simulateMapCell', learningRate: 1e-3, parameter: 'beta1', value: 0 },
      { type: 'askStartPoint' },
    ];
    for (const message of valid) assert.deepEqual(parseWebviewMessage({ ...message, extra: 'dropped' }), message);
  });

  it('refuses malformed, out-of-range and unknown messages', () => {
    const invalid: unknown[] = [
      null,
      'ready',
      [],
      {},
      { type: 'nope' },
      { type: 'setLearningRate', learningRate: -1 },
      { type: 'setLearningRate', learningRate: 0 },
      { type: 'setLearningRate', learningRate: Number.NaN },
      { type: 'setLearningRate', learningRate: '0.1' },
      { type: 'setLearningRate', learningRate: 1e9 },
      { type: 'scaleLearningRate', factor: 2 },
      { type: 'setOptimizer', optimizer: 'sgd' },
      { type: 'setOptimizer', optimizer: 'toString' },
      { type: 'setSchedule', schedule: '__proto__' },
      { type: 'setMaxSteps', maxSteps: 1.5 },
      { type: 'setMaxSteps', maxSteps: 0 },
      { type: 'setMaxSteps', maxSteps: 1e12 },
      { type: 'setProjection', x: 1, y: 1 },
      { type: 'setProjection', x: -1, y: 0 },
      { type: 'exportData', format: 'xlsx' },
      { type: 'exportImage', dataUrl: 'javascript:alert(1)' },
      { type: 'exportImage', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
      { type: 'applyRecommendation' },
      { type: 'applyRecommendation', runId: -1 },
      { type: 'applyRecommendation', runId: 1.5 },
      { type: 'applyRecommendation', runId: '3' },
      { type: 'applyRecommendation', runId: Number.MAX_VALUE },
      { type: 'adjustSetting', setting: 'learningRate', value: 0, phase: 'live' },
      { type: 'adjustSetting', setting: 'learningRate', value: 0.1, phase: 'now' },
      { type: 'adjustSetting', setting: 'momentum', value: 1, phase: 'live' },
      { type: 'adjustSetting', setting: 'beta2', value: -0.1, phase: 'live' },
      { type: 'adjustSetting', setting: 'weightDecay', value: 0.1, phase: 'live' },
      { type: 'adjustSetting', setting: '__proto__', value: 0.1, phase: 'live' },
      { type: 'setStart', start: [], phase: 'live' },
      { type: 'setStart', start: [1, Number.NaN], phase: 'live' },
      { type: 'setStart', start: [1e308 * 10], phase: 'settled' },
      { type: 'setStart', start: ['1'], phase: 'settled' },
      { type: 'setStart', start: { 0: 1, length: 1 }, phase: 'settled' },
      { type: 'simulateMapCell', learningRate: 0.05, parameter: 'beta2', value: 0.9 },
      { type: 'simulateMapCell', learningRate: -1, parameter: 'momentum', value: 0.9 },
      { type: 'simulateMapCell', learningRate: 0.05, parameter: 'momentum', value: 1.5 },
    ];
    for (const message of invalid) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
  });

  it('never throws, whatever arrives', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      parseWebviewMessage(value);
      isHostMessage(value);
    }));
  });
});
