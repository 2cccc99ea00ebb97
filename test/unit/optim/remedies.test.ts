import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import {
  followsStepLimit,
  learningRateAhead,
  roundEstimate,
  updatesToAccumulate,
  withStepLimit,
  withSteeringLearningRate,
} from '../../../src/core/optim/remedies';
import { defaultScheduleSettings, learningRateSequence } from '../../../src/core/optim/schedules';
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
