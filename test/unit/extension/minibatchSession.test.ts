/**
 * A panel's session on a loss over data: minibatch settings from the panel, the remedies of a noise floor run in
 * slices and drawn beside the run, and the comparisons of batch sizes and of schedules.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebviewMessage, type HostMessage, type RunView } from '../../../src/shared/protocol';
import { defaultRunSettings } from '../../../src/core/optim';
import { SimulationSession, comparedBatchSizes } from '../../../src/extension/session/session';
import { parseBatchSize } from '../../../src/extension/session/inputs';
import { minibatchFormula } from '../../support/dataFormulas';

class RecordingPort {
  readonly messages: HostMessage[] = [];
  post(message: HostMessage): void {
    this.messages.push(message);
  }
  get lastRun(): RunView {
    const run = this.messages.flatMap((m) => (m.type === 'showRun' ? [m.view] : [])).at(-1);
    assert.ok(run, 'a run was shown');
    return run;
  }
}

function session(batchSize: number | null, learningRate = 0.2): { session: SimulationSession; port: RecordingPort } {
  const port = new RecordingPort();
  const formula = minibatchFormula();
  const settings = { ...defaultRunSettings(), learningRate, maxSteps: 300, batchSize, seed: 0 };
  return { session: new SimulationSession({ formula, documentUri: 'file:///work/regression.py', origin: 'regression.py:7', start: [0, 0], settings, lossAxis: 'auto' }, port, { sliceMilliseconds: 2 }), port };
}

describe('a session on a loss over data', () => {
  it('shows the rows, the batches and the batch losses, and runs a noise floor’s remedies beside the run', async () => {
    const { session: s, port } = session(4);
    await s.simulate();
    const view = port.lastRun;
    assert.deepEqual({ ...view.minibatch, bestLoss: undefined, floor: undefined, tolerance: undefined }, {
      rows: 40, batchSize: 4, shuffle: true, seed: 0, batchesPerEpoch: 10, bestLoss: undefined, floor: undefined, tolerance: undefined,
    });
    assert.match(view.diagnosis.headline, /^Oscillating at a noise floor/);
    assert.equal(view.series[0].batchLoss?.step[0], 1);
    assert.deepEqual(view.series.slice(1).map((series) => series.label), ['remedy: cosine annealing to 0', 'remedy: batches of 16', 'remedy: η = 0.02']);
    assert.ok(view.minibatch!.bestLoss! < view.minibatch!.floor!);
  });

  it('takes the batch size, shuffle and seed from the panel, and the same seed gives the same run', async () => {
    const { session: s, port } = session(null);
    await s.simulate();
    assert.equal(port.lastRun.minibatch?.batchSize, 40);
    assert.equal(port.lastRun.series[0].batchLoss, undefined);
    const message = parseWebviewMessage({ type: 'setMinibatch', batchSize: 8, shuffle: true, seed: 3 });
    assert.ok(message);
    await s.handle(message);
    const first = port.lastRun;
    assert.deepEqual([first.minibatch?.batchSize, first.minibatch?.seed, first.settings.batchSize], [8, 3, 8]);
    await s.handle({ type: 'rerun' });
    assert.deepEqual(port.lastRun.series[0].points.params, first.series[0].points.params);
    await s.handle({ type: 'setMinibatch', batchSize: 8, shuffle: false, seed: 3 });
    assert.notDeepEqual(port.lastRun.series[0].points.params, first.series[0].points.params);
    assert.equal(parseWebviewMessage({ type: 'setMinibatch', batchSize: 0, shuffle: true, seed: 0 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'setMinibatch', batchSize: 4, shuffle: 'yes', seed: 0 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'setMinibatch', batchSize: 4, shuffle: true, seed: -1 }), undefined);
  });

  it('compares the full batch and two batch sizes, then constant η and cosine annealing, on the same seed', async () => {
    const { session: s, port } = session(8, 0.05);
    await s.handle({ type: 'compareBatchSizes' });
    const batches = port.lastRun.series.filter((series) => series.role === 'compare').map((series) => series.label);
    assert.ok(batches.includes('the full batch') && batches.includes('batches of 2'), batches.join(' | '));
    await s.handle({ type: 'compareSchedules' });
    const schedules = port.lastRun.series.filter((series) => series.role === 'compare').map((series) => series.label);
    assert.ok(schedules.includes('cosine annealing of η to 0'), schedules.join(' | '));
    assert.deepEqual(comparedBatchSizes(40, 40), [8, 2]);
    assert.deepEqual(comparedBatchSizes(8, 40), [40, 2]);
    assert.deepEqual(comparedBatchSizes(2, 40), [40, 1]);
    assert.deepEqual(comparedBatchSizes(1, 40), [40]);
  });

  it('runs a dragged η live without the remedies, and the settled run with them beside it', async () => {
    const { session: s, port } = session(4);
    await s.simulate();
    await s.handle({ type: 'adjustSetting', setting: 'learningRate', value: 0.25, phase: 'live' });
    const live = port.lastRun;
    assert.deepEqual([live.phase, live.settings.learningRate, live.minibatch?.batchSize], ['live', 0.25, 4]);
    assert.ok(live.series[0].batchLoss, 'the batch loss is drawn while dragging');
    assert.deepEqual(live.series.slice(1), [], 'no remedies while dragging');
    await s.handle({ type: 'adjustSetting', setting: 'learningRate', value: 0.25, phase: 'settled' });
    const settled = port.lastRun;
    assert.equal(settled.phase, 'settled');
    assert.match(settled.diagnosis.headline, /^Oscillating at a noise floor/);
    assert.deepEqual(settled.series.slice(1).map((series) => series.label), ['remedy: cosine annealing to 0', 'remedy: batches of 16', 'remedy: η = 0.025']);
  });

  it('maps momentum’s β over η for a loss over data, every cell a minibatch run judged on all the data', async () => {
    const { session: s, port } = session(4, 0.05);
    await s.handle({ type: 'setOptimizer', optimizer: 'momentum' });
    await s.handle({ type: 'stabilityMap' });
    const map = port.messages.flatMap((m) => (m.type === 'showStabilityMap' ? [m.view] : [])).at(-1);
    assert.ok(map, 'a map was shown');
    assert.equal(map.cells.length, map.learningRates.length * map.values.length);
    assert.equal(map.settings.batchSize, 4);
    const verdicts = new Set(map.cells.map((cell) => cell.verdict));
    assert.ok(verdicts.has('converged') && verdicts.has('diverged'), [...verdicts].join(' '));
  });

  it('exports every update of a minibatch run, its batch loss too, by running it again with the same seed', async () => {
    const { session: s, port } = session(4);
    await s.simulate();
    const csv = [...s.exportData('csv')!.pieces()].join('').trim().split('\n');
    assert.equal(csv[0], 'step,learning_rate,loss,batch_loss,w,b');
    assert.equal(csv.length, 302);
    assert.match(csv[1]!, /^0,,[^,]+,,0,0$/);
    const report = JSON.parse([...s.exportData('json')!.pieces()].join('')) as { trace: { loss: number[]; batchLoss: number[]; downsampled: boolean }; final: { step: number; epoch: number } };
    assert.equal(report.trace.downsampled, false);
    assert.equal(report.trace.batchLoss.length, 300);
    assert.deepEqual(report.final, { ...report.final, step: 300, epoch: 30 });
    // The CSV's rows are the JSON's numbers, and the panel's batch-loss points are among them at their steps.
    csv.slice(2).forEach((row, k) => assert.equal(Number(row.split(',')[3]), report.trace.batchLoss[k]));
    const points = port.lastRun.series[0]!.batchLoss!;
    points.step.forEach((step, k) => assert.equal(points.loss[k], report.trace.batchLoss[step - 1]));
  });

  it('reads a typed batch size: all or the rows is the full batch', () => {
    assert.deepEqual(parseBatchSize('all', 40), { ok: true, value: null });
    assert.deepEqual(parseBatchSize('40', 40), { ok: true, value: null });
    assert.deepEqual(parseBatchSize('8', 40), { ok: true, value: 8 });
    assert.equal(parseBatchSize('41', 40).ok, false);
    assert.equal(parseBatchSize('2.5', 40).ok, false);
  });
});
