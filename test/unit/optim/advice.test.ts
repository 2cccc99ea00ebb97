import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Objective } from '../../../src/core/objective';
import { advise, type Advice } from '../../../src/core/optim/advice';
import { diagnose } from '../../../src/core/optim/diagnose';
import { formatCount, formatNumber } from '../../../src/core/optim/format';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { simulate } from '../../../src/core/optim/simulate';
import { stabilityAt } from '../../../src/core/optim/stability';
import { DEFAULT_TOLERANCE, type OptimizerKind, type RunSettings } from '../../../src/core/optim/types';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { negativeSquare, quadratic2d } from './testObjectives';

const square = REFERENCE_OBJECTIVES.quadratic1d!;

function adviceFor(objective: Objective, start: number[], learningRate: number, maxSteps: number, optimizer: OptimizerKind = 'gd'): Advice {
  const run: RunSettings = {
    learningRate,
    optimizer: defaultOptimizerSettings(optimizer),
    schedule: { kind: 'constant' },
    maxSteps,
    tolerance: DEFAULT_TOLERANCE,
  };
  const stability = stabilityAt(objective, start);
  return advise(diagnose(simulate(objective, start, run), objective, run, stability), run, stability);
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
    const { advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 1e-3, 1000);
    assert.match(advice, /already close to the critical learning rate/);
    assert.doesNotMatch(advice, /Try η/);
    assert.match(advice, /Momentum or Adam may help/);
  });

  it('overflow names the step', () => {
    const { headline, advice } = adviceFor(REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2], 0.01, 1000);
    assert.match(headline, /^Diverged at step \d+: the loss overflowed$/);
    assert.match(advice, /Try η = 0\.001 \(÷10\)/);
  });

  it('bouncing with momentum mentions momentum', () => {
    const { headline, advice } = adviceFor(REFERENCE_OBJECTIVES.beale!, [1, 1], 0.01, 1000, 'momentum');
    assert.match(headline, /^Oscillating, but converged at step \d+$/);
    assert.match(advice, /Momentum \(0\.9\) also carries the steps past the minimum/);
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
