/**
 * Keras 3's learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py at
 * keras-team/keras@3422977a5e38) in float64. A schedule is a function of `optimizer.iterations`, which is 0 for the
 * first update (K base_optimizer.py:158-166, 777-786). The values are the code's own, scaled by η / the schedule's
 * anchor (its `initial_learning_rate`, its `warmup_target` when it warms up, or the first of its `values`): at the
 * code's η exactly the code's.
 */
import { correctlyRoundedPower } from '../math/powerSequence';
import { scheduleOfStep, type LearningRateSchedule } from './schedules';
import type { ScheduleSettings } from './types';

type KerasSchedule = Extract<ScheduleSettings, { kind: `keras-${string}` }>;

/** The value the schedule scales with η: where it starts, or the peak it warms up to. */
export function kerasScheduleAnchor(settings: KerasSchedule): number {
  switch (settings.kind) {
    case 'keras-exponential-decay':
      return settings.initialLearningRate;
    case 'keras-cosine-decay':
      return settings.warmupTarget ?? settings.initialLearningRate;
    case 'keras-piecewise-constant-decay':
      return settings.values[0] ?? Number.NaN;
  }
}

/** Why Keras would reject these settings (or they cannot scale with η), or null. Total on malformed input. */
export function kerasScheduleProblem(settings: ScheduleSettings): string | null {
  const s = settings as KerasSchedule;
  const name = s.kind;
  const finite = (label: string, value: unknown): string | null =>
    typeof value === 'number' && Number.isFinite(value) ? null : `${name}: ${label} must be a finite number (got ${String(value)})`;
  const nonNegative = (label: string, value: unknown): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : `${name}: ${label} must be a finite number ≥ 0 (got ${String(value)})`;
  const positive = (label: string, value: unknown): string | null =>
    // learning_rate_schedule.py: "Argument `decay_steps` must be > 0".
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? null : `${name}: ${label} must be > 0 (got ${String(value)})`;
  const checks: (string | null)[] = [];
  switch (s.kind) {
    case 'keras-exponential-decay':
      checks.push(nonNegative('initialLearningRate', s.initialLearningRate), positive('decaySteps', s.decaySteps), nonNegative('decayRate', s.decayRate));
      if (typeof s.staircase !== 'boolean') checks.push(`${name}: staircase must be true or false`);
      break;
    case 'keras-cosine-decay':
      checks.push(
        nonNegative('initialLearningRate', s.initialLearningRate),
        positive('decaySteps', s.decaySteps),
        finite('alpha', s.alpha),
        s.warmupTarget === null ? null : nonNegative('warmupTarget', s.warmupTarget),
        nonNegative('warmupSteps', s.warmupSteps),
      );
      break;
    case 'keras-piecewise-constant-decay':
      if (!Array.isArray(s.boundaries) || !Array.isArray(s.values) || s.boundaries.length !== s.values.length - 1) {
        return `${name}: needs one more value than boundaries`;
      }
      checks.push(...s.boundaries.map((b) => finite('boundaries', b)), ...s.values.map((v) => nonNegative('values', v)));
      break;
    default:
      return `schedule: unknown kind "${String(name)}"`;
  }
  const problem = checks.find((found) => found !== null) ?? null;
  if (problem !== null) return problem;
  return kerasScheduleAnchor(s) > 0 ? null : `${name}: its learning rate is 0, so there is no η to scale`;
}

/** The Keras schedule for base η `learningRate`, or null when `settings` is not a Keras schedule. */
export function createKerasSchedule(settings: ScheduleSettings, learningRate: number): LearningRateSchedule | null {
  if (!settings.kind.startsWith('keras-')) return null;
  const s = settings as KerasSchedule;
  const valueAt = kerasValue(s);
  const scale = learningRate / kerasScheduleAnchor(s);
  return scheduleOfStep(scale === 1 ? valueAt : (step) => valueAt(step) * scale);
}

function kerasValue(s: KerasSchedule): (step: number) => number {
  switch (s.kind) {
    case 'keras-exponential-decay':
      // learning_rate_schedule.py ExponentialDecay.__call__: initial × rate^(step/decay_steps), floored if staircase.
      return (step) => {
        const p = s.staircase ? Math.floor(step / s.decaySteps) : step / s.decaySteps;
        return s.initialLearningRate * (Number.isInteger(p) && p >= 0 ? correctlyRoundedPower(s.decayRate, p) : Math.pow(s.decayRate, p));
      };
    case 'keras-cosine-decay':
      return (step) => kerasCosineDecay(s, step);
    case 'keras-piecewise-constant-decay':
      return (step) => {
        // The earlier value up to and including its boundary (step <= boundary), the last one after the last.
        const index = s.boundaries.findIndex((boundary) => step <= boundary);
        return s.values[index === -1 ? s.values.length - 1 : index]!;
      };
  }
}

/** CosineDecay.__call__: linear warmup to warmup_target over warmup_steps, then decay_steps of cosine after it. */
function kerasCosineDecay(s: Extract<KerasSchedule, { kind: 'keras-cosine-decay' }>, step: number): number {
  const decay = (at: number, from: number): number => {
    const completedFraction = at / s.decaySteps;
    const cosineDecayed = 0.5 * (1.0 + Math.cos(Math.PI * completedFraction));
    const decayed = (1 - s.alpha) * cosineDecayed + s.alpha;
    return from * decayed;
  };
  if (s.warmupTarget === null) return decay(Math.min(step, s.decaySteps), s.initialLearningRate);
  const at = Math.min(step, s.decaySteps + s.warmupSteps);
  if (at < s.warmupSteps) {
    const completedFraction = at / s.warmupSteps;
    const totalStepDelta = s.warmupTarget - s.initialLearningRate;
    return totalStepDelta * completedFraction + s.initialLearningRate;
  }
  return decay(at - s.warmupSteps, s.warmupTarget);
}
