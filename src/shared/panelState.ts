/**
 * The saved part of a panel, checked as strictly as a live message: what the page keeps with setState comes back
 * after a reload or a restart from storage, not from the host, so it is untrusted input. The host's
 * WebviewPanelSerializer and the page itself read it through these functions, which reuse the protocol's own
 * field checks (isLearningRate, isStepLimit, the optimizer and schedule kinds) and the core's check of the
 * settings as a whole, and copy only the fields they know: nothing unchecked travels further.
 */
import { defaultOptimizerSettings } from '../core/optim/optimizers';
import { defaultScheduleSettings } from '../core/optim/schedules';
import { runSettingsProblem } from '../core/optim/settings';
import type { OptimizerSettings, RunSettings, ScheduleSettings } from '../core/optim/types';
import { isLearningRate, isOptimizerKind, isRecord, isScheduleKind, isStepLimit, LIMITS, type PanelRestoreState } from './protocol';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const problem = (text: string): { ok: false; problem: string } => ({ ok: false, problem: text });

/**
 * A stored value as a problem names it. Never String() of an object from storage: its own `toString` (a field like
 * any other in JSON) would be called, or throw.
 */
function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  return Array.isArray(value) ? 'a list' : `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}

/**
 * The fields of `raw` that `shape` has, each of the same type as in `shape` (a field `null` in `shape` may be a
 * number or null: the schedule's "the run's step limit"), or a problem naming the first that is not.
 */
function sameShape<T extends object>(raw: Record<string, unknown>, shape: T, what: string): Parsed<T> {
  const fields = new Map(Object.entries(raw));
  const copy = new Map<string, unknown>();
  for (const [key, example] of Object.entries(shape)) {
    const value = fields.get(key);
    const fits = example === null ? value === null || typeof value === 'number' : typeof value === typeof example;
    if (!fits) return problem(`${what}.${key} is ${shown(value)}`);
    copy.set(key, value);
  }
  return { ok: true, value: Object.fromEntries(copy) as T };
}

function parseOptimizerSettings(raw: unknown): Parsed<OptimizerSettings> {
  if (!isRecord(raw) || !isOptimizerKind(raw.kind)) return problem(`settings.optimizer.kind is not one of the optimizers`);
  return sameShape(raw, defaultOptimizerSettings(raw.kind), `settings.optimizer (${raw.kind})`);
}

function parseScheduleSettings(raw: unknown, maxSteps: number): Parsed<ScheduleSettings> {
  if (!isRecord(raw) || !isScheduleKind(raw.kind)) return problem(`settings.schedule.kind is not one of the schedules`);
  return sameShape(raw, defaultScheduleSettings(raw.kind, maxSteps), `settings.schedule (${raw.kind})`);
}

/** Run settings the panel could have sent: each field as parseWebviewMessage checks it, and runnable as a whole. */
export function parseRunSettings(raw: unknown): Parsed<RunSettings> {
  if (!isRecord(raw)) return problem('settings are missing');
  const { learningRate, maxSteps, tolerance } = raw;
  if (!isLearningRate(learningRate)) return problem(`settings.learningRate ${shown(learningRate)} is not a learning rate the panel accepts`);
  if (!isStepLimit(maxSteps)) return problem(`settings.maxSteps ${shown(maxSteps)} is not a step limit the panel accepts`);
  if (!(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance >= 0)) return problem(`settings.tolerance ${shown(tolerance)} is not a tolerance`);
  const optimizer = parseOptimizerSettings(raw.optimizer);
  if (!optimizer.ok) return optimizer;
  const schedule = parseScheduleSettings(raw.schedule, maxSteps);
  if (!schedule.ok) return schedule;
  const minibatch = parseMinibatchSettings(raw);
  if (!minibatch.ok) return minibatch;
  const settings: RunSettings = { learningRate, optimizer: optimizer.value, schedule: schedule.value, maxSteps, tolerance, ...minibatch.value };
  const unrunnable = runSettingsProblem(settings);
  return unrunnable === null ? { ok: true, value: settings } : problem(`settings: ${unrunnable}`);
}

/** A loss over data's batch size, shuffle and seed, as setMinibatch checks them; absent for any other formula. */
function parseMinibatchSettings(raw: Record<string, unknown>): Parsed<Pick<RunSettings, 'batchSize' | 'shuffle' | 'seed'>> {
  const { batchSize, shuffle, seed } = raw;
  const value: { batchSize?: number | null; shuffle?: boolean; seed?: number } = {};
  if (batchSize !== undefined) {
    if (!(batchSize === null || (typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= LIMITS.maxBatchSize))) {
      return problem(`settings.batchSize ${shown(batchSize)} is not a batch size the panel accepts`);
    }
    value.batchSize = batchSize;
  }
  if (shuffle !== undefined) {
    if (typeof shuffle !== 'boolean') return problem(`settings.shuffle ${shown(shuffle)} is not on or off`);
    value.shuffle = shuffle;
  }
  if (seed !== undefined) {
    if (!(typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0)) return problem(`settings.seed ${shown(seed)} is not a seed`);
    value.seed = seed;
  }
  return { ok: true, value };
}

/** What a panel needs to come back (PanelRestoreState), checked field by field, or the first problem found. */
export function parsePanelRestoreState(raw: unknown): Parsed<PanelRestoreState> {
  if (!isRecord(raw)) return problem('no saved formula and settings');
  const { documentUri, formulaSource, start } = raw;
  if (!(documentUri === null || typeof documentUri === 'string')) return problem('documentUri is not a string');
  if (typeof formulaSource !== 'string' || formulaSource.trim() === '') return problem('formulaSource is not a formula');
  if (!Array.isArray(start) || start.length === 0 || !start.every((value) => typeof value === 'number' && Number.isFinite(value))) {
    return problem('start is not a list of finite numbers');
  }
  const settings = parseRunSettings(raw.settings);
  if (!settings.ok) return settings;
  return { ok: true, value: { documentUri, formulaSource, start: [...start] as number[], settings: settings.value } };
}
