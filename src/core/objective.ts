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
  /**
   * `valueAndGradient` as code a generated run loop can place in its own body (src/core/optim/runLoop.ts), when the
   * objective has it: a compiled formula of moderate size does.
   */
  readonly code?: ObjectiveCode;
}

/** The loss and its gradient as straight-line JavaScript over locals, generated from a formula's expression DAG. */
export interface ObjectiveCode {
  /**
   * Statements that read the parameters from locals `p0`, `p1`, … and assign the loss to `loss` and the gradient to
   * `g0`, `g1`, … (all declared by the code around them, which must not use names of the form `t<digits>`).
   */
  readonly statements: string;
  /** The functions the statements call, by name (`softplus`, `power`): the code around them puts them in scope. */
  readonly helpers: Readonly<Record<string, (...args: number[]) => number>>;
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
