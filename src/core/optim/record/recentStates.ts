/**
 * The latest states of a run, in a ring that the run loop writes with plain stores: the only work a step does besides
 * the update itself. Everything a run keeps (the recorder's counters and series, a trace being written out) reads each
 * stretch of new states from here before the ring comes round over it, so a run's memory is this ring and what its
 * readers keep, whatever its length.
 *
 * A state is the one after update t (t = 0 is the start): its loss, gradient norm, the η of update t (NaN for the
 * start, which no update led to) and the parameters. They lie side by side in one array (`stride` numbers a state),
 * so a step writes to one place, and the state after update t is at `offsetOf(t)`. A minibatch run of a loss over data
 * adds one number after the parameters (`batchLossAt`): the loss of the batch update t stepped on (NaN for the start).
 */

/** Steps a run keeps whole at its end (and a run of at most this many steps keeps every state): the recent window. */
export const RECENT_STEPS = 4096;

/** Where each number of a state lies, from the state's offset. */
export const LOSS = 0;
/** The gradient norm, as a code (`gradientNormOf`). */
export const GRADIENT_NORM = 1;
export const LEARNING_RATE = 2;
/** The parameters follow, `dimension` of them. */
export const PARAMS = 3;
// A loop that runs once per step copies these into local constants first (`const LOSS_AT = LOSS`): where the code is
// not bundled (tsx, which `npm run bench` and the tests run under) an imported binding is read through its module on
// every use, and the run loop should cost the same there as in the bundles people run.

/**
 * A state's gradient norm is held as a code: the norm's square as the run loop summed it (≥ 0), or the norm itself
 * negated when it was computed otherwise (rescaled where the squares over- or underflow, or given: a replayed trace, a
 * minibatch run). Most states' norms are only compared (with the largest so far, with the tolerance), which their
 * squares can be exactly (`squaresBound`), so the run loop takes no square root a step; the root is taken where a
 * norm is read. `gradientNormOf(code)` is then bit for bit the norm euclideanNorm gives.
 */
export function gradientNormOf(code: number): number {
  return code >= 0 ? Math.sqrt(code) : -code;
}

/** The code of a norm computed whole (`gradientNormOf`): 0 − norm, so a zero norm is +0 either way. */
export function normCode(norm: number): number {
  return 0 - norm;
}

/** States a ring starts with: a run that stops early (most of the checks behind advice do) never allocates more. */
const FIRST_CAPACITY = 64;

export class RecentStates {
  /** States the ring holds once grown: RECENT_STEPS + 1, or fewer for a shorter run (it never needs more than its own). */
  readonly fullCapacity: number;
  /**
   * States it holds now. It starts small and doubles (`reserve`) while the run is young, before it ever comes round, so
   * a state's slot is its step until the ring is full, and then its step modulo the full capacity, as if it had been
   * full from the start.
   */
  capacity: number;
  readonly dimension: number;
  /** Numbers per state. */
  readonly stride: number;
  /** Where a state's batch loss lies from its offset (after the parameters), or −1 when the run has none. */
  readonly batchLossAt: number;
  values: Float64Array;

  /**
   * `grown`: start at the full capacity (a trace replayed into it writes anywhere at once). `batchLoss`: each state
   * also holds the loss of its update's batch.
   */
  constructor(dimension: number, maxSteps: number, grown = false, batchLoss = false) {
    this.dimension = dimension;
    this.fullCapacity = Math.min(maxSteps, RECENT_STEPS) + 1;
    this.capacity = grown ? this.fullCapacity : Math.min(this.fullCapacity, FIRST_CAPACITY);
    this.batchLossAt = batchLoss ? PARAMS + dimension : -1;
    this.stride = PARAMS + dimension + (batchLoss ? 1 : 0);
    this.values = new Float64Array(this.capacity * this.stride);
  }

  /** Makes room for the states up to `step` without coming round, as far as the full capacity allows. */
  reserve(step: number): void {
    if (step < this.capacity || this.capacity === this.fullCapacity) return;
    let capacity = this.capacity;
    while (capacity <= step && capacity < this.fullCapacity) capacity *= 2;
    capacity = Math.min(capacity, this.fullCapacity);
    const values = new Float64Array(capacity * this.stride);
    values.set(this.values);
    this.values = values;
    this.capacity = capacity;
  }

  /** The slot of the state after update `step`. */
  slotOf(step: number): number {
    return step % this.capacity;
  }

  /** Where the state after update `step` begins in `values`. */
  offsetOf(step: number): number {
    return (step % this.capacity) * this.stride;
  }
}
