/**
 * The chart's series of a long run, kept while it streams. A loss curve of millions of steps is drawn with a few
 * thousand points, and sampling every n-th step would hide what matters: a loss that bounces between two levels,
 * sampled at even steps, looks smooth. So the steps after the start are cut into equal buckets, and each bucket keeps
 * its state with the lowest loss and its state with the highest (the first of equals): the series' envelope is the
 * run's. A minibatch run keeps each bucket's lowest and highest batch loss too, so the batches' noise keeps its
 * envelope as well. Buckets start one step wide; when the run outgrows SERIES_BUCKETS of them, neighbours merge and
 * the width doubles, so the series stays the same size however long the run (downsample.ts does the same after the
 * fact).
 */
import { LOSS, type RecentStates } from './recentStates';
import { allocateStates, copyFromRing, copyState, firstStates, type SampledStates } from './sampledStates';

/** Buckets at most: the series holds the start, two states per bucket (four with batch losses) and the end. */
export const SERIES_BUCKETS = 2048;

/** One value whose extremes each bucket keeps: where it lies in a state, and the bucket's states at its extremes. */
interface Extremes {
  /** Its offset in a state of the ring. */
  readonly at: number;
  /** The column it is read back from. */
  readonly column: (states: SampledStates) => Float64Array;
  /** Slot b: bucket b's state with the lowest value. */
  readonly lowest: SampledStates;
  /** Slot b: bucket b's state with the highest value. */
  readonly highest: SampledStates;
}

export class ExtremesSeries {
  /** Steps per bucket (a power of two): bucket b holds steps b·width + 1 … (b + 1)·width. */
  private width = 1;
  /** Buckets begun so far (the last one may still be filling). */
  private buckets = 0;
  private readonly start: SampledStates;
  /** The loss's extremes, then (a minibatch run) the batch loss's. */
  private readonly extremes: readonly Extremes[];

  /** `batchLossAt`: where a state's batch loss lies in the ring (−1: none, ring.batchLossAt). */
  constructor(dimension: number, batchLossAt = -1) {
    const batch = batchLossAt >= 0;
    this.start = allocateStates(dimension, 1, batch);
    const keep = (at: number, column: (states: SampledStates) => Float64Array): Extremes => ({
      at,
      column,
      lowest: allocateStates(dimension, SERIES_BUCKETS, batch),
      highest: allocateStates(dimension, SERIES_BUCKETS, batch),
    });
    this.extremes = [keep(LOSS, (states) => states.loss), ...(batch ? [keep(batchLossAt, (states) => states.batchLoss!)] : [])];
  }

  /**
   * Reads the states after updates `from` … `to`, held consecutively in `ring`. `falling`: each has a lower loss than
   * the one before it, so a bucket's part of them has its lowest loss last and its highest first.
   */
  consume(ring: RecentStates, from: number, to: number, falling = false): void {
    let t = from;
    if (t === 0) {
      copyFromRing(ring, 0, this.start, 0);
      t = 1;
    }
    const { values, stride } = ring;
    while (t <= to) {
      const bucket = Math.floor((t - 1) / this.width);
      if (bucket >= SERIES_BUCKETS) {
        this.mergeNeighbours();
        continue;
      }
      // The part of this bucket among the new states: its extremes, then against what the bucket kept before.
      const last = Math.min(to, (bucket + 1) * this.width);
      for (const { at: offset, column, lowest, highest } of this.extremes) {
        let low = t;
        let high = t;
        let at = ring.offsetOf(t) + offset;
        let lowValue = values[at]!;
        let highValue = lowValue;
        if (falling && offset === LOSS) {
          // The loss fell at every one of these states: the part's lowest is its last, its highest its first.
          low = last;
          lowValue = values[at + (last - t) * stride]!;
        } else {
          for (let step = t + 1; step <= last; step++) {
            at += stride;
            const value = values[at]!;
            if (value < lowValue) {
              lowValue = value;
              low = step;
            }
            if (value > highValue) {
              highValue = value;
              high = step;
            }
          }
        }
        if (bucket >= this.buckets) {
          copyFromRing(ring, low, lowest, bucket);
          copyFromRing(ring, high, highest, bucket);
        } else {
          if (lowValue < column(lowest)[bucket]!) copyFromRing(ring, low, lowest, bucket);
          if (highValue > column(highest)[bucket]!) copyFromRing(ring, high, highest, bucket);
        }
      }
      if (bucket >= this.buckets) this.buckets = bucket + 1;
      t = last + 1;
    }
  }

  /**
   * The series: the start, each bucket's extremes in step order, and the end (`end`, the last state consumed, read
   * from `ring` when no bucket kept it).
   */
  states(ring: RecentStates, end: number): SampledStates {
    const perBucket = 2 * this.extremes.length;
    const series = allocateStates(this.start.dimension, 2 + perBucket * this.buckets, this.start.batchLoss !== undefined);
    let count = 0;
    copyState(this.start, 0, series, count++);
    const kept: { states: SampledStates; step: number }[] = [];
    for (let b = 0; b < this.buckets; b++) {
      kept.length = 0;
      for (const { lowest, highest } of this.extremes) kept.push({ states: lowest, step: lowest.step[b]! }, { states: highest, step: highest.step[b]! });
      // In step order, each step once (the low of one value may be the high of another).
      kept.sort((x, y) => x.step - y.step);
      for (let k = 0; k < kept.length; k++) if (k === 0 || kept[k]!.step !== kept[k - 1]!.step) copyState(kept[k]!.states, b, series, count++);
    }
    if (series.step[count - 1] !== end) copyFromRing(ring, end, series, count++);
    return firstStates(series, count);
  }

  /** Neighbouring buckets become one, of twice the width: each pair keeps the lower low and the higher high. */
  private mergeNeighbours(): void {
    for (const { column, lowest, highest } of this.extremes) {
      const low = column(lowest);
      const high = column(highest);
      for (let b = 0; b < this.buckets / 2; b++) {
        // On equal values the earlier state stays, as within a bucket.
        copyState(lowest, low[2 * b]! <= low[2 * b + 1]! ? 2 * b : 2 * b + 1, lowest, b);
        copyState(highest, high[2 * b]! >= high[2 * b + 1]! ? 2 * b : 2 * b + 1, highest, b);
      }
    }
    this.buckets /= 2;
    this.width *= 2;
  }
}
