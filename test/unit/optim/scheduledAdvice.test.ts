/**
 * Advice for runs under a learning-rate schedule: every number it names is what a real run with that setting does.
 * Each test runs the setting the advice suggests (the step limit with the schedule as the extension and the CLI
 * would fit it to that limit, or the larger η) and checks where it converges.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compileFormula } from '../../../src/core/formula';
import type { Objective } from '../../../src/core/objective';
import { advise } from '../../../src/core/optim/advice';
import { diagnose, type DiagnoseOptions, type RunDiagnosis } from '../../../src/core/optim/diagnose';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { defaultScheduleSettings } from '../../../src/core/optim/schedules';
import { Simulation, simulate } from '../../../src/core/optim/simulate';
import { stabilityAt } from '../../../src/core/optim/stability';
import {
  DEFAULT_TOLERANCE,
  SCHEDULE_KINDS,
  type OptimizerKind,
  type RunSettings,
  type ScheduleSettings,
  type Trace,
} from '../../../src/core/optim/types';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { quadratic2d } from './testObjectives';

const square = REFERENCE_OBJECTIVES.quadratic1d!;

function settingsFor(learningRate: number, schedule: ScheduleSettings, maxSteps: number, optimizer: OptimizerKind = 'gd'): RunSettings {
  return { learningRate, optimizer: defaultOptimizerSettings(optimizer), schedule, maxSteps, tolerance: DEFAULT_TOLERANCE };
}

interface Outcome {
  readonly diagnosis: RunDiagnosis;
  readonly headline: string;
  readonly advice: string;
}

function runAndAdvise(objective: Objective, start: number[], settings: RunSettings, options?: DiagnoseOptions): Outcome {
  const stability = stabilityAt(objective, start);
  const diagnosis = diagnose(simulate(objective, start, settings), objective, settings, stability, options);
  return { diagnosis, ...advise(diagnosis, settings, stability) };
}

/** The numbers a pattern captured, as numbers ("2,200" → 2200); fails when the advice does not match it. */
function numbersIn(advice: string, pattern: RegExp): number[] {
  const match = pattern.exec(advice);
  assert.ok(match, `advice should match ${pattern}:\n${advice}`);
  return match.slice(1).map((text) => Number(text!.replace(/,/g, '')));
}

/** Runs `settings` and returns where it converged (failing when it did not). */
function convergesAt(objective: Objective, start: number[], settings: RunSettings): number {
  const trace: Trace = simulate(objective, start, settings);
  assert.equal(trace.stop, 'converged', `${JSON.stringify(settings.schedule)} at η = ${settings.learningRate} for ${settings.maxSteps} steps should converge`);
  return trace.steps;
}

/** The stated step limit is what the run needs: it converges within it, and not in a small part of it. */
function assertStepLimitHolds(objective: Objective, start: number[], limit: number, statedAt: number, settings: RunSettings): void {
  const at = convergesAt(objective, start, settings);
  assert.equal(at, statedAt, 'converges where the advice says');
  assert.ok(at <= limit, `converges within the stated limit (${at} ≤ ${limit})`);
  assert.ok(at > limit / 2, `the stated limit is not far more than needed (${at} of ${limit})`);
}

const STEP_LIMIT_STRETCHED = /Raise the step limit to ([\d,]+) steps and the [a-z +-]+ schedule stretches with it: that run converges at step ([\d,]+)\./;
const RAISE_η_CHECKED = /Or raise η: ([\d.e-]+) \(×10\) stays below [^,]+, and with the same schedule and step limit it converges at step ([\d,]+)\./;

describe('advice under a schedule: the step limit it names is checked by running it', () => {
  it('cosine annealing over the run (x², η = 0.05, 200 steps): the schedule annealed η to nothing; 290 steps, not 990', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('cosine', 200), 200);
    const { diagnosis, headline, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'needs-more-steps');
    assert.equal(headline, 'Still descending at the step limit (200)');
    // The old projection assumed η stayed at its annealed end value: "about 790 more steps … about 990".
    assert.doesNotMatch(advice, /At this pace/);
    assert.match(
      advice,
      /^The loss slowed before the run ran out of steps because the cosine schedule had brought η down to 3\.08e-6 by the end \(from 0\.05\), not because η = 0\.05 is wrong\./,
    );
    const [limit, at] = numbersIn(advice, STEP_LIMIT_STRETCHED) as [number, number];
    assert.ok(limit < 990);
    // Raising the limit re-fits the cosine to it (T_max follows the run), as the CLI's --steps and the panel do.
    assertStepLimitHolds(square, [10], limit, at, settingsFor(0.05, defaultScheduleSettings('cosine', limit), limit));

    const [larger, largerAt] = numbersIn(advice, RAISE_η_CHECKED) as [number, number];
    assert.equal(larger, 0.5);
    assert.equal(convergesAt(square, [10], { ...run, learningRate: larger }), largerAt);
  });

  it('one-cycle (x², η = 0.05, 200 steps): annealed to nothing; the named limit converges with the cycle stretched to it', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('onecycle', 200), 200);
    const { diagnosis, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'needs-more-steps');
    assert.match(advice, /The loss slowed before the run ran out of steps because the one-cycle schedule had brought η down to 2e-7 by the end \(from 0\.05\), not because η = 0\.05 is wrong\./);
    const [limit, at] = numbersIn(advice, STEP_LIMIT_STRETCHED) as [number, number];
    assertStepLimitHolds(square, [10], limit, at, settingsFor(0.05, defaultScheduleSettings('onecycle', limit), limit));
    const [larger, largerAt] = numbersIn(advice, RAISE_η_CHECKED) as [number, number];
    assert.equal(convergesAt(square, [10], { ...run, learningRate: larger }), largerAt);
  });

  it('one-cycle with its own peak: η does not steer it, so the advice raises the peak (max_lr)', () => {
    const schedule: ScheduleSettings = { ...defaultScheduleSettings('onecycle', 200), maxLr: 0.05 };
    const run = settingsFor(0.01, schedule, 200);
    const { diagnosis, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'needs-more-steps');
    assert.equal(diagnosis.suggestedLearningRate, null);
    assert.equal(diagnosis.suggestedMaxLearningRate, 0.5);
    assert.match(advice, /not because the one-cycle peak η = 0\.05 is wrong/);
    const [limit, at] = numbersIn(advice, STEP_LIMIT_STRETCHED) as [number, number];
    assertStepLimitHolds(square, [10], limit, at, settingsFor(0.01, schedule, limit));
    const [peak, peakAt] = numbersIn(advice, /Or raise the one-cycle peak \(max_lr\): ([\d.]+) \(×10\) stays below [^,]+, and with the same schedule and step limit it converges at step ([\d,]+)\./) as [
      number,
      number,
    ];
    assert.equal(convergesAt(square, [10], { ...run, schedule: { ...schedule, maxLr: peak } }), peakAt);
  });

  it('step decay (x², η = 0.05, 200 steps): the staircase stretches with the limit; η ends at η/8, which is not "nothing"', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('step', 200), 200);
    const { diagnosis, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'needs-more-steps');
    assert.equal(diagnosis.schedule?.annealed, false);
    assert.doesNotMatch(advice, /had brought η down/);
    const [limit, at] = numbersIn(advice, STEP_LIMIT_STRETCHED) as [number, number];
    assertStepLimitHolds(square, [10], limit, at, settingsFor(0.05, defaultScheduleSettings('step', limit), limit));
    const [larger, largerAt] = numbersIn(advice, RAISE_η_CHECKED) as [number, number];
    assert.equal(convergesAt(square, [10], { ...run, learningRate: larger }), largerAt);
  });

  it('warmup + cosine: the named limit converges with warmup and cosine re-fitted to it', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('warmup-cosine', 200), 200);
    const { advice } = runAndAdvise(square, [10], run);
    assert.match(advice, /because the warmup \+ cosine schedule had brought η down to/);
    const [limit, at] = numbersIn(advice, STEP_LIMIT_STRETCHED) as [number, number];
    assertStepLimitHolds(square, [10], limit, at, settingsFor(0.05, defaultScheduleSettings('warmup-cosine', limit), limit));
  });

  it('cosine with a fixed T_max: the run goes on (η climbs back up past T_max), and the named limit holds', () => {
    const schedule: ScheduleSettings = { kind: 'cosine', tMax: 200, minLr: 0 };
    const { diagnosis, advice } = runAndAdvise(square, [10], settingsFor(0.05, schedule, 200));
    assert.equal(diagnosis.schedule?.followsStepLimit, false);
    const [limit, at] = numbersIn(advice, /Raise the step limit to about ([\d,]+) steps: the run goes on to converge at step ([\d,]+)\./) as [number, number];
    assert.match(advice, /Past T_max = 200 the cosine climbs back up, as PyTorch's does/);
    assertStepLimitHolds(square, [10], limit, at, settingsFor(0.05, schedule, limit));
  });

  it('constant η: the advice is as it was, and its projection is what the longer run does', () => {
    const { diagnosis, advice } = runAndAdvise(square, [10], settingsFor(0.02, { kind: 'constant' }, 200));
    assert.equal(diagnosis.schedule, null);
    assert.equal(
      advice,
      'The loss was falling fast and steadily when the run ran out of steps: η = 0.02 is fine. At this pace it needs about 160 more ' +
        'steps: raise the step limit to about 360 steps. Or raise η: 0.2 (×10) stays below the critical learning rate 2/L ≈ 1 and ' +
        'would get there in about a tenth of the steps.',
    );
    const at = convergesAt(square, [10], settingsFor(0.02, { kind: 'constant' }, 360));
    assert.ok(at <= 360 && at > 360 * 0.9, `converges at ${at}, just within 360`);
    const tenfold = convergesAt(square, [10], settingsFor(0.2, { kind: 'constant' }, 360));
    assert.ok(tenfold <= 0.15 * at, `η × 10 takes about a tenth of the steps (${tenfold} of ${at})`);
  });
});

describe('advice under a schedule: η that is too small', () => {
  it('cosine at η = 0.02: too slow, annealed to nothing, and η × 10 converges where it says', () => {
    const run = settingsFor(0.02, defaultScheduleSettings('cosine', 200), 200);
    const { diagnosis, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'too-slow');
    assert.match(advice, /^The loss is falling too slowly to converge: η = 0\.02 is too small\. The cosine schedule had brought η down to 1\.23e-6 by the end/);
    const [larger, at] = numbersIn(advice, /Try η = ([\d.]+) \(×10\): with the same cosine schedule it converges at step ([\d,]+)\./) as [number, number];
    assert.equal(larger, 0.2);
    assert.equal(convergesAt(square, [10], { ...run, learningRate: larger }), at);
  });

  it('exponential decay whose η left adds up to too little: no step limit gets there, checked; η × 10 does', () => {
    const run = settingsFor(0.05, { kind: 'exponential', gamma: 0.99 }, 200);
    const { diagnosis, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'too-slow');
    assert.equal(diagnosis.schedule?.exhausted, true);
    const [limit] = numbersIn(advice, /all the η it has left adds up to too little: even a step limit of ([\d,]+) falls short of the tolerance\. Raise η, or make the decay gentler \(γ closer to 1\)\./) as [number];
    assert.notEqual(simulate(square, [10], { ...run, maxSteps: limit }).stop, 'converged');
    const [larger, at] = numbersIn(advice, /Try η = ([\d.]+) \(×10\): with the same exponential schedule it converges at step ([\d,]+)\./) as [number, number];
    assert.equal(convergesAt(square, [10], { ...run, learningRate: larger }), at);
  });

  it('when the η left looked too little but Adam still gets there, the advice says where, checked', () => {
    const run = settingsFor(0.032, { kind: 'exponential', gamma: 0.999 }, 200, 'adam');
    const { diagnosis, advice } = runAndAdvise(REFERENCE_OBJECTIVES.bowl2d!, [-5, -2], run);
    assert.equal(diagnosis.schedule?.exhausted, true);
    const [limit, at] = numbersIn(advice, /what it has left gets there slowly: with the step limit at about ([\d,]+) the run goes on to converge at step ([\d,]+)\./) as [number, number];
    assertStepLimitHolds(REFERENCE_OBJECTIVES.bowl2d!, [-5, -2], limit, at, { ...run, maxSteps: limit });
  });
});

describe('advice under a schedule: bounded work', () => {
  it('a run too long to check gets no checked number, only the remedy', () => {
    // 25,000 steps is beyond the check budget: neither η × 10 at this limit nor a longer limit is run.
    const run = settingsFor(3e-4, defaultScheduleSettings('cosine', 25_000), 25_000);
    const { diagnosis, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'needs-more-steps');
    assert.deepEqual(diagnosis.schedule?.checks, { stepLimit: null, learningRate: null });
    assert.match(advice, /Raise the step limit; the cosine schedule stretches with it\./);
    assert.match(advice, /Or raise η: 0\.003 \(×10\) stays below the critical learning rate 2\/L ≈ 1 and would get there sooner\./);
    assert.doesNotMatch(advice, /converges at step|falls short|At this pace/);
  });

  it('with checks off the verdict and suggestion are the same, and the advice names no unchecked number', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('cosine', 200), 200);
    const checked = runAndAdvise(square, [10], run);
    const unchecked = runAndAdvise(square, [10], run, { checkRemedies: false });
    assert.equal(unchecked.diagnosis.schedule?.checks, null);
    assert.equal(unchecked.diagnosis.verdict, checked.diagnosis.verdict);
    assert.equal(unchecked.diagnosis.suggestedLearningRate, checked.diagnosis.suggestedLearningRate);
    assert.match(unchecked.advice, /Raise the step limit; the cosine schedule stretches with it\./);
    assert.doesNotMatch(unchecked.advice, /\d+ steps/);
  });

  it('the verdict never depends on the checks (what the sweep relies on when it turns them off)', () => {
    const problems: [Objective, number[]][] = [
      [square, [10]],
      [REFERENCE_OBJECTIVES.rosenbrock!, [-1.5, 2]],
    ];
    for (const [objective, start] of problems) {
      for (const kind of SCHEDULE_KINDS) {
        for (const optimizer of ['gd', 'adam'] as const) {
          for (let exponent = -4; exponent <= 0; exponent++) {
            const run = settingsFor(10 ** exponent, defaultScheduleSettings(kind, 300), 300, optimizer);
            const trace = simulate(objective, start, run);
            const a = diagnose(trace, objective, run, undefined, { checkRemedies: false });
            const b = diagnose(trace, objective, run);
            assert.equal(a.verdict, b.verdict, `${kind} ${optimizer} ${run.learningRate}`);
            assert.equal(a.convergedAt, b.convergedAt);
            assert.equal(a.moreStepsNeeded, b.moreStepsNeeded);
          }
        }
      }
    }
  });

  it('a cancelled scheduled run is told to run to the end the schedule was planned for', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('cosine', 1000), 1000);
    const simulation = new Simulation(square, [10], run);
    simulation.advance(100);
    simulation.cancel();
    const diagnosis = diagnose(simulation.trace(), square, run);
    assert.equal(diagnosis.verdict, 'needs-more-steps');
    const { headline, advice } = advise(diagnosis, run);
    assert.equal(headline, 'Cancelled at step 100, still descending');
    assert.match(advice, /Let it run to the end: the cosine schedule was planned for 1,000 steps\./);
    assert.equal(diagnosis.schedule?.checks?.stepLimit, null);
  });
});

describe('a one-cycle schedule with its own peak (max_lr): every verdict speaks of the peak, which steers it', () => {
  const withPeak = (maxLr: number, maxSteps: number): RunSettings =>
    settingsFor(0.01, { ...defaultScheduleSettings('onecycle', maxSteps), maxLr }, maxSteps);

  it('diverged: suggests a peak ÷ 10, which then converges, not η ÷ 10, which changes nothing', () => {
    const run = withPeak(5, 100);
    const { diagnosis, advice } = runAndAdvise(square, [10], run);
    assert.equal(diagnosis.verdict, 'diverged');
    assert.equal(diagnosis.suggestedLearningRate, null);
    assert.equal(diagnosis.suggestedMaxLearningRate, 0.5);
    assert.match(advice, /the one-cycle peak η = 5 is too large\. Try a one-cycle peak \(max_lr\) of 0\.5 \(÷10\)\./);
    assert.match(advice, /The one-cycle peak is above the critical learning rate 2\/L ≈ 1/);
    // η ÷ 10 alone leaves the run as it was; the peak ÷ 10 is what converges.
    assert.equal(runAndAdvise(square, [10], { ...run, learningRate: 0.001 }).diagnosis.verdict, 'diverged');
    assert.equal(runAndAdvise(square, [10], withPeak(0.5, 100)).diagnosis.verdict, 'converged');
  });

  it('converged during the warmup: the peak, above 2/L, was never reached, and a longer run would cross it', () => {
    const { diagnosis, headline, advice } = runAndAdvise(square, [10], withPeak(1.5, 200));
    assert.equal(diagnosis.verdict, 'converged');
    assert.equal(headline, 'Converged at step 22');
    assert.ok(Math.abs(diagnosis.convergedInWarmup!.largestLearningRate - 0.465) < 5e-4);
    assert.equal(diagnosis.convergedInWarmup!.peakLearningRate, 1.5);
    assert.equal(
      advice,
      "The loss fell smoothly until the gradient was within the tolerance (1e-5) during the one-cycle schedule's warmup, " +
        'at η up to 0.465: the peak η = 1.5 was never reached. That peak is above the critical learning rate ' +
        '2/L ≈ 1 (L = 2 is the largest curvature at the start): a longer run would have crossed it, where the steps overshoot ' +
        'and diverge, so keep the one-cycle peak (max_lr) below it.',
    );
    assert.doesNotMatch(advice, /about right/);
  });

  it('converged after the peak, or as good as at it: the peak is about right', () => {
    // At 0.02 the run converges at step 517, past the peak at step 300; at 0.05 at step 284, with η at 0.0497.
    for (const peak of [0.02, 0.05]) {
      const { diagnosis, advice } = runAndAdvise(square, [10], withPeak(peak, 1000));
      assert.equal(diagnosis.verdict, 'converged');
      assert.equal(diagnosis.convergedInWarmup, null);
      assert.match(advice, new RegExp(`the one-cycle peak η = ${peak} is about right\\.`));
    }
  });
});

describe('advice under a schedule: a run that converged before the warmup reached the peak', () => {
  it('warmup + cosine at η = 5 converged at step 1, at η = 0.5: says so, and that 5 is beyond 2/L', () => {
    const { diagnosis, headline, advice } = runAndAdvise(square, [10], settingsFor(5, defaultScheduleSettings('warmup-cosine', 1000), 1000));
    assert.equal(diagnosis.verdict, 'converged');
    assert.equal(headline, 'Converged at step 1');
    assert.deepEqual(diagnosis.convergedInWarmup, { largestLearningRate: 0.5, peakLearningRate: 5 });
    assert.match(advice, /during the warmup \+ cosine schedule's warmup, at η up to 0\.5: the peak η = 5 was never reached\./);
    assert.match(advice, /a longer run would have crossed it, where the steps overshoot and diverge, so keep η below it\.$/);
    assert.doesNotMatch(advice, /η = 5 is about right/);
  });

  it('a peak below 2/L: the η it used was about right', () => {
    const { diagnosis, advice } = runAndAdvise(square, [10], settingsFor(0.5, defaultScheduleSettings('warmup-cosine', 1000), 1000));
    assert.equal(diagnosis.verdict, 'converged');
    assert.match(advice, /at η up to 0\.234: the peak η = 0\.5 was never reached\. The η it used, up to 0\.234, was about right\.$/);
  });

  it('a run that reached the peak reads as before', () => {
    const { diagnosis, advice } = runAndAdvise(square, [10], settingsFor(0.05, defaultScheduleSettings('warmup-cosine', 1000), 1000));
    assert.equal(diagnosis.convergedInWarmup, null);
    assert.equal(advice, 'The loss fell smoothly until the gradient was within the tolerance (1e-5): η = 0.05 is about right.');
  });
});

describe('advice under a schedule: momentum that settled during the warmup', () => {
  const oneCycle = (maxLr: number): RunSettings => settingsFor(0.01, { ...defaultScheduleSettings('onecycle', 1000), maxLr }, 1000, 'momentum');

  it('below momentum’s limit: the bouncing is momentum, the peak is fine, and it was never reached', () => {
    // Peak 0.49 < 1/L = 0.5: plain gradient descent would not overshoot there, so the bouncing is momentum's.
    const { diagnosis, advice } = runAndAdvise(square, [10], oneCycle(0.49));
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.suggestedMaxLearningRate, null);
    assert.match(advice, /^The bouncing is momentum \(β = 0\.9\) .* The one-cycle peak η = 0\.49 is fine: the overshoot is momentum's, not η's\./);
    assert.match(advice, /It converged during the one-cycle schedule's warmup, at η up to 0\.429: the peak η = 0\.49 was never reached\.$/);
  });

  it('a peak at which even plain gradient descent overshoots (η·L > 1) is η’s bouncing, not momentum’s: peak ÷ 10', () => {
    const { diagnosis } = runAndAdvise(square, [10], oneCycle(1.5));
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.suggestedMaxLearningRate, 0.15);
  });

  it('above it: the peak ÷ 10, and the limit', () => {
    const { diagnosis, advice } = runAndAdvise(square, [10], oneCycle(2.5));
    assert.equal(diagnosis.suggestedMaxLearningRate, 0.25);
    assert.match(advice, /The one-cycle peak η = 2\.5 is on the large side: for a smooth descent, try a one-cycle peak \(max_lr\) of 0\.25 \(÷10\)\./);
    assert.match(advice, /the peak η = 2\.5 was never reached\. The one-cycle peak is above the stability limit of momentum, 2\(1 \+ β\)\/L ≈ 1\.9/);
  });
});

describe('advice under a schedule: the setting that gives a longer run more η, named per schedule', () => {
  const annealedRemedy = /the loss stopped falling because η did, so (.+?)\. /;

  it('exponential decay has no length: γ closer to 1, not "lengthen the schedule"', () => {
    const { diagnosis, advice } = runAndAdvise(square, [10], settingsFor(0.001, { kind: 'exponential', gamma: 0.9 }, 1000));
    assert.equal(diagnosis.verdict, 'too-slow');
    assert.equal(annealedRemedy.exec(advice)?.[1], 'raise η or make the decay gentler (γ closer to 1)');
    assert.doesNotMatch(advice, /lengthen/);
  });

  it('step decay with its own step size: γ closer to 1 or a longer step size', () => {
    const { advice } = runAndAdvise(square, [10], settingsFor(0.02, { kind: 'step', stepSize: 10, gamma: 0.1 }, 200));
    assert.equal(annealedRemedy.exec(advice)?.[1], 'raise η or make the decay gentler (γ closer to 1, or a longer step size)');
  });

  it('cosine with its own T_max: a longer T_max', () => {
    const { advice } = runAndAdvise(square, [10], settingsFor(0.02, { kind: 'cosine', tMax: 200, minLr: 0 }, 200));
    assert.equal(annealedRemedy.exec(advice)?.[1], 'raise η or give the cosine a longer T_max');
  });

  it('a schedule that stretches with the run: the step limit', () => {
    const { advice } = runAndAdvise(square, [10], settingsFor(0.02, defaultScheduleSettings('cosine', 200), 200));
    assert.equal(annealedRemedy.exec(advice)?.[1], 'raise η or raise the step limit (the cosine schedule stretches with it)');
  });

  it('a periodic cosine never runs out of η: not "exhausted", and no γ', () => {
    // 1e-12·x² from 1e8: the gradient barely moves, so the η needed is enormous, yet the cosine's η ahead has no end.
    const objective = compileFormula('1e-12*x^2');
    const { diagnosis, advice } = runAndAdvise(objective, [1e8], settingsFor(3e-4, { kind: 'cosine', tMax: 2000, minLr: 0 }, 1000));
    assert.equal(diagnosis.verdict, 'too-slow');
    assert.equal(diagnosis.schedule?.exhausted, false);
    assert.doesNotMatch(advice, /γ|adds up to too little|for this cosine schedule/);
    assert.match(advice, /^The loss is falling too slowly to converge: η = 3e-4 is too small\. Try η = 0\.003 \(×10\)/);
  });
});

describe('advice under a schedule: the valley and the counts', () => {
  it('a cosine run capped by 2/L on x² is not called ill-conditioned (one curvature, 2)', () => {
    const { diagnosis, advice } = runAndAdvise(square, [10], settingsFor(0.15, defaultScheduleSettings('cosine', 15), 15));
    assert.equal(diagnosis.verdict, 'too-slow');
    assert.match(advice, /Try η = 0\.9, just below it, though with the same cosine schedule even that does not converge within 15 steps\.$/);
    assert.doesNotMatch(advice, /ill-conditioned/);
  });

  it('one step is a step', () => {
    const { headline, advice } = runAndAdvise(square, [10], settingsFor(0.01, defaultScheduleSettings('cosine', 1), 1));
    assert.equal(headline, 'Too slow: not converged after 1 step');
    assert.match(advice, /does not converge within 1 step\.$/);
  });
});

describe('advice under a schedule: a time budget for the checks', () => {
  it('a budget of 0 ms runs no check: the same verdict and suggestion, and no checked number', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('cosine', 200), 200);
    const checked = runAndAdvise(square, [10], run);
    const timed = runAndAdvise(square, [10], run, { checkTimeBudgetMs: 0 });
    assert.notEqual(checked.diagnosis.schedule?.checks?.stepLimit, null, 'without a time limit the step limit is checked');
    assert.deepEqual(timed.diagnosis.schedule?.checks, { stepLimit: null, learningRate: null });
    assert.equal(timed.diagnosis.verdict, checked.diagnosis.verdict);
    assert.equal(timed.diagnosis.suggestedLearningRate, checked.diagnosis.suggestedLearningRate);
    assert.match(timed.advice, /Raise the step limit; the cosine schedule stretches with it\./);
    assert.match(timed.advice, /Or raise η: 0\.5 \(×10\) stays below the critical learning rate 2\/L ≈ 1 and would get there sooner\./);
    assert.doesNotMatch(timed.advice, /converges at step|falls short/);
  });

  it('an unlimited budget changes nothing', () => {
    const run = settingsFor(0.05, defaultScheduleSettings('cosine', 200), 200);
    assert.deepEqual(runAndAdvise(square, [10], run, { checkTimeBudgetMs: Number.POSITIVE_INFINITY }), runAndAdvise(square, [10], run));
  });
});

describe('advice under a schedule: what it does not claim', () => {
  it('with early stopping off (tolerance 0) it names no checked step limit: a touch of the tolerance is not settling', () => {
    const run = { ...settingsFor(0.05, defaultScheduleSettings('cosine', 200), 200), tolerance: 0 };
    const { advice } = runAndAdvise(square, [10], run);
    assert.doesNotMatch(advice, /converges at step|falls short/);
  });

  it('a warmup that had already taken η past the limit says so, rather than "a longer run would have crossed it"', () => {
    // x² + 10y²: 2/L = 0.1. The one-cycle warmup to a peak of 1 converges at η ≈ 0.171, already past it.
    const { advice } = runAndAdvise(quadratic2d(1, 10), [5, 2], settingsFor(1, defaultScheduleSettings('onecycle', 1000), 1000));
    assert.match(advice, /η had already passed it and the rest of the warmup would have gone on to the peak/);
    assert.doesNotMatch(advice, /a longer run would have crossed it/);
  });
});
