import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { CHECK_CHUNK, Checker } from '../../../src/core/optim/checks';
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

describe('checks: a budget of updates and of time', () => {
  // x² at η = 1e-3 under a cosine over 3,000 steps does not converge: all 3,000 updates, three chunks of CHECK_CHUNK.
  const square = REFERENCE_OBJECTIVES.quadratic1d!;
  const run = settingsFor(defaultScheduleSettings('cosine', 3000), 3000, 1e-3);
  /** A clock that moves 1 ms each time it is read, and counts the readings. */
  const tickingClock = () => {
    let readings = 0;
    return { now: () => readings++, readings: () => readings };
  };

  it('without a time budget a check runs to the end, and is judged as any run is', () => {
    assert.equal(CHECK_CHUNK, 1000);
    const checker = new Checker(square, [10]);
    const checked = checker.run(run)!;
    assert.deepEqual([checked.verdict, checked.convergedAt, checked.steps], ['too-slow', null, 3000]);
    assert.equal(checker.updates, 3000);
    assert.equal(checker.run(run), checked, 'a setting asked for again is not run again');
    assert.equal(checker.updates, 3000);
    assert.equal(checker.ranOut, false);
  });

  it('the clock is read before each chunk of updates; a run still going when the time is spent counts as not run', () => {
    // Read at 0 (the deadline is 0 + budget), then before each chunk at 1, 2, 3 ms.
    const enough = tickingClock();
    assert.notEqual(new Checker(square, [10], { milliseconds: 4.5, now: enough.now }).run(run), null);
    assert.equal(enough.readings(), 5, 'one reading to start, one before the run, one before each of the three chunks');
    const short = tickingClock();
    const checker = new Checker(square, [10], { milliseconds: 2.5, now: short.now });
    assert.equal(checker.run(run), null);
    assert.equal(checker.ranOut, true);
    assert.equal(checker.run({ ...run, learningRate: 0.5 }), null, 'no check starts once the time is spent');
  });

  it('a run whose step limit does not fit in the updates left is not started', () => {
    const checker = new Checker(square, [10], { updates: 2999 });
    assert.equal(checker.run(run), null);
    assert.equal(checker.updates, 0);
    assert.equal(checker.ranOut, true);
  });

  it('beyond two variables the budget shrinks in proportion', () => {
    assert.equal(new Checker(square, [1, 2, 3, 4], { updates: 1000 }).left, 500);
    assert.equal(new Checker(square, [1], { updates: 1000 }).left, 1000);
  });
});
