/**
 * Learning-rate schedules valued exactly as torch.optim.lr_scheduler (PyTorch 1.13) when
 * `scheduler.step()` follows each `optimizer.step()`.
 *
 * PyTorch's schedulers are chainable: most compute the new η from the previous one (a recursive form),
 * not from a closed formula, and the two differ in the last bits. So each scheduler here is a small state
 * machine that mirrors PyTorch's (`lastEpoch`, `stepCount`, the param group's `lr`), including the oddities
 * that decide values: SequentialLR's constructor resets η and re-runs the first scheduler's initial step,
 * and at a milestone it calls `step(0)`, which takes CosineAnnealingLR's closed form.
 */
import { DEFAULT_MAX_STEPS, type ScheduleKind, type ScheduleSettings } from './types';

/** The settings of one schedule kind, e.g. `ScheduleSettingsOf<'cosine'>`. */
export type ScheduleSettingsOf<K extends ScheduleKind> = Extract<ScheduleSettings, { kind: K }>;

/** The η of each update in turn. */
export interface LearningRateSchedule {
  /** η for the next update: the first call gives update 1's η, the second update 2's, and so on. */
  next(): number;
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

/** Why these settings cannot make a schedule (as PyTorch would reject them or fail on them), or null. */
export function scheduleSettingsProblem(settings: ScheduleSettings): string | null {
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
      );
      break;
  }
  return checks.find((problem) => problem !== null) ?? null;
}

/**
 * The schedule for a run with base η `learningRate` and step limit `maxSteps` (cosine's `tMax: null` and
 * one-cycle's total steps mean the whole run). Throws a RangeError for invalid settings.
 */
export function createSchedule(settings: ScheduleSettings, learningRate: number, maxSteps: number): LearningRateSchedule {
  const problem = scheduleSettingsProblem(settings);
  if (problem !== null) throw new RangeError(problem);
  if (settings.kind === 'constant') return { next: () => learningRate };

  const group: ParamGroup = { lr: learningRate, initialLr: learningRate };
  const scheduler = torchScheduler(settings, group, maxSteps);
  // Update 1 uses η as the constructor left it; each later update first steps the scheduler, as
  // `scheduler.step()` after `optimizer.step()` does. Stepping lazily means no η is computed past the run.
  let started = false;
  return {
    next() {
      if (started) scheduler.step();
      started = true;
      return group.lr;
    },
  };
}

/** η for updates 1 … steps, e.g. for a chart or a test. */
export function learningRateSequence(settings: ScheduleSettings, learningRate: number, steps: number): Float64Array {
  const schedule = createSchedule(settings, learningRate, steps);
  const rates = new Float64Array(steps);
  for (let t = 0; t < steps; t++) rates[t] = schedule.next();
  return rates;
}

// ─── PyTorch's schedulers as state machines ─────────────────────────────────────────────────────

/** The optimizer's single param group, which PyTorch's schedulers read and write. */
interface ParamGroup {
  lr: number;
  initialLr: number;
}

interface TorchScheduler {
  /** `scheduler.step()`. */
  step(): void;
}

function torchScheduler(settings: Exclude<ScheduleSettings, { kind: 'constant' }>, group: ParamGroup, maxSteps: number): TorchScheduler {
  switch (settings.kind) {
    case 'step':
      return new StepLR(group, settings.stepSize, settings.gamma);
    case 'exponential':
      return new ExponentialLR(group, settings.gamma);
    case 'cosine':
      return new CosineAnnealingLR(group, settings.tMax ?? maxSteps, settings.minLr);
    case 'warmup-cosine':
      return warmupCosine(group, settings, maxSteps);
    case 'onecycle':
      return new OneCycleLR(group, settings, maxSteps);
  }
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

  /** `get_lr()`: the new η from the current one (the chainable form). */
  protected abstract chainedLr(): number;
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

  /** `step(epoch)`: jumps to `epoch` and takes the closed form (what SequentialLR does at a milestone). */
  stepTo(epoch: number): void {
    this.stepCount += 1;
    this.lastEpoch = epoch;
    this.group.lr = this.minLr + ((this.baseLr - this.minLr) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax))) / 2;
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

/** OneCycleLR, cos annealing, two phases, no momentum cycling. It ignores the optimizer's η: it sets its own. */
class OneCycleLR extends Chainable {
  private readonly phases: readonly { endStep: number; startLr: number; endLr: number }[];

  constructor(group: ParamGroup, settings: ScheduleSettingsOf<'onecycle'>, private readonly totalSteps: number) {
    const maxLr = settings.maxLr ?? group.lr;
    const initialLr = maxLr / settings.divFactor;
    const minLr = initialLr / settings.finalDivFactor;
    group.initialLr = initialLr;
    super(group);
    this.phases = [
      { endStep: settings.pctStart * totalSteps - 1, startLr: initialLr, endLr: maxLr },
      { endStep: totalSteps - 1, startLr: maxLr, endLr: minLr },
    ];
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
        const cosOut = Math.cos(Math.PI * pct) + 1;
        return phase.endLr + ((phase.startLr - phase.endLr) / 2) * cosOut;
      }
      startStep = phase.endStep;
    }
    throw new Error('OneCycleLR: the last phase always applies');
  }
}
