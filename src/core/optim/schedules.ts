/**
 * Learning-rate schedules: torch.optim.lr_scheduler's (PyTorch 1.13) valued exactly as they are when
 * `scheduler.step()` follows each `optimizer.step()`, here; Keras 3's and optax's in kerasSchedules.ts and
 * optaxSchedules.ts. In all three the first update sees the schedule at step 0 (PyTorch: the value its constructor
 * set; Keras: `optimizer.iterations`, K base_optimizer.py:158-166, 777-786; optax: the count, O _src/transform.py:1024-1036).
 *
 * PyTorch's schedulers are chainable: most compute the new η from the previous one (a recursive form),
 * not from a closed formula, and the two differ in the last bits. So each scheduler here is a small state
 * machine that mirrors PyTorch's (`lastEpoch`, `stepCount`, the param group's `lr`), including the oddities
 * that decide values: SequentialLR's constructor resets η and re-runs the first scheduler's initial step,
 * and at a milestone it calls `step(0)`, which takes the next scheduler's closed form.
 */
import { correctlyRoundedPower } from '../math/powerSequence';
import { createKerasSchedule, kerasScheduleProblem } from './kerasSchedules';
import { createOptaxSchedule, optaxScheduleProblem } from './optaxSchedules';
import {
  DEFAULT_MAX_STEPS,
  SCHEDULE_KINDS,
  type ChoosableScheduleSettings,
  type ScheduleKind,
  type ScheduleSettings,
  type SequentialScheduleSettings,
} from './types';

/** The settings of one schedule kind, e.g. `ScheduleSettingsOf<'cosine'>`. */
export type ScheduleSettingsOf<K extends ScheduleKind> = Extract<ScheduleSettings, { kind: K }>;

/** The η of each update in turn. */
export interface LearningRateSchedule {
  /** η for the next update: the first call gives update 1's η, the second update 2's, and so on. */
  next(): number;
  /**
   * The momentum (or Adam's β1) the schedule set for the update `next()` last gave η for, or null when it leaves
   * the optimizer's own alone (every schedule but PyTorch's OneCycleLR with cycle_momentum).
   */
  momentum(): number | null;
}

/** A schedule that is a function of the step the update sees (0 for the first update), as Keras' and optax's are. */
export function scheduleOfStep(valueAt: (step: number) => number): LearningRateSchedule {
  let step = 0;
  return { next: () => valueAt(step++), momentum: () => null };
}

/**
 * Defaults for the user-facing schedule settings. Some are fractions of the run, so they depend on its
 * step limit (`maxSteps`):
 * - step: halve η every quarter of the run, so the staircase shows three drops (η ends at η/8) whatever
 *   the run length; a fixed 100 steps would halve η a hundred times over a 10,000-step run.
 * - exponential: γ = 0.99, η falls by e over 100 steps.
 * - cosine: T_max = the run (null), annealing to 0.
 * - warmup-cosine: warm up over the first 10% of the run from η/10. Why 0.1 and not 0.01: warmup exists to
 *   keep the first, least-informed updates from overshooting, and the lab's own remedy for overshoot is η÷10,
 *   so the ramp starts one decade down. From η/100 the first tenth of a short run barely moves, which reads
 *   as "too slow" on the chart and says more about the warmup than about η.
 * - onecycle: PyTorch's defaults (pct_start 0.3, div_factor 25, final_div_factor 1e4), peaking at the run's η.
 */
export function defaultScheduleSettings<K extends ScheduleKind>(kind: K, maxSteps = DEFAULT_MAX_STEPS): ScheduleSettingsOf<K> {
  const settings: { [Kind in ScheduleKind]: ScheduleSettingsOf<Kind> } = {
    constant: { kind: 'constant' },
    step: { kind: 'step', stepSize: Math.max(1, Math.round(maxSteps / 4)), gamma: 0.5 },
    exponential: { kind: 'exponential', gamma: 0.99 },
    cosine: { kind: 'cosine', tMax: null, minLr: 0 },
    'warmup-cosine': { kind: 'warmup-cosine', warmupSteps: Math.max(1, Math.round(maxSteps / 10)), startFactor: 0.1, minLr: 0 },
    onecycle: { kind: 'onecycle', maxLr: null, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 },
  };
  return settings[kind];
}

/**
 * Why these settings cannot make a schedule (as its framework would reject them or fail on them), or null.
 * Total: malformed input (restored state) gets a reason too, never an exception.
 */
export function scheduleSettingsProblem(settings: ScheduleSettings): string | null {
  if (typeof settings !== 'object' || settings === null) return 'schedule: settings are missing';
  if (typeof settings.kind === 'string' && settings.kind.startsWith('keras-')) return kerasScheduleProblem(settings);
  if (typeof settings.kind === 'string' && settings.kind.startsWith('optax-')) return optaxScheduleProblem(settings);
  return torchScheduleProblem(settings);
}

function torchScheduleProblem(settings: ScheduleSettings): string | null {
  const name = settings.kind;
  const positiveInteger = (label: string, value: number): string | null =>
    Number.isInteger(value) && value >= 1 ? null : `${name}: ${label} must be a whole number ≥ 1 (got ${value})`;
  const positive = (label: string, value: number): string | null =>
    Number.isFinite(value) && value > 0 ? null : `${name}: ${label} must be a finite number > 0 (got ${value})`;
  const nonNegative = (label: string, value: number): string | null =>
    Number.isFinite(value) && value >= 0 ? null : `${name}: ${label} must be a finite number ≥ 0 (got ${value})`;
  const checks: (string | null)[] = [];
  switch (settings.kind) {
    case 'constant':
      break;
    case 'step':
      checks.push(positiveInteger('stepSize', settings.stepSize), positive('gamma', settings.gamma));
      break;
    case 'exponential':
      checks.push(positive('gamma', settings.gamma));
      break;
    case 'cosine':
      checks.push(settings.tMax === null ? null : positiveInteger('tMax', settings.tMax), nonNegative('minLr', settings.minLr));
      break;
    case 'warmup-cosine':
      checks.push(
        positiveInteger('warmupSteps', settings.warmupSteps),
        // LinearLR divides by start_factor × total_iters on its second step.
        Number.isFinite(settings.startFactor) && settings.startFactor > 0 && settings.startFactor <= 1
          ? null
          : `${name}: startFactor must be in (0, 1] (got ${settings.startFactor})`,
        nonNegative('minLr', settings.minLr),
      );
      break;
    case 'onecycle':
      checks.push(
        settings.maxLr === null ? null : positive('maxLr', settings.maxLr),
        Number.isFinite(settings.pctStart) && settings.pctStart >= 0 && settings.pctStart <= 1
          ? null
          : `${name}: pctStart must be in [0, 1] (got ${settings.pctStart})`,
        positive('divFactor', settings.divFactor),
        positive('finalDivFactor', settings.finalDivFactor),
        settings.totalSteps == null ? null : positiveInteger('totalSteps', settings.totalSteps),
        settings.annealStrategy === undefined || settings.annealStrategy === 'cos' || settings.annealStrategy === 'linear'
          ? null
          : `${name}: annealStrategy must be 'cos' or 'linear' (got ${String(settings.annealStrategy)})`,
        settings.threePhase === undefined || typeof settings.threePhase === 'boolean' ? null : `${name}: threePhase must be true or false`,
        settings.cycleMomentum === undefined || typeof settings.cycleMomentum === 'boolean' ? null : `${name}: cycleMomentum must be true or false`,
        settings.baseMomentum === undefined ? null : nonNegative('baseMomentum', settings.baseMomentum),
        settings.maxMomentum === undefined ? null : nonNegative('maxMomentum', settings.maxMomentum),
      );
      break;
    case 'multistep':
      checks.push(
        Array.isArray(settings.milestones) && settings.milestones.every((m) => Number.isInteger(m) && m >= 0)
          ? null
          : `${name}: milestones must be whole numbers ≥ 0`,
        positive('gamma', settings.gamma),
      );
      break;
    case 'linear':
      checks.push(
        // LinearLR's own checks (both factors in [0, 1]); a start of 0 would divide by zero on its second step.
        fractionProblem(name, 'startFactor', settings.startFactor, false),
        fractionProblem(name, 'endFactor', settings.endFactor, true),
        positiveInteger('totalIters', settings.totalIters),
      );
      break;
    case 'sequential':
      return sequentialProblem(settings);
    default:
      return `schedule: unknown kind "${String((settings as { kind: unknown }).kind)}"`;
  }
  return checks.find((problem) => problem !== null) ?? null;
}

/** `value` in (0, 1], or [0, 1] when `zeroAllowed`. */
function fractionProblem(name: string, label: string, value: unknown, zeroAllowed: boolean): string | null {
  const ok = typeof value === 'number' && value <= 1 && (zeroAllowed ? value >= 0 : value > 0);
  return ok ? null : `${name}: ${label} must be in ${zeroAllowed ? '[0, 1]' : '(0, 1]'} (got ${String(value)})`;
}

/** SequentialLR: one more scheduler than milestones, increasing milestones, each scheduler one it can chain. */
function sequentialProblem(settings: Extract<ScheduleSettings, { kind: 'sequential' }>): string | null {
  const { schedules, milestones } = settings;
  if (!Array.isArray(schedules) || !Array.isArray(milestones) || schedules.length === 0) {
    return 'sequential: needs a list of schedulers and a list of milestones';
  }
  if (milestones.length !== schedules.length - 1) {
    return `sequential: ${schedules.length} schedulers need ${schedules.length - 1} milestones (got ${milestones.length})`;
  }
  if (!milestones.every((m, i) => Number.isInteger(m) && m >= 1 && (i === 0 || m > milestones[i - 1]!))) {
    return 'sequential: milestones must be increasing whole numbers ≥ 1';
  }
  for (const child of schedules) {
    const kind = (child as { kind?: unknown } | null)?.kind;
    if (!SEQUENTIAL_KINDS.has(kind as string)) return `sequential: cannot chain a "${String(kind)}" scheduler`;
    if (child.kind === 'cosine' && child.tMax === null) return 'sequential: a cosine scheduler in it needs its own tMax';
    const problem = torchScheduleProblem(child);
    if (problem !== null) return `sequential: ${problem}`;
  }
  return null;
}

const SEQUENTIAL_KINDS: ReadonlySet<string> = new Set(['step', 'exponential', 'cosine', 'multistep', 'linear']);

/**
 * The schedule for a run with base η `learningRate` and step limit `maxSteps` (cosine's `tMax: null` and
 * one-cycle's total steps mean the whole run). Throws a RangeError for invalid settings.
 */
export function createSchedule(settings: ScheduleSettings, learningRate: number, maxSteps: number): LearningRateSchedule {
  const problem = scheduleSettingsProblem(settings);
  if (problem !== null) throw new RangeError(problem);
  if (settings.kind === 'constant') return { next: () => learningRate, momentum: () => null };
  const kerasSchedule = createKerasSchedule(settings, learningRate);
  if (kerasSchedule !== null) return kerasSchedule;
  const optaxSchedule = createOptaxSchedule(settings, learningRate);
  if (optaxSchedule !== null) return optaxSchedule;

  const group: ParamGroup = { lr: learningRate, initialLr: learningRate, momentum: null };
  const scheduler = torchScheduler(settings as TorchSchedulerSettings, group, maxSteps);
  // Update 1 uses η as the constructor left it; each later update first steps the scheduler, as
  // `scheduler.step()` after `optimizer.step()` does. Stepping lazily means no η is computed past the run.
  let started = false;
  return {
    next() {
      if (started) scheduler.step();
      started = true;
      return group.lr;
    },
    momentum: () => group.momentum,
  };
}

/** η for updates 1 … steps, e.g. for a chart or a test. */
export function learningRateSequence(settings: ScheduleSettings, learningRate: number, steps: number): Float64Array {
  return scheduleSequence(settings, learningRate, steps).learningRates;
}

/** η for updates 1 … steps, and the momentum (Adam's β1) of each when the schedule sets it (else null). */
export function scheduleSequence(
  settings: ScheduleSettings,
  learningRate: number,
  steps: number,
): { learningRates: Float64Array; momenta: Float64Array | null } {
  const schedule = createSchedule(settings, learningRate, steps);
  const learningRates = new Float64Array(steps);
  let momenta: Float64Array | null = null;
  for (let t = 0; t < steps; t++) {
    learningRates[t] = schedule.next();
    const momentum = schedule.momentum();
    if (momentum !== null) (momenta ??= new Float64Array(steps))[t] = momentum;
  }
  return { learningRates, momenta };
}

/**
 * True for a schedule as one chooses it (panel, settings, CLI): a choosable kind with none of the settings only
 * training code gives (a OneCycleLR's own total_steps, momentum cycling, …).
 */
export function isChoosableSchedule(settings: ScheduleSettings): settings is ChoosableScheduleSettings {
  if (!(SCHEDULE_KINDS as readonly string[]).includes(settings.kind)) return false;
  if (settings.kind !== 'onecycle') return true;
  const { totalSteps, annealStrategy, threePhase, cycleMomentum, baseMomentum, maxMomentum } = settings;
  return [totalSteps, annealStrategy, threePhase, cycleMomentum, baseMomentum, maxMomentum].every((field) => field === undefined);
}

/** True when the schedule sets the optimizer's momentum (or β1) at every step. */
export function cyclesMomentum(settings: ScheduleSettings): boolean {
  return settings.kind === 'onecycle' && settings.cycleMomentum === true;
}

// ─── PyTorch's schedulers as state machines ─────────────────────────────────────────────────────

/** The optimizer's single param group, which PyTorch's schedulers read and write. */
interface ParamGroup {
  lr: number;
  initialLr: number;
  /** The momentum (or β1) a momentum-cycling OneCycleLR set; null while none has. */
  momentum: number | null;
}

interface TorchScheduler {
  /** `scheduler.step()`. */
  step(): void;
}

type TorchSchedulerSettings = Extract<
  ScheduleSettings,
  { kind: 'step' | 'exponential' | 'cosine' | 'warmup-cosine' | 'onecycle' | 'multistep' | 'linear' | 'sequential' }
>;

function torchScheduler(settings: TorchSchedulerSettings, group: ParamGroup, maxSteps: number): TorchScheduler {
  switch (settings.kind) {
    case 'cosine':
      // T_max left to the run (null) spans it.
      return sequentialChild({ ...settings, tMax: settings.tMax ?? maxSteps }, group);
    case 'warmup-cosine':
      return warmupCosine(group, settings, maxSteps);
    case 'onecycle':
      return new OneCycleLR(group, settings, maxSteps);
    case 'sequential':
      return sequentialLR(group, settings);
    default:
      return sequentialChild(settings, group);
  }
}

/** A scheduler SequentialLR can chain, constructed on `group` (performing its initial step). */
function sequentialChild(settings: SequentialScheduleSettings, group: ParamGroup): Chainable {
  switch (settings.kind) {
    case 'step':
      return new StepLR(group, settings.stepSize, settings.gamma);
    case 'exponential':
      return new ExponentialLR(group, settings.gamma);
    case 'cosine':
      return new CosineAnnealingLR(group, settings.tMax, settings.minLr);
    case 'multistep':
      return new MultiStepLR(group, settings.milestones, settings.gamma);
    case 'linear':
      return new LinearLR(group, settings.startFactor, settings.endFactor, settings.totalIters);
  }
}

/** Python's bisect_right: how many of the sorted `values` are ≤ `x`. */
function bisectRight(values: readonly number[], x: number): number {
  let count = 0;
  while (count < values.length && values[count]! <= x) count++;
  return count;
}

/**
 * SequentialLR(schedulers, milestones) as PyTorch 1.13 runs it: every scheduler is constructed first (each
 * performing its initial step on the shared param group); SequentialLR's constructor then resets η to the initial
 * η, undoes those steps and redoes only the first scheduler's; from then on the scheduler whose span holds the epoch
 * steps, and at a milestone the next one is restarted with `step(0)`, its closed form at epoch 0.
 */
function sequentialLR(group: ParamGroup, settings: Extract<ScheduleSettings, { kind: 'sequential' }>): TorchScheduler {
  const schedulers = settings.schedules.map((child) => sequentialChild(child, group));
  const { milestones } = settings;
  group.lr = group.initialLr;
  for (const scheduler of schedulers) scheduler.lastEpoch -= 1;
  schedulers[0]!.initialStep();
  let lastEpoch = 0;
  return {
    step() {
      lastEpoch += 1;
      const index = bisectRight(milestones, lastEpoch);
      const scheduler = schedulers[index]!;
      if (index > 0 && milestones[index - 1] === lastEpoch) scheduler.stepTo(0);
      else scheduler.step();
    },
  };
}

/**
 * What every `_LRScheduler` shares: the base η, `last_epoch` and `_step_count`, and the initial step its
 * constructor performs (last_epoch −1 → 0).
 */
abstract class Chainable implements TorchScheduler {
  lastEpoch = -1;
  stepCount = 0;
  readonly baseLr: number;

  constructor(protected readonly group: ParamGroup) {
    this.baseLr = group.initialLr;
  }

  /** `_initial_step()`: resets the step count and steps once. Subclasses call it at the end of their constructor. */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    this.group.lr = this.chainedLr();
  }

  /** `step(epoch)`: jumps to `epoch` and takes the closed form (what SequentialLR does at a milestone). */
  stepTo(epoch: number): void {
    this.stepCount += 1;
    this.lastEpoch = epoch;
    this.group.lr = this.closedFormLr();
  }

  /** `get_lr()`: the new η from the current one (the chainable form). */
  protected abstract chainedLr(): number;

  /** `_get_closed_form_lr()`: η at `lastEpoch` from the base η. */
  protected abstract closedFormLr(): number;
}

class StepLR extends Chainable {
  constructor(
    group: ParamGroup,
    private readonly stepSize: number,
    private readonly gamma: number,
  ) {
    super(group);
    this.initialStep();
  }

  protected chainedLr(): number {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.group.lr;
    return this.group.lr * this.gamma;
  }

  protected closedFormLr(): number {
    return this.baseLr * correctlyRoundedPower(this.gamma, Math.floor(this.lastEpoch / this.stepSize));
  }
}

class MultiStepLR extends Chainable {
  /** How many times each milestone is listed (PyTorch keeps a Counter: a repeated milestone decays twice). */
  private readonly counts = new Map<number, number>();
  private readonly sorted: number[];

  constructor(
    group: ParamGroup,
    milestones: readonly number[],
    private readonly gamma: number,
  ) {
    super(group);
    for (const milestone of milestones) this.counts.set(milestone, (this.counts.get(milestone) ?? 0) + 1);
    this.sorted = [...milestones].sort((a, b) => a - b);
    this.initialStep();
  }

  protected chainedLr(): number {
    const count = this.counts.get(this.lastEpoch);
    return count === undefined ? this.group.lr : this.group.lr * correctlyRoundedPower(this.gamma, count);
  }

  protected closedFormLr(): number {
    return this.baseLr * correctlyRoundedPower(this.gamma, bisectRight(this.sorted, this.lastEpoch));
  }
}

class ExponentialLR extends Chainable {
  constructor(
    group: ParamGroup,
    private readonly gamma: number,
  ) {
    super(group);
    this.initialStep();
  }

  protected chainedLr(): number {
    return this.lastEpoch === 0 ? this.group.lr : this.group.lr * this.gamma;
  }

  protected closedFormLr(): number {
    return this.baseLr * correctlyRoundedPower(this.gamma, this.lastEpoch);
  }
}

/** Python's `%`: the result takes the divisor's sign. */
const pythonModulo = (a: number, m: number): number => ((a % m) + m) % m;

class CosineAnnealingLR extends Chainable {
  constructor(
    group: ParamGroup,
    private readonly tMax: number,
    private readonly minLr: number,
  ) {
    super(group);
    this.initialStep();
  }

  protected closedFormLr(): number {
    return this.minLr + ((this.baseLr - this.minLr) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2;
  }

  protected chainedLr(): number {
    const { lastEpoch: epoch, tMax, minLr, baseLr } = this;
    const lr = this.group.lr;
    if (epoch === 0) return lr;
    if (this.stepCount === 1 && epoch > 0) {
      return minLr + ((baseLr - minLr) * (1 + Math.cos((epoch * Math.PI) / tMax))) / 2;
    }
    // Just past the end of a half period the recursive ratio would be 0/0; PyTorch adds the step instead.
    if (pythonModulo(epoch - 1 - tMax, 2 * tMax) === 0) {
      return lr + ((baseLr - minLr) * (1 - Math.cos(Math.PI / tMax))) / 2;
    }
    return ((1 + Math.cos((Math.PI * epoch) / tMax)) / (1 + Math.cos((Math.PI * (epoch - 1)) / tMax))) * (lr - minLr) + minLr;
  }
}

class LinearLR extends Chainable {
  constructor(
    group: ParamGroup,
    private readonly startFactor: number,
    private readonly endFactor: number,
    private readonly totalIters: number,
  ) {
    super(group);
    this.initialStep();
  }

  protected chainedLr(): number {
    const { lastEpoch: epoch, startFactor, endFactor, totalIters } = this;
    const lr = this.group.lr;
    if (epoch === 0) return lr * startFactor;
    if (epoch > totalIters) return lr;
    return lr * (1 + (endFactor - startFactor) / (totalIters * startFactor + (epoch - 1) * (endFactor - startFactor)));
  }

  protected closedFormLr(): number {
    const { startFactor, endFactor, totalIters } = this;
    return this.baseLr * (startFactor + ((endFactor - startFactor) * Math.min(totalIters, this.lastEpoch)) / totalIters);
  }
}

/**
 * SequentialLR([LinearLR(start_factor → 1, total_iters = w), CosineAnnealingLR(T_max = steps − w)], milestones [w]).
 * In PyTorch 1.13 the warmup never applies its last factor: at step w SequentialLR calls the cosine's
 * `step(0)`, which sets η to the cosine's closed form at 0, i.e. the base η.
 */
function warmupCosine(group: ParamGroup, settings: ScheduleSettingsOf<'warmup-cosine'>, maxSteps: number): TorchScheduler {
  const milestone = settings.warmupSteps;
  // Both constructors run first and each performs its initial step on the shared group …
  const warmup = new LinearLR(group, settings.startFactor, 1, milestone);
  const cosine = new CosineAnnealingLR(group, maxSteps - milestone, settings.minLr);
  // … then SequentialLR's constructor resets η, undoes those steps and redoes only the first scheduler's.
  group.lr = group.initialLr;
  warmup.lastEpoch -= 1;
  cosine.lastEpoch -= 1;
  warmup.initialStep();
  let lastEpoch = 0;
  return {
    step() {
      lastEpoch += 1;
      if (lastEpoch < milestone) warmup.step();
      else if (lastEpoch === milestone) cosine.stepTo(0);
      else cosine.step();
    },
  };
}

/**
 * OneCycleLR: η from max/divFactor up to max (the settings' own or the run's η), then down to
 * max/(divFactor·finalDivFactor), annealed by cos (or linearly), in two phases or three. It ignores the optimizer's
 * η: it sets its own. With cycle_momentum (PyTorch's default, `cycleMomentum` here) it also sets the momentum, or
 * Adam's β1, from maxMomentum down to baseMomentum while η rises and back while it falls. Past total_steps PyTorch
 * raises; the simulation holds the last values.
 */
class OneCycleLR extends Chainable {
  private readonly phases: readonly { endStep: number; startLr: number; endLr: number; startMomentum: number; endMomentum: number }[];
  private readonly totalSteps: number;
  private readonly anneal: (start: number, end: number, pct: number) => number;
  private readonly cycleMomentum: boolean;

  constructor(group: ParamGroup, settings: ScheduleSettingsOf<'onecycle'>, runSteps: number) {
    const maxLr = settings.maxLr ?? group.lr;
    const initialLr = maxLr / settings.divFactor;
    const minLr = initialLr / settings.finalDivFactor;
    group.initialLr = initialLr;
    super(group);
    const totalSteps = settings.totalSteps ?? runSteps;
    const maxMomentum = settings.maxMomentum ?? 0.95;
    const baseMomentum = settings.baseMomentum ?? 0.85;
    const warmEnd = settings.pctStart * totalSteps - 1;
    this.phases = settings.threePhase
      ? [
          { endStep: warmEnd, startLr: initialLr, endLr: maxLr, startMomentum: maxMomentum, endMomentum: baseMomentum },
          { endStep: 2 * settings.pctStart * totalSteps - 2, startLr: maxLr, endLr: initialLr, startMomentum: baseMomentum, endMomentum: maxMomentum },
          { endStep: totalSteps - 1, startLr: initialLr, endLr: minLr, startMomentum: maxMomentum, endMomentum: maxMomentum },
        ]
      : [
          { endStep: warmEnd, startLr: initialLr, endLr: maxLr, startMomentum: maxMomentum, endMomentum: baseMomentum },
          { endStep: totalSteps - 1, startLr: maxLr, endLr: minLr, startMomentum: baseMomentum, endMomentum: maxMomentum },
        ];
    this.totalSteps = totalSteps;
    this.anneal = settings.annealStrategy === 'linear' ? annealLinear : annealCos;
    this.cycleMomentum = settings.cycleMomentum === true;
    if (this.cycleMomentum) group.momentum = maxMomentum;
    this.initialStep();
  }

  protected chainedLr(): number {
    const stepNumber = Math.min(this.lastEpoch, this.totalSteps);
    let startStep = 0;
    for (let i = 0; i < this.phases.length; i++) {
      const phase = this.phases[i]!;
      if (stepNumber <= phase.endStep || i === this.phases.length - 1) {
        const length = phase.endStep - startStep;
        // PyTorch divides by zero on a phase of length 0 (pct_start × total_steps = 1); take its end value.
        const pct = length === 0 ? 1 : (stepNumber - startStep) / length;
        if (this.cycleMomentum) this.group.momentum = this.anneal(phase.startMomentum, phase.endMomentum, pct);
        return this.anneal(phase.startLr, phase.endLr, pct);
      }
      startStep = phase.endStep;
    }
    throw new Error('OneCycleLR: the last phase always applies');
  }

  /** OneCycleLR has no closed form: `step(epoch)` takes `get_lr()` at that epoch. */
  protected closedFormLr(): number {
    return this.chainedLr();
  }
}

/** OneCycleLR's `_annealing_cos`. */
function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2) * cosOut;
}

/** OneCycleLR's `_annealing_linear`. */
function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
