/**
 * The counters the diagnosis reads (measure.ts), kept as the states stream past: the same numbers a pass over the
 * whole trace gives, in one pass and constant memory.
 *
 * Some measures stop at the step where the run settled (the gradient norm came within the tolerance and stayed),
 * which is known only at the end: while the gradient norm is within the tolerance, the counts as they stood where
 * that stretch began are kept beside the running ones, and the end decides which to use. The same goes for the
 * stretches measure.ts reads back from the end (the loss above its start, the parameters beyond their bound): each
 * is the step where the current stretch began.
 */
import { GRADIENT_NORM, LEARNING_RATE, LOSS, PARAMS, type RecentStates } from './recentStates';

/**
 * A loss "went up" only if it rose by more than this many units in the last place. Round-off alone moves a loss by
 * an ulp or two at steps that barely move the parameters; that is not an overshoot to mark.
 */
export const OVERSHOOT_ULPS = 8;
/** Parameters "exploded" when they end this many times farther out than the start (or than 1). */
export const EXPLODED_PARAMS = 1e6;
/**
 * Overshoot steps listed at most (all of them are counted): as many as a run printed whole by default has steps, so
 * a list is cut only for runs longer than any printed whole unless asked for.
 */
export const OVERSHOOT_STEPS_LISTED = 100_000;

/** Whether the loss went from `before` to `after` up by more than round-off. */
export function wentUp(before: number, after: number): boolean {
  const ulp = Number.EPSILON * Math.max(Math.abs(before), Math.abs(after));
  return after - before > OVERSHOOT_ULPS * ulp;
}

/** The largest magnitude among the parameters in `params[offset … offset + n)`. */
export function reachOf(params: ArrayLike<number>, offset: number, n: number): number {
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(params[offset + i]!));
  return largest;
}

/** What the counters say at the end of a run (or where it stands). */
export interface RunCounts {
  /** The tolerance the settling step is judged by. */
  readonly tolerance: number;
  /** The step from which the gradient norm stayed within the tolerance to the end, or null. */
  readonly convergedAt: number | null;
  /** Steps t ≤ judgedUntil (the settling step, else the end) at which the loss went up: how many, and the first ones. */
  readonly overshootCount: number;
  readonly overshootSteps: readonly number[];
  /** Updates t ≤ judgedUntil whose displacement points against the previous one's. */
  readonly directionFlips: number;
  /** The largest gradient norm of states t ≤ judgedUntil. */
  readonly largestGradientNorm: number;
  /** The last step with the highest loss of the run. */
  readonly peakStep: number;
  /** The first step whose loss is above the start's, or null. */
  readonly firstAboveStart: number | null;
  /** The step from which the loss stayed above the start's to the end, or null (it ends at or below). */
  readonly aboveStartSince: number | null;
  /** The step from which the parameters' reach stayed beyond EXPLODED_PARAMS × max(start's reach, 1), or null. */
  readonly explodedSince: number | null;
  /** Σ η over every update (in order), the largest η and the last update's. */
  readonly learningRateSum: number;
  readonly largestLearningRate: number;
  readonly finalLearningRate: number;
  /** The lowest loss of the run. */
  readonly lowestLoss: number;
  /** Each variable's lowest and highest value over the run. */
  readonly low: readonly number[];
  readonly high: readonly number[];
}

export class RunCounters {
  private readonly dimension: number;
  private startLoss = Number.NaN;
  private reachLimit = Number.NaN;
  private previousLoss = Number.NaN;
  private latest = -1;

  private inToleranceSince = -1;
  private overshootCount = 0;
  private readonly overshootSteps: number[] = [];
  private directionFlips = 0;
  private largestGradientNorm = Number.NEGATIVE_INFINITY;
  /** The counts as they stood at the state where the current stretch within the tolerance began. */
  private settled = { overshootCount: 0, directionFlips: 0, largestGradientNorm: 0 };

  private peakStep = 0;
  private peakLoss = Number.NEGATIVE_INFINITY;
  private firstAboveStart = -1;
  private aboveStartSince = -1;
  private explodedSince = -1;
  private learningRateSum = 0;
  private largestLearningRate = 0;
  private finalLearningRate = 0;
  private lowestLoss = Number.POSITIVE_INFINITY;
  private readonly low: Float64Array;
  private readonly high: Float64Array;

  constructor(
    dimension: number,
    private readonly tolerance: number,
  ) {
    this.dimension = dimension;
    this.low = new Float64Array(dimension).fill(Number.POSITIVE_INFINITY);
    this.high = new Float64Array(dimension).fill(Number.NEGATIVE_INFINITY);
  }

  consume(ring: RecentStates, from: number, to: number): void {
    let first = from;
    if (from === 0) {
      this.consumeStart(ring);
      first = 1;
    }
    if (first <= to) {
      this.consumeLosses(ring, first, to);
      this.consumeParams(ring, first, to);
    }
    this.latest = to;
  }

  /** The start: what later states are compared with. */
  private consumeStart(ring: RecentStates): void {
    const n = this.dimension;
    const at = ring.offsetOf(0);
    const values = ring.values;
    const loss = values[at + LOSS]!;
    const norm = values[at + GRADIENT_NORM]!;
    this.startLoss = this.previousLoss = this.lowestLoss = this.peakLoss = loss;
    this.largestGradientNorm = norm;
    for (let i = 0; i < n; i++) this.low[i] = this.high[i] = values[at + PARAMS + i]!;
    this.reachLimit = EXPLODED_PARAMS * Math.max(reachOf(values, at + PARAMS, n), 1);
    if (norm <= this.tolerance) {
      this.inToleranceSince = 0;
      this.settled = { overshootCount: 0, directionFlips: 0, largestGradientNorm: norm };
    }
  }

  /**
   * The loss, gradient norm and η of states `from` ≥ 1 … `to`. The counters live in locals while the loop runs, and
   * the rare cases (the loss went up, a new peak) are tested cheaply first.
   */
  private consumeLosses(ring: RecentStates, from: number, to: number): void {
    // The layout as locals (recentStates.ts says why).
    const LOSS_AT = LOSS, NORM_AT = GRADIENT_NORM, RATE_AT = LEARNING_RATE;
    const { values, stride } = ring;
    const { tolerance, startLoss, overshootSteps } = this;
    let { previousLoss, lowestLoss, peakLoss, peakStep, largestGradientNorm, overshootCount } = this;
    let { learningRateSum, largestLearningRate, firstAboveStart, aboveStartSince, inToleranceSince } = this;
    let at = ring.offsetOf(from);
    for (let t = from; t <= to; t++, at += stride) {
      const value = values[at + LOSS_AT]!;
      const norm = values[at + NORM_AT]!;
      const η = values[at + RATE_AT]!;
      learningRateSum += η;
      if (η > largestLearningRate) largestLearningRate = η;
      if (norm > largestGradientNorm) largestGradientNorm = norm;
      if (value < lowestLoss) lowestLoss = value;
      if (value >= peakLoss) {
        peakLoss = value;
        peakStep = t;
      }
      // wentUp(previousLoss, value), tested only where the loss rose at all.
      if (value > previousLoss && value - previousLoss > OVERSHOOT_ULPS * Number.EPSILON * Math.max(Math.abs(previousLoss), Math.abs(value))) {
        overshootCount++;
        if (overshootSteps.length < OVERSHOOT_STEPS_LISTED) overshootSteps.push(t);
      }
      if (value > startLoss) {
        if (firstAboveStart < 0) firstAboveStart = t;
        if (aboveStartSince < 0) aboveStartSince = t;
      } else {
        aboveStartSince = -1;
      }
      if (norm <= tolerance) {
        if (inToleranceSince < 0) {
          inToleranceSince = t;
          // The reversals are counted by consumeParams, which reads these states next and sets them here.
          this.settled = { overshootCount, directionFlips: 0, largestGradientNorm };
        }
      } else {
        inToleranceSince = -1;
      }
      previousLoss = value;
    }
    this.finalLearningRate = values[ring.offsetOf(to) + RATE_AT]!;
    Object.assign(this, { previousLoss, lowestLoss, peakLoss, peakStep, largestGradientNorm, overshootCount });
    Object.assign(this, { learningRateSum, largestLearningRate, firstAboveStart, aboveStartSince, inToleranceSince });
  }

  /**
   * The parameters of states `from` ≥ 1 … `to`: each variable's range and the reversals, in one pass; then, only where
   * some parameter has gone beyond the bound of an explosion at all, each state's reach.
   */
  private consumeParams(ring: RecentStates, from: number, to: number): void {
    // The layout as locals (recentStates.ts says why).
    const PARAMS_AT = PARAMS;
    const n = this.dimension;
    const { values, capacity, stride } = ring;
    const { low, high, inToleranceSince } = this;
    let directionFlips = this.directionFlips;
    // The parameters of the state, the one before and the one before that (the ring may wrap just behind `from`).
    let at = ring.offsetOf(from) + PARAMS_AT;
    let before = ring.offsetOf(from - 1 + capacity) + PARAMS_AT;
    let twoBefore = ring.offsetOf(from - 2 + 2 * capacity) + PARAMS_AT;
    for (let t = from; t <= to; t++) {
      let dot = 0;
      for (let i = 0; i < n; i++) {
        const value = values[at + i]!;
        const previous = values[before + i]!;
        if (value < low[i]!) low[i] = value;
        if (value > high[i]!) high[i] = value;
        dot += (value - previous) * (previous - values[twoBefore + i]!);
      }
      // At t = 1 there is no update before this one (the "two before" slot holds nothing of this run).
      if (dot < 0 && t >= 2) directionFlips++;
      // The losses of these states were read first, so the stretch within the tolerance is known for them: where it
      // began, the reversals so far (that step's included: t ≤ judgedUntil) are the judged ones if it lasts.
      if (t === inToleranceSince) this.settled.directionFlips = directionFlips;
      twoBefore = before;
      before = at;
      at += stride;
    }
    this.directionFlips = directionFlips;
    this.consumeReach(ring, from, to);
  }

  /** The stretch of states whose parameters reach beyond the bound of an explosion. */
  private consumeReach(ring: RecentStates, from: number, to: number): void {
    // The layout as locals (recentStates.ts says why).
    const PARAMS_AT = PARAMS;
    const n = this.dimension;
    const limit = this.reachLimit;
    let beyond = false;
    for (let i = 0; i < n; i++) if (this.low[i]! < -limit || this.high[i]! > limit) beyond = true;
    if (!beyond) {
      // No parameter has ever gone past the bound, so none of these states did.
      this.explodedSince = -1;
      return;
    }
    const { values, stride } = ring;
    let explodedSince = this.explodedSince;
    for (let t = from, at = ring.offsetOf(from) + PARAMS_AT; t <= to; t++, at += stride) {
      if (reachOf(values, at, n) > limit) {
        if (explodedSince < 0) explodedSince = t;
      } else {
        explodedSince = -1;
      }
    }
    this.explodedSince = explodedSince;
  }

  /** The counts at the latest state. */
  counts(): RunCounts {
    const converged = this.latest >= 0 && this.inToleranceSince >= 0;
    const judged = converged
      ? this.settled
      : { overshootCount: this.overshootCount, directionFlips: this.directionFlips, largestGradientNorm: this.largestGradientNorm };
    const overshootCount = judged.overshootCount;
    return {
      tolerance: this.tolerance,
      convergedAt: converged ? this.inToleranceSince : null,
      overshootCount,
      overshootSteps: this.overshootSteps.slice(0, Math.min(overshootCount, OVERSHOOT_STEPS_LISTED)),
      directionFlips: judged.directionFlips,
      largestGradientNorm: judged.largestGradientNorm,
      peakStep: this.peakStep,
      firstAboveStart: this.firstAboveStart < 0 ? null : this.firstAboveStart,
      aboveStartSince: this.aboveStartSince < 0 ? null : this.aboveStartSince,
      explodedSince: this.explodedSince < 0 ? null : this.explodedSince,
      learningRateSum: this.learningRateSum,
      largestLearningRate: this.largestLearningRate,
      finalLearningRate: this.finalLearningRate,
      lowestLoss: this.lowestLoss,
      low: Array.from(this.low),
      high: Array.from(this.high),
    };
  }
}
