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

  it('x² with momentum: an oscillating run that settles is momentum at work, not the edge, so it can be suggested', () => {
    // 30 values: the grid misses the critically damped η ≈ (1 − √0.9)²/2 ≈ 0.0013, where momentum is fastest, and
    // above it β = 0.9 overshoots at every η up to its limit 2(1 + β)/L = 1.9, and settles.
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], run('momentum'), { ...DEFAULT_SWEEP, count: 30 });
    const suggested = result.points.find((p) => p.learningRate === result.suggestedLearningRate)!;
    assert.equal(suggested.verdict, 'oscillating');
    const converged = result.points.filter((p) => p.stepsToConverge !== null);
    assert.equal(suggested.stepsToConverge, Math.min(...converged.map((p) => p.stepsToConverge!)));
    // The smooth runs, all at the small-η end, take at least twice as long.
    const smooth = converged.filter((p) => p.verdict === 'converged');
    assert.ok(smooth.length > 0);
    for (const run of smooth) assert.ok(run.stepsToConverge! >= 2 * suggested.stepsToConverge!);
    assert.ok(suggested.learningRate < result.criticalLearningRate!);
  });

  it('x² with gradient descent: an oscillating run is still the edge, even when it settles', () => {
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], run(), { ...DEFAULT_SWEEP, count: 30 });
    const edge = result.points.find((p) => p.verdict === 'oscillating')!;
    assert.notEqual(edge.stepsToConverge, null, 'η between 1/L and 2/L bounces and settles');
    assert.ok(result.suggestedLearningRate! < edge.learningRate);
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

  it('carries the critical η of the optimizer swept, beside plain gradient descent’s 2/L', () => {
    // x²: L = 2, so 2/L = 1 whatever the optimizer; momentum β = 0.9 is stable up to 2(1 + β)/L = 1.9.
    const sweep = { from: 0.5, to: 4, count: 13 };
    const limits: [RunSettings['optimizer'], number][] = [
      [defaultOptimizerSettings('gd'), 1],
      [{ kind: 'gd', weightDecay: 0.5 }, 2 / 2.5],
      [defaultOptimizerSettings('momentum'), 1.9],
      [{ kind: 'momentum', momentum: 0.5, dampening: 0, weightDecay: 0 }, 1.5],
      [defaultOptimizerSettings('nesterov'), 1.9 / 2.8],
    ];
    for (const [optimizer, limit] of limits) {
      const result = sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], { ...run(), optimizer }, sweep);
      assert.equal(result.stability.criticalLearningRate, 1, optimizer.kind);
      assert.ok(Math.abs(result.criticalLearningRate! / limit - 1) < 1e-12, `${JSON.stringify(optimizer)}: ${result.criticalLearningRate}, expected ${limit}`);
      // The runs agree: every η below the optimizer's own limit stays bounded, every η above it diverges.
      for (const point of result.points) {
        assert.equal(point.verdict === 'diverged', point.learningRate > limit, `${optimizer.kind} at η = ${point.learningRate}: ${point.verdict}`);
      }
    }
  });

  it('momentum: runs between 2/L and 2(1 + β)/L do not diverge, so 2/L is not its limit', () => {
    const result = sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], run('momentum'), { from: 1.1, to: 1.8, count: 5 });
    assert.ok(Math.abs(result.criticalLearningRate! - 1.9) < 1e-12);
    assert.ok(result.points.every((p) => p.verdict !== 'diverged' && p.learningRate > result.stability.criticalLearningRate!));
  });

  it('no critical η for the adaptive optimizers, though 2/L is still reported as gradient descent’s', () => {
    for (const kind of ['adagrad', 'rmsprop', 'adam', 'adamw'] as const) {
      const result = sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], run(kind), { from: 0.01, to: 1, count: 3 });
      assert.equal(result.criticalLearningRate, null, kind);
      assert.equal(result.stability.criticalLearningRate, 1, kind);
    }
  });

  it('no critical η without positive curvature at the start', () => {
    const result = sweepLearningRates(quadratic2d(-1, -1), [1, 1], run('momentum'), { from: 0.01, to: 0.1, count: 2 });
    assert.equal(result.stability.criticalLearningRate, null);
    assert.equal(result.criticalLearningRate, null);
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
    assert.equal(sliced?.criticalLearningRate, null);
    assert.ok(progress.length > 1);
    assert.ok(progress.every(([, total]) => total === 12 * 1000));
    assert.deepEqual(progress.map(([done]) => done), progress.map(([done]) => done).sort((a, b) => a - b));
    assert.equal(progress.at(-1)![0], 12_000);
  });

  it('carries the optimizer’s critical η too', async () => {
    const sweep = { from: 0.1, to: 3, count: 4 };
    const sliced = await sweepLearningRatesInSlices(REFERENCE_OBJECTIVES.quadratic1d!, [10], run('momentum'), sweep, { sliceMilliseconds: 1 });
    assert.deepEqual(sliced, sweepLearningRates(REFERENCE_OBJECTIVES.quadratic1d!, [10], run('momentum'), sweep));
    assert.ok(Math.abs(sliced!.criticalLearningRate! - 1.9) < 1e-12);
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
