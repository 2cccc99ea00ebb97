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
import type { Framework, OptimizerSettings, RunSettings, ScheduleSettings } from '../core/optim/types';
import { isFramework, isLearningRate, isOptimizerKind, isRecord, isScheduleKind, isStepLimit, LIMITS, parseTrainingLink, type PanelRestoreState } from './protocol';

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
    const fits =
      example === null
        ? value === null || typeof value === 'number'
        : Array.isArray(example)
          ? Array.isArray(value)
          : typeof value === typeof example && !Array.isArray(value);
    if (!fits) return problem(`${what}.${key} is ${shown(value)}`);
    copy.set(key, value);
  }
  return { ok: true, value: Object.fromEntries(copy) as T };
}

/** The optimizer's fields as its framework has them (optax's carry the fields only optax has). */
function parseOptimizerSettings(raw: unknown, framework: Framework): Parsed<OptimizerSettings> {
  if (!isRecord(raw) || !isOptimizerKind(raw.kind)) return problem(`settings.optimizer.kind is not one of the optimizers`);
  return sameShape(raw, defaultOptimizerSettings(raw.kind, framework), `settings.optimizer (${raw.kind})`);
}

/**
 * The fields of each schedule read from training code (types.ts CodeScheduleSettings), by example; lists are
 * copied as lists and their contents checked with the settings as a whole (runSettingsProblem).
 */
const CODE_SCHEDULE_SHAPES: ReadonlyMap<string, object> = new Map<string, object>([
  ['multistep', { kind: 'multistep', milestones: [], gamma: 0 }],
  ['linear', { kind: 'linear', startFactor: 0, endFactor: 0, totalIters: 0 }],
  ['sequential', { kind: 'sequential', schedules: [], milestones: [] }],
  ['keras-exponential-decay', { kind: '', initialLearningRate: 0, decaySteps: 0, decayRate: 0, staircase: false }],
  ['keras-cosine-decay', { kind: '', initialLearningRate: 0, decaySteps: 0, alpha: 0, warmupTarget: null, warmupSteps: 0 }],
  ['keras-piecewise-constant-decay', { kind: '', boundaries: [], values: [] }],
  ['optax-exponential-decay', { kind: '', initValue: 0, transitionSteps: 0, decayRate: 0, transitionBegin: 0, staircase: false, endValue: null }],
  ['optax-cosine-decay', { kind: '', initValue: 0, decaySteps: 0, alpha: 0, exponent: 0 }],
  ['optax-warmup-cosine-decay', { kind: '', initValue: 0, peakValue: 0, warmupSteps: 0, decaySteps: 0, endValue: 0, exponent: 0 }],
  ['optax-piecewise-constant', { kind: '', initValue: 0, boundariesAndScales: [] }],
  ['optax-polynomial', { kind: '', initValue: 0, endValue: 0, power: 0, transitionSteps: 0, transitionBegin: 0 }],
  ['optax-cosine-onecycle', { kind: '', transitionSteps: 0, peakValue: 0, pctStart: 0, divFactor: 0, finalDivFactor: 0 }],
  ['optax-constant', { kind: '', value: 0 }],
]);

/** OneCycleLR's fields as read from code (its own total_steps, momentum cycling, …), beside the panel's. */
const ONECYCLE_FROM_CODE = { totalSteps: null, annealStrategy: '', threePhase: false, cycleMomentum: false, baseMomentum: 0, maxMomentum: 0 };

function parseScheduleSettings(raw: unknown, maxSteps: number, depth = 0): Parsed<ScheduleSettings> {
  if (!isRecord(raw)) return problem(`settings.schedule is not a schedule`);
  const what = `settings.schedule (${shown(raw.kind)})`;
  if (isScheduleKind(raw.kind)) {
    const shape = defaultScheduleSettings(raw.kind, maxSteps);
    const fromCode = raw.kind === 'onecycle' && Object.keys(ONECYCLE_FROM_CODE).some((field) => Object.hasOwn(raw, field));
    return sameShape(raw, fromCode ? { ...shape, ...ONECYCLE_FROM_CODE } : shape, what) as Parsed<ScheduleSettings>;
  }
  const shape = typeof raw.kind === 'string' ? CODE_SCHEDULE_SHAPES.get(raw.kind) : undefined;
  if (!shape) return problem(`settings.schedule.kind is not one of the schedules`);
  const parsed = sameShape(raw, shape, what) as Parsed<Record<string, unknown>>;
  if (!parsed.ok) return parsed;
  // SequentialLR's schedulers are schedules too, each copied field by field (one level: they cannot nest).
  if (raw.kind === 'sequential' && depth === 0) {
    const children: ScheduleSettings[] = [];
    for (const child of raw.schedules as unknown[]) {
      const read = parseScheduleSettings(child, maxSteps, depth + 1);
      if (!read.ok) return read;
      children.push(read.value);
    }
    return { ok: true, value: { ...parsed.value, schedules: children } as unknown as ScheduleSettings };
  }
  return parsed as Parsed<ScheduleSettings>;
}

/** Run settings the panel could have sent: each field as parseWebviewMessage checks it, and runnable as a whole. */
export function parseRunSettings(raw: unknown): Parsed<RunSettings> {
  if (!isRecord(raw)) return problem('settings are missing');
  const { learningRate, maxSteps, tolerance } = raw;
  if (!isLearningRate(learningRate)) return problem(`settings.learningRate ${shown(learningRate)} is not a learning rate the panel accepts`);
  if (!isStepLimit(maxSteps)) return problem(`settings.maxSteps ${shown(maxSteps)} is not a step limit the panel accepts`);
  if (!(typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance >= 0)) return problem(`settings.tolerance ${shown(tolerance)} is not a tolerance`);
  const { framework } = raw;
  if (!(framework === undefined || isFramework(framework))) return problem(`settings.framework ${shown(framework)} is not one of the frameworks`);
  const optimizer = parseOptimizerSettings(raw.optimizer, framework ?? 'pytorch');
  if (!optimizer.ok) return optimizer;
  const schedule = parseScheduleSettings(raw.schedule, maxSteps);
  if (!schedule.ok) return schedule;
  const minibatch = parseMinibatchSettings(raw);
  if (!minibatch.ok) return minibatch;
  const settings: RunSettings = { learningRate, optimizer: optimizer.value, schedule: schedule.value, maxSteps, tolerance, ...(framework ? { framework } : {}), ...minibatch.value };
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
  // A run of a training script's optimizer line keeps its link (checked; a broken one is dropped, not the panel).
  const training = parseTrainingLink(raw.training);
  return { ok: true, value: { documentUri, formulaSource, start: [...start] as number[], settings: settings.value, ...(training ? { training } : {}) } };
}
