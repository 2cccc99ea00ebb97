/**
 * What happened in a run, read from its measures (measure.ts) the way people read a loss curve:
 *
 *   drops quickly and smoothly → converged
 *   flat                        → too-slow
 *   bounces, or grows           → oscillating / diverged
 *   zero gradient at the start  → stationary
 *
 * plus needs-more-steps for a run that was descending fast and steadily when the step limit came. The verdict
 * depends on the run alone, never on the checks that decide what to try next, so a check of a setting is judged
 * exactly as running that setting is judged.
 */
import type { RunMeasures } from './measure';
import { learningRateAhead, updatesToAccumulate } from './scheduleAhead';
import type { RunSettings, Verdict } from './types';

/**
 * Oscillating when the loss went up on at least this many steps … Two rises can be a single bump where a
 * curved valley turns; three or more is bouncing.
 */
export const OSCILLATION_MIN_OVERSHOOTS = 3;
/**
 * … and on at least this share of the judged steps. Smooth runs still rise now and then where the path turns:
 * Rosenbrock with Adam at 1e-2 on 2% of its steps (entering the valley), Beale with momentum at 3e-3 on 3.8%,
 * log-cosh with momentum at 1e-2 on 4%. Runs that bounce rise far more often: Beale with Adam at 0.1 on 9%,
 * Himmelblau with momentum at 3e-4 on 19%, and 30–50% once η is clearly too large.
 */
export const OSCILLATION_OVERSHOOT_SHARE = 0.05;
/**
 * Oscillating when the update direction reverses on at least this share of steps: the path zig-zags across
 * the valley instead of running down it. For gradient descent on a quadratic it is all or nothing: no
 * reversals while η < 1/L, every step beyond (x² at η = 0.6 or 0.9, Himmelblau at 0.03). Smooth runs stay far
 * below: Rosenbrock with gd at 1e-3 reverses on 2% of its steps, Adam runs on 1% or less.
 */
export const OSCILLATION_FLIP_SHARE = 0.4;
/** … counting at least this many reversals: in a five-step convergence two reversals are a landing, not a zig-zag. */
export const OSCILLATION_MIN_FLIPS = 3;
/**
 * needs-more-steps needs a fast descent: the gradient norm fell at least this many decades over the run
 * (a hundredfold). Flat runs of too small an η fall less even when their first steps drop into a valley:
 * Rosenbrock with Adam at 1e-4 falls one decade (163 → 15) and then crawls, x² at η = 0.001 falls 0.9,
 * Beale with gd at 1e-3 falls 1.9 (and ×10 converges). Runs cut short in full descent fall more: x² at
 * η = 0.2 stopped at 10 steps 2.2 decades, Himmelblau with gd at 3e-4 3.2, Rosenbrock with momentum at 1e-3
 * 4.4, Rosenbrock with Adam at 1e-2 over 2000 steps 3.2.
 */
export const NEEDS_MORE_STEPS_MIN_DECADES = 2;
/**
 * … and a steady one: at the pace of the last part of the run, the tolerance is within this many times the
 * run's length of further updates. Beyond that the descent is too slow to wait for. The fast runs above
 * project 1 to 5 run lengths more (Beale with gd at 3e-3: 5×; Rosenbrock with gd at 1e-3 over 3000 steps: 4×).
 */
export const NEEDS_MORE_STEPS_HORIZON = 10;

/** The share of the start's loss by which a loss that ended above it is above it, not round-off. */
export const ENDED_ABOVE_START = 1e-9;

export interface Judgement {
  readonly verdict: Verdict;
  /** Where the gradient norm came within the tolerance for good, or null. */
  readonly convergedAt: number | null;
  /** Step from which the loss grew without bound, or the update that went non-finite; null unless diverged. */
  readonly divergedAt: number | null;
}

/** The verdict on a run of `settings` with these measures. */
export function judge(m: RunMeasures, settings: RunSettings): Judgement {
  const { convergedAt } = m;
  const of = (verdict: Verdict, divergedAt: number | null = null): Judgement => ({ verdict, convergedAt, divergedAt });
  // Zero gradient at the start, and the run never left it: nothing to descend.
  if (convergedAt === 0) return of('stationary');
  if (m.divergence !== null) return of('diverged', m.divergence.at);
  if (oscillating(m)) return of('oscillating');
  if (convergedAt !== null) return of('converged');
  // No update happened (a step limit of 0): nothing says η is wrong.
  if (m.steps === 0) return of('needs-more-steps');
  // The loss ended above where it started: too small an η cannot do that, so the steps overshot (Adam at a step
  // length far beyond the valley wanders at a loss above its start without ever quite climbing away).
  if (m.finalLoss - m.startLoss > ENDED_ABOVE_START * Math.abs(m.startLoss)) return of('oscillating');
  const more = moreStepsNeeded(m, settings);
  const decades = Math.log10(m.startGradientNorm / m.finalGradientNorm);
  const steady = more !== null && more <= NEEDS_MORE_STEPS_HORIZON * Math.max(m.steps, 1);
  return of(steady && decades >= NEEDS_MORE_STEPS_MIN_DECADES ? 'needs-more-steps' : 'too-slow');
}

/** The loss bounced: it rose, or the path turned back, on a large enough share of the judged steps. */
export function oscillating(m: RunMeasures): boolean {
  const overshoots = m.overshootCount;
  return (
    (overshoots >= OSCILLATION_MIN_OVERSHOOTS && overshoots >= OSCILLATION_OVERSHOOT_SHARE * m.judgedUntil) ||
    (m.directionFlips >= OSCILLATION_MIN_FLIPS && m.directionFlips >= OSCILLATION_FLIP_SHARE * (m.judgedUntil - 1))
  );
}

/**
 * How many more updates the run would need to bring the gradient norm to the tolerance at its recent pace (a
 * straight line on a log scale, as gradient descent's linear convergence gives), or null when the gradient norm was
 * not falling. Under a schedule the pace is per unit of η (a small step moves the gradient norm in proportion to
 * η), and the η still needed comes from a longer run: for a schedule that stretches with the step limit, in
 * proportion to its length; for one that does not, from the schedule's own η ahead, which for step or exponential
 * decay can add up to too little for any number of steps (∞). A projection decides only the verdict (steady
 * descent or too slow); every number the advice states is checked by running.
 */
export function moreStepsNeeded(m: RunMeasures, settings: RunSettings): number | null {
  const pace = m.pace;
  if (pace === null) return null;
  const decadesLeft = Math.log10(m.finalGradientNorm) - Math.log10(m.tolerance);
  if (settings.schedule.kind === 'constant') return Math.ceil(decadesLeft / pace.decadesPerStep);
  if (!(pace.decadesPerLearningRate > 0)) return null;
  const neededLearningRate = decadesLeft / pace.decadesPerLearningRate;
  const ahead = learningRateAhead(settings, m.steps);
  if (ahead !== null) return updatesToAccumulate(ahead, neededLearningRate);
  return Math.ceil((m.steps * neededLearningRate) / m.learningRates.sum);
}

