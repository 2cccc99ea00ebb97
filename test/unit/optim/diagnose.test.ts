import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Objective } from '../../../src/core/objective';
import { diagnose } from '../../../src/core/optim/diagnose';
import type { Diagnosis } from '../../../src/core/optim/diagnosis';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { recordOfTrace, simulateTrace } from '../../../src/core/optim/record/fullTrace';
import { simulate } from '../../../src/core/optim/simulate';
import { DEFAULT_TOLERANCE, type OptimizerKind, type RunSettings, type Trace } from '../../../src/core/optim/types';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { negativeSquare, quadratic2d } from './testObjectives';

const square = REFERENCE_OBJECTIVES.quadratic1d!;

function settings(learningRate: number, maxSteps: number, optimizer: OptimizerKind = 'gd', tolerance = DEFAULT_TOLERANCE): RunSettings {
  return { learningRate, optimizer: defaultOptimizerSettings(optimizer), schedule: { kind: 'constant' }, maxSteps, tolerance };
}

/** The verdict and the facts never depend on the checks: these tests read them without running any. */
function runAndDiagnose(objective: Objective, start: number[], run: RunSettings): { trace: Trace; diagnosis: Diagnosis } {
  const trace = simulateTrace(objective, start, run);
  return { trace, diagnosis: diagnose(simulate(objective, start, run), objective, run, { check: false }) };
}

describe('diagnose: the worked example, f(x) = x² from x = 10, plain gradient descent', () => {
  it('η = 0.2 converges smoothly in about 25 steps', () => {
    const { diagnosis } = runAndDiagnose(square, [10], settings(0.2, 1000));
    assert.equal(diagnosis.verdict, 'converged');
    // |x| shrinks by 0.6 per step: the gradient 2|x| first reaches 1e-5 at step 29.
    assert.equal(diagnosis.convergedAt, 29);
    assert.deepEqual(diagnosis.overshootSteps, []);
    assert.equal(diagnosis.directionFlips, 0);
    assert.equal(diagnosis.cause, 'fine');
    assert.equal(diagnosis.divergedAt, null);
  });

  it('η = 0.9 oscillates, the sign flipping every step, but converges', () => {
    const { trace, diagnosis } = runAndDiagnose(square, [10], settings(0.9, 1000));
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.convergedAt, 66);
    // x ← −0.8x: every update reverses the previous one.
    assert.equal(diagnosis.directionFlips, diagnosis.convergedAt! - 1);
    for (let t = 1; t <= trace.steps; t++) assert.ok(trace.params[t]! * trace.params[t - 1]! < 0, `sign flips at step ${t}`);
  });

  it('η = 1.1 diverges from step 1, spiralling outward', () => {
    for (const maxSteps of [30, 1000]) {
      const { trace, diagnosis } = runAndDiagnose(square, [10], settings(1.1, maxSteps));
      assert.equal(diagnosis.verdict, 'diverged');
      assert.equal(diagnosis.divergence, 'loss-grew');
      assert.equal(diagnosis.divergedAt, 1);
      assert.equal(diagnosis.overshootSteps.length, trace.steps, 'the loss grew every step');
      assert.equal(diagnosis.directionFlips, trace.steps - 1);
      assert.equal(diagnosis.convergedAt, null);
    }
  });

  it('η = 0.001 for 200 steps is too slow: suggest 0.01', () => {
    const { diagnosis } = runAndDiagnose(square, [10], settings(0.001, 200));
    assert.equal(diagnosis.verdict, 'too-slow');
  });

  it('η = 0.2 cut off after 10 steps needs more steps, not a larger η', () => {
    const { diagnosis } = runAndDiagnose(square, [10], settings(0.2, 10));
    assert.equal(diagnosis.verdict, 'needs-more-steps');
  });

  it('a steady descent still far from the tolerance needs more steps', () => {
    // x² + 2y², L = 4, 2/L = 0.5: at η = 0.004 the run is still descending after 1000 steps.
    const { diagnosis } = runAndDiagnose(REFERENCE_OBJECTIVES.bowl2d!, [-5, -2], settings(0.004, 1000));
    assert.equal(diagnosis.verdict, 'needs-more-steps');
  });

  it('η = 1 (exactly 2/L) bounces forever', () => {
    const { diagnosis } = runAndDiagnose(square, [10], settings(1, 100));
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.convergedAt, null);
  });
});

describe('diagnose: tolerance', () => {
  it('with early stopping off, judges convergence by DEFAULT_TOLERANCE and where the run settled', () => {
    const { trace, diagnosis } = runAndDiagnose(square, [10], settings(0.2, 300, 'gd', 0));
    assert.equal(trace.steps, 300);
    assert.equal(diagnosis.tolerance, DEFAULT_TOLERANCE);
    assert.equal(diagnosis.verdict, 'converged');
    assert.equal(diagnosis.convergedAt, 29);
  });

  it('only judges the approach: the flips of x² at η = 0.9 after it settled do not count', () => {
    const { diagnosis } = runAndDiagnose(square, [10], settings(0.9, 1000, 'gd', 0));
    assert.equal(diagnosis.convergedAt, 66);
    assert.equal(diagnosis.directionFlips, 65);
  });

  it('uses the run’s own tolerance when it has one', () => {
    const { diagnosis } = runAndDiagnose(square, [10], settings(0.2, 1000, 'gd', 1e-2));
    assert.equal(diagnosis.tolerance, 1e-2);
    assert.equal(diagnosis.convergedAt, 15);
  });
});

describe('diagnose: stationary starts', () => {
  const cases: [string, Objective, number[], string][] = [
    ['the bottom of x² + y²', quadratic2d(1, 1), [0, 0], 'minimum'],
    ['the top of −x² − y²', quadratic2d(-1, -1), [0, 0], 'maximum'],
    ['the middle of x² − y²', quadratic2d(1, -1), [0, 0], 'saddle'],
    ['the flat bottom of x⁴ + y²', quadratic2d(0, 1, 1), [0, 0], 'degenerate'],
  ];
  for (const [where, objective, start, kind] of cases) {
    for (const tolerance of [DEFAULT_TOLERANCE, 0]) {
      it(`${where} is a ${kind} (tolerance ${tolerance})`, () => {
        const { diagnosis } = runAndDiagnose(objective, start, settings(0.1, 50, 'gd', tolerance));
        assert.equal(diagnosis.verdict, 'stationary');
        assert.deepEqual([diagnosis.cause, diagnosis.cause === 'stationary-start' && diagnosis.point], ['stationary-start', kind]);
        assert.equal(diagnosis.next, null);
        assert.equal(diagnosis.convergedAt, 0);
      });
    }
  }

  it('Adam cannot move from a zero gradient either', () => {
    const { trace, diagnosis } = runAndDiagnose(quadratic2d(1, -1), [0, 0], settings(0.1, 50, 'adam', 0));
    assert.equal(trace.steps, 50);
    assert.ok(trace.params.every((p) => p === 0));
    assert.equal(diagnosis.cause === 'stationary-start' && diagnosis.point, 'saddle');
  });
});

describe('diagnose: saddles, divergence and no minimum', () => {
  it('converging onto the saddle of x² − y² along y = 0 ends at a saddle', () => {
    const { diagnosis } = runAndDiagnose(quadratic2d(1, -1), [1, 0], settings(0.1, 1000));
    assert.equal(diagnosis.verdict, 'converged');
    assert.equal(diagnosis.cause, 'saddle');
  });

  it('a minimum is not a saddle', () => {
    assert.notEqual(runAndDiagnose(quadratic2d(1, 2), [1, 1], settings(0.1, 1000)).diagnosis.cause, 'saddle');
  });

  it('overflow is divergence at the update that went non-finite', () => {
    const { trace, diagnosis } = runAndDiagnose(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], settings(0.01, 1000));
    assert.equal(trace.stop, 'non-finite');
    assert.equal(diagnosis.verdict, 'diverged');
    assert.equal(diagnosis.divergence, 'non-finite');
    assert.equal(diagnosis.divergedAt, trace.nonFiniteAt);
  });

  it('a loss falling without bound is diverged, with no minimum, and no smaller η is suggested', () => {
    const { diagnosis } = runAndDiagnose(negativeSquare, [1], settings(0.1, 100));
    assert.equal(diagnosis.verdict, 'diverged');
    assert.equal(diagnosis.divergence, 'unbounded-below');
    assert.deepEqual([diagnosis.cause, diagnosis.next], ['no-minimum', null]);
  });

  it('a loss falling until the numbers overflow has no minimum either: x² − y² at η = 0.4', () => {
    const { trace, diagnosis } = runAndDiagnose(quadratic2d(1, -1), [1, 1], settings(0.4, 1000));
    assert.equal(trace.stop, 'non-finite');
    assert.deepEqual([diagnosis.verdict, diagnosis.divergence, diagnosis.cause], ['diverged', 'unbounded-below', 'no-minimum']);
  });

  it('parameters running off while the loss stays bounded are diverged', () => {
    // A hand-made run: x doubles every step while the loss sits at 1.
    const steps = 40;
    const trace: Trace = {
      variables: ['x'],
      steps,
      loss: new Float64Array(steps + 1).fill(1),
      gradientNorms: new Float64Array(steps + 1).fill(1),
      learningRates: new Float64Array(steps).fill(0.1),
      params: Float64Array.from({ length: steps + 1 }, (_, t) => 2 ** t),
      stop: 'max-steps',
      nonFiniteAt: null,
    };
    const diagnosis = diagnose(recordOfTrace(trace, DEFAULT_TOLERANCE), quadratic2d(1, 0), settings(0.1, steps), { check: false });
    assert.equal(diagnosis.verdict, 'diverged');
    assert.equal(diagnosis.divergence, 'params-exploded');
    assert.equal(diagnosis.divergedAt, 20, 'the first step beyond 1e6 × the start');
  });
});

describe('diagnose: sensible verdicts on the classic test functions', () => {
  const rosenbrock = REFERENCE_OBJECTIVES.rosenbrock!;
  const beale = REFERENCE_OBJECTIVES.beale!;
  const himmelblau = REFERENCE_OBJECTIVES.himmelblau!;
  const table: [string, Objective, number[], OptimizerKind, number, number, string][] = [
    // name, objective, start, optimizer, η, steps, verdict
    ['Rosenbrock, gd, η tiny', rosenbrock, [-1.5, 2], 'gd', 1e-5, 1000, 'too-slow'],
    ['Rosenbrock, gd, 10η would cross 2/L', rosenbrock, [-1.5, 2], 'gd', 1e-4, 1000, 'too-slow'],
    ['Rosenbrock, gd, η at 2/L already', rosenbrock, [-1.5, 2], 'gd', 1e-3, 1000, 'too-slow'],
    ['Rosenbrock, gd, η past 2/L', rosenbrock, [-1.5, 2], 'gd', 1e-2, 1000, 'diverged'],
    ['Rosenbrock, momentum', rosenbrock, [-1.5, 2], 'momentum', 1e-3, 1000, 'needs-more-steps'],
    ['Rosenbrock, Adam 1e-2, 1000 steps', rosenbrock, [-1.5, 2], 'adam', 1e-2, 1000, 'too-slow'],
    ['Rosenbrock, Adam 1e-2, 2000 steps', rosenbrock, [-1.5, 2], 'adam', 1e-2, 2000, 'needs-more-steps'],
    ['Rosenbrock, Adam 1e-1', rosenbrock, [-1.5, 2], 'adam', 1e-1, 1000, 'needs-more-steps'],
    ['Beale, gd', beale, [1, 1], 'gd', 0.03, 1000, 'needs-more-steps'],
    ['Beale, gd, too large', beale, [1, 1], 'gd', 0.1, 1000, 'diverged'],
    ['Beale, Adam', beale, [1, 1], 'adam', 0.03, 1000, 'converged'],
    ['Beale, Adam, bouncing', beale, [1, 1], 'adam', 0.3, 1000, 'oscillating'],
    // Momentum that bounces and settles is the method working (as the sweep counts it): no η ÷ 10.
    ['Beale, momentum, bouncing', beale, [1, 1], 'momentum', 0.01, 1000, 'oscillating'],
    ['Himmelblau, gd', himmelblau, [0, 0], 'gd', 0.01, 1000, 'converged'],
    ['Himmelblau, gd, bouncing', himmelblau, [0, 0], 'gd', 0.03, 1000, 'oscillating'],
    ['Himmelblau, gd, too large', himmelblau, [0, 0], 'gd', 0.1, 1000, 'diverged'],
    ['Himmelblau, Adam, tiny', himmelblau, [0, 0], 'adam', 1e-4, 1000, 'too-slow'],
    ['Himmelblau, Adam', himmelblau, [0, 0], 'adam', 0.01, 1000, 'converged'],
  ];
  for (const [name, objective, start, optimizer, learningRate, maxSteps, verdict] of table) {
    it(`${name} (η = ${learningRate}, ${maxSteps} steps): ${verdict}`, () => {
      const { diagnosis } = runAndDiagnose(objective, start, settings(learningRate, maxSteps, optimizer));
      assert.equal(diagnosis.verdict, verdict);
    });
  }

  it('oscillating runs that settle keep where they converged', () => {
    const { diagnosis } = runAndDiagnose(beale, [1, 1], settings(0.3, 1000, 'adam'));
    assert.ok(diagnosis.convergedAt !== null && diagnosis.convergedAt < 1000);
    assert.ok(diagnosis.overshootSteps.length >= 3);
  });

  it('the critical η comes from the curvature met along the path; the start’s is kept beside it', () => {
    const { diagnosis } = runAndDiagnose(rosenbrock, [-1.5, 2], settings(1e-4, 1000));
    assert.ok(Math.abs(diagnosis.criticalLearningRateAtStart! - 9.56e-4) < 1e-6);
    assert.ok(diagnosis.criticalLearningRate! <= diagnosis.criticalLearningRateAtStart!);
  });
});
