/**
 * Some states of a run with their step numbers: every state of a short run, the recent window of a long one, or the
 * chart's series of a long one (each bucket's extremes). Plain columns, one entry per state, in increasing step order.
 */
import { GRADIENT_NORM, gradientNormOf, LEARNING_RATE, LOSS, PARAMS, type RecentStates } from './recentStates';

// The layout as this module's own constants: copyFromRing runs for every extreme a chart's series keeps, and where the
// code is not bundled an imported binding is read through its module on every use (recentStates.ts says more).
const LOSS_AT = LOSS;
const NORM_AT = GRADIENT_NORM;
const RATE_AT = LEARNING_RATE;
const PARAMS_AT = PARAMS;

export interface SampledStates {
  readonly dimension: number;
  /** States held. */
  readonly count: number;
  /** step[k]: the update after which state k was recorded (0 is the start). Increasing. */
  readonly step: Float64Array;
  readonly loss: Float64Array;
  readonly gradientNorm: Float64Array;
  /** The η of the update that led to each state: NaN for the start. */
  readonly learningRate: Float64Array;
  /** Row-major, `dimension` numbers per state. */
  readonly params: Float64Array;
  /** A minibatch run's: the loss of the batch of the update that led to each state (NaN for the start). */
  readonly batchLoss?: Float64Array;
}

/** Empty columns for `count` states of `dimension` parameters (with a batch-loss column when `batchLoss`). */
export function allocateStates(dimension: number, count: number, batchLoss = false): SampledStates {
  return {
    dimension,
    count,
    step: new Float64Array(count),
    loss: new Float64Array(count),
    gradientNorm: new Float64Array(count),
    learningRate: new Float64Array(count),
    params: new Float64Array(count * dimension),
    ...(batchLoss ? { batchLoss: new Float64Array(count) } : {}),
  };
}

/** The parameters of state k (a view, not a copy). */
export function paramsAt(states: SampledStates, k: number): Float64Array {
  return states.params.subarray(k * states.dimension, (k + 1) * states.dimension);
}

/** Copies the state after update `step`, held in `ring`, into slot `k` of `into`. */
export function copyFromRing(ring: RecentStates, step: number, into: SampledStates, k: number): void {
  const at = ring.offsetOf(step);
  const { values, dimension: n } = ring;
  into.step[k] = step;
  into.loss[k] = values[at + LOSS_AT]!;
  into.gradientNorm[k] = gradientNormOf(values[at + NORM_AT]!);
  into.learningRate[k] = values[at + RATE_AT]!;
  for (let i = 0; i < n; i++) into.params[k * n + i] = values[at + PARAMS_AT + i]!;
  if (into.batchLoss) into.batchLoss[k] = ring.batchLossAt < 0 ? Number.NaN : values[at + ring.batchLossAt]!;
}

/** Copies state `from` of `source` into slot `k` of `into` (same dimension). */
export function copyState(source: SampledStates, from: number, into: SampledStates, k: number): void {
  const n = source.dimension;
  into.step[k] = source.step[from]!;
  into.loss[k] = source.loss[from]!;
  into.gradientNorm[k] = source.gradientNorm[from]!;
  into.learningRate[k] = source.learningRate[from]!;
  // A loop, not set(): merging buckets copies within one array, which set() would first clone.
  for (let i = 0; i < n; i++) into.params[k * n + i] = source.params[from * n + i]!;
  if (into.batchLoss) into.batchLoss[k] = source.batchLoss ? source.batchLoss[from]! : Number.NaN;
}

/** The first `count` states of `states`, as views. */
export function firstStates(states: SampledStates, count: number): SampledStates {
  const n = states.dimension;
  return {
    dimension: n,
    count,
    step: states.step.subarray(0, count),
    loss: states.loss.subarray(0, count),
    gradientNorm: states.gradientNorm.subarray(0, count),
    learningRate: states.learningRate.subarray(0, count),
    params: states.params.subarray(0, count * n),
    ...(states.batchLoss ? { batchLoss: states.batchLoss.subarray(0, count) } : {}),
  };
}

/** The steps `first` … `last` of the ring, consecutive, as their own columns. */
export function statesFromRing(ring: RecentStates, first: number, last: number): SampledStates {
  const states = allocateStates(ring.dimension, Math.max(0, last - first + 1), ring.batchLossAt >= 0);
  for (let step = first; step <= last; step++) copyFromRing(ring, step, states, step - first);
  return states;
}

/** The index of `step` in `states` (binary search), or −1 when it is not held. */
export function indexOfStep(states: SampledStates, step: number): number {
  let low = 0;
  let high = states.count - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = states.step[middle]!;
    if (at === step) return middle;
    if (at < step) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
