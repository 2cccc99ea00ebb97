/**
 * The judgement of a minibatch run read from its whole trace, as noise.ts read it before runs streamed (main's
 * noise.ts over a Trace): the oracle the streaming record is checked against. Only what a long run reads differently
 * is written here for long runs — the last fifth's losses are those at every g-th step (g the smallest power of two
 * with ⌊steps / g⌋ < LOSS_SAMPLES), and "stayed within the tolerance from update t" is exact when the last loss above
 * it is among the last RECENT_STEPS steps, and else the first multiple of g after it (at most where the recent window
 * begins). For a run of fewer than LOSS_SAMPLES steps both are main's definitions exactly.
 */
import { LOSS_SAMPLES } from '../../../src/core/optim/record/lossSamples';
import { RECENT_STEPS } from '../../../src/core/optim/record/recentStates';
import { SETTLE_BLOCKS, SETTLE_FALL_OF_SPREAD, SETTLE_TREND, SETTLE_WINDOW_MIN, SETTLE_WINDOW_SHARE, TOLERANCE_SHARE } from '../../../src/core/optim/noise';
import type { Trace } from '../../../src/core/optim/types';

export interface TraceNoise {
  readonly lowestStep: number;
  readonly lowestLoss: number;
  readonly lowestParams: number[];
  readonly floor: number;
  readonly stillFalling: boolean;
  /** With the best value given: as judgeNoise's judgement of a run that did not diverge (no remedies). */
  readonly cause: 'settled' | 'noise-floor' | 'still-falling';
  readonly tolerance: number;
  readonly convergedAt: number | null;
}

function spacingOf(steps: number): number {
  let g = 1;
  while (Math.floor(steps / g) >= LOSS_SAMPLES) g *= 2;
  return g;
}

/** The last fifth's losses, in step order: every step's, or every g-th step's for a long run. */
function windowOf(trace: Trace): Float64Array {
  const steps = trace.steps;
  const length = Math.min(steps, Math.max(SETTLE_WINDOW_MIN, Math.floor(SETTLE_WINDOW_SHARE * steps)));
  const from = steps - length;
  const g = spacingOf(steps);
  const values: number[] = [];
  for (let t = from; t <= steps; t++) if (t % g === 0) values.push(trace.loss[t]!);
  return Float64Array.from(values);
}

function quantile(sorted: Float64Array, share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

function stillFallingOf(window: Float64Array): boolean {
  const length = window.length;
  const block = (k: number): Float64Array => {
    const from = Math.floor((k * length) / SETTLE_BLOCKS);
    return window.slice(from, Math.max(Math.floor(((k + 1) * length) / SETTLE_BLOCKS), from + 1)).sort();
  };
  const blocks = Array.from({ length: SETTLE_BLOCKS }, (_, k) => block(k));
  const medians = blocks.map((b) => quantile(b, 0.5));
  let score = 0;
  for (let i = 0; i < SETTLE_BLOCKS; i += 1) for (let j = i + 1; j < SETTLE_BLOCKS; j += 1) score += Math.sign(medians[i]! - medians[j]!);
  const tau = score / ((SETTLE_BLOCKS * (SETTLE_BLOCKS - 1)) / 2);
  const spreads = Float64Array.from(blocks, (b) => quantile(b, 0.75) - quantile(b, 0.25)).sort();
  return tau >= SETTLE_TREND && medians[0]! - medians[SETTLE_BLOCKS - 1]! > SETTLE_FALL_OF_SPREAD * quantile(spreads, 0.5);
}

/** From when the loss stayed within `tolerance` of `best`, by a scan of the whole trace. */
function settledAtOf(trace: Trace, best: number, tolerance: number): number | null {
  const steps = trace.steps;
  if (!(trace.loss[steps]! - best <= tolerance)) return null;
  let last = -1;
  for (let t = 0; t <= steps; t++) if (!(trace.loss[t]! - best <= tolerance)) last = t;
  if (last < 0) return 0;
  const recentFrom = Math.max(0, steps - RECENT_STEPS);
  if (last >= recentFrom) return last + 1;
  const g = spacingOf(steps);
  return Math.min((Math.floor(last / g) + 1) * g, recentFrom);
}

/** The judgement of a run that did not diverge, against the best value `best` (as judgeNoise is given it). */
export function noiseOfTrace(trace: Trace, best: number): TraceNoise {
  const n = trace.variables.length;
  let lowestStep = 0;
  for (let t = 1; t <= trace.steps; t += 1) if (trace.loss[t]! < trace.loss[lowestStep]!) lowestStep = t;
  const lowestLoss = trace.loss[lowestStep]!;
  const bestValue = Math.min(lowestLoss, best);
  const startLoss = trace.loss[0]!;
  const tolerance = TOLERANCE_SHARE * Math.max(Math.abs(bestValue), 1e-3 * Math.max(startLoss - bestValue, 0));
  const window = windowOf(trace);
  const floor = window.slice().sort()[Math.floor(window.length / 2)]!;
  const stillFalling = stillFallingOf(window);
  const settled = trace.steps >= SETTLE_WINDOW_MIN && !stillFalling;
  const atBest = floor - bestValue <= tolerance && trace.loss[trace.steps]! - bestValue <= tolerance;
  const cause = atBest ? 'settled' : settled ? 'noise-floor' : 'still-falling';
  return {
    lowestStep,
    lowestLoss,
    lowestParams: Array.from(trace.params.subarray(lowestStep * n, lowestStep * n + n)),
    floor,
    stillFalling,
    cause,
    tolerance,
    convergedAt: atBest ? settledAtOf(trace, bestValue, tolerance) : null,
  };
}
