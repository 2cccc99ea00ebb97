/** A panel session for a training script's optimizer line: what it shows about the line, and what it keeps for a reload. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFormula } from '../../../src/core/formula';
import { defaultOptimizerSettings, defaultRunSettings, type RunSettings } from '../../../src/core/optim';
import { SimulationSession } from '../../../src/extension/session/session';
import type { HostMessage, RunView, TrainingLink, TrainingView } from '../../../src/shared/protocol';

const link: TrainingLink = { documentUri: 'file:///work/train.py', line: 9, answers: [['lr', 0.05]] };
const view: TrainingView = { origin: 'train.py:9', call: 'SGD(lr=args.lr, momentum=0.9)', framework: 'keras', schedule: null, writable: false };

function session(settings: RunSettings): { session: SimulationSession; runs: () => RunView[]; messages: HostMessage[] } {
  const messages: HostMessage[] = [];
  const s = new SimulationSession(
    { formula: compileFormula('x^2'), documentUri: null, origin: 'Sample: Quadratic bowl', start: [10], settings, lossAxis: 'auto', training: { link, view } },
    { post: (message) => messages.push(message) },
    { sliceMilliseconds: 2 },
  );
  return { session: s, messages, runs: () => messages.flatMap((m) => (m.type === 'showRun' ? [m.view] : [])) };
}

describe('a session of a training-code optimizer', () => {
  const keras: RunSettings = { ...defaultRunSettings(), learningRate: 0.05, optimizer: { ...defaultOptimizerSettings('momentum', 'keras') }, framework: 'keras' };

  it('shows the line in every run and keeps the link for a reload', async () => {
    const { session: s, runs } = session(keras);
    await s.simulate();
    assert.deepEqual(runs().at(-1)!.training, view);
    assert.deepEqual(runs().at(-1)!.restore.training, link);
    assert.equal(runs().at(-1)!.settings.framework, 'keras');
  });

  it('switches optimizer within the framework: a Keras run stays a Keras run with Keras’ defaults', async () => {
    const { session: s, runs } = session(keras);
    await s.handle({ type: 'setOptimizer', optimizer: 'adam' });
    assert.deepEqual(runs().at(-1)!.settings.optimizer, defaultOptimizerSettings('adam', 'keras'));
    assert.equal(runs().at(-1)!.settings.framework, 'keras');
  });

  it('keeps a schedule read from code when the step limit changes', async () => {
    const fromCode: RunSettings = { ...keras, schedule: { kind: 'keras-exponential-decay', initialLearningRate: 0.05, decaySteps: 100, decayRate: 0.5, staircase: false } };
    const { session: s, runs } = session(fromCode);
    await s.handle({ type: 'setMaxSteps', maxSteps: 300 });
    assert.deepEqual(runs().at(-1)!.settings.schedule, fromCode.schedule);
    assert.equal(runs().at(-1)!.settings.maxSteps, 300);
  });

  it('leaves "Use η in code" to the host (it edits a document) and runs nothing for it', async () => {
    const { session: s, messages } = session(keras);
    await s.handle({ type: 'useLearningRateInCode', learningRate: 0.1 });
    assert.deepEqual(messages, []);
  });

  it('runs the line again with new settings (the script was edited, or answered anew)', async () => {
    const { session: s, runs } = session(keras);
    await s.useTrainingCode({ ...keras, learningRate: 0.01 }, { link: { ...link, answers: [['lr', 0.01]] }, view });
    assert.equal(runs().at(-1)!.settings.learningRate, 0.01);
    assert.deepEqual(runs().at(-1)!.restore.training?.answers, [['lr', 0.01]]);
  });
});
