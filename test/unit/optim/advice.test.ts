import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Objective } from '../../../src/core/objective';
import { advise, type Advice } from '../../../src/core/optim/advice';
import { formatSteps } from '../../../src/core/optim/advicePhrases';
import { diagnose, type RunDiagnosis } from '../../../src/core/optim/diagnose';
import { formatCount, formatNumber } from '../../../src/core/optim/format';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { simulate } from '../../../src/core/optim/simulate';
import { stabilityAt } from '../../../src/core/optim/stability';
import { compileFormula } from '../../../src/core/formula';
import { DEFAULT_TOLERANCE, type OptimizerKind, type OptimizerSettings, type RunSettings } from '../../../src/core/optim/types';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { negativeSquare, quadratic2d } from './testObjectives';

const square = REFERENCE_OBJECTIVES.quadratic1d!;

function adviceFor(
  objective: Objective,
  start: number[],
  learningRate: number,
  maxSteps: number,
  optimizer: OptimizerKind = 'gd',
  overrides: Partial<Record<'momentum' | 'dampening' | 'weightDecay', number>> = {},
): Advice & { diagnosis: RunDiagnosis } {
  const run: RunSettings = {
    learningRate,
    optimizer: { ...defaultOptimizerSettings(optimizer), ...overrides } as OptimizerSettings,
    schedule: { kind: 'constant' },
    maxSteps,
    tolerance: DEFAULT_TOLERANCE,
  };
  const stability = stabilityAt(objective, start);
  const diagnosis = diagnose(simulate(objective, start, run), objective, run, stability);
  return { diagnosis, ...advise(diagnosis, run, stability) };
}

describe('advise: the worked example reads right', () => {
  it('η = 0.2: converged, η about right', () => {
    const { headline, advice } = adviceFor(square, [10], 0.2, 1000);
    assert.equal(headline, 'Converged at step 29');
    assert.match(advice, /η = 0\.2 is about right/);
  });

  it('η = 0.9: oscillating, settles anyway, try 0.09', () => {
    const { headline, advice } = adviceFor(square, [10], 0.9, 1000);
    assert.equal(headline, 'Oscillating, but converged at step 66');
    assert.match(advice, /overshoots the minimum and bounces back/);
    assert.match(advice, /reversed direction on 65 of 65 steps/);
    assert.match(advice, /settles/);
    assert.match(advice, /Try η = 0\.09 \(÷10\)|try η = 0\.09 \(÷10\)/);
  });

  it('η = 1.1: diverged at step 1, the loss grew every step, try 0.11, mentions 2/L', () => {
    const { headline, advice } = adviceFor(square, [10], 1.1, 30);
    assert.equal(headline, 'Diverged at step 1: the loss grew every step');
    assert.match(advice, /spiral outward/);
    assert.match(advice, /Try η = 0\.11 \(÷10\)/);
    assert.match(advice, /critical learning rate 2\/L ≈ 1 \(L = 2/);
  });

  it('η = 0.001: too slow, try 0.01', () => {
    const { headline, advice } = adviceFor(square, [10], 0.001, 200);
    assert.equal(headline, 'Too slow: not converged after 200 steps');
    assert.match(advice, /η = 0\.001 is too small\. Try η = 0\.01 \(×10\)\./);
  });

  it('η = 0.2 cut short: raise the step limit, not η', () => {
    const { headline, advice } = adviceFor(square, [10], 0.2, 10);
    assert.equal(headline, 'Still descending at the step limit (10)');
    assert.match(advice, /raise the step limit to about 29/);
    assert.match(advice, /Raising η tenfold would not help/);
  });
});

describe('advise: other verdicts', () => {
  it('too slow in an ill-conditioned valley: stay below 2/L, momentum or Adam may help', () => {
    const { advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 1e-4, 1000);
    assert.match(advice, /critical learning rate 2\/L ≈ 9\.56e-4/);
    assert.match(advice, /Try η = 8\.6e-4, just below it/);
    assert.match(advice, /ill-conditioned \(curvatures from 9\.75 to 2090 at the start\)/);
    assert.match(advice, /Momentum or Adam may help/);
  });

  it('too slow with η already at the limit: no larger η, still the valley advice', () => {
    // 1e-3 is past 2/L ≈ 9.56e-4 at the start, yet the run holds: the valley curves less along the path.
    const { advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 1e-3, 1000);
    assert.match(advice, /η is already past the critical learning rate 2\/L ≈ 9\.56e-4 at the start/);
    assert.doesNotMatch(advice, /Try η/);
    assert.match(advice, /Momentum or Adam may help/);
  });

  it('too slow just below the limit: close to it, not past it', () => {
    const { advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 9e-4, 1000);
    assert.match(advice, /η is already close to the critical learning rate 2\/L ≈ 9\.56e-4: any larger/);
  });

  it('momentum with β = 0 is plain gradient descent: its bouncing is η’s, so η ÷ 10', () => {
    const { diagnosis, advice } = adviceFor(REFERENCE_OBJECTIVES.quadratic1d!, [10], 0.9, 1000, 'momentum', { momentum: 0 });
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.suggestedLearningRate, 0.09);
    assert.doesNotMatch(advice, /momentum/i);
  });

  it('η × 10 with momentum gets there sooner, not in a tenth of the steps (only gradient descent scales so)', () => {
    const { diagnosis, advice } = adviceFor(REFERENCE_OBJECTIVES.quadratic1d!, [10], 0.001, 200, 'momentum');
    assert.equal(diagnosis.verdict, 'needs-more-steps');
    assert.match(advice, /Or raise η: 0\.01 \(×10\) stays below .* and would get there sooner\./);
  });

  it('overflow names the step', () => {
    const { headline, advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 0.01, 1000);
    assert.match(headline, /^Diverged at step \d+: the loss overflowed$/);
    assert.match(advice, /Try η = 0\.001 \(÷10\)/);
  });

  it('bouncing with momentum that settles: the bouncing is momentum, η is fine', () => {
    const { headline, advice } = adviceFor(REFERENCE_OBJECTIVES.beale!, [1, 1], 0.01, 1000, 'momentum');
    assert.match(headline, /^Oscillating, but converged at step \d+$/);
    assert.match(advice, /^The bouncing is momentum \(β = 0\.9\) carrying the steps past the minimum and back/);
    assert.match(advice, /η = 0\.01 is fine/);
    assert.doesNotMatch(advice, /÷10|[Tt]ry η/);
  });

  it('bouncing for ever: too large, try ÷10', () => {
    const { headline, advice } = adviceFor(REFERENCE_OBJECTIVES.himmelblau!, [0, 0], 0.03, 1000);
    assert.match(headline, /^Oscillating: the update reversed direction on \d+ of 999 steps$/);
    assert.match(advice, /η = 0\.03 is too large\. Try η = 0\.003 \(÷10\)\./);
  });

  it('no minimum: says so instead of suggesting η', () => {
    const { headline, advice } = adviceFor(negativeSquare, [1], 0.1, 100);
    assert.equal(headline, 'Diverged: the loss falls without bound');
    assert.match(advice, /no minimum/);
    assert.doesNotMatch(advice, /Try η/);
  });

  it('stationary starts: what the point is, and to change the start point', () => {
    const minimum = adviceFor(quadratic2d(1, 1), [0, 0], 0.1, 10);
    assert.match(minimum.headline, /Already at a minimum/);
    assert.match(minimum.advice, /Move the start point/);
    const saddle = adviceFor(quadratic2d(1, -1), [0, 0], 0.1, 10);
    assert.match(saddle.headline, /saddle point/);
    assert.match(saddle.advice, /cannot move\. Change the start point/);
    assert.match(adviceFor(quadratic2d(-1, -1), [0, 0], 0.1, 10).headline, /maximum/);
    assert.match(adviceFor(quadratic2d(0, 1, 1), [0, 0], 0.1, 10).advice, /cannot move from here; change the start point/);
  });

  it('ending on a saddle says so', () => {
    const { headline, advice } = adviceFor(quadratic2d(1, -1), [1, 0], 0.1, 1000);
    assert.equal(headline, 'Converged at step 55, on a saddle point');
    assert.match(advice, /saddle point, not a minimum/);
  });
});

describe('formatNumber', () => {
  it('keeps 3 significant digits, no trailing zeros, exponents when tiny or huge', () => {
    const cases: [number, string][] = [
      [0.2, '0.2'],
      [0.09, '0.09'],
      [0.11000000000000001, '0.11'],
      [1, '1'],
      [2092.2, '2090'],
      [12.5, '12.5'],
      [0.001, '0.001'],
      [0.00099999, '0.001'],
      [9.559e-4, '9.56e-4'],
      [1e-5, '1e-5'],
      [99999.9, '1e5'],
      [5.6e6, '5.6e6'],
      [-3.5e-7, '−3.5e-7'],
      [0, '0'],
      [Infinity, '∞'],
      [Number.NaN, 'NaN'],
    ];
    for (const [x, text] of cases) assert.equal(formatNumber(x), text, String(x));
    assert.equal(formatNumber(2092.2, 4), '2092');
  });

  it('formatCount groups thousands', () => {
    assert.equal(formatCount(12169.4), '12,169');
    assert.equal(formatCount(7), '7');
  });
});

describe('advise: momentum that bounces and settles is the method working, as the sweep counts it', () => {
  it('x², η = 0.0658: converged at 199 while bouncing; η is fine, no η ÷ 10 (which converges later, at 227)', () => {
    const { diagnosis, headline, advice } = adviceFor(square, [10], 0.0658, 1000, 'momentum');
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.suggestedLearningRate, null);
    assert.equal(headline, 'Oscillating, but converged at step 199');
    assert.equal(
      advice,
      'The bouncing is momentum (β = 0.9) carrying the steps past the minimum and back (the loss went up on 87 of 199 steps), ' +
        "and it settled: the run converged at step 199. η = 0.0658 is fine: the overshoot is momentum's, not η's. " +
        'For a smoother curve, lower the momentum.',
    );
    // What η ÷ 10 would have done: converge later, and bounce just the same.
    const tenth = adviceFor(square, [10], 0.00658, 1000, 'momentum');
    assert.equal(tenth.headline, 'Oscillating, but converged at step 227');
    assert.equal(tenth.diagnosis.suggestedLearningRate, null);
  });

  it('Nesterov says Nesterov momentum', () => {
    const { diagnosis, advice } = adviceFor(square, [10], 0.1, 1000, 'nesterov');
    assert.equal(diagnosis.suggestedLearningRate, null);
    assert.match(advice, /^The bouncing is Nesterov momentum \(β = 0\.9\) carrying the steps past the minimum and back .* converged at step 64\. η = 0\.1 is fine/);
  });

  it('above the optimizer’s own critical η, a run that settled still gets η ÷ 10 and the limit', () => {
    // x⁴ + x² from x = 1: L = 14 at the start, so Nesterov's limit is 0.0969; the curvature eases on the way down.
    const { diagnosis, advice } = adviceFor(compileFormula('x^4 + x^2'), [1], 0.136, 1000, 'nesterov');
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.notEqual(diagnosis.convergedAt, null);
    assert.equal(diagnosis.suggestedLearningRate, 0.0136);
    assert.match(advice, /η = 0\.136 is on the large side: for a smooth descent, try η = 0\.0136 \(÷10\)\./);
    assert.match(advice, /η is above the stability limit of Nesterov momentum/);
  });

  it('momentum that never settles keeps η ÷ 10', () => {
    const { diagnosis, advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 0.002, 1000, 'momentum');
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.convergedAt, null);
    assert.match(advice, /^The loss bounces instead of settling: η = 0\.002 is too large\. Try η = 2e-4 \(÷10\)\./);
    assert.match(advice, /Momentum \(0\.9\) also carries the steps past the minimum; less momentum damps the bouncing\.$/);
  });
});

describe('advise: the ill-conditioned valley and the optimizers it names', () => {
  it('one curvature is no ill-conditioned valley: x², η = 0.15, 5 steps', () => {
    const { diagnosis, advice } = adviceFor(square, [10], 0.15, 5);
    assert.equal(diagnosis.verdict, 'too-slow');
    assert.equal(diagnosis.illConditioned, true, 'η × 10 crosses 2/L');
    assert.match(advice, /But η × 10 would cross the critical learning rate 2\/L ≈ 1, .* Try η = 0\.9, just below it\.$/);
    assert.doesNotMatch(advice, /ill-conditioned|curvatures from 2 to 2|may help/);
  });

  it('Nesterov in the Rosenbrock valley: named as Nesterov, and only Adam offered', () => {
    const { advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 1e-4, 1000, 'nesterov');
    assert.match(advice, /ill-conditioned \(curvatures from [\d.]+ to \d+ at the start\): steep across, nearly flat along, so Nesterov crawls\. Adam may help\./);
    assert.doesNotMatch(advice, /nesterov|Momentum or Adam/);
  });

  it('plain gradient descent is offered both', () => {
    const { advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 1e-4, 1000);
    assert.match(advice, /so plain gradient descent crawls\. Momentum or Adam may help\./);
  });
});

describe('advise: the critical η is worded for the optimizer as it is set', () => {
  it('with weight decay, 2/(L + weight decay)', () => {
    const { advice } = adviceFor(square, [10], 1.1, 30, 'gd', { weightDecay: 0.5 });
    assert.match(advice, /η is above the critical learning rate 2\/\(L \+ weight decay\) ≈ 0\.8 \(L = 2 is the largest curvature at the start\)/);
  });

  it('momentum with weight decay or dampening', () => {
    assert.match(adviceFor(square, [10], 2.5, 30, 'momentum', { weightDecay: 0.5 }).advice, /stability limit of momentum, 2\(1 \+ β\)\/\(L \+ weight decay\) ≈ 1\.52/);
    assert.match(adviceFor(square, [10], 4, 30, 'momentum', { dampening: 0.5 }).advice, /stability limit of momentum, 2\(1 \+ β\)\/\(\(1 − dampening\)L\) ≈ 3\.8/);
    assert.match(
      adviceFor(square, [10], 1, 30, 'nesterov', { weightDecay: 0.5 }).advice,
      /stability limit of Nesterov momentum, 2\(1 \+ β\)\/\(\(1 \+ 2β\)\(L \+ weight decay\)\) ≈ 0\.543/,
    );
  });
});

describe('advise: counts of steps', () => {
  it('one step is a step', () => {
    assert.equal(formatSteps(1), '1 step');
    assert.equal(formatSteps(1000), '1,000 steps');
    assert.equal(adviceFor(square, [10], 0.001, 1).headline, 'Too slow: not converged after 1 step');
  });
});
