/**
 * The chart's series of a long run, kept while it streams. A loss curve of millions of steps is drawn with a few
 * thousand points, and sampling every n-th step would hide what matters: a loss that bounces between two levels,
 * sampled at even steps, looks smooth. So the steps after the start are cut into equal buckets, and each bucket keeps
 * its state with the lowest loss and its state with the highest (the first of equals): the series' envelope is the
 * run's. Buckets start one step wide; when the run outgrows SERIES_BUCKETS of them, neighbours merge and the width
 * doubles, so the series stays the same size however long the run (downsample.ts does the same after the fact).
 */
import { LOSS, type RecentStates } from './recentStates';
import { allocateStates, copyFromRing, copyState, firstStates, type SampledStates } from './sampledStates';

/** Buckets at most: the series holds the start, two states per bucket and the end. */
export const SERIES_BUCKETS = 2048;

export class ExtremesSeries {
  /** Steps per bucket (a power of two): bucket b holds steps b·width + 1 … (b + 1)·width. */
  private width = 1;
  /** Buckets begun so far (the last one may still be filling). */
  private buckets = 0;
  private readonly start: SampledStates;
  /** Slot b: bucket b's state with the lowest loss. */
  private readonly lowest: SampledStates;
  /** Slot b: bucket b's state with the highest loss. */
  private readonly highest: SampledStates;

  constructor(dimension: number) {
    this.start = allocateStates(dimension, 1);
    this.lowest = allocateStates(dimension, SERIES_BUCKETS);
    this.highest = allocateStates(dimension, SERIES_BUCKETS);
  }

  /** Reads the states after updates `from` … `to`, held consecutively in `ring`. */
  consume(ring: RecentStates, from: number, to: number): void {
    // The layout as locals (recentStates.ts says why).
    const LOSS_AT = LOSS;
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
      let low = t;
      let high = t;
      let at = ring.offsetOf(t) + LOSS_AT;
      let lowLoss = values[at]!;
      let highLoss = lowLoss;
      for (let step = t + 1; step <= last; step++) {
        at += stride;
        const value = values[at]!;
        if (value < lowLoss) {
          lowLoss = value;
          low = step;
        }
        if (value > highLoss) {
          highLoss = value;
          high = step;
        }
      }
      if (bucket >= this.buckets) {
        copyFromRing(ring, low, this.lowest, bucket);
        copyFromRing(ring, high, this.highest, bucket);
        this.buckets = bucket + 1;
      } else {
        if (lowLoss < this.lowest.loss[bucket]!) copyFromRing(ring, low, this.lowest, bucket);
        if (highLoss > this.highest.loss[bucket]!) copyFromRing(ring, high, this.highest, bucket);
      }
      t = last + 1;
    }
  }

  /**
   * The series: the start, each bucket's extremes in step order, and the end (`end`, the last state consumed, read
   * from `ring` when no bucket kept it).
   */
  states(ring: RecentStates, end: number): SampledStates {
    const series = allocateStates(this.start.dimension, 2 + 2 * this.buckets);
    let count = 0;
    copyState(this.start, 0, series, count++);
    for (let b = 0; b < this.buckets; b++) {
      const lowFirst = this.lowest.step[b]! <= this.highest.step[b]!;
      const [first, second] = lowFirst ? [this.lowest, this.highest] : [this.highest, this.lowest];
      copyState(first, b, series, count++);
      if (second.step[b] !== first.step[b]) copyState(second, b, series, count++);
    }
    if (series.step[count - 1] !== end) copyFromRing(ring, end, series, count++);
    return firstStates(series, count);
  }

  /** Neighbouring buckets become one, of twice the width: each pair keeps the lower low and the higher high. */
  private mergeNeighbours(): void {
    const { lowest, highest } = this;
    for (let b = 0; b < this.buckets / 2; b++) {
      // On equal losses the earlier state stays, as within a bucket.
      copyState(lowest, lowest.loss[2 * b]! <= lowest.loss[2 * b + 1]! ? 2 * b : 2 * b + 1, lowest, b);
      copyState(highest, highest.loss[2 * b]! >= highest.loss[2 * b + 1]! ? 2 * b : 2 * b + 1, highest, b);
    }
    this.buckets /= 2;
    this.width *= 2;
  }
}
