/**
 * optax's schedules (optax/schedules/_schedule.py and _join.py at google-deepmind/optax@2edbcbe2390d) in float64.
 * A schedule is a function of the transformation's count, which is 0 for the first update (O _src/transform.py:1024-1036).
 * The values are the code's own, scaled by η / the schedule's anchor (its `init_value`, or `peak_value` for one that
 * warms up to a peak): at the code's η exactly the code's.
 */
import { correctlyRoundedPower } from '../math/powerSequence';
import { scheduleOfStep, type LearningRateSchedule } from './schedules';
import type { ScheduleSettings } from './types';

type OptaxSchedule = Extract<ScheduleSettings, { kind: `optax-${string}` }>;

/** The value the schedule scales with η. */
export function optaxScheduleAnchor(settings: OptaxSchedule): number {
  switch (settings.kind) {
    case 'optax-exponential-decay':
    case 'optax-cosine-decay':
    case 'optax-piecewise-constant':
      return settings.initValue;
    case 'optax-polynomial':
      // A linear warmup from 0 (linear_schedule(0.0, peak, …)) is anchored on where it goes.
      return settings.initValue > 0 ? settings.initValue : settings.endValue;
    case 'optax-warmup-cosine-decay':
    case 'optax-cosine-onecycle':
      return settings.peakValue;
    case 'optax-constant':
      return settings.value;
  }
}

/** Why optax would reject these settings (or they cannot scale with η), or null. Total on malformed input. */
export function optaxScheduleProblem(settings: ScheduleSettings): string | null {
  const s = settings as OptaxSchedule;
  const name = s.kind;
  const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  const finite = (label: string, value: unknown): string | null => (isNumber(value) ? null : `${name}: ${label} must be a finite number (got ${String(value)})`);
  const nonNegative = (label: string, value: unknown): string | null =>
    isNumber(value) && value >= 0 ? null : `${name}: ${label} must be a finite number ≥ 0 (got ${String(value)})`;
  const whole = (label: string, value: unknown): string | null =>
    isNumber(value) && Number.isInteger(value) ? null : `${name}: ${label} must be a whole number (got ${String(value)})`;
  const checks: (string | null)[] = [];
  switch (s.kind) {
    case 'optax-exponential-decay':
      checks.push(
        nonNegative('initValue', s.initValue),
        whole('transitionSteps', s.transitionSteps),
        nonNegative('decayRate', s.decayRate),
        whole('transitionBegin', s.transitionBegin),
        s.endValue === null ? null : nonNegative('endValue', s.endValue),
      );
      if (typeof s.staircase !== 'boolean') checks.push(`${name}: staircase must be true or false`);
      break;
    case 'optax-cosine-decay':
      checks.push(nonNegative('initValue', s.initValue), finite('alpha', s.alpha), finite('exponent', s.exponent));
      // _schedule.py cosine_decay_schedule: "requires positive decay_steps".
      if (!(isNumber(s.decaySteps) && s.decaySteps > 0)) checks.push(`${name}: decaySteps must be > 0 (got ${String(s.decaySteps)})`);
      break;
    case 'optax-warmup-cosine-decay':
      checks.push(
        nonNegative('initValue', s.initValue),
        nonNegative('peakValue', s.peakValue),
        whole('warmupSteps', s.warmupSteps),
        nonNegative('endValue', s.endValue),
        finite('exponent', s.exponent),
      );
      // Its cosine part spans decay_steps − warmup_steps, which cosine_decay_schedule requires to be positive.
      if (!(isNumber(s.decaySteps) && isNumber(s.warmupSteps) && s.decaySteps - s.warmupSteps > 0)) {
        checks.push(`${name}: decaySteps must be more than warmupSteps (decay_steps counts the warmup in)`);
      }
      break;
    case 'optax-piecewise-constant':
      checks.push(nonNegative('initValue', s.initValue));
      if (!Array.isArray(s.boundariesAndScales)) return `${name}: boundariesAndScales must be a list of [boundary, scale]`;
      for (const pair of s.boundariesAndScales) {
        if (!Array.isArray(pair) || pair.length !== 2) return `${name}: boundariesAndScales must be a list of [boundary, scale]`;
        // "`piecewise_constant_schedule` expects non-negative scale factors".
        checks.push(finite('boundary', pair[0]), nonNegative('scale', pair[1]));
      }
      break;
    case 'optax-polynomial':
      checks.push(
        nonNegative('initValue', s.initValue),
        nonNegative('endValue', s.endValue),
        finite('power', s.power),
        whole('transitionSteps', s.transitionSteps),
        whole('transitionBegin', s.transitionBegin),
      );
      break;
    case 'optax-cosine-onecycle':
      checks.push(
        nonNegative('peakValue', s.peakValue),
        finite('pctStart', s.pctStart),
        nonNegative('divFactor', s.divFactor),
        nonNegative('finalDivFactor', s.finalDivFactor),
      );
      if (!(isNumber(s.transitionSteps) && Number.isInteger(s.transitionSteps) && s.transitionSteps > 0)) {
        checks.push(`${name}: transitionSteps must be a whole number > 0 (got ${String(s.transitionSteps)})`);
      }
      if (!(s.divFactor > 0 && s.finalDivFactor > 0)) checks.push(`${name}: divFactor and finalDivFactor must be > 0`);
      break;
    case 'optax-constant':
      checks.push(nonNegative('value', s.value));
      break;
    default:
      return `schedule: unknown kind "${String(name)}"`;
  }
  const problem = checks.find((found) => found !== null) ?? null;
  if (problem !== null) return problem;
  return optaxScheduleAnchor(s) > 0 ? null : `${name}: its learning rate is 0, so there is no η to scale`;
}

/** The optax schedule for base η `learningRate`, or null when `settings` is not an optax schedule. */
export function createOptaxSchedule(settings: ScheduleSettings, learningRate: number): LearningRateSchedule | null {
  if (!settings.kind.startsWith('optax-')) return null;
  const s = settings as OptaxSchedule;
  const valueAt = optaxValue(s);
  const scale = learningRate / optaxScheduleAnchor(s);
  return scheduleOfStep(scale === 1 ? valueAt : (count) => valueAt(count) * scale);
}

function optaxValue(s: OptaxSchedule): (count: number) => number {
  switch (s.kind) {
    case 'optax-exponential-decay':
      return exponentialDecay(s);
    case 'optax-cosine-decay':
      return cosineDecay(s.initValue, s.decaySteps, s.alpha, s.exponent);
    case 'optax-warmup-cosine-decay': {
      // warmup_cosine_decay_schedule: alpha = end/peak; linear warmup, then cosine over decay_steps − warmup_steps,
      // joined at warmup_steps (join_schedules: the second is called with count − boundary).
      const alpha = s.peakValue === 0 ? 0 : s.endValue / s.peakValue;
      const warmup = polynomial(s.initValue, s.peakValue, 1, s.warmupSteps, 0);
      const cosine = cosineDecay(s.peakValue, s.decaySteps - s.warmupSteps, alpha, s.exponent);
      return (count) => (count < s.warmupSteps ? warmup(count) : cosine(count - s.warmupSteps));
    }
    case 'optax-piecewise-constant': {
      const sorted = [...s.boundariesAndScales].sort((a, b) => a[0] - b[0]);
      return (count) => {
        let value = s.initValue;
        for (const [threshold, scale] of sorted) {
          // indicator = max(0, sign(threshold − count)): 1 before the boundary, 0 from it on.
          const indicator = Math.max(0, Math.sign(threshold - count));
          value = value * indicator + (1 - indicator) * scale * value;
        }
        return value;
      };
    }
    case 'optax-polynomial':
      return polynomial(s.initValue, s.endValue, s.power, s.transitionSteps, s.transitionBegin);
    case 'optax-cosine-onecycle': {
      const T = s.transitionSteps;
      return piecewiseCosineInterpolate(s.peakValue / s.divFactor, [
        [Math.trunc(s.pctStart * T), s.divFactor],
        [Math.trunc(T), 1.0 / (s.divFactor * s.finalDivFactor)],
      ]);
    }
    case 'optax-constant':
      return () => s.value;
  }
}

/** exponential_decay: init until transition_begin, then init·rate^p, p floored if staircase; clipped at end_value. */
function exponentialDecay(s: Extract<OptaxSchedule, { kind: 'optax-exponential-decay' }>): (count: number) => number {
  // Degenerate settings give a constant schedule in optax (it only logs).
  if (s.transitionSteps <= 0 || s.decayRate === 0) return () => s.initValue;
  const begin = Math.max(0, s.transitionBegin);
  const clip = s.endValue === null ? null : s.decayRate < 1.0 ? Math.max : Math.min;
  return (count) => {
    const decreasedCount = count - begin;
    let p = decreasedCount / s.transitionSteps;
    if (s.staircase) p = Math.floor(p);
    const decayed =
      decreasedCount <= 0 ? s.initValue : s.initValue * (Number.isInteger(p) && p >= 0 ? correctlyRoundedPower(s.decayRate, p) : Math.pow(s.decayRate, p));
    return clip === null || s.endValue === null ? decayed : clip(decayed, s.endValue);
  };
}

/** cosine_decay_schedule: init·((1 − α)·(½(1 + cos(π·count/decay_steps)))^exponent + α), count capped at decay_steps. */
function cosineDecay(initValue: number, decaySteps: number, alpha: number, exponent: number): (count: number) => number {
  return (count) => {
    const capped = Math.min(count, decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * capped) / decaySteps));
    const decayed = (1 - alpha) * (exponent === 1 ? cosine : Math.pow(cosine, exponent)) + alpha;
    return initValue * decayed;
  };
}

/** polynomial_schedule (linear_schedule is power 1): (init − end)·(1 − count/steps)^power + end, count clipped to the transition. */
function polynomial(initValue: number, endValue: number, power: number, transitionSteps: number, transitionBegin: number): (count: number) => number {
  if (transitionSteps <= 0) return () => initValue;
  const begin = Math.max(0, transitionBegin);
  return (count) => {
    const clipped = Math.min(Math.max(count - begin, 0), transitionSteps);
    const frac = 1 - clipped / transitionSteps;
    return (initValue - endValue) * (power === 1 ? frac : Math.pow(frac, power)) + endValue;
  };
}

/**
 * piecewise_interpolate_schedule('cosine', init, boundaries_and_scales): the values are the running products of
 * init and the scales; between boundaries the value moves from one to the next along half a cosine.
 */
function piecewiseCosineInterpolate(initValue: number, boundariesAndScales: [number, number][]): (count: number) => number {
  const sorted = [...boundariesAndScales].sort((a, b) => a[0] - b[0]);
  const bounds = [0, ...sorted.map(([boundary]) => boundary)];
  const values = [initValue];
  for (const [, scale] of sorted) values.push(values[values.length - 1]! * scale);
  return (count) => {
    let result = 0;
    for (let i = 0; i + 1 < bounds.length; i++) {
      if (!(bounds[i]! <= count && count < bounds[i + 1]!)) continue;
      const pct = (count - bounds[i]!) / Math.max(bounds[i + 1]! - bounds[i]!, 1);
      const start = values[i]!;
      const end = values[i + 1]!;
      result += end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    }
    return bounds[bounds.length - 1]! <= count ? result + values[values.length - 1]! : result;
  };
}
