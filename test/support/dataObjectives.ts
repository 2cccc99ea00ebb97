/**
 * Losses over data written by hand, as BatchObjectives: the run loop's minibatch tests need them without the
 * formula engine, and the benchmark compares the engine's generated code with the same loops.
 */
import type { BatchObjective } from '../../src/core/objective';

/** Rows of features and targets, row-major features. */
export interface Dataset {
  readonly rows: number;
  readonly features: number;
  /** features[i * k + j]. */
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** Mean squared error of a linear model without intercept: mean over rows of (x·w − y)². */
export function meanSquaredError(data: Dataset): BatchObjective {
  const { rows, features: k, x, y } = data;
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  const batchValueAndGradient = (p: ArrayLike<number>, g: Float64Array, batch: Int32Array, count: number): number => {
    g.fill(0);
    let sum = 0;
    for (let r = 0; r < count; r += 1) {
      const i = batch[r]!;
      let prediction = 0;
      for (let j = 0; j < k; j += 1) prediction += x[i * k + j]! * p[j]!;
      const residual = prediction - y[i]!;
      sum += residual * residual;
      for (let j = 0; j < k; j += 1) g[j] = g[j]! + 2 * residual * x[i * k + j]!;
    }
    for (let j = 0; j < k; j += 1) g[j] = g[j]! / count;
    return sum / count;
  };
  return {
    variables: Array.from({ length: k }, (_, j) => `w[${j}]`),
    rowCount: rows,
    batchValueAndGradient,
    valueAndGradient: (p, g) => batchValueAndGradient(p, g, all, rows),
    value: (p) => batchValueAndGradient(p, new Float64Array(k), all, rows),
    hessian() {
      const h = Array.from({ length: k }, () => new Array<number>(k).fill(0));
      for (let i = 0; i < rows; i += 1) {
        for (let a = 0; a < k; a += 1) for (let b = 0; b < k; b += 1) h[a]![b] = h[a]![b]! + (2 * x[i * k + a]! * x[i * k + b]!) / rows;
      }
      return h;
    },
  };
}

/** A small deterministic dataset: y = 2·x₀ − x₁ + noise, noise from a fixed sine pattern. */
export function lineDataset(rows: number): Dataset {
  const x = new Float64Array(rows * 2);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i += 1) {
    x[i * 2] = 1;
    x[i * 2 + 1] = (i % 17) / 4 - 2;
    y[i] = 2 - x[i * 2 + 1]! + 0.3 * Math.sin(i * 1.7);
  }
  return { rows, features: 2, x, y };
}
