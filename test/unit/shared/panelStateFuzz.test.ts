/**
 * Saved panel states, fuzzed (fast-check): every state this version saves restores; a state mutated anywhere —
 * a field removed, retyped, out of range, or an inherited name such as `__proto__` added — is read back only if it
 * is still one the panel could have sent, and is otherwise dropped with a reason. Nothing throws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultOptimizerSettings, defaultScheduleSettings, OPTIMIZER_KINDS, SCHEDULE_KINDS, type RunSettings } from '../../../src/core/optim';
import { readRestoredPanel } from '../../../src/extension/session/restoredPanel';
import { parsePanelRestoreState, parseRunSettings } from '../../../src/shared/panelState';
import { isStepLimit, LIMITS, type PanelRestoreState } from '../../../src/shared/protocol';
import { jsonMutation, mutated, runs, stored } from '../../support/fuzz';

/** Formulas with their number of variables, inherited names among them. */
const FORMULAS: [string, number][] = [
  ['(w - 3)**2 + b**2', 2],
  ['x^2', 1],
  ['def f(constructor=1, __proto__=2): return constructor**2 + __proto__**2', 2],
  ['$$ L(\\theta) = \\frac{1}{2}(\\theta - 2)^2 $$', 1],
];

const settings: fc.Arbitrary<RunSettings> = fc
  .record({
    learningRate: fc.double({ min: 1e-9, max: LIMITS.maxLearningRate, noNaN: true }),
    maxSteps: fc.integer({ min: 1, max: LIMITS.maxSteps }),
    tolerance: fc.double({ min: 0, max: 1, noNaN: true }),
    optimizer: fc.constantFrom(...OPTIMIZER_KINDS),
    schedule: fc.constantFrom(...SCHEDULE_KINDS),
  })
  .map(({ optimizer, schedule, maxSteps, ...rest }) => ({ ...rest, maxSteps, optimizer: defaultOptimizerSettings(optimizer), schedule: defaultScheduleSettings(schedule, maxSteps) }));

const savedState: fc.Arbitrary<{ version: 1; restore: PanelRestoreState }> = fc
  .tuple(fc.constantFrom(...FORMULAS), settings, fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 2 }), fc.option(fc.webUrl(), { nil: null }))
  .map(([[formulaSource, dimension], runSettings, values, documentUri]) => ({
    version: 1 as const,
    restore: { documentUri, formulaSource, start: values.slice(0, dimension), settings: runSettings },
  }));

/** The read never throws; what it keeps is a state the panel could have sent, and reads back as itself. */
function readsSafely(state: unknown): ReturnType<typeof readRestoredPanel> {
  let restored: ReturnType<typeof readRestoredPanel>;
  try {
    restored = readRestoredPanel(state);
  } catch (error) {
    assert.fail(`readRestoredPanel threw ${String(error)} for ${JSON.stringify(state)}`);
  }
  if (!restored.ok) {
    assert.ok(restored.problem.length > 0 && !restored.problem.includes('\n'), 'a one-line reason');
    return restored;
  }
  const { restore, formula } = restored.value;
  assert.ok(isStepLimit(restore.settings.maxSteps));
  assert.equal(restore.start.length, formula.variables.length);
  assert.deepEqual(parsePanelRestoreState(stored(restore)), { ok: true, value: restore }, 'reads back as itself');
  return restored;
}

describe('fuzzed: saved panel states', () => {
  it('every state this version saves restores, as it was saved', () => {
    fc.assert(
      fc.property(savedState, (state) => {
        const restored = readsSafely(stored(state));
        assert.ok(restored.ok, restored.ok ? '' : restored.problem);
        assert.deepEqual(restored.ok && restored.value.restore, stored(state.restore));
        assert.deepEqual(parseRunSettings(stored(state.restore.settings)), { ok: true, value: stored(state.restore.settings) });
      }),
      runs(300),
    );
  });

  it('a state mutated anywhere is read back only if still valid, never thrown', () => {
    fc.assert(
      fc.property(savedState, fc.array(fc.tuple(fc.nat(), jsonMutation), { minLength: 1, maxLength: 3 }), (state, changes) => {
        readsSafely(changes.reduce<unknown>((current, [where, change]) => mutated(current, where, change), state));
      }),
      runs(1500),
    );
  });

  it('a state with a field the panel could not have sent is dropped, with why', () => {
    const invalid: [(state: { restore: Record<string, unknown> & { settings: Record<string, unknown> } }) => void, RegExp][] = [
      [(s) => void (s.restore.settings.optimizer = { kind: 'lbfgs' }), /optimizer\.kind/],
      [(s) => void ((s.restore.settings.optimizer as Record<string, unknown>).weightDecay = -1), /weightDecay/],
      [(s) => void (s.restore.settings.schedule = { kind: 'polynomial' }), /schedule\.kind/],
      [(s) => void (s.restore.settings.maxSteps = LIMITS.maxSteps + 1), /maxSteps/],
      [(s) => void (s.restore.settings.maxSteps = 0), /maxSteps/],
      [(s) => void (s.restore.settings.learningRate = -0.1), /learningRate/],
      [(s) => void (s.restore.settings.tolerance = null), /tolerance/],
      [(s) => void (s.restore.start = [...(s.restore.start as number[]), 1]), /values for/],
      [(s) => void (s.restore.start = (s.restore.start as number[]).map(() => null)), /start/],
      [(s) => void (s.restore.formulaSource = '__import__("os")'), /cannot be read/],
      [(s) => void (s.restore.settings = undefined as unknown as Record<string, unknown>), /settings/],
    ];
    fc.assert(
      fc.property(savedState, fc.constantFrom(...invalid), (state, [spoil, reason]) => {
        const copy = stored(state) as unknown as { restore: Record<string, unknown> & { settings: Record<string, unknown> } };
        spoil(copy);
        const restored = readsSafely(copy);
        assert.equal(restored.ok, false, JSON.stringify(copy));
        if (!restored.ok) assert.match(restored.problem, reason);
      }),
      runs(300),
    );
  });

  it('anything at all in place of a state is dropped without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (raw) => {
        readsSafely(raw);
        readsSafely({ version: 1, restore: raw });
      }),
      runs(500),
    );
  });
});
