import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { advise } from '../../../src/core/optim/advice';
import { bestLoss } from '../../../src/core/optim/bestLoss';
import { diagnose } from '../../../src/core/optim/diagnose';
import { TOLERANCE_SHARE } from '../../../src/core/optim/noise';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { simulate } from '../../../src/core/optim/simulate';
import type { RunSettings } from '../../../src/core/optim/types';
import { lineDataset, meanSquaredError } from '../../support/dataObjectives';

const objective = meanSquaredError(lineDataset(64));
const start = [0, 0];
const settings = (overrides: Partial<RunSettings>): RunSettings => ({
  learningRate: 0.05,
  optimizer: defaultOptimizerSettings('gd'),
  schedule: { kind: 'constant' },
  maxSteps: 600,
  tolerance: 1e-5,
  batchSize: 4,
  shuffle: true,
  seed: 0,
  ...overrides,
});
const judge = (run: RunSettings) => {
  const trace = simulate(objective, start, run);
  const diagnosis = diagnose(trace, objective, run);
  return { trace, diagnosis, noise: diagnosis.noise!, advice: advise(diagnosis, run) };
};

describe('the best value of a loss over data', () => {
  it('is the least-squares fit (Newton’s method reaches the normal equations’ solution)', () => {
    const best = bestLoss(objective, [0, 0]);
    const g = new Float64Array(2);
    objective.valueAndGradient(best.params, g);
    assert.ok(Math.hypot(...g) < 1e-9, `gradient at the best point: ${[...g]}`);
    assert.ok(best.loss < objective.value([1.9, -0.9]));
  });
});

describe('judging a minibatch run', () => {
  it('finds a noise floor at a constant η, with its remedies run and the schedule among those that reach the best value', () => {
    const { noise, diagnosis, advice } = judge(settings({ learningRate: 0.3 }));
    assert.equal(noise.cause, 'noise-floor');
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.ok(noise.floor - noise.bestLoss > noise.tolerance);
    assert.equal(noise.tolerance, TOLERANCE_SHARE * noise.bestLoss);
    assert.deepEqual(noise.checks.map((c) => c.remedy), ['cosine', 'larger-batch', 'smaller-lr']);
    const cosine = noise.checks.find((c) => c.remedy === 'cosine')!;
    assert.equal(cosine.settings.schedule.kind, 'cosine');
    assert.equal(cosine.trace.steps, 600);
    assert.ok(cosine.floor < noise.floor, 'annealing η lowers the floor');
    assert.equal(noise.checks.find((c) => c.remedy === 'larger-batch')!.settings.batchSize, 16);
    assert.match(advice.headline, /^Oscillating at a noise floor/);
    assert.match(advice.advice, /cosine annealing of η to 0 over the run: /);
  });

  it('calls a run converged when the full-data loss settles within the tolerance of the best value', () => {
    const { noise, diagnosis, advice } = judge(settings({ learningRate: 0.3, schedule: { kind: 'cosine', tMax: null, minLr: 0 } }));
    assert.equal(noise.cause, 'settled');
    assert.equal(diagnosis.verdict, 'converged');
    assert.ok(diagnosis.convergedAt !== null && diagnosis.convergedAt < 600);
    assert.ok(noise.floor - noise.bestLoss <= noise.tolerance);
    assert.match(advice.headline, /^Converged at step \d+ \(epoch/);
  });

  it('blames the batch when the full batch at the same η does not diverge', () => {
    const { noise, diagnosis, advice } = judge(settings({ learningRate: 0.45, batchSize: 1 }));
    assert.equal(diagnosis.verdict, 'diverged');
    assert.equal(noise.cause, 'too-large-for-batch');
    const full = noise.checks.find((c) => c.remedy === 'full-batch')!;
    assert.equal(full.diverged, false);
    assert.match(advice.headline, /too large for batches of 1/);
  });

  it('says the full batch diverges too when η is too large for any batch', () => {
    const { noise, advice } = judge(settings({ learningRate: 3 }));
    assert.equal(noise.cause, 'diverged');
    assert.match(advice.headline, /too large even for the full batch/);
  });

  it('is the same judgement for the same seed', () => {
    const a = judge(settings({ learningRate: 0.3 })).noise;
    const b = judge(settings({ learningRate: 0.3 })).noise;
    assert.equal(a.floor, b.floor);
    assert.deepEqual(a.checks.map((c) => c.floor), b.checks.map((c) => c.floor));
  });

  it('leaves full-batch runs to the ordinary diagnosis', () => {
    const trace = simulate(objective, start, settings({ batchSize: null, learningRate: 0.3 }));
    assert.equal(diagnose(trace, objective, settings({ batchSize: null })).noise, null);
  });
});
