/**
 * The best value of a loss over all its data — the floor a minibatch run is judged against — found by running a
 * damped Newton method (Levenberg–Marquardt) on the full data from the best point a run reached, with the exact
 * gradient and Hessian. On the convex losses of regression it gets there in a few dozen steps, where gradient
 * descent would need thousands; elsewhere it improves on the run's best or stops.
 */
import type { Objective } from '../objective';

/** Newton steps at most, and the gradient norm (relative to the start's) at which the minimum counts as found. */
const MAX_NEWTON_STEPS = 60;
const GRADIENT_REDUCTION = 1e-10;

export interface BestLoss {
  readonly loss: number;
  readonly params: Float64Array;
}

/** The lowest full-data loss found from `from` (at least as low as the loss there). */
export function bestLoss(objective: Objective, from: ArrayLike<number>): BestLoss {
  const n = objective.variables.length;
  let params = Float64Array.from(from);
  const gradient = new Float64Array(n);
  let loss = objective.valueAndGradient(params, gradient);
  if (!Number.isFinite(loss)) return { loss, params };
  const startNorm = Math.hypot(...gradient);
  let damping = 1e-6;
  for (let step = 0; step < MAX_NEWTON_STEPS; step += 1) {
    const norm = Math.hypot(...gradient);
    if (!(norm > GRADIENT_REDUCTION * Math.max(startNorm, 1e-300))) break;
    const hessian = objective.hessian(params);
    const scale = Math.max(1e-300, ...hessian.map((row, i) => Math.abs(row[i]!)));
    let accepted = false;
    for (let attempt = 0; attempt < 40 && !accepted; attempt += 1) {
      const direction = solveDamped(hessian, gradient, damping * scale);
      if (direction) {
        const candidate = params.map((p, i) => p - direction[i]!);
        const candidateGradient = new Float64Array(n);
        const candidateLoss = objective.valueAndGradient(candidate, candidateGradient);
        if (Number.isFinite(candidateLoss) && candidateLoss <= loss) {
          const progress = loss - candidateLoss;
          params = candidate;
          gradient.set(candidateGradient);
          loss = candidateLoss;
          damping = Math.max(damping / 3, 1e-12);
          accepted = true;
          if (progress === 0) return { loss, params };
          break;
        }
      }
      damping *= 4;
    }
    if (!accepted) break;
  }
  return { loss, params };
}

/** Solves (H + λI) d = g by Cholesky; null when H + λI is not positive definite. */
function solveDamped(hessian: readonly (readonly number[])[], gradient: Float64Array, lambda: number): Float64Array | null {
  const n = gradient.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = hessian[i]![j]! + (i === j ? lambda : 0);
      for (let k = 0; k < j; k += 1) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let sum = gradient[i]!;
    for (let k = 0; k < i; k += 1) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const d = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k += 1) sum -= l[k * n + i]! * d[k]!;
    d[i] = sum / l[i * n + i]!;
  }
  return d;
}
