import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import {
  CHECK_CHUNK,
  checkRemedies,
  followsStepLimit,
  learningRateAhead,
  roundEstimate,
  updatesToAccumulate,
  withStepLimit,
  withSteeringLearningRate,
} from '../../../src/core/optim/remedies';
import { defaultScheduleSettings, learningRateSequence } from '../../../src/core/optim/schedules';
import { simulate } from '../../../src/core/optim/simulate';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';
import { DEFAULT_TOLERANCE, type RunSettings, type ScheduleSettings } from '../../../src/core/optim/types';

function settingsFor(schedule: ScheduleSettings, maxSteps: number, learningRate = 0.1): RunSettings {
  return { learningRate, optimizer: defaultOptimizerSettings('gd'), schedule, maxSteps, tolerance: DEFAULT_TOLERANCE };
}

describe('remedies: the schedule of a longer run', () => {
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

describe('remedies: η ahead in closed form', () => {
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

describe('remedies: step counts as the advice states them', () => {
  it('two significant digits, rounded up', () => {
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
});

describe('remedies: a time budget for the checks', () => {
  // x² at η = 1e-4 under a cosine over 3,000 steps: too slow. Its suggestion, 1e-3 with the same schedule, also
  // runs all 3,000 steps without converging: three chunks of CHECK_CHUNK updates.
  const square = REFERENCE_OBJECTIVES.quadratic1d!;
  const run = settingsFor(defaultScheduleSettings('cosine', 3000), 3000, 1e-4);
  const trace = simulate(square, [10], run);
  const check = (timing: { timeBudgetMs?: number; now?: () => number }) =>
    checkRemedies(square, trace, run, { suggested: 1e-3, searchStepLimit: false, projectedMore: null, horizon: 30_000, tolerance: DEFAULT_TOLERANCE, ...timing });
  /** A clock that moves 1 ms each time it is read, and counts the readings. */
  const tickingClock = () => {
    let readings = 0;
    return { now: () => readings++, readings: () => readings };
  };

  it('without a budget the check runs to the end', () => {
    assert.equal(CHECK_CHUNK, 1000);
    assert.deepEqual(check({}).learningRate, { maxSteps: 3000, convergedAt: null, diverged: false, value: 1e-3 });
  });

  it('the clock is read before each chunk of updates; a run still going when the time is spent counts as not run', () => {
    // Read at 0 (the deadline is 0 + budget), then before each chunk at 1, 2, 3 ms.
    const enough = tickingClock();
    assert.deepEqual(check({ timeBudgetMs: 3.5, now: enough.now }).learningRate, check({}).learningRate);
    assert.equal(enough.readings(), 4, 'one reading to start, one before each of the three chunks');
    const short = tickingClock();
    assert.deepEqual(check({ timeBudgetMs: 2.5, now: short.now }), { stepLimit: null, learningRate: null });
    assert.equal(short.readings(), 4, 'the third chunk never runs');
  });

  it('a budget of 0 runs nothing', () => {
    const clock = tickingClock();
    assert.deepEqual(check({ timeBudgetMs: 0, now: clock.now }), { stepLimit: null, learningRate: null });
    assert.equal(clock.readings(), 2);
  });
});
