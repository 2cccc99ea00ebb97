/**
 * Checkpoints for the measures whose window depends on where a run ends, which a streaming run learns only at its
 * end: the recent pace (the gradient norm where the last quarter begins, Σ η over it), whether a run that blew up was
 * still falling (the lowest loss of its last tenth), and the states whose curvature the path is read at.
 *
 * A run of up to as many steps as there are checkpoints keeps every step. A longer one keeps every g-th, g the
 * smallest power of two that fits (`checkpointSpacing`), and each window starts at the checkpoint at or before the
 * step it would start at: for the windows, at most 1/4096 of the run earlier. When a run outgrows its checkpoints,
 * every other one goes and g doubles; the ones a finished run's g needs are always there, since a grid of g is part of
 * every grid of g/2.
 */
import { GRADIENT_NORM, gradientNormOf, LEARNING_RATE, LOSS, type RecentStates } from './recentStates';
import { allocateStates, copyFromRing, copyState, firstStates, type SampledStates } from './sampledStates';

/** Checkpoints for the windows of the pace and of "still falling": a run of up to this many steps keeps every step. */
export const WINDOW_CHECKPOINTS = 4096;
/** Checkpoints of the path's states (with the state before each, for the step into it). */
export const PATH_CHECKPOINTS = 128;
/** The first updates whose states (and the start) are always kept for the path: where a run overshoots first. */
export const FIRST_PATH_STEPS = 16;

/** The spacing of a finished run's checkpoints: the smallest power of two g with steps ≤ checkpoints · g. */
export function checkpointSpacing(steps: number, checkpoints: number): number {
  let spacing = 1;
  while (steps > checkpoints * spacing) spacing *= 2;
  return spacing;
}

/** The checkpoint at or before `step` in a finished run of `steps` steps. */
export function checkpointAtOrBefore(step: number, steps: number, checkpoints: number): number {
  const spacing = checkpointSpacing(steps, checkpoints);
  return Math.floor(step / spacing) * spacing;
}

/** What the windows of a run read at one checkpoint and from it to the end. */
export interface WindowStart {
  /** The gradient norm at the checkpoint. */
  readonly gradientNorm: number;
  /** Σ η of updates 1 … checkpoint, summed in order (the run's running sum of η there). */
  readonly learningRateSum: number;
  /** The lowest loss from the checkpoint up to the end, the end itself excluded (+∞ when there is none). */
  readonly lowestLossBeforeEnd: number;
}

/** The window checkpoints of a run, as its record keeps them. */
export interface WindowCheckpointData {
  /** Steps between checkpoints (at most the finished run's checkpointSpacing). */
  readonly spacing: number;
  /** [k]: at step k·spacing. */
  readonly gradientNorm: Float64Array;
  readonly learningRateSum: Float64Array;
  /** [k]: the lowest loss of steps k·spacing … (k+1)·spacing − 1; the last block ends at the latest state. */
  readonly blockLowest: Float64Array;
  /** The last block's lowest loss before the latest state. */
  readonly lowestBeforeLatest: number;
}

/** The window from checkpoint `from` (a multiple of the finished run's checkpointSpacing) to the end. */
export function windowFrom(data: WindowCheckpointData, from: number): WindowStart {
  const first = from / data.spacing;
  let lowest = data.lowestBeforeLatest;
  for (let k = first; k < data.blockLowest.length - 1; k++) lowest = Math.min(lowest, data.blockLowest[k]!);
  return { gradientNorm: data.gradientNorm[first]!, learningRateSum: data.learningRateSum[first]!, lowestLossBeforeEnd: lowest };
}

/** The scalar checkpoints: gradient norm and running Σ η at each, and the lowest loss between neighbours. */
export class WindowCheckpoints {
  private spacing = 1;
  private gradientNorm: Float64Array;
  private learningRateSum: Float64Array;
  /** [k]: the lowest loss of steps k·spacing … (k+1)·spacing − 1 seen so far. */
  private blockLowest: Float64Array;
  /** Checkpoints the arrays may grow to. */
  private readonly size: number;
  /** The block the latest state fell in, and its lowest loss before that state. */
  private openBlock = 0;
  private lowestBeforeLatest = Number.POSITIVE_INFINITY;
  private runningSum = 0;

  constructor(maxSteps: number) {
    this.size = Math.min(maxSteps, WINDOW_CHECKPOINTS) + 1;
    // They grow as checkpoints come (a run that stops early, as most checks do, allocates little).
    const first = Math.min(this.size, 64);
    this.gradientNorm = new Float64Array(first);
    this.learningRateSum = new Float64Array(first);
    this.blockLowest = new Float64Array(first);
  }

  /** `falling`: each of these states has a lower loss than the one before it (the lowest of a stretch is its last). */
  consume(ring: RecentStates, from: number, to: number, falling = false): void {
    // The layout as locals (recentStates.ts says why).
    const LOSS_AT = LOSS, NORM_AT = GRADIENT_NORM, RATE_AT = LEARNING_RATE;
    const { values, stride } = ring;
    // The state after update t (t within from … to) begins at base + t·stride.
    const base = ring.offsetOf(from) - from * stride;
    let t = from;
    while (t <= to) {
      if ((t & (this.spacing - 1)) === 0) {
        if (t / this.spacing > WINDOW_CHECKPOINTS) {
          this.mergeNeighbours();
          continue;
        }
        // A checkpoint: a new block begins with this state.
        const k = t / this.spacing;
        if (k >= this.gradientNorm.length) this.grow();
        const at = base + t * stride;
        if (t > 0) this.runningSum += values[at + RATE_AT]!;
        this.gradientNorm[k] = gradientNormOf(values[at + NORM_AT]!);
        this.learningRateSum[k] = this.runningSum;
        this.blockLowest[k] = values[at + LOSS_AT]!;
        this.openBlock = k;
        this.lowestBeforeLatest = Number.POSITIVE_INFINITY;
        t++;
        continue;
      }
      // The rest of the block among these states, in one tight loop: Σ η in order, and the lowest loss (before the
      // last of them, and with it).
      const end = Math.min(to, (Math.floor(t / this.spacing) + 1) * this.spacing - 1);
      let sum = this.runningSum;
      let lowest = this.blockLowest[this.openBlock]!;
      const last = base + end * stride;
      if (falling) {
        // The loss fell at every one of these states: the lowest before the last is the one just before it.
        for (let at = base + t * stride; at < last; at += stride) sum += values[at + RATE_AT]!;
        if (end > t && values[last - stride + LOSS_AT]! < lowest) lowest = values[last - stride + LOSS_AT]!;
      } else {
        for (let at = base + t * stride; at < last; at += stride) {
          sum += values[at + RATE_AT]!;
          const loss = values[at + LOSS_AT]!;
          if (loss < lowest) lowest = loss;
        }
      }
      this.runningSum = sum + values[last + RATE_AT]!;
      this.lowestBeforeLatest = lowest;
      this.blockLowest[this.openBlock] = Math.min(lowest, values[last + LOSS_AT]!);
      t = end + 1;
    }
  }

  /** What the checkpoints hold now, copied: a record's, which later states do not change. */
  snapshot(): WindowCheckpointData {
    const count = this.openBlock + 1;
    return {
      spacing: this.spacing,
      gradientNorm: this.gradientNorm.slice(0, count),
      learningRateSum: this.learningRateSum.slice(0, count),
      blockLowest: this.blockLowest.slice(0, count),
      lowestBeforeLatest: this.lowestBeforeLatest,
    };
  }

  /** Twice the room for checkpoints, up to `size`. */
  private grow(): void {
    const length = Math.min(this.size, 2 * this.gradientNorm.length);
    const grown = (values: Float64Array): Float64Array => {
      const copy = new Float64Array(length);
      copy.set(values);
      return copy;
    };
    this.gradientNorm = grown(this.gradientNorm);
    this.learningRateSum = grown(this.learningRateSum);
    this.blockLowest = grown(this.blockLowest);
  }

  private mergeNeighbours(): void {
    const last = this.openBlock;
    for (let k = 0; 2 * k <= last; k++) {
      this.gradientNorm[k] = this.gradientNorm[2 * k]!;
      this.learningRateSum[k] = this.learningRateSum[2 * k]!;
      this.blockLowest[k] = 2 * k + 1 <= last ? Math.min(this.blockLowest[2 * k]!, this.blockLowest[2 * k + 1]!) : this.blockLowest[2 * k]!;
    }
    // Only ever called at a state that would have begun a block past the last checkpoint: with twice the spacing it
    // continues the merged block instead, and whatever that block holds came before it.
    this.openBlock = Math.floor(last / 2);
    this.spacing *= 2;
  }
}

/**
 * The states whose curvature the path of a long run can be read at: the start and the first FIRST_PATH_STEPS
 * updates, then every g-th state with the one before it (a step into a checkpoint is read halfway along it too).
 */
export class PathCheckpoints {
  private spacing = 1;
  private readonly first: SampledStates;
  /** Slot k: the state at step k·spacing, and the one before it. */
  private readonly at: SampledStates;
  private readonly before: SampledStates;
  private highest = 0;

  constructor(dimension: number) {
    this.first = allocateStates(dimension, FIRST_PATH_STEPS + 1);
    this.at = allocateStates(dimension, PATH_CHECKPOINTS + 1);
    this.before = allocateStates(dimension, PATH_CHECKPOINTS + 1);
  }

  consume(ring: RecentStates, from: number, to: number): void {
    for (let t = from; t <= Math.min(to, FIRST_PATH_STEPS); t++) copyFromRing(ring, t, this.first, t);
    // Only the checkpoints among the new states are visited: a path costs nothing per step.
    let t = Math.max(1, Math.ceil(from / this.spacing)) * this.spacing;
    while (t <= to) {
      let k = t / this.spacing;
      if (k > PATH_CHECKPOINTS) {
        this.mergeNeighbours();
        t = Math.ceil(t / this.spacing) * this.spacing;
        continue;
      }
      copyFromRing(ring, t, this.at, k);
      copyFromRing(ring, t - 1, this.before, k);
      this.highest = k;
      k += 1;
      t = k * this.spacing;
    }
  }

  /** Every state kept, in step order, the first `steps` + 1 at most of the first ones. */
  states(steps: number): SampledStates {
    const all = allocateStates(this.first.dimension, FIRST_PATH_STEPS + 1 + 2 * this.highest);
    let count = 0;
    const firstCount = Math.min(steps, FIRST_PATH_STEPS) + 1;
    for (let t = 0; t < firstCount; t++) copyState(this.first, t, all, count++);
    for (let k = 1; k <= this.highest; k++) {
      for (const [source, step] of [
        [this.before, this.before.step[k]!],
        [this.at, this.at.step[k]!],
      ] as const) {
        if (step > all.step[count - 1]!) copyState(source, k, all, count++);
      }
    }
    return firstStates(all, count);
  }

  private mergeNeighbours(): void {
    for (let k = 1; 2 * k <= this.highest; k++) {
      copyState(this.at, 2 * k, this.at, k);
      copyState(this.before, 2 * k, this.before, k);
    }
    this.highest = Math.floor(this.highest / 2);
    this.spacing *= 2;
  }
}
