import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { simulate } from '../../../src/core/optim/simulate';
import { endOf } from '../../../src/core/optim/record/runRecord';
import { classifyStationaryPoint, criticalLearningRateFor, stabilityAt } from '../../../src/core/optim/stability';
import type { OptimizerSettings } from '../../../src/core/optim/types';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { quadratic2d } from './testObjectives';

describe('stabilityAt', () => {
  it('x² + 2y²: curvatures 2 and 4, so L = 4 and the critical η is 0.5', () => {
    assert.deepEqual(stabilityAt(REFERENCE_OBJECTIVES.bowl2d!, [-5, -2]), { eigenvalues: [2, 4], lipschitz: 4, criticalLearningRate: 0.5 });
  });

  it('Rosenbrock at (−1.5, 2): L ≈ 2092, critical η ≈ 9.56e-4', () => {
    const stability = stabilityAt(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2]);
    const root = Math.sqrt(2102 ** 2 - 4 * 20400);
    assert.ok(Math.abs(stability.lipschitz - (2102 + root) / 2) < 1e-9);
    assert.ok(Math.abs(stability.eigenvalues[0]! - (2102 - root) / 2) < 1e-9);
    assert.ok(Math.abs(stability.criticalLearningRate! - 4 / (2102 + root)) < 1e-15);
  });

  it('no critical η where the largest curvature is not positive', () => {
    assert.equal(stabilityAt(REFERENCE_OBJECTIVES.himmelblau!, [0, 0]).criticalLearningRate, null);
    assert.equal(stabilityAt(quadratic2d(0, 0), [1, 1]).criticalLearningRate, null);
  });

  it('nothing known where the Hessian is not finite', () => {
    const objective = { ...quadratic2d(1, 1), hessian: () => [[Number.NaN, 0], [0, 1]] };
    assert.deepEqual(stabilityAt(objective, [0, 0]), { eigenvalues: [], lipschitz: 0, criticalLearningRate: null });
  });

  it('on x², gradient descent converges just below 2/L and diverges just above', () => {
    const square = REFERENCE_OBJECTIVES.quadratic1d!;
    const critical = stabilityAt(square, [10]).criticalLearningRate!;
    assert.equal(critical, 1);
    const end = (learningRate: number): number => {
      const trace = simulate(square, [10], { learningRate, optimizer: defaultOptimizerSettings('gd'), schedule: { kind: 'constant' }, maxSteps: 3000, tolerance: 0 });
      return Math.abs(endOf(trace).params[0]!);
    };
    assert.ok(end(0.99 * critical) < 1e-10);
    assert.ok(end(1.01 * critical) > 1e10);
  });
});

describe('criticalLearningRateFor', () => {
  const stability = stabilityAt(REFERENCE_OBJECTIVES.quadratic1d!, [10]);

  it('is each optimizer’s own limit on a quadratic: converges at 0.99×, diverges at 1.01×', () => {
    const optimizers: OptimizerSettings[] = [
      { kind: 'gd', weightDecay: 0 },
      { kind: 'gd', weightDecay: 0.3 },
      { kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 0 },
      { kind: 'momentum', momentum: 0.5, dampening: 0.4, weightDecay: 0.1 },
      { kind: 'nesterov', momentum: 0.9, weightDecay: 0 },
      { kind: 'nesterov', momentum: 0.3, weightDecay: 0.2 },
    ];
    for (const optimizer of optimizers) {
      const critical = criticalLearningRateFor(optimizer, stability.lipschitz)!;
      const end = (learningRate: number): number => {
        const trace = simulate(REFERENCE_OBJECTIVES.quadratic1d!, [10], { learningRate, optimizer, schedule: { kind: 'constant' }, maxSteps: 20_000, tolerance: 0 });
        return Math.abs(endOf(trace).params[0]!);
      };
      assert.ok(end(0.99 * critical) < 1e-10, `${JSON.stringify(optimizer)} converges below ${critical}`);
      assert.ok(end(1.01 * critical) > 1e10, `${JSON.stringify(optimizer)} diverges above ${critical}`);
    }
  });

  it('gives no limit for the adaptive optimizers', () => {
    for (const kind of ['adagrad', 'rmsprop', 'adam', 'adamw'] as const) {
      assert.equal(criticalLearningRateFor(defaultOptimizerSettings(kind), stability.lipschitz), null);
    }
  });
});

describe('classifyStationaryPoint', () => {
  it('reads the second-derivative test', () => {
    assert.equal(classifyStationaryPoint([1, 2]), 'minimum');
    assert.equal(classifyStationaryPoint([-2, -1]), 'maximum');
    assert.equal(classifyStationaryPoint([-1, 2]), 'saddle');
    assert.equal(classifyStationaryPoint([-1, 0, 2]), 'saddle');
    assert.equal(classifyStationaryPoint([0, 2]), 'degenerate');
    assert.equal(classifyStationaryPoint([0, 0]), 'degenerate');
    assert.equal(classifyStationaryPoint([]), 'degenerate');
  });

  it('counts curvature below a hundred-millionth of the largest as flat', () => {
    assert.equal(classifyStationaryPoint([1e-10, 2]), 'degenerate');
    assert.equal(classifyStationaryPoint([1e-6, 2]), 'minimum');
    assert.equal(classifyStationaryPoint([1e-18, 1e-12]), 'minimum', 'relative, whatever the scale');
  });
});
