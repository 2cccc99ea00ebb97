/** Saved panel state is read back as strictly as a live message: valid state restores, anything else is refused with why. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultOptimizerSettings, defaultRunSettings, defaultScheduleSettings, OPTIMIZER_KINDS, SCHEDULE_KINDS, type RunSettings } from '../../../src/core/optim';
import { parsePanelRestoreState, parseRunSettings } from '../../../src/shared/panelState';
import { LIMITS, parseWebviewMessage } from '../../../src/shared/protocol';
import { readRestoredPanel } from '../../../src/extension/session/restoredPanel';

const restore = (settings: unknown = defaultRunSettings()): Record<string, unknown> => ({ documentUri: 'file:///work/loss.py', formulaSource: '(w - 3)**2 + b**2', start: [1, 2], settings });

describe('saved run settings', () => {
  it('reads back every optimizer and schedule this version saves', () => {
    for (const optimizer of OPTIMIZER_KINDS) {
      for (const schedule of SCHEDULE_KINDS) {
        const settings: RunSettings = { ...defaultRunSettings(), optimizer: defaultOptimizerSettings(optimizer), schedule: defaultScheduleSettings(schedule, 400), maxSteps: 400 };
        assert.deepEqual(parseRunSettings(JSON.parse(JSON.stringify(settings))), { ok: true, value: settings }, `${optimizer} · ${schedule}`);
      }
    }
    const peaked = { ...defaultRunSettings(), schedule: { kind: 'onecycle', maxLr: 0.5, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 } };
    assert.ok(parseRunSettings(peaked).ok, 'a number where the default is null (the run’s own step limit)');
  });

  it('keeps only the fields it knows', () => {
    const settings = { ...defaultRunSettings(), extra: 1, optimizer: { ...defaultOptimizerSettings('adam'), injected: '<script>' } };
    const parsed = parseRunSettings(settings);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.ok && parsed.value, { ...defaultRunSettings(), optimizer: defaultOptimizerSettings('adam') });
  });

  it('refuses what the panel could not have sent, naming it', () => {
    const base = defaultRunSettings();
    const refused: [unknown, RegExp][] = [
      [{ ...base, optimizer: { ...base.optimizer, kind: 'lbfgs' } }, /settings\.optimizer\.kind/],
      [{ ...base, optimizer: { kind: 'constructor' } }, /settings\.optimizer\.kind/],
      [{ ...base, optimizer: { kind: 'momentum', momentum: '0.9', dampening: 0, weightDecay: 0 } }, /settings\.optimizer \(momentum\)\.momentum is "0\.9"/],
      [{ ...base, optimizer: { kind: 'momentum', momentum: -1, dampening: 0, weightDecay: 0 } }, /momentum/],
      [{ ...base, optimizer: { kind: 'adam', beta1: 0.9, eps: 1e-8, weightDecay: 0, amsgrad: false } }, /beta2 is missing/],
      [{ ...base, schedule: { kind: 'cyclic' } }, /settings\.schedule\.kind/],
      [{ ...base, schedule: { kind: 'step', stepSize: 0, gamma: 0.5 } }, /stepSize/],
      [{ ...base, schedule: { kind: 'cosine', tMax: '100', minLr: 0 } }, /tMax is "100"/],
      [{ ...base, maxSteps: 0 }, /maxSteps 0/],
      [{ ...base, maxSteps: LIMITS.maxSteps + 1 }, /maxSteps 10000001/],
      [{ ...base, maxSteps: 1e12 }, /maxSteps/],
      [{ ...base, maxSteps: 10.5 }, /maxSteps/],
      [{ ...base, learningRate: 0 }, /learningRate/],
      [{ ...base, learningRate: Number.NaN }, /learningRate/],
      [{ ...base, learningRate: LIMITS.maxLearningRate * 2 }, /learningRate/],
      [{ ...base, tolerance: -1 }, /tolerance/],
      [null, /missing/],
      ['settings', /missing/],
    ];
    for (const [settings, message] of refused) {
      const parsed = parseRunSettings(settings);
      assert.equal(parsed.ok, false, JSON.stringify(settings));
      if (!parsed.ok) assert.match(parsed.problem, message);
    }
  });

  it('agrees with the live message checks on every field they share', () => {
    for (const learningRate of [1e-9, 0.01, LIMITS.maxLearningRate, 0, -1, LIMITS.maxLearningRate * 1.01, Infinity]) {
      assert.equal(parseRunSettings({ ...defaultRunSettings(), learningRate }).ok, parseWebviewMessage({ type: 'setLearningRate', learningRate }) !== undefined, String(learningRate));
    }
    for (const maxSteps of [1, 1000, LIMITS.maxSteps, 0, LIMITS.maxSteps + 1, 2.5, -3]) {
      assert.equal(parseRunSettings({ ...defaultRunSettings(), maxSteps }).ok, parseWebviewMessage({ type: 'setMaxSteps', maxSteps }) !== undefined, String(maxSteps));
    }
  });
});

describe('saved minibatch settings', () => {
  it('reads back a loss over data’s batch size, shuffle and seed, and leaves them out for any other formula', () => {
    for (const minibatch of [{ batchSize: 32, shuffle: true, seed: 7 }, { batchSize: null, shuffle: false, seed: 0 }, { batchSize: 1, shuffle: false, seed: Number.MAX_SAFE_INTEGER }]) {
      const settings: RunSettings = { ...defaultRunSettings(), ...minibatch };
      assert.deepEqual(parseRunSettings(JSON.parse(JSON.stringify(settings))), { ok: true, value: settings }, JSON.stringify(minibatch));
    }
    const parsed = parseRunSettings(defaultRunSettings());
    assert.ok(parsed.ok && !('batchSize' in parsed.value) && !('shuffle' in parsed.value) && !('seed' in parsed.value));
  });

  it('refuses what setMinibatch would refuse, naming the field', () => {
    const base = defaultRunSettings();
    const refused: [unknown, RegExp][] = [
      [{ ...base, batchSize: 0 }, /settings\.batchSize 0/],
      [{ ...base, batchSize: 2.5 }, /settings\.batchSize/],
      [{ ...base, batchSize: '32' }, /settings\.batchSize "32"/],
      [{ ...base, batchSize: LIMITS.maxBatchSize + 1 }, /settings\.batchSize/],
      [{ ...base, shuffle: 'on' }, /settings\.shuffle "on"/],
      [{ ...base, seed: -1 }, /settings\.seed -1/],
      [{ ...base, seed: 1.5 }, /settings\.seed/],
      [{ ...base, seed: 2 ** 60 }, /settings\.seed/],
    ];
    for (const [settings, message] of refused) {
      const parsed = parseRunSettings(settings);
      assert.equal(parsed.ok, false, JSON.stringify(settings));
      if (!parsed.ok) assert.match(parsed.problem, message);
    }
    for (const batchSize of [null, 1, 64, LIMITS.maxBatchSize, 0, LIMITS.maxBatchSize + 1, 3.5]) {
      for (const seed of [0, 42, -1, 0.5]) {
        const live = parseWebviewMessage({ type: 'setMinibatch', batchSize, shuffle: true, seed }) !== undefined;
        assert.equal(parseRunSettings({ ...base, batchSize, shuffle: true, seed }).ok, live, `batch ${batchSize}, seed ${seed}`);
      }
    }
  });
});

describe('saved restore state', () => {
  it('reads a valid one and copies its fields', () => {
    assert.deepEqual(parsePanelRestoreState({ ...restore(), extra: true }), { ok: true, value: restore() });
    assert.deepEqual(parsePanelRestoreState({ ...restore(), documentUri: null }), { ok: true, value: { ...restore(), documentUri: null } });
  });

  it('refuses a missing formula, a start that is not finite numbers, or bad settings', () => {
    for (const raw of [
      null,
      [],
      { ...restore(), formulaSource: 3 },
      { ...restore(), formulaSource: '  ' },
      { ...restore(), documentUri: 7 },
      { ...restore(), start: [1, Number.NaN] },
      { ...restore(), start: 'x=1' },
      { ...restore(), start: [] },
      restore({ ...defaultRunSettings(), maxSteps: 1e9 }),
    ]) {
      assert.equal(parsePanelRestoreState(raw).ok, false, JSON.stringify(raw));
    }
  });
});

describe('a panel revived after a restart', () => {
  it('comes back with its formula read again', () => {
    const revived = readRestoredPanel({ version: 1, restore: restore() });
    assert.ok(revived.ok);
    if (revived.ok) assert.deepEqual(revived.value.formula.variables, ['w', 'b']);
  });

  it('is dropped with a reason, never an exception, when its state cannot be used', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /nothing was saved/],
      ['state', /nothing was saved/],
      [{ version: 1 }, /no saved formula/],
      [{ version: 1, restore: restore({ ...defaultRunSettings(), optimizer: { kind: 'sgdw' } }) }, /optimizer\.kind/],
      [{ version: 1, restore: restore({ ...defaultRunSettings(), maxSteps: -5 }) }, /maxSteps/],
      [{ version: 1, restore: { ...restore(), formulaSource: 'print("hi")' } }, /^the saved formula cannot be read: .*column/],
      [{ version: 1, restore: { ...restore(), start: [1, 2, 3] } }, /3 values for 2 variables/],
    ];
    for (const [state, reason] of cases) {
      const revived = readRestoredPanel(state);
      assert.equal(revived.ok, false);
      if (!revived.ok) assert.match(revived.problem, reason);
    }
  });
});
