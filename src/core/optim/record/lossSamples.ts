/**
 * What the judgement of a minibatch run (noise.ts) reads, kept while the run streams: its lowest loss on all the data
 * and the parameters there (where the best value is looked for), and the loss at evenly spaced steps with the highest
 * loss between them (the floor and trend of the last fifth, and from when the loss stayed near the best value).
 *
 * A run of fewer than LOSS_SAMPLES steps keeps the loss of every step, so its judgement is the one its whole trace
 * gives. A longer one keeps the loss at every g-th step, g the smallest power of two with ⌊steps / g⌋ < LOSS_SAMPLES;
 * when a run outgrows its samples, every other one goes and g doubles. Each sample's block keeps its highest loss.
 */
import { LOSS, PARAMS, type RecentStates } from './recentStates';

/** Samples of the loss at most: a run of fewer steps keeps every step's. */
export const LOSS_SAMPLES = 8192;

/** A minibatch run's loss samples, as its record keeps them. */
export interface LossSampleData {
  /** Updates per epoch. */
  readonly batchesPerEpoch: number;
  /** The lowest loss on all the data (the first of equals), its step and the parameters there. */
  readonly lowestLoss: number;
  readonly lowestStep: number;
  readonly lowestParams: Float64Array;
  /** Steps between samples: the smallest power of two g with ⌊steps / g⌋ < LOSS_SAMPLES. */
  readonly spacing: number;
  /** [k]: the loss at step k·spacing, for every such step up to the end. */
  readonly loss: Float64Array;
  /** [k]: the highest loss of steps k·spacing … (k+1)·spacing − 1 (the last block ends at the end). */
  readonly blockHighest: Float64Array;
}

export class LossSamples {
  private spacing = 1;
  /** Samples held: steps 0, g, 2g, … up to the last state consumed. */
  private count = 0;
  private readonly loss = new Float64Array(LOSS_SAMPLES);
  private readonly blockHighest = new Float64Array(LOSS_SAMPLES);
  private lowestLoss = Number.POSITIVE_INFINITY;
  private lowestStep = -1;
  private readonly lowestParams: Float64Array;

  constructor(
    private readonly dimension: number,
    private readonly batchesPerEpoch: number,
  ) {
    this.lowestParams = new Float64Array(dimension);
  }

  /** Reads the states after updates `from` … `to`, held consecutively in `ring`. */
  consume(ring: RecentStates, from: number, to: number): void {
    // The layout as locals (recentStates.ts says why).
    const LOSS_AT = LOSS;
    const { values, stride } = ring;
    let at = ring.offsetOf(from);
    for (let t = from; t <= to; t++, at += stride) {
      if (at >= values.length) at = 0;
      const loss = values[at + LOSS_AT]!;
      if (loss < this.lowestLoss) {
        this.lowestLoss = loss;
        this.lowestStep = t;
        for (let i = 0; i < this.dimension; i++) this.lowestParams[i] = values[at + PARAMS + i]!;
      }
      if (t % this.spacing === 0) {
        if (t / this.spacing >= LOSS_SAMPLES) this.halve();
        // The spacing may have doubled: t starts a block only if it is a multiple of the new one.
        if (t % this.spacing === 0) {
          this.loss[this.count] = loss;
          this.blockHighest[this.count] = loss;
          this.count++;
          continue;
        }
      }
      if (loss > this.blockHighest[this.count - 1]!) this.blockHighest[this.count - 1] = loss;
    }
  }

  /** What the judgement reads, so far. */
  data(): LossSampleData {
    return {
      batchesPerEpoch: this.batchesPerEpoch,
      lowestLoss: this.lowestLoss,
      lowestStep: this.lowestStep,
      lowestParams: this.lowestParams.slice(),
      spacing: this.spacing,
      loss: this.loss.slice(0, this.count),
      blockHighest: this.blockHighest.slice(0, this.count),
    };
  }

  /** Every other sample goes and the spacing doubles; each block that remains takes in the one after it. */
  private halve(): void {
    const kept = Math.ceil(this.count / 2);
    for (let k = 0; k < kept; k++) {
      this.loss[k] = this.loss[2 * k]!;
      const next = 2 * k + 1 < this.count ? this.blockHighest[2 * k + 1]! : Number.NEGATIVE_INFINITY;
      this.blockHighest[k] = Math.max(this.blockHighest[2 * k]!, next);
    }
    this.count = kept;
    this.spacing *= 2;
  }
}
