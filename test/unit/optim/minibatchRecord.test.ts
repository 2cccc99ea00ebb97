/**
 * What a minibatch run of a loss over data keeps as it streams: the judgement under noise (floor, trend, best point,
 * from when it settled) equals the one its whole trace gives (fullTraceNoise.ts, main's noise.ts over a Trace), the
 * chart's series keeps each bucket's extremes of the batch loss as well as of the loss, and the record is the same
 * however the run is handed over.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { bestLoss } from '../../../src/core/optim/bestLoss';
import { judgeNoise } from '../../../src/core/optim/noise';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { SERIES_BUCKETS } from '../../../src/core/optim/record/extremesSeries';
import { recordOfTrace, simulateTrace } from '../../../src/core/optim/record/fullTrace';
import { LOSS_SAMPLES } from '../../../src/core/optim/record/lossSamples';
import { RECENT_STEPS } from '../../../src/core/optim/record/recentStates';
import type { RunRecord } from '../../../src/core/optim/record/runRecord';
import { judgingTolerance, simulate, Simulation } from '../../../src/core/optim/simulate';
import type { OptimizerKind, RunSettings, Trace } from '../../../src/core/optim/types';
import { lineDataset, meanSquaredError } from '../../support/dataObjectives';
import { noiseOfTrace } from './fullTraceNoise';

const ROWS = 48;
const objective = meanSquaredError(lineDataset(ROWS));

function settings(overrides: Partial<RunSettings>): RunSettings {
  return {
    learningRate: 0.05,
    optimizer: defaultOptimizerSettings('gd'),
    schedule: { kind: 'constant' },
    maxSteps: 1000,
    tolerance: 0,
    batchSize: 4,
    shuffle: true,
    seed: 0,
    ...overrides,
  };
}

/** The record's judgement, and its series' states, against the whole trace's. */
function assertRecordMatchesTrace(run: RunSettings, start: readonly number[] = [0, 0]): { record: RunRecord; trace: Trace } {
  const record = simulate(objective, start, run);
  const trace = simulateTrace(objective, start, run);
  const label = JSON.stringify(run);
  assert.equal(record.steps, trace.steps, label);
  const samples = record.minibatch!;
  assert.equal(samples.batchesPerEpoch, Math.ceil(ROWS / Math.min(run.batchSize ?? ROWS, ROWS)), label);
  // The best value is looked for from the same point.
  const best = bestLoss(objective, samples.lowestParams).loss;
  const oracle = noiseOfTrace(trace, best);
  assert.deepEqual(
    { lowestStep: samples.lowestStep, lowestLoss: samples.lowestLoss, lowestParams: Array.from(samples.lowestParams) },
    { lowestStep: oracle.lowestStep, lowestLoss: oracle.lowestLoss, lowestParams: oracle.lowestParams },
    label,
  );
  if (record.stop !== 'non-finite') {
    const judged = judgeNoise(record, objective, run, false, { checkRemedies: false, bestLoss: best });
    assert.deepEqual(
      { floor: judged.floor, cause: judged.cause, tolerance: judged.tolerance, convergedAt: judged.convergedAt },
      { floor: oracle.floor, cause: oracle.cause, tolerance: oracle.tolerance, convergedAt: oracle.convergedAt },
      label,
    );
  }
  assertSeriesKeepsBatchExtremes(record, trace, label);
  return { record, trace };
}

/** Each series state is the run's own, with its batch loss; a long run's buckets keep both values' extremes. */
function assertSeriesKeepsBatchExtremes(record: RunRecord, trace: Trace, label: string): void {
  const series = record.series;
  const steps = Array.from(series.step);
  assert.ok(series.batchLoss, label);
  steps.forEach((t, k) => {
    assert.equal(series.loss[k], trace.loss[t], `${label}: loss at ${t}`);
    assert.equal(series.batchLoss![k], t === 0 ? Number.NaN : trace.batchLoss![t - 1], `${label}: batch loss at ${t}`);
  });
  if (series.count === trace.steps + 1) return;
  assert.ok(series.count <= 2 + 4 * SERIES_BUCKETS, label);
  let width = 1;
  while (SERIES_BUCKETS * width < trace.steps) width *= 2;
  const kept = new Set(steps);
  for (let first = 1; first <= trace.steps; first += width) {
    const last = Math.min(first + width - 1, trace.steps);
    let low = first;
    let high = first;
    for (let t = first + 1; t <= last; t++) {
      if (trace.batchLoss![t - 1]! < trace.batchLoss![low - 1]!) low = t;
      if (trace.batchLoss![t - 1]! > trace.batchLoss![high - 1]!) high = t;
    }
    assert.ok(kept.has(low) && kept.has(high), `${label}: bucket from ${first}: lowest batch loss at ${low}, highest at ${high}`);
  }
}

describe('a minibatch run’s record', () => {
  it('judges the noise as its whole trace does: short runs exactly as before, long ones from their samples', () => {
    const cases: RunSettings[] = [
      settings({ maxSteps: 2000 }),
      settings({ maxSteps: 2000, learningRate: 0.2 }),
      settings({ maxSteps: 600, learningRate: 1e-4 }),
      settings({ maxSteps: RECENT_STEPS + 900, batchSize: 8, schedule: { kind: 'cosine', tMax: null, minLr: 0 } }),
      settings({ maxSteps: LOSS_SAMPLES + 5000, batchSize: 1, optimizer: defaultOptimizerSettings('momentum'), learningRate: 0.01 }),
      settings({ maxSteps: 60_000, batchSize: 16, shuffle: false, optimizer: defaultOptimizerSettings('adam'), learningRate: 0.02 }),
      settings({ maxSteps: 3000, batchSize: 4, learningRate: 3 }),
    ];
    const causes = new Set<string>();
    for (const run of cases) {
      const { record, trace } = assertRecordMatchesTrace(run);
      if (record.stop !== 'non-finite') causes.add(noiseOfTrace(trace, bestLoss(objective, record.minibatch!.lowestParams).loss).cause);
    }
    // The cases reach every judgement a run that did not diverge can have.
    assert.deepEqual([...causes].sort(), ['noise-floor', 'settled', 'still-falling']);
  });

  it('judges any minibatch run as its whole trace does (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: ROWS }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom<OptimizerKind>('gd', 'momentum', 'adam', 'rmsprop'),
        fc.double({ min: -4, max: -0.5, noNaN: true }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom<RunSettings['schedule']>({ kind: 'constant' }, { kind: 'cosine', tMax: null, minLr: 0 }),
        (batchSize, shuffle, seed, optimizer, logLearningRate, maxSteps, schedule) => {
          assertRecordMatchesTrace(settings({ batchSize, shuffle, seed, optimizer: defaultOptimizerSettings(optimizer), learningRate: 10 ** logLearningRate, maxSteps, schedule }));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('is the same when its whole trace is handed over again, in pieces of any size, or the run advanced in any steps', () => {
    const run = settings({ maxSteps: 12_000, batchSize: 5 });
    const record = simulate(objective, [0, 0], run);
    const trace = simulateTrace(objective, [0, 0], run);
    for (const piece of [1, 7, 512, 4095]) assert.deepEqual(recordOfTrace(trace, judgingTolerance(run), { piece }), record, `${piece} at a time`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 10 }), (pieces) => {
        const simulation = new Simulation(objective, [0, 0], run);
        for (let k = 0; !simulation.done; k++) simulation.advance(pieces[k % pieces.length]! || 1);
        assert.deepEqual(simulation.record(), record);
      }),
      { numRuns: 10 },
    );
  });

  it('keeps no more than its fixed capacities however long the run: 10⁶ steps keep what 10⁵ do', () => {
    for (const maxSteps of [100_000, 1_000_000]) {
      const record = simulate(objective, [0, 0], settings({ maxSteps }));
      assert.equal(record.steps, maxSteps);
      assert.ok(record.series.count <= 2 + 4 * SERIES_BUCKETS, `${record.series.count} series states`);
      assert.equal(record.recent.count, RECENT_STEPS + 1);
      assert.ok(record.minibatch!.loss.length <= LOSS_SAMPLES && record.minibatch!.loss.length > LOSS_SAMPLES / 2, `${record.minibatch!.loss.length} samples`);
      assert.equal(record.minibatch!.blockHighest.length, record.minibatch!.loss.length);
    }
  });
});
