/**
 * Every reading of a run's trace that the diagnosis uses, in one place: where the gradient settled, the steps on
 * which the loss rose or the path turned back, whether and where the run ran away, the recent pace, the η the
 * schedule gave, and the curvature met along the path. The verdict (verdict.ts) and the recommendation
 * (diagnose.ts) read these measures, never the trace, so the measures could come from counters kept while a run
 * streams instead of from the whole trace.
 *
 * Every threshold here is a named constant, set from real trajectories (x², the Rosenbrock, Beale and Himmelblau
 * functions with gd, momentum, Nesterov and Adam across η from 1e-5 to 10); the comment on each says why.
 */
import type { Objective } from '../objective';
import { hessianEigenvalues } from './stability';
import type { StopReason, Trace } from './types';

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
  /** Steps t ≤ judgedUntil at which the loss went up (by more than round-off). */
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

/**
 * A loss "went up" only if it rose by more than this many units in the last place. Round-off alone moves a
 * loss by an ulp or two at steps that barely move the parameters; that is not an overshoot to mark.
 */
export const OVERSHOOT_ULPS = 8;

/**
 * Diverged when the loss ends more than this many times its start value above the start, and still climbing.
 * Runaway growth is geometric (x² at η = 1.1 gains 44% a step and passes 10× by step 7), while bounded
 * bouncing, even at η = 3 with Adam, RMSprop or Nesterov, stays within about the start's size of it.
 */
export const DIVERGED_LOSS_RISE = 10;
/** "Still climbing": the run's highest loss falls within this final share of the run. */
export const DIVERGED_PEAK_WINDOW = 0.1;
/**
 * Parameters "exploded" when they end this many times farther out than the start (or than 1). No real descent
 * travels a million times its own scale; a loss that flattens out far away (a sigmoid's tail) can.
 */
export const EXPLODED_PARAMS = 1e6;
/**
 * With the loss far below the start, a gradient this many times its start size means there is no bottom
 * (−x² at η = 0.1: the gradient grows 1.2× a step); near a real minimum the gradient shrinks.
 */
export const UNBOUNDED_GRADIENT_GROWTH = 10;
/** The last part of the run, as a share of it, whose gradient-norm decline measures the recent pace. */
export const RECENT_SHARE = 0.25;
/** States of the path whose curvature is read: the first ones (where a run overshoots first), then evenly spread. */
export const CURVATURE_FIRST_STATES = 16;
export const CURVATURE_SAMPLES = 48;

export interface MeasureOptions {
  /** Read the curvature along the path (a Hessian at each sampled state); else only at the start and the end. */
  readonly alongPath?: boolean;
  /** The eigenvalues at the start, when the caller has them. */
  readonly atStart?: readonly number[];
}

/** Reads `trace`, a run judged at `tolerance` (> 0). */
export function measureRun(trace: Trace, objective: Objective, tolerance: number, options: MeasureOptions = {}): RunMeasures {
  const n = trace.variables.length;
  const steps = trace.steps;
  const state = (t: number): number[] => Array.from(trace.params.subarray(t * n, t * n + n));
  const convergedAt = settlingStep(trace.gradientNorms, steps, tolerance);
  const judgedUntil = convergedAt ?? steps;
  const overshootSteps: number[] = [];
  let largestGradientNorm = trace.gradientNorms[0]!;
  for (let t = 1; t <= judgedUntil; t++) {
    if (wentUp(trace.loss[t - 1]!, trace.loss[t]!)) overshootSteps.push(t);
    largestGradientNorm = Math.max(largestGradientNorm, trace.gradientNorms[t]!);
  }
  const divergence = findDivergence(trace, convergedAt);
  const atStart = options.atStart ?? hessianEigenvalues(objective, trace.params.subarray(0, n)) ?? [];
  const rates = trace.learningRates;
  let sum = 0;
  let largest = 0;
  for (let t = 0; t < steps; t++) {
    sum += rates[t]!;
    largest = Math.max(largest, rates[t]!);
  }
  return {
    dimension: n,
    steps,
    stop: trace.stop,
    tolerance,
    startLoss: trace.loss[0]!,
    finalLoss: trace.loss[steps]!,
    startGradientNorm: trace.gradientNorms[0]!,
    finalGradientNorm: trace.gradientNorms[steps]!,
    largestGradientNorm,
    start: state(0),
    end: state(steps),
    convergedAt,
    judgedUntil,
    overshootSteps,
    directionFlips: countDirectionFlips(trace, judgedUntil),
    divergence,
    pace: recentPace(trace),
    learningRates: { sum, final: steps > 0 ? rates[steps - 1]! : 0, largest },
    curvature: pathCurvature(trace, objective, atStart, options.alongPath === true ? pathEnd(trace, convergedAt, divergence) : 0),
  };
}

/**
 * The step from which the gradient norm stayed within the tolerance to the end, or null if it ends outside.
 * With early stopping on this is simply the step the run stopped at; with it off, a run that passed through
 * the tolerance and left again (a saddle, a momentum overshoot) has not converged there.
 */
function settlingStep(gradientNorms: Float64Array, steps: number, tolerance: number): number | null {
  if (!(gradientNorms[steps]! <= tolerance)) return null;
  let t = steps;
  while (t > 0 && gradientNorms[t - 1]! <= tolerance) t--;
  return t;
}

function wentUp(before: number, after: number): boolean {
  const ulp = Number.EPSILON * Math.max(Math.abs(before), Math.abs(after));
  return after - before > OVERSHOOT_ULPS * ulp;
}

/** Updates t ≥ 2 (up to `until`) whose displacement points against the previous one's. */
function countDirectionFlips(trace: Trace, until: number): number {
  const n = trace.variables.length;
  const p = trace.params;
  let flips = 0;
  for (let t = 2; t <= until; t++) {
    let dot = 0;
    for (let i = 0; i < n; i++) {
      dot += (p[t * n + i]! - p[(t - 1) * n + i]!) * (p[(t - 1) * n + i]! - p[(t - 2) * n + i]!);
    }
    if (dot < 0) flips++;
  }
  return flips;
}

function findDivergence(trace: Trace, convergedAt: number | null): { kind: Divergence; at: number } | null {
  const steps = trace.steps;
  const loss = trace.loss;
  const startLoss = loss[0]!;
  const finalLoss = loss[steps]!;
  const scale = Math.max(Math.abs(startLoss), Number.MIN_VALUE);
  const gradientNorms = trace.gradientNorms;
  // The loss fell far below the start, and the run ended in the fall: the loss has no bottom that way, whether the
  // numbers then overflowed, the gradient grew, or the parameters ran off.
  const fellFar = steps > 0 && startLoss - finalLoss > DIVERGED_LOSS_RISE * scale;
  if (trace.stop === 'non-finite' && trace.nonFiniteAt !== null) {
    return { kind: fellFar && stillFalling(loss, steps) ? 'unbounded-below' : 'non-finite', at: trace.nonFiniteAt };
  }
  if (steps === 0 || convergedAt !== null) return null;

  // Still climbing: the highest loss of the run is near its end.
  let peak = 0;
  for (let t = 1; t <= steps; t++) if (loss[t]! >= loss[peak]!) peak = t;
  const climbing = peak >= steps - Math.max(1, Math.floor(DIVERGED_PEAK_WINDOW * steps));
  if (finalLoss - startLoss > DIVERGED_LOSS_RISE * scale && climbing) {
    return { kind: 'loss-grew', at: lastReturnAbove(loss, steps, startLoss) };
  }
  if (fellFar && gradientNorms[steps]! > UNBOUNDED_GRADIENT_GROWTH * gradientNorms[0]!) return { kind: 'unbounded-below', at: 1 };

  const n = trace.variables.length;
  const reach = (t: number): number => {
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(trace.params[t * n + i]!));
    return largest;
  };
  const limit = EXPLODED_PARAMS * Math.max(reach(0), 1);
  if (reach(steps) > limit) {
    let t = steps;
    while (t > 0 && reach(t - 1) > limit) t--;
    return { kind: finalLoss < startLoss ? 'unbounded-below' : 'params-exploded', at: t };
  }
  return null;
}

/** The last recorded loss is the lowest of the run's last tenth: the loss was still going down when it stopped. */
function stillFalling(loss: Float64Array, steps: number): boolean {
  const from = Math.max(0, steps - Math.max(1, Math.floor(DIVERGED_PEAK_WINDOW * steps)));
  for (let t = from; t < steps; t++) if (loss[t]! < loss[steps]!) return false;
  return true;
}

/** The step from which the loss stayed above `level` to the end. */
function lastReturnAbove(loss: Float64Array, steps: number, level: number): number {
  let t = steps;
  while (t > 1 && loss[t - 1]! > level) t--;
  return t;
}

/** The first update of the recent part of the run (its last RECENT_SHARE) whose pace is measured. */
export function recentFrom(steps: number): number {
  return Math.max(0, steps - Math.max(1, Math.floor(RECENT_SHARE * steps)));
}

function recentPace(trace: Trace): Pace | null {
  const end = trace.steps;
  if (end === 0) return null;
  const from = recentFrom(end);
  const g = trace.gradientNorms;
  const decades = Math.log10(g[from]!) - Math.log10(g[end]!);
  let recentLearningRate = 0;
  for (let t = from; t < end; t++) recentLearningRate += trace.learningRates[t]!;
  if (!(decades > 0)) return null;
  return { decadesPerStep: decades / (end - from), decadesPerLearningRate: recentLearningRate > 0 ? decades / recentLearningRate : 0 };
}

/**
 * The last state whose curvature counts as met: the settling step, the end, or for a run that diverged the state
 * before its loss first rose above the start's (beyond that it is running away, where no descent goes).
 */
function pathEnd(trace: Trace, convergedAt: number | null, divergence: { kind: Divergence; at: number } | null): number {
  if (convergedAt !== null) return convergedAt;
  if (divergence === null) return trace.steps;
  let t = 0;
  while (t < Math.min(trace.steps, divergence.at - 1) && trace.loss[t + 1]! <= trace.loss[0]!) t++;
  return t;
}

/**
 * The curvature at the start, at the end, and (when `until` > 0) at sampled states up to `until` and halfway along
 * the steps into them. A run that zig-zags across a valley may never stand on its floor, where the curvature is
 * largest (log(cosh(x)) at η = 3 bounces between ±1.29 for ever, where the curvature is 0.37; halfway between
 * them it is 1), so the midpoints of the steps count as met too.
 */
function pathCurvature(trace: Trace, objective: Objective, atStart: readonly number[], until: number): PathCurvature {
  const n = trace.variables.length;
  const atEnd = hessianEigenvalues(objective, trace.params.subarray(trace.steps * n, trace.steps * n + n));
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
    const p = trace.params;
    for (const t of sampledSteps(until)) {
      meet(hessianEigenvalues(objective, p.subarray(t * n, t * n + n)));
      for (let i = 0; i < n; i++) point[i] = (p[(t - 1) * n + i]! + p[t * n + i]!) / 2;
      meet(hessianEigenvalues(objective, point));
    }
    if (until === trace.steps) meet(atEnd);
  }
  return { atStart, atEnd, largest, smallestPositive };
}

/** Steps 1 … until whose states are sampled: the first CURVATURE_FIRST_STATES, then CURVATURE_SAMPLES spread evenly, and the last. */
function sampledSteps(until: number): number[] {
  const steps = new Set<number>();
  for (let t = 1; t <= Math.min(until, CURVATURE_FIRST_STATES); t++) steps.add(t);
  for (let k = 1; k <= CURVATURE_SAMPLES; k++) steps.add(Math.max(1, Math.round((k * until) / CURVATURE_SAMPLES)));
  return [...steps].sort((a, b) => a - b);
}
