/**
 * The words of a diagnosis: a few golden sentences per cause, from real runs. Decisions are tested on data in
 * test/unit/optim/recommendation.test.ts; a change of wording breaks only these.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compileFormula } from '../../../src/core/formula';
import { diagnose } from '../../../src/core/optim/diagnose';
import type { Cause } from '../../../src/core/optim/diagnosis';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { defaultScheduleSettings } from '../../../src/core/optim/schedules';
import { defaultRunSettings } from '../../../src/core/optim/settings';
import { simulate } from '../../../src/core/optim/simulate';
import type { OptimizerKind, RunSettings } from '../../../src/core/optim/types';
import { describeDiagnosis, describeFacts, type DiagnosisWords, type Fact } from '../../../src/words/diagnosis';

function settings(learningRate: number, optimizer: OptimizerKind = 'gd', extra: Partial<RunSettings> = {}): RunSettings {
  return { ...defaultRunSettings(), learningRate, optimizer: defaultOptimizerSettings(optimizer), ...extra };
}

function words(formula: string, start: number[], run: RunSettings, cause: Cause): DiagnosisWords & { facts: Fact[] } {
  const objective = compileFormula(formula);
  const d = diagnose(simulate(objective, start, run), objective, run);
  assert.equal(d.cause, cause);
  return { ...describeDiagnosis(d, run, objective.variables), facts: describeFacts(d, run, objective.variables) };
}

describe('words, by cause', () => {
  it('fine', () => {
    const w = words('x^2', [10], settings(0.2), 'fine');
    assert.equal(w.headline, 'Converged at step 29');
    assert.equal(w.advice, 'The loss fell smoothly until the gradient was within the tolerance (1e-5): η = 0.2 is about right.');
    assert.equal(w.ruleOfThumb, 'Rule of thumb: drops quickly, then levels off → keep η. Checked: η × 10 = 2 diverges.');
    assert.equal(w.action, null);
    assert.deepEqual(w.facts[0], { term: 'Critical η', value: '2/L = 1 (L = 2, the largest curvature met along the path); η is 0.2× this' });
  });

  it('lr-too-small: converged but slowly, and too slow', () => {
    const slow = words('x^2', [10], settings(0.01), 'lr-too-small');
    assert.equal(slow.advice, 'The loss fell smoothly, but slowly: η = 0.01 is too small. With η = 0.5 it converges at step 1.');
    assert.equal(slow.ruleOfThumb, 'Rule of thumb: a flat curve → η × 10. Checked: η × 10 = 0.1 converges at step 66.');
    assert.equal(slow.action, 'Use η = 0.5: converges in 1 step');
    const flat = words('x^2', [10], settings(0.001), 'lr-too-small');
    assert.equal(flat.headline, 'Too slow: not converged after 1,000 steps');
    assert.match(flat.advice, /^The loss is falling too slowly to converge: η = 0\.001 is too small\./);
  });

  it('plateau', () => {
    const w = words('tanh(x)^2', [4], settings(0.1), 'plateau');
    assert.equal(
      w.advice,
      'The run started on a plateau: the gradient there is only 0.00268, so small steps barely move it, and η = 0.1 is too small to cross it. With η = 0.5 it converges at step 382.',
    );
    assert.equal(w.ruleOfThumb, 'Rule of thumb: a flat curve → η × 10. Checked: η × 10 = 1 bounces without settling.');
    assert.equal(w.action, 'Use η = 0.5: converges in 382 steps');
  });

  it('lr-too-large: diverged, and bouncing for ever', () => {
    const grew = words('x^2', [10], settings(1.1, 'gd', { maxSteps: 30 }), 'lr-too-large');
    assert.equal(grew.headline, 'Diverged at step 1: the loss grew every step');
    assert.match(grew.advice, /^Each update overshoots the minimum by more than it corrects, so the steps spiral outward and the loss grows: η = 1\.1 is too large\. It is above the critical η 2\/L ≈ 1 \(L = 2, the largest curvature met\)\./);
    assert.equal(grew.ruleOfThumb, 'Rule of thumb: bouncing or growing → η ÷ 10. Checked: η ÷ 10 = 0.11 is still descending after 30 steps.');
    const bouncing = words('log(cosh(x))', [5], settings(3), 'lr-too-large');
    assert.equal(bouncing.headline, 'Oscillating: the update reversed direction on 998 of 999 steps');
    assert.equal(bouncing.advice, 'The loss bounces instead of settling: η = 3 is too large. It is above the critical η 2/L ≈ 2 (L = 1, the largest curvature met). With η = 1 it converges at step 7.');
    assert.equal(bouncing.facts[0]!.value, '2/L = 2 (L = 1, the largest curvature met along the path); at the start 2/L = 11000; η is 1.5× this');
  });

  it('step-limit: the run needs more steps, checked', () => {
    const w = words('x^2', [10], settings(0.1, 'gd', { maxSteps: 0 }), 'step-limit');
    assert.equal(w.headline, 'No updates: the step limit is 0');
    assert.equal(w.advice, 'Raise the step limit to let gradient descent move. With a step limit of 1,000 it converges at step 66.');
    assert.equal(w.action, 'Use a step limit of 1,000: converges in 66 steps');
  });

  it('ill-conditioned', () => {
    const w = words('(1 - x)^2 + 100*(y - x^2)^2', [-1.5, 2], settings(1e-3), 'ill-conditioned');
    assert.equal(
      w.advice,
      'The valley is ill-conditioned: the curvatures met range from 0.00518 to 2090, so η is capped by the steepest direction (the critical η 2/L ≈ 9.56e-4) and plain gradient descent crawls along the flattest. No η of plain gradient descent checked gets there within 1,000 steps. With Adam at η = 2 it converges at step 745.',
    );
    assert.equal(w.action, 'Use Adam at η = 2: converges in 745 steps');
  });

  it('momentum-bounce', () => {
    const w = words('0.5*(100*x^2 + y^2)', [3, -2], settings(0.01, 'momentum'), 'momentum-bounce');
    assert.equal(w.headline, 'Oscillating, but converged at step 284');
    assert.equal(
      w.advice,
      'The bouncing is momentum (β = 0.9) carrying the steps past the minimum and back (the loss went up on 137 of 284 steps), and no smaller η checked settles sooner: η = 0.01 is fine. For a smoother curve, lower the momentum.',
    );
    assert.equal(w.action, null);
  });

  it('schedule: annealed, exhausted, and a warmup short of a peak past the critical η', () => {
    const annealed = words('x^2', [10], settings(0.05, 'gd', { schedule: defaultScheduleSettings('cosine', 200), maxSteps: 200 }), 'schedule');
    assert.equal(
      annealed.advice,
      'The cosine schedule had brought η down to 3.08e-6 by the end (from 0.05): the loss stopped falling because η did, not because η = 0.05 is wrong. With η = 0.5 it converges at step 1.',
    );
    const exhausted = words('x^2', [10], settings(0.05, 'gd', { schedule: { kind: 'exponential', gamma: 0.99 }, maxSteps: 200 }), 'schedule');
    assert.match(exhausted.advice, /^The exponential schedule had brought η down to 0\.00677 by the end \(from 0\.05\), and all the η it has left adds up to too little/);
    const warmup = words('x^2', [10], settings(5, 'gd', { schedule: defaultScheduleSettings('warmup-cosine', 1000) }), 'schedule');
    assert.equal(
      warmup.advice,
      'It converged during the warmup + cosine schedule’s warmup, at η up to 0.5: the peak η = 5 was never reached. That peak is at or above the critical η 2/L ≈ 1: a longer run would reach it, where the steps overshoot, so keep the peak below it.',
    );
  });

  it('a one-cycle schedule with its own peak is spoken of by its peak', () => {
    const w = words('x^2', [10], settings(0.01, 'gd', { schedule: { ...defaultScheduleSettings('onecycle', 100), maxLr: 5 }, maxSteps: 100 }), 'lr-too-large');
    assert.match(w.advice, /the one-cycle peak η = 5 is too large/);
    assert.equal(w.ruleOfThumb, 'Rule of thumb: bouncing or growing → η ÷ 10. Checked: the peak ÷ 10 = 0.5 converges at step 24.');
    assert.equal(w.action, 'Use the one-cycle peak η = 0.5: converges in 24 steps');
  });

  it('no-minimum', () => {
    const w = words('x^2 - y^2', [1, 1], settings(0.4), 'no-minimum');
    assert.equal(w.headline, 'Diverged: the loss falls without bound');
    assert.match(w.advice, /^The loss keeps falling while the parameters run away: this formula has no minimum in the direction the run went, so no learning rate can converge\./);
    assert.equal(w.action, null);
    assert.doesNotMatch(w.advice, /η = /);
  });

  it('local-minimum', () => {
    const w = words('(x^2 - 1)^2 + 0.3*x', [2], settings(0.01), 'local-minimum');
    assert.equal(
      w.advice,
      'It converged, but to a local minimum (loss 0.2941): a run from another start found a lower one, loss −0.3054 at x = −1.036. A larger η carries the run over the ridge: with η = 0.1 it converges there at step 10.',
    );
    assert.deepEqual(w.facts[1], { term: 'Lower minimum', value: 'loss −0.3054 at x = −1.036' });
    assert.equal(w.action, 'Use η = 0.1: converges in 10 steps');
  });

  it('saddle and stationary start', () => {
    const saddle = words('x^2 - y^2', [1, 0], settings(0.1), 'saddle');
    assert.equal(saddle.headline, 'Converged at step 55, on a saddle point');
    assert.match(saddle.advice, /came to rest on a saddle point, not a minimum/);
    const stuck = words('x^2 - y^2', [0, 0], settings(0.1), 'stationary-start');
    assert.equal(stuck.headline, 'Stuck on a saddle point: the gradient is zero at the start');
  });

  it('the critical η of the adaptive optimizers: none, and why', () => {
    const w = words('x^2', [10], settings(0.1, 'adam'), 'fine');
    assert.deepEqual(w.facts[0], { term: 'Critical η', value: 'none: Adam scales each step by the gradient’s size, so the curvature sets no limit' });
  });

  it('what the checks ran, named: the runs from the run’s start, and the count from other starts', () => {
    const w = words('x^2', [10], settings(0.01), 'lr-too-small');
    assert.deepEqual(w.facts.at(-1), {
      term: 'Checked',
      value: '9 runs: η = 0.1: converged at step 66 · η = 1: bounced · η = 0.3: converged at step 16 · η = 0.5: converged at step 1 · η = 0.2: converged at step 29 · 4 from other starts',
    });
  });
});
