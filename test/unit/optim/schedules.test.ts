import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createSchedule,
  defaultScheduleSettings,
  learningRateSequence,
  scheduleSettingsProblem,
} from '../../../src/core/optim/schedules';
import { SCHEDULE_KINDS, type ScheduleSettings } from '../../../src/core/optim/types';

const close = (actual: number, expected: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(Math.abs(expected), 1e-12), `${what}: ${actual} ≠ ${expected}`);

describe('defaultScheduleSettings', () => {
  it('are valid for every kind and scale with the run where they must', () => {
    for (const kind of SCHEDULE_KINDS) assert.equal(scheduleSettingsProblem(defaultScheduleSettings(kind)), null, kind);
    assert.deepEqual(defaultScheduleSettings('step', 1000), { kind: 'step', stepSize: 250, gamma: 0.5 });
    assert.deepEqual(defaultScheduleSettings('step', 2), { kind: 'step', stepSize: 1, gamma: 0.5 });
    assert.deepEqual(defaultScheduleSettings('exponential'), { kind: 'exponential', gamma: 0.99 });
    assert.deepEqual(defaultScheduleSettings('cosine'), { kind: 'cosine', tMax: null, minLr: 0 });
    assert.deepEqual(defaultScheduleSettings('warmup-cosine', 500), { kind: 'warmup-cosine', warmupSteps: 50, startFactor: 0.1, minLr: 0 });
    assert.deepEqual(defaultScheduleSettings('warmup-cosine', 3).warmupSteps, 1);
    assert.deepEqual(defaultScheduleSettings('onecycle'), { kind: 'onecycle', maxLr: null, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 });
  });

  it('the step default halves η three times over the run', () => {
    const rates = learningRateSequence(defaultScheduleSettings('step', 1000), 0.1, 1000);
    assert.deepEqual([...new Set(rates)], [0.1, 0.05, 0.025, 0.0125]);
  });
});

describe('schedules', () => {
  it('constant: η every update', () => {
    assert.deepEqual(Array.from(learningRateSequence({ kind: 'constant' }, 0.3, 4)), [0.3, 0.3, 0.3, 0.3]);
  });

  it('step: ×γ every stepSize updates, counted after each update', () => {
    assert.deepEqual(Array.from(learningRateSequence({ kind: 'step', stepSize: 2, gamma: 0.5 }, 1, 7)), [1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
  });

  it('exponential: ×γ each update (recursively, as PyTorch multiplies)', () => {
    const rates = learningRateSequence({ kind: 'exponential', gamma: 0.9 }, 1, 4);
    assert.deepEqual(Array.from(rates), [1, 0.9, 0.9 * 0.9, 0.9 * 0.9 * 0.9]);
  });

  it('cosine: follows the closed form to round-off, reaches the floor at T_max and climbs back after it', () => {
    const settings: ScheduleSettings = { kind: 'cosine', tMax: 10, minLr: 0.01 };
    const rates = learningRateSequence(settings, 0.1, 25);
    for (let t = 1; t <= 25; t++) {
      close(rates[t - 1]!, 0.01 + ((0.1 - 0.01) * (1 + Math.cos((Math.PI * (t - 1)) / 10))) / 2, `update ${t}`);
    }
    close(rates[10]!, 0.01, 'the floor at T_max');
    assert.ok(rates[15]! > rates[10]!, 'past T_max it rises again');
  });

  it('cosine with tMax null spans the run', () => {
    const rates = learningRateSequence({ kind: 'cosine', tMax: null, minLr: 0 }, 1, 100);
    close(rates[50]!, 0.5, 'halfway');
  });

  it('warmup-cosine: linear warmup that never applies its last factor, then cosine from the full η', () => {
    const rates = learningRateSequence({ kind: 'warmup-cosine', warmupSteps: 4, startFactor: 0.2, minLr: 0 }, 1, 12);
    [0.2, 0.4, 0.6, 0.8].forEach((expected, i) => close(rates[i]!, expected, `warmup update ${i + 1}`));
    // At the milestone SequentialLR calls cosine.step(0): its closed form at 0 is exactly the base η.
    assert.equal(rates[4], 1);
    for (let t = 5; t <= 12; t++) close(rates[t - 1]!, (1 + Math.cos((Math.PI * (t - 5)) / 8)) / 2, `cosine update ${t}`);
  });

  it('onecycle: from max/divFactor up to max at pct_start, down to max/(divFactor·finalDivFactor)', () => {
    const rates = learningRateSequence({ kind: 'onecycle', maxLr: null, pctStart: 0.25, divFactor: 10, finalDivFactor: 100 }, 1, 100);
    close(rates[0]!, 0.1, 'start');
    // The peak is at step pct_start × total − 1 = 24, which update 25 uses.
    assert.equal(Math.max(...rates), rates[24]);
    close(rates[24]!, 1, 'peak at the run’s η');
    close(rates[99]!, 0.001, 'end');
  });

  it('onecycle ignores the run’s η when maxLr is set', () => {
    const a = learningRateSequence({ kind: 'onecycle', maxLr: 0.3, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 }, 0.1, 50);
    const b = learningRateSequence({ kind: 'onecycle', maxLr: 0.3, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 }, 7, 50);
    assert.deepEqual(a, b);
  });

  it('onecycle survives a zero-length warm phase (where PyTorch divides by zero)', () => {
    const rates = learningRateSequence({ kind: 'onecycle', maxLr: null, pctStart: 0.1, divFactor: 25, finalDivFactor: 1e4 }, 1, 10);
    assert.ok(rates.every(Number.isFinite));
    assert.equal(rates[0], 1);
  });

  it('createSchedule yields η one update at a time', () => {
    const schedule = createSchedule({ kind: 'exponential', gamma: 0.5 }, 8, 3);
    assert.deepEqual([schedule.next(), schedule.next(), schedule.next()], [8, 4, 2]);
  });

  it('refuses settings PyTorch would refuse or fail on', () => {
    const bad: ScheduleSettings[] = [
      { kind: 'step', stepSize: 0, gamma: 0.5 },
      { kind: 'step', stepSize: 1.5, gamma: 0.5 },
      { kind: 'exponential', gamma: 0 },
      { kind: 'cosine', tMax: 0, minLr: 0 },
      { kind: 'cosine', tMax: 10, minLr: -1 },
      { kind: 'warmup-cosine', warmupSteps: 0, startFactor: 0.1, minLr: 0 },
      { kind: 'warmup-cosine', warmupSteps: 5, startFactor: 0, minLr: 0 },
      { kind: 'onecycle', maxLr: null, pctStart: 1.5, divFactor: 25, finalDivFactor: 1e4 },
      { kind: 'onecycle', maxLr: -1, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 },
    ];
    for (const settings of bad) {
      assert.notEqual(scheduleSettingsProblem(settings), null, JSON.stringify(settings));
      assert.throws(() => createSchedule(settings, 0.1, 100), RangeError);
    }
  });
});
