/**
 * What the curvature (Hessian) at a point says: how large a learning rate plain gradient descent can take
 * there, and what kind of stationary point it is when the gradient vanishes.
 */
import type { Objective } from '../objective';
import { symmetricEigen } from '../math/symmetricEigen';
import { momentumOf } from './steering';
import type { OptimizerSettings, Stability, StationaryPointKind } from './types';

/**
 * Eigenvalues smaller than this fraction of the largest (in magnitude) count as zero curvature. The
 * eigenvalues of an exact Hessian are accurate to about 1e-15 of the largest; 1e-8 leaves room for Hessians
 * that carry more round-off and still calls a real curvature of one part in a hundred million flat.
 */
export const ZERO_CURVATURE = 1e-8;

/**
 * Hessian eigenvalues at `point`, L = the largest, and the critical η = 2/L of plain gradient descent.
 * On a quadratic, gradient descent converges exactly when η < 2/L (every mode shrinks by |1 − ηλ| < 1);
 * elsewhere it is the local limit at the start. When the Hessian there is not finite nothing is known:
 * no eigenvalues, L = 0, critical η null.
 */
export function stabilityAt(objective: Objective, point: ArrayLike<number>): Stability {
  const eigenvalues = hessianEigenvalues(objective, point);
  if (eigenvalues === null) return { eigenvalues: [], lipschitz: 0, criticalLearningRate: null };
  const lipschitz = eigenvalues[eigenvalues.length - 1] ?? 0;
  return { eigenvalues, lipschitz, criticalLearningRate: lipschitz > 0 ? 2 / lipschitz : null };
}

/** Ascending eigenvalues of the Hessian at `point`, or null when it has non-finite entries. */
export function hessianEigenvalues(objective: Objective, point: ArrayLike<number>): number[] | null {
  const hessian = objective.hessian(point);
  if (!hessian.every((row) => row.every(Number.isFinite))) return null;
  return symmetricEigen(hessian).values;
}

/**
 * The second-derivative test: all curvatures positive → minimum, all negative → maximum, both signs → saddle,
 * and any flat direction (with no opposite signs) → degenerate, where the test says nothing.
 */
export function classifyStationaryPoint(eigenvalues: readonly number[]): StationaryPointKind {
  const scale = Math.max(0, ...eigenvalues.map(Math.abs));
  const zero = ZERO_CURVATURE * scale;
  const positive = eigenvalues.filter((λ) => λ > zero).length;
  const negative = eigenvalues.filter((λ) => λ < -zero).length;
  if (positive > 0 && negative > 0) return 'saddle';
  if (scale > 0 && positive === eigenvalues.length) return 'minimum';
  if (scale > 0 && negative === eigenvalues.length) return 'maximum';
  return 'degenerate';
}

/** True when some curvature is clearly negative: the point is not a minimum (a saddle or a maximum). */
export function hasNegativeCurvature(eigenvalues: readonly number[]): boolean {
  const scale = Math.max(0, ...eigenvalues.map(Math.abs));
  return eigenvalues.some((λ) => λ < -ZERO_CURVATURE * scale);
}

/**
 * The largest η for which this optimizer is stable on a quadratic whose largest curvature is `largestCurvature`
 * (L), or null where no such bound exists. Plain gradient descent: 2/L (with weight decay the curvature is
 * L + wd). Heavy-ball momentum β with dampening d: 2(1 + β)/((1 − d)L). Nesterov: 2(1 + β)/((1 + 2β)L). Adaptive
 * methods (Adagrad, RMSprop, Adam) divide each step by a running gradient size, so their η is a step length, not
 * a multiple of the gradient, and the curvature gives them no such limit. L is unknown (−∞ or NaN): null.
 */
export function criticalLearningRateFor(optimizer: OptimizerSettings, largestCurvature: number): number | null {
  if (!(largestCurvature > Number.NEGATIVE_INFINITY)) return null;
  const curvature = largestCurvature + optimizer.weightDecay;
  switch (optimizer.kind) {
    case 'gd':
      return curvature > 0 ? 2 / curvature : null;
    case 'momentum':
      return curvature * (1 - optimizer.dampening) > 0 ? (2 * (1 + optimizer.momentum)) / (curvature * (1 - optimizer.dampening)) : null;
    case 'nesterov':
      return curvature > 0 ? (2 * (1 + optimizer.momentum)) / (curvature * (1 + 2 * optimizer.momentum)) : null;
    default:
      return null;
  }
}

/**
 * Whether a bouncing run at `learningRate` bounces because of momentum rather than η: the optimizer carries
 * momentum (β > 0), and plain gradient descent at this η would not overshoot even the steepest direction met
 * (η·L < 1, so every mode shrinks without changing sign). Then η ÷ 10 only slows the run.
 */
export function overshootIsMomentums(optimizer: OptimizerSettings, learningRate: number, largestCurvature: number): boolean {
  return momentumOf(optimizer) > 0 && learningRate * largestCurvature < 1;
}
