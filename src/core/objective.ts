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
