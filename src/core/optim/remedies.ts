/**
 * What a longer or a larger run would do under a learning-rate schedule, so that advice about a scheduled run
 * stays true.
 *
 * With a constant η a run that stopped short simply goes on at its recent pace, and "raise the step limit" or
 * "η × 10" can be projected from the trace. A schedule breaks both projections: cosine annealing, warmup + cosine
 * and one-cycle fit themselves to the step limit (raising it stretches the whole schedule), step decay and
 * exponential decay keep shrinking η (their η ahead may add up to too little for any step limit), and η at the
 * end of an annealed run is far below the η that did the work. So:
 *
 * - the projection behind the verdict measures the recent pace per unit of η, not per step, and asks how much η
 *   a longer run would have (closed forms: no simulation, so the sweep's diagnosis of 60 runs stays cheap);
 * - the numbers the advice names (a step limit, where η × 10 converges) are checked by running those settings
 *   with the core itself, with the schedule as it would really be, under a budget of updates (CHECK_BUDGET) and,
 *   when the caller gives one, of wall time.
 */
import type { Objective } from '../objective';
import { roundDownSignificant } from '../math/round';
import { defaultScheduleSettings } from './schedules';
import { Simulation } from './simulate';
import { DEFAULT_TOLERANCE, type RunSettings, type ScheduleSettings, type Trace } from './types';

// ─── The schedule of a longer run ────────────────────────────────────────────────────────────────

/**
 * True when raising the step limit reshapes the schedule rather than extending it: cosine with T_max left to the
 * run, warmup + cosine (its cosine spans the rest of the run), one-cycle (its cycle is the run), and step decay
 * whose step size is the default quarter of the run. The extension re-fits those defaults whenever the step limit
 * changes (Session.setMaxSteps) and the CLI derives them from --steps, so a step size (or warmup) equal to the
 * default for this step limit is taken to follow it; one set to anything else stays as it is.
 */
export function followsStepLimit(settings: RunSettings): boolean {
  const schedule = settings.schedule;
  switch (schedule.kind) {
    case 'constant':
    case 'exponential':
      return false;
    case 'cosine':
      return schedule.tMax === null;
    case 'step':
      return schedule.stepSize === defaultScheduleSettings('step', Math.max(1, settings.maxSteps)).stepSize;
    case 'warmup-cosine':
    case 'onecycle':
      return true;
  }
}

/** `settings` with step limit `maxSteps` and the schedule as it would be for that limit (see followsStepLimit). */
export function withStepLimit(settings: RunSettings, maxSteps: number): RunSettings {
  const schedule = settings.schedule;
  const refit = (): ScheduleSettings => {
    const now = defaultScheduleSettings(schedule.kind, Math.max(1, settings.maxSteps));
    const then = defaultScheduleSettings(schedule.kind, Math.max(1, maxSteps));
    if (schedule.kind === 'step' && now.kind === 'step' && then.kind === 'step' && schedule.stepSize === now.stepSize) {
      return { ...schedule, stepSize: then.stepSize };
    }
    if (schedule.kind === 'warmup-cosine' && now.kind === 'warmup-cosine' && then.kind === 'warmup-cosine' && schedule.warmupSteps === now.warmupSteps) {
      return { ...schedule, warmupSteps: then.warmupSteps };
    }
    return schedule;
  };
  return { ...settings, maxSteps, schedule: refit() };
}

/**
 * The peak of a one-cycle schedule given its own (max_lr), which ignores the optimizer's η (as torch's OneCycleLR
 * does), so the remedies scale it instead; else null.
 */
export function ownPeak(settings: RunSettings): number | null {
  return settings.schedule.kind === 'onecycle' ? settings.schedule.maxLr : null;
}

/** The η that steers the run: the base η, or a one-cycle schedule's own peak. */
export function steeringLearningRate(settings: RunSettings): number {
  return ownPeak(settings) ?? settings.learningRate;
}

/** True when η does not steer the run: a one-cycle schedule with its own peak. */
export function peakSteers(settings: RunSettings): boolean {
  return ownPeak(settings) !== null;
}

/** `settings` with the steering η (see steeringLearningRate) set to `value`. */
export function withSteeringLearningRate(settings: RunSettings, value: number): RunSettings {
  const schedule = settings.schedule;
  if (schedule.kind === 'onecycle' && schedule.maxLr !== null) return { ...settings, schedule: { ...schedule, maxLr: value } };
  return { ...settings, learningRate: value };
}

// ─── η ahead, in closed form ─────────────────────────────────────────────────────────────────────

/**
 * For a schedule that does not follow the step limit, Σ η over the `k` updates after update `steps` (the η a run
 * raised by k steps would add), and the total that sum tends to (∞ unless the schedule decays geometrically).
 * Closed forms of torch's values (its chained forms differ from them only in the last bits), so any k costs
 * the same. Null for a schedule that follows the step limit: a longer run is another schedule, not more of it.
 */
export function learningRateAhead(settings: RunSettings, steps: number): { sum: (k: number) => number; total: number } | null {
  if (followsStepLimit(settings)) return null;
  const η = settings.learningRate;
  const schedule = settings.schedule;
  // Update t uses the scheduler's epoch t − 1, so the updates after `steps` are epochs steps, steps + 1, ….
  switch (schedule.kind) {
    case 'constant':
      return { sum: (k) => η * k, total: Number.POSITIVE_INFINITY };
    case 'exponential':
      return geometricAhead(η, schedule.gamma, 1, steps);
    case 'step':
      return geometricAhead(η, schedule.gamma, schedule.stepSize, steps);
    case 'cosine': {
      // η_e = m + (η − m)(1 + cos(πe/T))/2 for every epoch e (periodic: past T_max it climbs back up).
      const { minLr: m } = schedule;
      const T = schedule.tMax ?? settings.maxSteps;
      const θ = Math.PI / T;
      const cosines = (a: number, b: number): number => (Math.sin((b - 0.5) * θ) - Math.sin((a - 0.5) * θ)) / (2 * Math.sin(θ / 2));
      return {
        sum: (k) => (k * (η + m)) / 2 + ((η - m) / 2) * cosines(steps, steps + k),
        total: η + m > 0 ? Number.POSITIVE_INFINITY : 0,
      };
    }
    default:
      return null;
  }
}

/** η·γ^⌊e/s⌋ summed over epochs e = steps … steps + k − 1 (step decay; exponential is s = 1). */
function geometricAhead(η: number, γ: number, s: number, steps: number): { sum: (k: number) => number; total: number } {
  // Σ over epochs 0 … E − 1: q whole blocks of s epochs, then r epochs at γ^q.
  const upTo = (E: number): number => {
    const q = Math.floor(E / s);
    const r = E - q * s;
    const blocks = γ === 1 ? q : (1 - γ ** q) / (1 - γ);
    return η * (s * blocks + r * γ ** q);
  };
  const before = upTo(steps);
  const total = γ < 1 ? η * (s / (1 - γ)) - before : Number.POSITIVE_INFINITY;
  return { sum: (k) => upTo(steps + k) - before, total: Math.max(total, 0) };
}

/**
 * The fewest further updates whose η adds up to `needed`, or ∞ when the schedule's η ahead never does: only a
 * schedule whose η ahead adds up to a finite total (step or exponential decay) can fall short. Where the η ahead
 * grows without bound (constant, a periodic cosine), any amount is reached at last, if only after more updates
 * than can be counted exactly: then a count beyond 2^53, which is finite.
 */
export function updatesToAccumulate(ahead: { sum: (k: number) => number; total: number }, needed: number): number {
  if (!(ahead.total >= needed)) return Number.POSITIVE_INFINITY;
  let high = 1;
  while (ahead.sum(high) < needed) {
    high *= 2;
    // A finite total is the limit of the sum: approached, never reached. An unbounded sum gets there, far out.
    if (high > Number.MAX_SAFE_INTEGER) return Number.isFinite(ahead.total) ? Number.POSITIVE_INFINITY : high;
  }
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (ahead.sum(middle) >= needed) high = middle;
    else low = middle;
  }
  return high;
}

// ─── Checked remedies ────────────────────────────────────────────────────────────────────────────

/**
 * Updates the checks may simulate for one diagnosis, with at most two variables (fewer beyond: see checkBudget).
 *
 * diagnose runs synchronously in the extension host right after a run (and for each run of a comparison), so the
 * checks must cost milliseconds, not the run's own time slices. A small compiled formula updates at 0.1–0.2 µs a
 * step with the trace recorded (npm run bench: a million steps of gd on the Rosenbrock function in about 0.12 s,
 * Adam in 0.2 s), so 20,000 updates are 2–4 ms. That is enough to check the default 1,000-step run's remedies (a
 * step limit search of a few runs of up to a few thousand steps, and one run at η × 10), and any run of up to
 * some thousands of steps; longer runs get advice without a checked number.
 *
 * The count assumes a small formula: an update's cost grows with the formula's size (a logistic loss of 480 terms
 * updates hundreds of times slower than the Rosenbrock function), which no count of updates can foresee. Bounding
 * the time is the caller's part (DiagnoseOptions.checkTimeBudgetMs): the extension host gives the checks a few
 * tens of milliseconds, the CLI and the tests no time limit, so their advice does not depend on the machine.
 */
export const CHECK_BUDGET = 20_000;

/** Updates a check runs between readings of the clock, when the checks have a time budget. */
export const CHECK_CHUNK = 1000;

/**
 * The budget for a formula of `variables` variables: the work of an update grows at least in proportion to them
 * (the gradient, the optimizer's state and the recorded row each have one entry per variable), so beyond two
 * the budget shrinks in proportion.
 */
function checkBudget(variables: number): number {
  return Math.floor((CHECK_BUDGET * 2) / Math.max(2, variables));
}

/** How a checked run ended. */
export interface CheckedRun {
  /** The step limit it ran with. */
  readonly maxSteps: number;
  /** Where it reached the tolerance, or null. */
  readonly convergedAt: number | null;
  /** It overflowed (a non-finite loss, gradient or parameter). */
  readonly diverged: boolean;
}

/** The checks a slow scheduled run's advice rests on; null fields were not checked (out of budget or not needed). */
export interface RemedyChecks {
  /**
   * The step limit the advice names, run with the schedule as it would be for it: the smallest checked limit that
   * converged (within two significant digits), or, when none did within the budget, the largest one tried.
   */
  readonly stepLimit: CheckedRun | null;
  /** The suggested η (or one-cycle peak), `value`, run with the same schedule and step limit. */
  readonly learningRate: (CheckedRun & { readonly value: number }) | null;
}

/** Step counts as the advice states them, to two significant digits rounded up: 297 → 300, 4,987 → 5,000. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.ceil(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / unit) * unit;
}

/**
 * A step limit short of which the bisection stops: a limit within this factor of one known to fall short is
 * "about" as small as it gets, and each try costs a whole run.
 */
const STEP_LIMIT_PRECISION = 1.2;

/**
 * Runs the remedies the advice would name for a slow run of `settings` (not constant) whose trace is `trace`:
 * the suggested steering η (η × 10, or just below the critical η) with the same schedule and step limit, and for
 * a run that ran out of steps the step limit that gets there. A run starts only if its whole step limit fits in
 * what is left of the budget, and is charged the updates it took, so the total never exceeds the budget. With a
 * time budget, the clock is read before every CHECK_CHUNK updates; a run still going when the time is spent is
 * abandoned and counts as not run (null), and no run starts after that.
 */
export function checkRemedies(
  objective: Objective,
  trace: Trace,
  settings: RunSettings,
  options: {
    /** The steering η to try, or null. */
    suggested: number | null;
    /** Whether to look for a step limit that gets there. */
    searchStepLimit: boolean;
    /** The diagnosis's projection of further updates, where the search starts. */
    projectedMore: number | null;
    /** The most further updates the diagnosis would still call "more steps". */
    horizon: number;
    /** The tolerance the diagnosis judged convergence by. */
    tolerance: number;
    /** Wall-clock milliseconds the checks may take, from this call on; undefined (or ∞) for no time limit. */
    timeBudgetMs?: number;
    /** The clock, in milliseconds (performance.now unless a test gives its own). */
    now?: () => number;
  },
): RemedyChecks {
  const n = trace.variables.length;
  const start = trace.params.slice(0, n);
  let budget = checkBudget(n);
  const now = options.now ?? ((): number => performance.now());
  const timed = options.timeBudgetMs !== undefined && options.timeBudgetMs < Number.POSITIVE_INFINITY;
  const deadline = timed ? now() + Math.max(0, options.timeBudgetMs!) : Number.POSITIVE_INFINITY;
  const outOfTime = (): boolean => timed && !(now() < deadline);
  // The checks stop where the diagnosis judges convergence, also when the run itself had early stopping off.
  const base: RunSettings = { ...settings, tolerance: options.tolerance > 0 ? options.tolerance : DEFAULT_TOLERANCE };
  const run = (what: RunSettings): CheckedRun | null => {
    if (what.maxSteps > budget) return null;
    let simulation: Simulation;
    try {
      simulation = new Simulation(objective, start, what);
    } catch {
      return null;
    }
    while (!simulation.done) {
      if (outOfTime()) {
        budget -= simulation.steps;
        return null;
      }
      simulation.advance(timed ? CHECK_CHUNK : what.maxSteps);
    }
    const checked = simulation.trace();
    budget -= checked.steps;
    return {
      maxSteps: what.maxSteps,
      convergedAt: checked.stop === 'converged' ? checked.steps : null,
      diverged: checked.stop === 'non-finite',
    };
  };

  const suggested = options.suggested;
  const atSuggested = suggested === null ? null : run(withSteeringLearningRate(base, suggested));
  const learningRate = suggested === null || atSuggested === null ? null : { ...atSuggested, value: suggested };
  const stepLimit = options.searchStepLimit ? searchStepLimit(base, trace.steps, options.projectedMore, options.horizon, run, () => budget) : null;
  return { stepLimit, learningRate };
}

function searchStepLimit(
  settings: RunSettings,
  steps: number,
  projectedMore: number | null,
  horizon: number,
  run: (what: RunSettings) => CheckedRun | null,
  remaining: () => number,
): CheckedRun | null {
  if (!followsStepLimit(settings)) {
    // The schedule does not depend on the limit: a longer run is this run going on, so one run as far out as
    // the verdict looks (`horizon` more updates), or as the budget allows, says where it converges.
    // (To two significant digits, as the advice states it: 19,000 rather than 19,999 when the budget caps it.)
    const limit = roundDownSignificant(Math.min(steps + horizon, remaining()), 2);
    if (limit <= steps) return null;
    const longest = run(withStepLimit(settings, limit));
    if (longest === null || longest.convergedAt === null) return longest;
    return { ...longest, maxSteps: roundEstimate(longest.convergedAt) };
  }
  // The schedule stretches with the limit: each limit is another run. Find one that converges (from the
  // projection, doubling), then bisect between it and the largest that fell short, on the grid of limits the
  // advice would state.
  let short = steps;
  let converged: CheckedRun | null = null;
  let fellShort: CheckedRun | null = null;
  let limit = Math.max(roundEstimate(steps + (projectedMore ?? steps)), roundEstimate(steps + 1));
  while (converged === null) {
    const tried = run(withStepLimit(settings, limit));
    if (tried === null) return fellShort;
    if (tried.convergedAt !== null) converged = tried;
    else {
      fellShort = tried;
      short = limit;
      limit = roundEstimate(limit * 2);
    }
  }
  let long = converged.maxSteps;
  while (long > STEP_LIMIT_PRECISION * short) {
    const middle = roundEstimate(Math.sqrt(short * long));
    if (middle <= short || middle >= long) break;
    const tried = run(withStepLimit(settings, middle));
    if (tried === null) break;
    if (tried.convergedAt !== null) {
      converged = tried;
      long = middle;
    } else short = middle;
  }
  return converged;
}
