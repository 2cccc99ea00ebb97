/**
 * Advice for runs under a learning-rate schedule: every number it names is what a real run with that setting does.
 * Each test runs the setting the advice suggests (the step limit with the schedule as the extension and the CLI
 * would fit it to that limit, or the larger η) and checks where it converges.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

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

  it('converged: names the peak as about right', () => {
    const { diagnosis, advice } = runAndAdvise(square, [10], withPeak(1.5, 200));
    assert.equal(diagnosis.verdict, 'converged');
    assert.match(advice, /the one-cycle peak η = 1\.5 is about right\./);
  });
});
