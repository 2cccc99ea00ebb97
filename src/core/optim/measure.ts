/**
 * Every reading of a run that the diagnosis uses, in one place: where the gradient settled, the steps on which the
 * loss rose or the path turned back, whether and where the run ran away, the recent pace, the η the schedule gave,
 * and the curvature met along the path. The verdict (verdict.ts) and the recommendation (diagnose.ts) read these
 * measures, never the run's states. A run streams, so they come from what its record keeps (record/runRecord.ts):
 * counters kept as the states went past, and checkpoints for the windows that depend on where it ended, which for
 * a run longer than the checkpoints start at the checkpoint at or before where they would (checkpoints.ts). A run
 * of up to RECENT_STEPS steps is measured exactly as a pass over its whole trace would.
 *
 * Every threshold here is a named constant, set from real trajectories (x², the Rosenbrock, Beale and Himmelblau
 * functions with gd, momentum, Nesterov and Adam across η from 1e-5 to 10); the comment on each says why.
 */
import type { Objective } from '../objective';
import { checkpointAtOrBefore, checkpointSpacing, FIRST_PATH_STEPS, PATH_CHECKPOINTS, WINDOW_CHECKPOINTS, windowFrom } from './record/checkpoints';
import { RECENT_STEPS } from './record/recentStates';
import { endOf, startOf, type RunRecord } from './record/runRecord';
import { indexOfStep, paramsAt } from './record/sampledStates';
import { hessianEigenvalues } from './stability';
import type { StopReason } from './types';

export { EXPLODED_PARAMS, OVERSHOOT_ULPS } from './record/counters';

/** How a run diverged. */
export type Divergence =
  /** An update produced an infinite or NaN loss, gradient or parameter. */
  | 'non-finite'
  /** The loss ended far above the start and was still climbing. */
  | 'loss-grew'
  /** The parameters ran off to magnitudes far beyond the start while the loss did not settle. */
  | 'params-exploded'
  /** The loss kept falling far below the start while the parameters ran away: the formula has no minimum that way. */
  | 'unbounded-below';

/** The recent pace of a run: how fast the gradient norm was falling over the last RECENT_SHARE of it. */
export interface Pace {
  /** Decades the gradient norm fell per update. */
  readonly decadesPerStep: number;
  /** Decades per unit of η summed over those updates (what an annealed schedule does not distort). */
  readonly decadesPerLearningRate: number;
}

/** The curvature (Hessian eigenvalues) the run met. */
export interface PathCurvature {
  /** Eigenvalues at the start, ascending; empty when the Hessian there is not finite. */
  readonly atStart: readonly number[];
  /** Eigenvalues at the end, ascending; null when not finite. */
  readonly atEnd: readonly number[] | null;
  /**
   * The largest eigenvalue met at the sampled states of the path and halfway along their steps (where a zig-zag
   * crosses the valley floor), up to where the run diverged; at least the start's. −∞ when nothing is known.
   */
  readonly largest: number;
  /** The smallest positive eigenvalue met there, or null when none was positive. */
  readonly smallestPositive: number | null;
}

export interface RunMeasures {
  readonly dimension: number;
  /** Updates applied and recorded. */
  readonly steps: number;
  readonly stop: StopReason;
  /** The tolerance convergence is judged by: the run's own, or the default when early stopping was off. */
  readonly tolerance: number;
  readonly startLoss: number;
  readonly finalLoss: number;
  readonly startGradientNorm: number;
  readonly finalGradientNorm: number;
  /** The largest gradient norm of the judged steps (a run that left a plateau: far above the start's). */
  readonly largestGradientNorm: number;
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** The step from which the gradient norm stayed within the tolerance to the end, or null. */
  readonly convergedAt: number | null;
  /** Last step judged: the settling step when converged (after it, movements are round-off), else the end. */
  readonly judgedUntil: number;
  /** Steps t ≤ judgedUntil at which the loss went up (by more than round-off): how many… */
  readonly overshootCount: number;
  /** … and the first OVERSHOOT_STEPS_LISTED of them. */
  readonly overshootSteps: readonly number[];
  /** Updates t ≤ judgedUntil whose displacement points against the previous one's. */
  readonly directionFlips: number;
  readonly divergence: { readonly kind: Divergence; readonly at: number } | null;
  /** The recent pace, or null when the gradient norm was not falling over the recent part of the run. */
  readonly pace: Pace | null;
  /** Σ η over all updates, the last update's η and the largest. */
  readonly learningRates: { readonly sum: number; readonly final: number; readonly largest: number };
  readonly curvature: PathCurvature;
}

// ─── Thresholds ──────────────────────────────────────────────────────────────────────────────────

// OVERSHOOT_ULPS (a rise beyond round-off) and EXPLODED_PARAMS (parameters run away) are counted as a run streams:
// they live with the counters (record/counters.ts) and are re-exported above.

/**
 * Diverged when the loss ends more than this many times its start value above the start, and still climbing.
 * Runaway growth is geometric (x² at η = 1.1 gains 44% a step and passes 10× by step 7), while bounded
 * bouncing, even at η = 3 with Adam, RMSprop or Nesterov, stays within about the start's size of it.
 */
export const DIVERGED_LOSS_RISE = 10;
/** "Still climbing": the run's highest loss falls within this final share of the run. */
export const DIVERGED_PEAK_WINDOW = 0.1;
/**
 * With the loss far below the start, a gradient this many times its start size means there is no bottom
 * (−x² at η = 0.1: the gradient grows 1.2× a step); near a real minimum the gradient shrinks.
 */
export const UNBOUNDED_GRADIENT_GROWTH = 10;
/** The last part of the run, as a share of it, whose gradient-norm decline measures the recent pace. */
export const RECENT_SHARE = 0.25;
/**
 * States of the path whose curvature is read: the first ones (where a run overshoots first), then evenly spread (in a
 * run longer than RECENT_STEPS, the checkpoint at or before each).
 */
export const CURVATURE_FIRST_STATES = FIRST_PATH_STEPS;
export const CURVATURE_SAMPLES = 48;

export interface MeasureOptions {
  /** Read the curvature along the path (a Hessian at each sampled state); else only at the start and the end. */
  readonly alongPath?: boolean;
  /** The eigenvalues at the start, when the caller has them. */
  readonly atStart?: readonly number[];
}

/** Reads `record`, judged at the tolerance it was recorded with (the run's, or the default when early stopping was off). */
export function measureRun(record: RunRecord, objective: Objective, options: MeasureOptions = {}): RunMeasures {
  const n = record.variables.length;
  const steps = record.steps;
  const counts = record.counts;
  const start = startOf(record);
  const end = endOf(record);
  const convergedAt = counts.convergedAt;
  const divergence = findDivergence(record, convergedAt);
  const atStart = options.atStart ?? hessianEigenvalues(objective, start.params) ?? [];
  return {
    dimension: n,
    steps,
    stop: record.stop,
    tolerance: counts.tolerance,
    startLoss: start.loss,
    finalLoss: end.loss,
    startGradientNorm: start.gradientNorm,
    finalGradientNorm: end.gradientNorm,
    largestGradientNorm: counts.largestGradientNorm,
    start: Array.from(start.params),
    end: Array.from(end.params),
    convergedAt,
    judgedUntil: convergedAt ?? steps,
    overshootCount: counts.overshootCount,
    overshootSteps: counts.overshootSteps,
    directionFlips: counts.directionFlips,
    divergence,
    pace: recentPace(record),
    learningRates: { sum: counts.learningRateSum, final: steps > 0 ? counts.finalLearningRate : 0, largest: counts.largestLearningRate },
    curvature: pathCurvature(record, objective, atStart, options.alongPath === true ? pathEnd(record, convergedAt, divergence) : 0),
  };
}

function findDivergence(record: RunRecord, convergedAt: number | null): { kind: Divergence; at: number } | null {
  const { steps, counts } = record;
  const start = startOf(record);
  const end = endOf(record);
  const startLoss = start.loss;
  const finalLoss = end.loss;
  const scale = Math.max(Math.abs(startLoss), Number.MIN_VALUE);
  // The loss fell far below the start, and the run ended in the fall: the loss has no bottom that way, whether the
  // numbers then overflowed, the gradient grew, or the parameters ran off.
  const fellFar = steps > 0 && startLoss - finalLoss > DIVERGED_LOSS_RISE * scale;
  if (record.stop === 'non-finite' && record.nonFiniteAt !== null) {
    return { kind: fellFar && stillFalling(record) ? 'unbounded-below' : 'non-finite', at: record.nonFiniteAt };
  }
  if (steps === 0 || convergedAt !== null) return null;

  // Still climbing: the highest loss of the run (its last step) is near its end.
  const climbing = counts.peakStep >= steps - Math.max(1, Math.floor(DIVERGED_PEAK_WINDOW * steps));
  if (finalLoss - startLoss > DIVERGED_LOSS_RISE * scale && climbing) {
    // The step from which the loss stayed above the start's to the end (it ends far above it).
    return { kind: 'loss-grew', at: counts.aboveStartSince ?? steps };
  }
  if (fellFar && end.gradientNorm > UNBOUNDED_GRADIENT_GROWTH * start.gradientNorm) return { kind: 'unbounded-below', at: 1 };
  // The parameters ended beyond EXPLODED_PARAMS times the start's reach (or 1): from where they stayed beyond it.
  if (counts.explodedSince !== null) return { kind: finalLoss < startLoss ? 'unbounded-below' : 'params-exploded', at: counts.explodedSince };
  return null;
}

/**
 * The last recorded loss is the lowest of the run's last tenth (from the checkpoint at or before where that begins):
 * the loss was still going down when it stopped.
 */
function stillFalling(record: RunRecord): boolean {
  const steps = record.steps;
  const from = Math.max(0, steps - Math.max(1, Math.floor(DIVERGED_PEAK_WINDOW * steps)));
  const window = windowFrom(record.windows, checkpointAtOrBefore(from, steps, WINDOW_CHECKPOINTS));
  return !(window.lowestLossBeforeEnd < endOf(record).loss);
}

/** The first update of the recent part of the run (its last RECENT_SHARE) whose pace is measured. */
export function recentFrom(steps: number): number {
  return Math.max(0, steps - Math.max(1, Math.floor(RECENT_SHARE * steps)));
}

/**
 * The pace over the run's last RECENT_SHARE, from the checkpoint at or before where it begins: the decades the
 * gradient norm fell, per update and per unit of η (Σ η over the window, as the difference of the running sums at
 * its ends).
 */
function recentPace(record: RunRecord): Pace | null {
  const end = record.steps;
  if (end === 0) return null;
  const from = checkpointAtOrBefore(recentFrom(end), end, WINDOW_CHECKPOINTS);
  const window = windowFrom(record.windows, from);
  const decades = Math.log10(window.gradientNorm) - Math.log10(endOf(record).gradientNorm);
  const recentLearningRate = record.counts.learningRateSum - window.learningRateSum;
  if (!(decades > 0)) return null;
  return { decadesPerStep: decades / (end - from), decadesPerLearningRate: recentLearningRate > 0 ? decades / recentLearningRate : 0 };
}

/**
 * The last state whose curvature counts as met: the settling step, the end, or for a run that diverged the state
 * before its loss first rose above the start's (beyond that it is running away, where no descent goes).
 */
function pathEnd(record: RunRecord, convergedAt: number | null, divergence: { kind: Divergence; at: number } | null): number {
  if (convergedAt !== null) return convergedAt;
  if (divergence === null) return record.steps;
  const firstAbove = record.counts.firstAboveStart ?? Number.POSITIVE_INFINITY;
  return Math.max(0, Math.min(record.steps, divergence.at - 1, firstAbove - 1));
}

/**
 * The curvature at the start, at the end, and (when `until` > 0) at sampled states up to `until` and halfway along
 * the steps into them. A run that zig-zags across a valley may never stand on its floor, where the curvature is
 * largest (log(cosh(x)) at η = 3 bounces between ±1.29 for ever, where the curvature is 0.37; halfway between
 * them it is 1), so the midpoints of the steps count as met too.
 */
function pathCurvature(record: RunRecord, objective: Objective, atStart: readonly number[], until: number): PathCurvature {
  const n = record.variables.length;
  const atEnd = hessianEigenvalues(objective, endOf(record).params);
  let largest = atStart.length > 0 ? atStart[atStart.length - 1]! : Number.NEGATIVE_INFINITY;
  let smallestPositive: number | null = null;
  const meet = (eigenvalues: readonly number[] | null): void => {
    if (eigenvalues === null || eigenvalues.length === 0) return;
    largest = Math.max(largest, eigenvalues[eigenvalues.length - 1]!);
    for (const λ of eigenvalues) if (λ > 0 && (smallestPositive === null || λ < smallestPositive)) smallestPositive = λ;
  };
  meet(atStart);
  if (until > 0) {
    const point = new Float64Array(n);
    const path = record.path;
    for (const t of sampledSteps(until, record.steps)) {
      const state = paramsAt(path, indexOfStep(path, t));
      const before = paramsAt(path, indexOfStep(path, t - 1));
      meet(hessianEigenvalues(objective, state));
      for (let i = 0; i < n; i++) point[i] = (before[i]! + state[i]!) / 2;
      meet(hessianEigenvalues(objective, point));
    }
    if (until === record.steps) meet(atEnd);
  }
  return { atStart, atEnd, largest, smallestPositive };
}

/**
 * Steps 1 … until whose states are sampled: the first CURVATURE_FIRST_STATES, then CURVATURE_SAMPLES spread evenly
 * (in a run of more than RECENT_STEPS steps, each the path checkpoint at or before where it would be).
 */
export function sampledSteps(until: number, steps: number): number[] {
  const sampled = new Set<number>();
  for (let t = 1; t <= Math.min(until, CURVATURE_FIRST_STATES); t++) sampled.add(t);
  const spacing = steps > RECENT_STEPS ? checkpointSpacing(steps, PATH_CHECKPOINTS) : 1;
  for (let k = 1; k <= CURVATURE_SAMPLES; k++) {
    const t = Math.floor(Math.max(1, Math.round((k * until) / CURVATURE_SAMPLES)) / spacing) * spacing;
    if (t >= 1) sampled.add(t);
  }
  return [...sampled].sort((a, b) => a - b);
}
