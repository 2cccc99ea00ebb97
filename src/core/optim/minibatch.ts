/**
 * Which rows of the data each update uses, as PyTorch's DataLoader deals them out: an epoch is the rows cut
 * into batches of `batchSize` in order, the last one smaller when they do not divide (drop_last=False), and a
 * new epoch starts when one ends. Without shuffling the order is the file's; with it, every epoch is a fresh
 * permutation from the seeded generator (random.ts says exactly how), so one seed is one run, bit for bit. A
 * full batch is always in file order.
 */
import { SeededRandom } from '../math/random';

export interface MinibatchSettings {
  /** Rows per batch; null (or as many as the data has) is the full batch. */
  readonly batchSize: number | null;
  /** A new random order of the rows every epoch, or the file's order. */
  readonly shuffle: boolean;
  /** Seeds the shuffle (whole number ≥ 0). */
  readonly seed: number;
}

/** One batch: the data's row indices `rows[0 .. count)`, valid until the next batch is drawn. */
export interface Batch {
  readonly rows: Int32Array;
  readonly count: number;
  /** 0-based epoch and position of the batch in it. */
  readonly epoch: number;
  readonly index: number;
}

export class BatchSampler {
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  private readonly order: Int32Array;
  private readonly random: SeededRandom | null;
  private epoch = -1;
  private index = 0;

  constructor(
    readonly rowCount: number,
    settings: MinibatchSettings,
  ) {
    if (!(Number.isInteger(rowCount) && rowCount >= 1)) throw new RangeError(`The data must have at least one row (got ${rowCount})`);
    this.batchSize = settings.batchSize === null ? rowCount : Math.min(settings.batchSize, rowCount);
    this.batchesPerEpoch = Math.ceil(rowCount / this.batchSize);
    this.order = new Int32Array(rowCount);
    // A full batch is all the rows whatever their order: shuffling it would only reorder a sum.
    this.random = settings.shuffle && this.batchSize < rowCount ? new SeededRandom(settings.seed) : null;
  }

  /** True when every batch is all the rows in file order: the update's gradient is the full-data gradient. */
  get isFullBatchInOrder(): boolean {
    return this.batchSize === this.rowCount && this.random === null;
  }

  /** The next batch (the first call gives the first epoch's first batch). */
  next(): Batch {
    if (this.epoch === -1 || this.index === this.batchesPerEpoch) this.startEpoch();
    const start = this.index * this.batchSize;
    const count = Math.min(this.batchSize, this.rowCount - start);
    const batch = { rows: this.order.subarray(start, start + count), count, epoch: this.epoch, index: this.index };
    this.index += 1;
    return batch;
  }

  private startEpoch(): void {
    this.epoch += 1;
    this.index = 0;
    for (let i = 0; i < this.rowCount; i += 1) this.order[i] = i;
    this.random?.shuffle(this.order);
  }
}

/** Why these minibatch settings cannot run, or null. */
export function minibatchSettingsProblem(settings: Partial<MinibatchSettings>): string | null {
  const { batchSize, shuffle, seed } = settings;
  if (batchSize !== undefined && batchSize !== null && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    return `batchSize must be a whole number ≥ 1 (got ${batchSize})`;
  }
  if (shuffle !== undefined && typeof shuffle !== 'boolean') return `shuffle must be true or false (got ${String(shuffle)})`;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0)) {
    return `seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (got ${seed})`;
  }
  return null;
}

/** Updates per epoch for `rowCount` rows in batches of `batchSize` (null: the full batch). */
export function batchesPerEpoch(rowCount: number, batchSize: number | null): number {
  return batchSize === null ? 1 : Math.ceil(rowCount / Math.min(batchSize, rowCount));
}
