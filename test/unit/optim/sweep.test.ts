import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { logSpace, sweepLearningRates, sweepLearningRatesInSlices } from '../../../src/core/optim/sweep';
import { DEFAULT_SWEEP, type OptimizerKind, type RunSettings } from '../../../src/core/optim/types';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { quadratic2d } from './testObjectives';

function run(optimizer: OptimizerKind = 'gd'): RunSettings {
  return { learningRate: 0.01, optimizer: defaultOptimizerSettings(optimizer), schedule: { kind: 'constant' }, maxSteps: 1000, tolerance: 1e-5 };
}

describe('logSpace', () => {
  it('spaces evenly on a log scale, ends exact', () => {
    const values = logSpace(1e-5, 10, 60);
    assert.equal(values.length, 60);
    assert.equal(values[0], 1e-5);
    assert.equal(values[59], 10);
    const ratio = Math.log10(values[1]! / values[0]!);
    for (let i = 1; i < 60; i++) assert.ok(Math.abs(Math.log10(values[i]! / values[i - 1]!) - ratio) < 1e-12);
    assert.ok(Math.abs(ratio - 6 / 59) < 1e-12);
  });

  it('hits the decades when the count lines up', () => {
    const values = logSpace(1e-3, 1, 4);
    [1e-3, 1e-2, 1e-1, 1].forEach((expected, i) => assert.ok(Math.abs(values[i]! / expected - 1) < 1e-14));
  });

  it('one value, or refuses bad input', () => {
    assert.deepEqual(logSpace(0.5, 2, 1), [0.5]);
    assert.throws(() => logSpace(0, 1, 5), RangeError);
    assert.throws(() => logSpace(1, Infinity, 5), RangeError);
    assert.throws(() => logSpace(1e-3, 1, 0), RangeError);
    assert.throws(() => logSpace(1e-3, 1, 2.5), RangeError);
  });
});

describe('sweepLearningRates', () => {
  it('x²: suggests the largest η below 0.5 in the grid, where gradient descent lands in a few steps', () => {
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], run());
    assert.equal(result.points.length, DEFAULT_SWEEP.count);
    assert.deepEqual(result.points.map((p) => p.learningRate), logSpace(DEFAULT_SWEEP.from, DEFAULT_SWEEP.to, DEFAULT_SWEEP.count));
    assert.equal(result.stability.criticalLearningRate, 1);
    const suggested = result.suggestedLearningRate!;
    assert.ok(suggested > 0.4 && suggested < 0.5, `suggested ${suggested}`);
    // Small η too slow, then converged, then bouncing above 0.5, diverged above 2/L = 1.
    const verdictAt = (η: number): string => result.points.find((p) => Math.abs(p.learningRate / η - 1) < 0.15)!.verdict;
    assert.equal(verdictAt(1e-5), 'too-slow');
    assert.equal(verdictAt(0.1), 'converged');
    assert.equal(verdictAt(0.76), 'oscillating');
    assert.equal(verdictAt(5), 'diverged');
    for (const point of result.points) {
      if (point.verdict === 'diverged') assert.ok(point.learningRate > 1);
      assert.ok(Number.isFinite(point.finalLoss));
    }
  });

  it('Rosenbrock with gd: the largest η before divergence, near the curvature limit', () => {
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], run());
    const suggested = result.suggestedLearningRate!;
    const critical = result.stability.criticalLearningRate!;
    assert.ok(suggested > 0.5 * critical && suggested < 2 * critical, `suggested ${suggested}, 2/L = ${critical}`);
    const firstDiverged = result.points.find((p) => p.verdict === 'diverged')!;
    assert.ok(suggested < firstDiverged.learningRate);
  });

  it('Rosenbrock with Adam: below the first η that bounces, not a lucky one above it', () => {
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], run('adam'));
    const edge = result.points.find((p) => p.verdict === 'oscillating' || p.verdict === 'diverged')!.learningRate;
    const suggested = result.suggestedLearningRate!;
    assert.ok(suggested < edge, `suggested ${suggested}, first unstable ${edge}`);
    assert.ok(suggested > 0.1, `Adam takes a large η here: ${suggested}`);
  });

  it('a narrow sweep gives one point per η with the same steps and tolerance', () => {
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.bowl2d!, [-5, -2], run(), { from: 0.01, to: 0.3, count: 5 });
    assert.equal(result.points.length, 5);
    for (const point of result.points) {
      assert.ok(point.steps <= 1000);
      if (point.verdict === 'converged') assert.equal(point.stepsToConverge, point.steps);
    }
    // At a larger η the same bowl is crossed in fewer steps.
    const steps = result.points.map((p) => p.stepsToConverge!);
    assert.deepEqual(steps, [...steps].sort((a, b) => b - a));
    assert.equal(result.suggestedLearningRate, 0.3);
  });

  it('no suggestion from a stationary start', () => {
    assert.equal(sweepLearningRates(quadratic2d(1, 1), [0, 0], run(), { from: 0.01, to: 1, count: 5 }).suggestedLearningRate, null);
  });

  it('no suggestion when every η bounces or diverges', () => {
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], run(), { from: 1.2, to: 10, count: 4 });
    assert.ok(result.points.every((p) => p.verdict === 'diverged'));
    assert.equal(result.suggestedLearningRate, null);
  });
});

describe('sweepLearningRatesInSlices', () => {
  it('gives the synchronous sweep’s result, reporting progress in updates', async () => {
    const settings = run('adam');
    const sweep = { from: 1e-3, to: 1, count: 12 };
    const progress: [number, number][] = [];
    const sliced = await sweepLearningRatesInSlices(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], settings, sweep, {
      sliceMilliseconds: 1,
      onProgress: (done, total) => progress.push([done, total]),
    });
    assert.deepEqual(sliced, sweepLearningRates(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], settings, sweep));
    assert.ok(progress.length > 1);
    assert.ok(progress.every(([, total]) => total === 12 * 1000));
    assert.deepEqual(progress.map(([done]) => done), progress.map(([done]) => done).sort((a, b) => a - b));
    assert.equal(progress.at(-1)![0], 12_000);
  });

  it('returns null when cancelled', async () => {
    let slices = 0;
    const result = await sweepLearningRatesInSlices(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], run('adam'), DEFAULT_SWEEP, {
      sliceMilliseconds: 1,
      onProgress: () => slices++,
      isCancelled: () => slices >= 2,
    });
    assert.equal(result, null);
  });
});
