/**
 * What a longer run does under a learning-rate schedule, in closed form.
 *
 * With a constant η a run that stopped short simply goes on at its recent pace. A schedule breaks that: cosine
 * annealing, warmup + cosine and one-cycle fit themselves to the step limit (raising it stretches the whole
 * schedule), while step decay and exponential decay keep shrinking η, so the η ahead may add up to too little for
 * any step limit. The verdict's projection (verdict.ts) asks how much η a longer run would have; the checks
 * (checks.ts) run a longer run with the schedule as it would really be (withStepLimit).
 */
import { defaultScheduleSettings } from './schedules';
import type { RunSettings, ScheduleSettings } from './types';

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
      return true;
    case 'onecycle':
      // A OneCycleLR read from code has its own total_steps: a longer run goes past it.
      return schedule.totalSteps == null;
    default:
      // Read from code: the schedule's own lengths are the code's, whatever the step limit.
      return false;
  }
}

/** `settings` with step limit `maxSteps` and the schedule as it would be for that limit (see followsStepLimit). */
export function withStepLimit(settings: RunSettings, maxSteps: number): RunSettings {
  const schedule = settings.schedule;
  const refit = (): ScheduleSettings => {
    if (schedule.kind !== 'step' && schedule.kind !== 'warmup-cosine') return schedule;
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
