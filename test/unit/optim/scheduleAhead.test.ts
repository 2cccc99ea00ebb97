import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { CHECK_PIECE_UPDATES, Checker, curvatureUpdatesFor, finish } from '../../../src/core/optim/checks';
import { followsStepLimit, learningRateAhead, updatesToAccumulate, withStepLimit } from '../../../src/core/optim/scheduleAhead';
import { gridBetween, roundEstimate } from '../../../src/core/optim/search';
import { withSteeringLearningRate } from '../../../src/core/optim/steering';
import { defaultScheduleSettings, learningRateSequence } from '../../../src/core/optim/schedules';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { DEFAULT_TOLERANCE, type RunSettings, type ScheduleSettings } from '../../../src/core/optim/types';

function settingsFor(schedule: ScheduleSettings, maxSteps: number, learningRate = 0.1): RunSettings {
  return { learningRate, optimizer: defaultOptimizerSettings('gd'), schedule, maxSteps, tolerance: DEFAULT_TOLERANCE };
}

describe('scheduleAhead: the schedule of a longer run', () => {
  it('follows the step limit where the extension and the CLI fit the schedule to it', () => {
    const follows = (schedule: ScheduleSettings): boolean => followsStepLimit(settingsFor(schedule, 1000));
    assert.equal(follows({ kind: 'constant' }), false);
    assert.equal(follows(defaultScheduleSettings('cosine', 1000)), true);
    assert.equal(follows({ kind: 'cosine', tMax: 1000, minLr: 0 }), false, 'a T_max given is kept');
    assert.equal(follows(defaultScheduleSettings('step', 1000)), true);
    assert.equal(follows({ kind: 'step', stepSize: 100, gamma: 0.5 }), false, 'a step size other than a quarter of the run is kept');
    assert.equal(follows(defaultScheduleSettings('exponential', 1000)), false);
    assert.equal(follows(defaultScheduleSettings('warmup-cosine', 1000)), true);
    assert.equal(follows(defaultScheduleSettings('onecycle', 1000)), true);
  });

  it('re-fits the defaults that are shares of the run, and keeps what was set', () => {
    assert.deepEqual(withStepLimit(settingsFor(defaultScheduleSettings('step', 200), 200), 1000).schedule, defaultScheduleSettings('step', 1000));
    assert.deepEqual(
      withStepLimit(settingsFor(defaultScheduleSettings('warmup-cosine', 200), 200), 1000).schedule,
      defaultScheduleSettings('warmup-cosine', 1000),
    );
    const custom: ScheduleSettings = { kind: 'step', stepSize: 30, gamma: 0.5 };
    assert.deepEqual(withStepLimit(settingsFor(custom, 200), 1000).schedule, custom);
    assert.equal(withStepLimit(settingsFor(custom, 200), 1000).maxSteps, 1000);
  });

  it('η × 10 for a one-cycle schedule with its own peak raises the peak', () => {
    const onecycle: ScheduleSettings = { ...defaultScheduleSettings('onecycle', 100), maxLr: 0.05 };
    const raised = withSteeringLearningRate(settingsFor(onecycle, 100, 0.01), 0.5);
    assert.equal(raised.learningRate, 0.01);
    assert.deepEqual(raised.schedule, { ...onecycle, maxLr: 0.5 });
    assert.equal(withSteeringLearningRate(settingsFor({ kind: 'constant' }, 100), 0.5).learningRate, 0.5);
  });
});

describe('scheduleAhead: η ahead in closed form', () => {
  const cases: [string, ScheduleSettings][] = [
    ['constant', { kind: 'constant' }],
    ['exponential', { kind: 'exponential', gamma: 0.99 }],
    ['step decay with its own step size', { kind: 'step', stepSize: 7, gamma: 0.5 }],
    ['cosine with a fixed T_max, past it', { kind: 'cosine', tMax: 50, minLr: 0.001 }],
  ];
  for (const [name, schedule] of cases) {
    it(`${name}: Σ η over the next k updates is torch's`, () => {
      const steps = 40;
      const rates = learningRateSequence(schedule, 0.1, 400);
      const ahead = learningRateAhead(settingsFor(schedule, steps), steps)!;
      for (const k of [1, 5, 13, 60, 200, 360]) {
        let expected = 0;
        for (let t = steps; t < steps + k; t++) expected += rates[t]!;
        assert.ok(Math.abs(ahead.sum(k) - expected) <= 1e-9 * expected, `${name}, k = ${k}: ${ahead.sum(k)} vs ${expected}`);
      }
    });
  }

  it('decay adds up to a finite total, and asking for more than it is never reached', () => {
    const ahead = learningRateAhead(settingsFor({ kind: 'exponential', gamma: 0.99 }, 200), 200)!;
    // η·γ^200/(1 − γ): what is left after update 200.
    assert.ok(Math.abs(ahead.total - (0.1 * 0.99 ** 200) / 0.01) < 1e-12);
    assert.equal(updatesToAccumulate(ahead, ahead.total * 1.01), Number.POSITIVE_INFINITY);
    const k = updatesToAccumulate(ahead, ahead.total / 2);
    assert.ok(ahead.sum(k) >= ahead.total / 2 && ahead.sum(k - 1) < ahead.total / 2);
  });

  it('an η ahead without end gets anywhere at last: a count, however large, not ∞ (which means it falls short)', () => {
    const periodic = learningRateAhead(settingsFor({ kind: 'cosine', tMax: 2000, minLr: 0 }, 1000, 3e-4), 1000)!;
    const far = updatesToAccumulate(periodic, 1e20);
    assert.ok(Number.isFinite(far) && far > Number.MAX_SAFE_INTEGER, `${far}`);
    const constant = learningRateAhead(settingsFor({ kind: 'constant' }, 1000), 1000)!;
    assert.ok(Number.isFinite(updatesToAccumulate(constant, 1e300)));
  });

  it('is null for a schedule that stretches with the step limit', () => {
    assert.equal(learningRateAhead(settingsFor(defaultScheduleSettings('cosine', 100), 100), 100), null);
    assert.equal(learningRateAhead(settingsFor(defaultScheduleSettings('onecycle', 100), 100), 100), null);
  });
});

describe('search: the values it states', () => {
  it('step counts: two significant digits, rounded up', () => {
    for (const [n, rounded] of [
      [7, 7],
      [99, 99],
      [297, 300],
      [1104, 1200],
      [4987, 5000],
    ] as const) {
      assert.equal(roundEstimate(n), rounded);
    }
  });

  it('η: the round values 1, 2, 3, 5 × 10^k strictly between two, as typed', () => {
    assert.deepEqual(gridBetween(0.01, 0.1), [0.02, 0.03, 0.05]);
    assert.deepEqual(gridBetween(0.1, 1), [0.2, 0.3, 0.5]);
    assert.deepEqual(gridBetween(0.2, 0.5), [0.3]);
    assert.deepEqual(gridBetween(0.0658, 2), [0.1, 0.2, 0.3, 0.5, 1]);
    assert.deepEqual(gridBetween(3e-4, 5e-4), []);
  });
});

describe('checks: a budget of work, done a piece at a time', () => {
  // x² at η = 1e-3 under a cosine over 3,000 steps does not converge: all 3,000 updates, three pieces.
  const square = REFERENCE_OBJECTIVES.quadratic1d!;
  const run = settingsFor(defaultScheduleSettings('cosine', 3000), 3000, 1e-3);
  /** One curvature reading of x² (one variable, and the default graph size). */
  const reading = curvatureUpdatesFor(1, 200);

  it('a check runs to the end, is judged as any run is, and is charged its updates and its curvature reading', () => {
    const checker = new Checker(square, [10]);
    const checked = finish(checker.run(run))!;
    assert.deepEqual([checked.verdict, checked.convergedAt, checked.steps], ['too-slow', null, 3000]);
    assert.deepEqual([checker.updates, checker.readings], [3000, 1]);
    assert.equal(checker.left, 200_000 - 3000 - reading);
    assert.equal(finish(checker.run(run)), checked, 'a setting asked for again is not run again');
    assert.deepEqual([checker.updates, checker.readings], [3000, 1]);
    assert.equal(checker.ranOut, false);
  });

  it('pauses after each piece of updates and after the curvature reading; run to the end in pieces, it is the same run', () => {
    assert.equal(CHECK_PIECE_UPDATES, 1000);
    const checker = new Checker(square, [10]);
    const work = checker.run(run);
    let pauses = 0;
    let piece = work.next();
    for (; piece.done !== true; piece = work.next()) pauses++;
    // 1,000 updates, pause, 1,000, pause, the last 1,000, pause, the curvature reading, pause.
    assert.equal(pauses, 4);
    assert.deepEqual(piece.value, finish(new Checker(square, [10]).run(run)));
  });

  it('a smaller budget is done in smaller pieces: about 1/200 of it each', () => {
    const checker = new Checker(square, [10], { updates: 20_000 });
    const work = checker.run(run);
    let pauses = 0;
    while (work.next().done !== true) pauses++;
    assert.equal(pauses, 3000 / 100 + 1);
  });

  it('stopped, a check under way is abandoned at its next pause, and no further check starts', () => {
    const checker = new Checker(square, [10]);
    const work = checker.run(run);
    work.next();
    checker.stop();
    const abandoned = work.next();
    assert.deepEqual([abandoned.done, abandoned.value], [true, null]);
    assert.deepEqual([checker.updates, checker.readings, checker.ranOut], [1000, 0, true]);
    assert.equal(finish(checker.run({ ...run, learningRate: 0.5 })), null);
  });

  it('a run whose step limit and curvature reading do not fit in what is left is not started', () => {
    const short = new Checker(square, [10], { updates: 3000 + reading - 1 });
    assert.equal(finish(short.run(run)), null);
    assert.deepEqual([short.updates, short.ranOut], [0, true]);
    assert.notEqual(finish(new Checker(square, [10], { updates: 3000 + reading }).run(run)), null);
  });

  it('a curvature reading counts as the Hessian’s n gradients and the eigen-decomposition’s 24·n³ operations, in updates', () => {
    assert.equal(curvatureUpdatesFor(1, 6), 1 + 4);
    assert.equal(curvatureUpdatesFor(2, 35), 2 + 6);
    assert.equal(curvatureUpdatesFor(30, 643), 30 + 1008);
    assert.equal(curvatureUpdatesFor(60, 1261), 60 + 4112);
    const checker = new Checker(square, [10], { curvatureUpdates: 5000 });
    finish(checker.run(run));
    assert.equal(checker.left, 200_000 - 3000 - 5000);
  });

  it('beyond two variables the budget shrinks in proportion', () => {
    assert.equal(new Checker(square, [1, 2, 3, 4], { updates: 1000 }).left, 500);
    assert.equal(new Checker(square, [1], { updates: 1000 }).left, 1000);
  });
});
