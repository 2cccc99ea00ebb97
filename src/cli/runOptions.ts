/**
 * The run options `simulate` and `sweep` share: optimizer and its hyper-parameters, schedule and its
 * parameters, step limit and tolerance. An option that does not apply to the chosen optimizer or schedule
 * is refused by name rather than silently ignored.
 */
import {
  DEFAULT_LEARNING_RATE,
  DEFAULT_MAX_STEPS,
  DEFAULT_TOLERANCE,
  FRAMEWORKS,
  OPTIMIZER_KINDS,
  SCHEDULE_KINDS,
  defaultOptimizerSettings,
  defaultScheduleSettings,
  FULL_TRACE_STEPS,
  MAX_CLI_STEPS,
  maxStepsWritten,
  runSettingsProblem,
  withOptimizerOverrides,
  type Framework,
  type OptimizerKind,
  type OptimizerOverrides,
  type RunSettings,
  type ScheduleKind,
  type ScheduleSettings,
} from '../core/optim';
import { formatCount } from '../words/format';
import { numberOption, UsageError, type OptionSpec, type ParsedArguments } from './arguments';

const value: OptionSpec = { value: true };

/** Options both commands take, besides the formula and --start. */
export const RUN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  start: value,
  optimizer: value,
  framework: value,
  momentum: value,
  'weight-decay': value,
  schedule: value,
  'step-size': value,
  gamma: value,
  't-max': value,
  'min-lr': value,
  'warmup-steps': value,
  'start-factor': value,
  'max-lr': value,
  'pct-start': value,
  steps: value,
  tol: value,
  json: { value: false },
  file: value,
  'batch-size': value,
  shuffle: value,
  seed: value,
};

/** What `--json` prints of the trace: every step, or the downsampled series; absent, every step up to FULL_TRACE_STEPS. */
export const TRACE_CHOICES = ['full', 'downsampled'] as const;
export type TraceChoice = (typeof TRACE_CHOICES)[number];

/** Which schedule each schedule option belongs to. */
const SCHEDULE_OPTIONS: Readonly<Record<string, readonly ScheduleKind[]>> = {
  'step-size': ['step'],
  gamma: ['step', 'exponential'],
  't-max': ['cosine'],
  'min-lr': ['cosine', 'warmup-cosine'],
  'warmup-steps': ['warmup-cosine'],
  'start-factor': ['warmup-cosine'],
  'max-lr': ['onecycle'],
  'pct-start': ['onecycle'],
};

function text(options: ParsedArguments['options'], name: string): string | undefined {
  const given = options.get(name);
  return typeof given === 'string' ? given : undefined;
}

function number(options: ParsedArguments['options'], name: string, rules: Parameters<typeof numberOption>[2] = {}): number | undefined {
  const given = text(options, name);
  return given === undefined ? undefined : numberOption(name, given, rules);
}

/** Run settings from the options; `learningRate` is the --lr (simulate) or a placeholder (sweep). */
export function runSettingsFromOptions(options: ParsedArguments['options'], learningRate = DEFAULT_LEARNING_RATE): RunSettings {
  const optimizerName = text(options, 'optimizer') ?? 'gd';
  if (!(OPTIMIZER_KINDS as readonly string[]).includes(optimizerName)) {
    throw new UsageError(`--optimizer must be one of ${OPTIMIZER_KINDS.join(', ')}; got "${optimizerName}"`);
  }
  // Whose update rules and defaults the optimizer follows; PyTorch's unless asked (absent from the settings then).
  const frameworkName = text(options, 'framework');
  if (frameworkName !== undefined && !(FRAMEWORKS as readonly string[]).includes(frameworkName)) {
    throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(', ')}; got "${frameworkName}"`);
  }
  const framework = frameworkName as Framework | undefined;
  const scheduleName = text(options, 'schedule') ?? 'constant';
  if (!(SCHEDULE_KINDS as readonly string[]).includes(scheduleName)) {
    throw new UsageError(`--schedule must be one of ${SCHEDULE_KINDS.join(', ')}; got "${scheduleName}"`);
  }
  const maxSteps = number(options, 'steps', { integer: true, min: 0 }) ?? DEFAULT_MAX_STEPS;
  const tolerance = number(options, 'tol', { min: 0 }) ?? DEFAULT_TOLERANCE;
  const settings: RunSettings = {
    learningRate,
    optimizer: optimizerFromOptions(optimizerName as OptimizerKind, options, framework ?? 'pytorch'),
    schedule: scheduleFromOptions(scheduleName as ScheduleKind, options, maxSteps),
    maxSteps,
    tolerance,
    ...(framework ? { framework } : {}),
  };
  const problem = runSettingsProblem(settings);
  if (problem !== null) throw new UsageError(problem);
  return settings;
}

function optimizerFromOptions(kind: OptimizerKind, options: ParsedArguments['options'], framework: Framework): RunSettings['optimizer'] {
  const overrides: OptimizerOverrides = {};
  const momentum = number(options, 'momentum', { min: 0 });
  const weightDecay = number(options, 'weight-decay', { min: 0 });
  if (momentum !== undefined) {
    if (kind !== 'momentum' && kind !== 'nesterov' && kind !== 'rmsprop') {
      throw new UsageError(`--momentum applies to --optimizer momentum, nesterov or rmsprop, not ${kind}`);
    }
    overrides.momentum = momentum;
  }
  if (weightDecay !== undefined) overrides.weightDecay = weightDecay;
  try {
    return withOptimizerOverrides(defaultOptimizerSettings(kind, framework), overrides, framework);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function scheduleFromOptions(kind: ScheduleKind, options: ParsedArguments['options'], maxSteps: number): ScheduleSettings {
  for (const [option, kinds] of Object.entries(SCHEDULE_OPTIONS)) {
    if (options.has(option) && !kinds.includes(kind)) {
      throw new UsageError(`--${option} applies to --schedule ${kinds.join(' or ')}, not ${kind}`);
    }
  }
  const defaults = defaultScheduleSettings(kind, Math.max(1, maxSteps));
  switch (defaults.kind) {
    case 'constant':
      return defaults;
    case 'step':
      return {
        ...defaults,
        stepSize: number(options, 'step-size', { integer: true, min: 1 }) ?? defaults.stepSize,
        gamma: number(options, 'gamma', { positive: true }) ?? defaults.gamma,
      };
    case 'exponential':
      return { ...defaults, gamma: number(options, 'gamma', { positive: true }) ?? defaults.gamma };
    case 'cosine':
      return {
        ...defaults,
        tMax: number(options, 't-max', { integer: true, min: 1 }) ?? defaults.tMax,
        minLr: number(options, 'min-lr', { min: 0 }) ?? defaults.minLr,
      };
    case 'warmup-cosine':
      return {
        ...defaults,
        warmupSteps: number(options, 'warmup-steps', { integer: true, min: 1 }) ?? defaults.warmupSteps,
        startFactor: number(options, 'start-factor', { positive: true }) ?? defaults.startFactor,
        minLr: number(options, 'min-lr', { min: 0 }) ?? defaults.minLr,
      };
    case 'onecycle':
      return {
        ...defaults,
        maxLr: number(options, 'max-lr', { positive: true }) ?? defaults.maxLr,
        pctStart: number(options, 'pct-start', { min: 0 }) ?? defaults.pctStart,
      };
  }
}

/**
 * Refuses a step limit a run cannot honour (exit 2, naming the limit): MAX_CLI_STEPS for any run (a run's memory does
 * not grow with its length; its time does), and with `--trace full` what a whole trace written out may hold, which
 * shrinks as the formula has more variables (see stepLimits.ts).
 */
export function refuseStepsBeyondLimits(maxSteps: number, dimension: number, { trace, overData = false }: { trace: TraceChoice | null; overData?: boolean }): void {
  if (maxSteps > MAX_CLI_STEPS) {
    throw new UsageError(`--steps ${formatCount(maxSteps)} is more than a run may take: at most ${formatCount(MAX_CLI_STEPS)} steps`);
  }
  const written = maxStepsWritten(dimension, overData);
  if (trace === 'full' && maxSteps > written) {
    const formula = `${overData ? 'a loss over data' : 'a formula'} of ${dimension} variable${dimension === 1 ? '' : 's'}`;
    throw new UsageError(
      `--steps ${formatCount(maxSteps)} is more than --trace full can print: at most ${formatCount(written)} steps for ${formula} (every step is printed; without --trace full, --json prints every step up to ${formatCount(FULL_TRACE_STEPS)} and the downsampled series beyond)`,
    );
  }
}

/** `--trace full|downsampled`, which only `--json` prints; null when not given. */
export function traceOption(options: ParsedArguments['options']): TraceChoice | null {
  const given = text(options, 'trace');
  if (given === undefined) return null;
  if (!options.has('json')) throw new UsageError('--trace applies to --json: it says what of the trace to print');
  if (!(TRACE_CHOICES as readonly string[]).includes(given)) throw new UsageError(`--trace must be one of ${TRACE_CHOICES.join(', ')}; got "${given}"`);
  return given as TraceChoice;
}

/**
 * The minibatch settings of a loss over data: `--batch-size` (default: the full batch), `--shuffle on|off`
 * (default on when the batch is smaller than the data), `--seed` (default 0). Refused for a formula without data.
 */
export function minibatchFromOptions(options: ParsedArguments['options'], rowCount: number | null): Pick<RunSettings, 'batchSize' | 'shuffle' | 'seed'> {
  const given = ['batch-size', 'shuffle', 'seed'].filter((name) => options.has(name));
  if (rowCount === null) {
    if (given.length > 0) throw new UsageError(`--${given[0]} applies to a loss over data; this formula reads no data`);
    return {};
  }
  const batchSize = Math.min(number(options, 'batch-size', { integer: true, min: 1 }) ?? rowCount, rowCount);
  const shuffleText = text(options, 'shuffle');
  if (shuffleText !== undefined && shuffleText !== 'on' && shuffleText !== 'off') throw new UsageError(`--shuffle must be on or off, got "${shuffleText}"`);
  const seed = number(options, 'seed', { integer: true, min: 0 }) ?? 0;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be at most ${Number.MAX_SAFE_INTEGER}, got ${seed}`);
  return { batchSize, shuffle: shuffleText === undefined ? batchSize < rowCount : shuffleText === 'on', seed };
}

export { text as optionText };
