/**
 * A differentiable loss over named variables: what the formula engine produces and the optimizer consumes.
 * Parameters are plain vectors indexed in `variables` order.
 */
export interface Objective {
  readonly variables: readonly string[];
  /** L(θ). */
  value(params: ArrayLike<number>): number;
  /**
   * Writes ∇L(θ) into `gradient` and returns L(θ), in one pass and without allocating:
   * this is the optimizer's inner loop.
   */
  valueAndGradient(params: ArrayLike<number>, gradient: Float64Array): number;
  /** ∇²L(θ) as rows in `variables` order. Used once per run (stability, stationary points), not per step. */
  hessian(params: ArrayLike<number>): number[][];
}

/**
 * A loss that is a sum or mean over rows of data (`np.mean((X @ w - y)**2)`): the Objective methods evaluate
 * it on all the rows; `batchValueAndGradient` on some of them, exactly as the loss code run on those rows
 * (a mean divides by their number).
 */
export interface BatchObjective extends Objective {
  /** Rows of data the loss is over. */
  readonly rowCount: number;
  /** Writes the gradient on the rows `batch[0 .. count)` into `gradient` and returns the loss there. Allocates nothing. */
  batchValueAndGradient(params: ArrayLike<number>, gradient: Float64Array, batch: Int32Array, count: number): number;
}

export function isBatchObjective(objective: Objective): objective is BatchObjective {
  return typeof (objective as Partial<BatchObjective>).batchValueAndGradient === 'function';
}
