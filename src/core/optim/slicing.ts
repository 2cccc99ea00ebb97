/**
 * Time slicing for long computations in the extension host: do a slice of work, yield to the event loop,
 * repeat, so the editor stays responsive, progress can be drawn and a cancel request can land. The clock only
 * decides where a slice ends, never what the work computes.
 */

/** Work that can be advanced a given number of updates at a time. */
export interface SlicedWork {
  /** Does up to `updates` units of work. */
  advance(updates: number): void;
  readonly done: boolean;
}

export interface SliceOptions {
  /** Asked before every slice; true stops the work (the result then says "cancelled"). */
  isCancelled?: () => boolean;
  /** Called after every slice with the work done so far and the most there can be. */
  onProgress?: (done: number, total: number) => void;
  /** How long a slice may hold the event loop. */
  sliceMilliseconds?: number;
}

/** Long enough that the bookkeeping between slices is noise, short enough that the editor stays responsive. */
export const DEFAULT_SLICE_MILLISECONDS = 15;

/** Chunks are adapted to take between these many milliseconds, so the clock is read often but not constantly. */
const CHUNK_FAST = 0.5;
const CHUNK_SLOW = 2;
const MAX_CHUNK = 1 << 20;

/**
 * Advances `work` in slices of about `sliceMilliseconds` until it is done or cancelled (checked before each
 * slice), calling `afterSlice` after each. Returns false when cancelled.
 */
export async function runInSlices(work: SlicedWork, options: SliceOptions, afterSlice: () => void): Promise<boolean> {
  const sliceMilliseconds = options.sliceMilliseconds ?? DEFAULT_SLICE_MILLISECONDS;
  // Updates per clock reading, adapted so that a chunk takes about a millisecond whatever the formula costs.
  let chunk = 64;
  while (!work.done) {
    if (options.isCancelled?.() === true) return false;
    const sliceStart = now();
    for (;;) {
      const chunkStart = now();
      work.advance(chunk);
      const chunkEnd = now();
      const elapsed = chunkEnd - chunkStart;
      if (elapsed < CHUNK_FAST) chunk = Math.min(chunk * 2, MAX_CHUNK);
      else if (elapsed > CHUNK_SLOW) chunk = Math.max(1, chunk >> 1);
      if (work.done || chunkEnd - sliceStart >= sliceMilliseconds) break;
    }
    afterSlice();
    if (!work.done) await yieldToEventLoop();
  }
  return true;
}

/**
 * Runs work that pauses by itself — a generator whose every `next()` does a piece (the checks behind advice pause
 * after each piece of about 1/200 of their budget, see checks.ts) — in slices of about `sliceMilliseconds`,
 * yielding to the event loop between them. The pieces are of uneven cost (a few updates, or a Hessian and its
 * eigenvalues), so the clock is read after each. Returns the work's result, or null when cancelled (asked before
 * every slice), and the work is left where it paused: the caller drops it, or stops it and finishes what is left.
 */
export async function finishInSlices<T>(work: Generator<void, T, void>, options: SliceOptions): Promise<{ readonly value: T } | null> {
  const sliceMilliseconds = options.sliceMilliseconds ?? DEFAULT_SLICE_MILLISECONDS;
  for (;;) {
    if (options.isCancelled?.() === true) return null;
    const sliceStart = now();
    let piece = work.next();
    while (piece.done !== true && now() - sliceStart < sliceMilliseconds) piece = work.next();
    if (piece.done === true) return { value: piece.value };
    await yieldToEventLoop();
  }
}

const now = (): number => performance.now();

/** setImmediate where there is one (Node: the extension host and the CLI), a zero timeout elsewhere. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
