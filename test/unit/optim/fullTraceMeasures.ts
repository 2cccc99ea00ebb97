/**
 * The diagnosis's measures read from a whole trace, as a pass over every state would read them: the reference the
 * streaming record (src/core/optim/record) is checked against. Written from the definitions in measure.ts, not from
 * the streaming code: for runs longer than the checkpoints, a window starts at the checkpoint at or before where it
 * would (the spacing is the smallest power of two that fits the run in 4,096 windows' or 128 path checkpoints), and
 * Σ η over a window is the difference of the running sums at its ends.
 */
import type { Objective } from '../../../src/core/objective';
import {
  CURVATURE_FIRST_STATES,
  CURVATURE_SAMPLES,
  DIVERGED_LOSS_RISE,
  DIVERGED_PEAK_WINDOW,
  EXPLODED_PARAMS,
  OVERSHOOT_ULPS,
  RECENT_SHARE,
  UNBOUNDED_GRADIENT_GROWTH,
  type Divergence,
  type MeasureOptions,
  type PathCurvature,
  type RunMeasures,
} from '../../../src/core/optim/measure';
import { hessianEigenvalues } from '../../../src/core/optim/stability';
import type { Trace } from '../../../src/core/optim/types';

const WINDOW_CHECKPOINTS = 4096;
const PATH_CHECKPOINTS = 128;
const WHOLE_RUN = 4096;
const OVERSHOOTS_LISTED = 100_000;

/** The smallest power of two g with steps ≤ checkpoints · g. */
function spacing(steps: number, checkpoints: number): number {
  let g = 1;
  while (g * checkpoints < steps) g *= 2;
  return g;
}

const atOrBefore = (step: number, steps: number, checkpoints: number): number => {
  const g = spacing(steps, checkpoints);
  return Math.floor(step / g) * g;
};

export function measureTrace(trace: Trace, objective: Objective, tolerance: number, options: MeasureOptions = {}): RunMeasures {
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
    overshootCount: overshootSteps.length,
    overshootSteps: overshootSteps.slice(0, OVERSHOOTS_LISTED),
    directionFlips: countDirectionFlips(trace, judgedUntil),
    divergence,
    pace: recentPace(trace),
    learningRates: { sum, final: steps > 0 ? rates[steps - 1]! : 0, largest },
    curvature: pathCurvature(trace, objective, atStart, options.alongPath === true ? pathEnd(trace, convergedAt, divergence) : 0),
  };
}

function settlingStep(gradientNorms: Float64Array, steps: number, tolerance: number): number | null {
  if (!(gradientNorms[steps]! <= tolerance)) return null;
  let t = steps;
  while (t > 0 && gradientNorms[t - 1]! <= tolerance) t--;
  return t;
}

function wentUp(before: number, after: number): boolean {
  return after - before > OVERSHOOT_ULPS * Number.EPSILON * Math.max(Math.abs(before), Math.abs(after));
}

function countDirectionFlips(trace: Trace, until: number): number {
  const n = trace.variables.length;
  const p = trace.params;
  let flips = 0;
  for (let t = 2; t <= until; t++) {
    let dot = 0;
    for (let i = 0; i < n; i++) dot += (p[t * n + i]! - p[(t - 1) * n + i]!) * (p[(t - 1) * n + i]! - p[(t - 2) * n + i]!);
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
  const fellFar = steps > 0 && startLoss - finalLoss > DIVERGED_LOSS_RISE * scale;
  if (trace.stop === 'non-finite' && trace.nonFiniteAt !== null) {
    return { kind: fellFar && stillFalling(loss, steps) ? 'unbounded-below' : 'non-finite', at: trace.nonFiniteAt };
  }
  if (steps === 0 || convergedAt !== null) return null;
  let peak = 0;
  for (let t = 1; t <= steps; t++) if (loss[t]! >= loss[peak]!) peak = t;
  const climbing = peak >= steps - Math.max(1, Math.floor(DIVERGED_PEAK_WINDOW * steps));
  if (finalLoss - startLoss > DIVERGED_LOSS_RISE * scale && climbing) {
    let t = steps;
    while (t > 1 && loss[t - 1]! > startLoss) t--;
    return { kind: 'loss-grew', at: t };
  }
  if (fellFar && trace.gradientNorms[steps]! > UNBOUNDED_GRADIENT_GROWTH * trace.gradientNorms[0]!) return { kind: 'unbounded-below', at: 1 };
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

function stillFalling(loss: Float64Array, steps: number): boolean {
  const from = atOrBefore(Math.max(0, steps - Math.max(1, Math.floor(DIVERGED_PEAK_WINDOW * steps))), steps, WINDOW_CHECKPOINTS);
  for (let t = from; t < steps; t++) if (loss[t]! < loss[steps]!) return false;
  return true;
}

function recentPace(trace: Trace): RunMeasures['pace'] {
  const end = trace.steps;
  if (end === 0) return null;
  const from = atOrBefore(Math.max(0, end - Math.max(1, Math.floor(RECENT_SHARE * end))), end, WINDOW_CHECKPOINTS);
  const g = trace.gradientNorms;
  const decades = Math.log10(g[from]!) - Math.log10(g[end]!);
  // Running sums of η, in order, at both ends of the window.
  let sumToFrom = 0;
  let sumToEnd = 0;
  for (let t = 0; t < end; t++) {
    sumToEnd += trace.learningRates[t]!;
    if (t === from - 1) sumToFrom = sumToEnd;
  }
  const recentLearningRate = sumToEnd - sumToFrom;
  if (!(decades > 0)) return null;
  return { decadesPerStep: decades / (end - from), decadesPerLearningRate: recentLearningRate > 0 ? decades / recentLearningRate : 0 };
}

function pathEnd(trace: Trace, convergedAt: number | null, divergence: { kind: Divergence; at: number } | null): number {
  if (convergedAt !== null) return convergedAt;
  if (divergence === null) return trace.steps;
  let t = 0;
  while (t < Math.min(trace.steps, divergence.at - 1) && trace.loss[t + 1]! <= trace.loss[0]!) t++;
  return t;
}

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
    const g = trace.steps > WHOLE_RUN ? spacing(trace.steps, PATH_CHECKPOINTS) : 1;
    const sampled = new Set<number>();
    for (let t = 1; t <= Math.min(until, CURVATURE_FIRST_STATES); t++) sampled.add(t);
    for (let k = 1; k <= CURVATURE_SAMPLES; k++) {
      const t = Math.floor(Math.max(1, Math.round((k * until) / CURVATURE_SAMPLES)) / g) * g;
      if (t >= 1) sampled.add(t);
    }
    for (const t of [...sampled].sort((a, b) => a - b)) {
      meet(hessianEigenvalues(objective, p.subarray(t * n, t * n + n)));
      for (let i = 0; i < n; i++) point[i] = (p[(t - 1) * n + i]! + p[t * n + i]!) / 2;
      meet(hessianEigenvalues(objective, point));
    }
    if (until === trace.steps) meet(atEnd);
  }
  return { atStart, atEnd, largest, smallestPositive };
}
