/**
 * Judging a minibatch run, where the loss of each update is noisy and the gradient never vanishes: what the loss
 * on all the data did, against its best value.
 *
 * - The best value L* is found by running Newton's method on all the data (bestLoss.ts) from the run's best point.
 * - The run *settled* when its full-data loss over the last fifth shows no clear trend down: cut into six blocks,
 *   the blocks' medians do not fall in order (Kendall's τ below SETTLE_TREND). A noisy floor's medians jitter (τ
 *   within ±0.5 on the samples and tests), a steady descent's fall block after block (τ = 1), however small η and
 *   however slow. Its *floor* is the median full-data loss there.
 * - It *converged* when it settled within the tolerance: TOLERANCE_SHARE of L* (of a thousandth of L₀ − L* when L*
 *   is about 0).
 * - A *noise floor* is settling above it: each update's batch gradient points a little off, and a constant η keeps
 *   the parameters bouncing around the minimum instead of settling on it. Its remedies — decay η with a schedule
 *   (cosine annealing to 0), a larger batch, a smaller η — are each run with the same data and seed, and the floor
 *   each reaches is reported beside the others.
 * - *Too large for the batch*: the run diverged, but the full batch at the same η did not (checked by running it):
 *   the batch's noisier gradient is what threw it off. A smaller η and a larger batch are checked.
 *
 * A run keeps no whole trace (record/lossSamples.ts): what is judged here is read from its record — its lowest loss
 * and the parameters there, and the loss at every step of a run of fewer than LOSS_SAMPLES steps, at every g-th step
 * (a power of two) of a longer one, with the highest loss between samples. For a long run the last fifth is the
 * samples in it, and "stayed within the tolerance from update t" is exact within the recent window and else from the
 * first sample after the last block that rose above it.
 *
 * This module judges; diagnose.ts turns the judgement into the diagnosis's causes (`noise-floor`,
 * `lr-too-large-for-batch`, …) and src/words/noise.ts words it.
 */
import { isBatchObjective, type BatchObjective, type Objective } from '../objective';
import { bestLoss } from './bestLoss';
import { simulate } from './simulate';
import type { NoiseRemedyKind } from './diagnosis';
import type { LossSampleData } from './record/lossSamples';
import { RECENT_STEPS } from './record/recentStates';
import { endOf, startOf, type RunRecord } from './record/runRecord';
import type { RunSettings, Verdict } from './types';

/**
 * The tolerance a minibatch run's floor is judged by: this share of the best value (of a thousandth of the start's
 * excess over it, when the best value is about 0: a loss that fits the data exactly).
 */
export const TOLERANCE_SHARE = 0.01;
/** The last share of the run whose full-data loss tells whether it settled, and where. */
export const SETTLE_WINDOW_SHARE = 0.2;
/** …and at least this many updates. */
export const SETTLE_WINDOW_MIN = 10;
/** The window is cut into this many blocks, whose medians tell a trend from noise. */
export const SETTLE_BLOCKS = 6;
/** Still falling: the blocks' medians fall in order this consistently (Kendall's τ, from −1 to 1)… */
export const SETTLE_TREND = 0.6;
/**
 * …and the fall from the first block's median to the last's stands out of the noise: more than this share of the
 * loss's spread within a block (the median of the blocks' interquartile ranges). Six medians of a floor fall in
 * order by chance (τ ≥ 0.6 about one run in seven, more when the loss is autocorrelated, as SGD's is), by much less
 * than the loss bounces.
 */
export const SETTLE_FALL_OF_SPREAD = 0.5;
/** A larger batch to try: this many times the batch (up to all the rows). */
export const LARGER_BATCH_FACTOR = 4;

export type NoiseCause =
  /** Settled within the tolerance of the best value. */
  | 'settled'
  /** Settled above it. */
  | 'noise-floor'
  /** Still falling at the end of the run. */
  | 'still-falling'
  /** Diverged where the full batch at the same η did not. */
  | 'too-large-for-batch'
  /** Diverged, and the full batch at this η diverges too (η is too large for any batch). */
  | 'diverged';

export type RemedyKind = NoiseRemedyKind;

/** A remedy, run: the same data, start, seed and step limit. */
export interface CheckedRemedy {
  readonly remedy: RemedyKind;
  readonly settings: RunSettings;
  readonly trace: RunRecord;
  /** Median full-data loss over the run's last fifth (its last finite loss when it diverged). */
  readonly floor: number;
  readonly diverged: boolean;
  /** Its floor is within the tolerance of the best value. */
  readonly reached: boolean;
}

export interface NoiseJudgement {
  readonly cause: NoiseCause;
  /** The full-data loss's best value (Newton's method on all the data). */
  readonly bestLoss: number;
  readonly startLoss: number;
  /** Median full-data loss over the last fifth of the run. */
  readonly floor: number;
  /** How far above the best value still counts as converged: TOLERANCE_SHARE × max(|L*|, (L₀ − L*) / 1000). */
  readonly tolerance: number;
  /** For `settled`: the update from which the full-data loss stayed within the tolerance. */
  readonly convergedAt: number | null;
  readonly batchSize: number;
  readonly rows: number;
  /** For a noise floor or a divergence: the remedies, run (empty when not asked for). */
  readonly checks: readonly CheckedRemedy[];
}

export interface NoiseOptions {
  /** Run the remedies (default true). */
  readonly checkRemedies?: boolean;
  /** Traces of the remedies already run (by noiseRemedies' settings), so the caller can run them in slices. */
  readonly remedyTraces?: ReadonlyMap<RemedyKind, RunRecord>;
  /** The best value when the caller knows it (a sweep finds it once for all its runs). */
  readonly bestLoss?: number;
}

/** Whether `record` is a run of minibatches (more than one batch an epoch) of a loss over data. */
export function isMinibatchRun(record: RunRecord, objective: Objective): objective is BatchObjective {
  return isBatchObjective(objective) && (record.minibatch?.batchesPerEpoch ?? 1) > 1;
}

/** The loss samples of a run of a loss over data (a run's record keeps them). */
function samplesOf(record: RunRecord): LossSampleData {
  if (!record.minibatch) throw new TypeError('A run of a loss over data keeps its loss samples');
  return record.minibatch;
}

/** The median full-data loss over the last fifth of a run (its last loss when it is short). */
export function floorOf(record: RunRecord): number {
  const values = windowLosses(record.steps, samplesOf(record)).sort();
  return values[Math.floor(values.length / 2)]!;
}

function settleWindow(steps: number): { from: number } {
  const length = Math.min(steps, Math.max(SETTLE_WINDOW_MIN, Math.floor(SETTLE_WINDOW_SHARE * steps)));
  return { from: steps - length };
}

/** The losses of the last fifth of a run of `steps` steps, in step order: every step's, or the samples in it. */
export function windowLosses(steps: number, samples: Pick<LossSampleData, 'spacing' | 'loss'>): Float64Array {
  const { from } = settleWindow(steps);
  return samples.loss.slice(Math.ceil(from / samples.spacing), Math.floor(steps / samples.spacing) + 1);
}

/** The values of `values[from, to)`, sorted. */
function sortedSlice(values: Float64Array, from: number, to: number): Float64Array {
  return values.slice(from, Math.max(to, from + 1)).sort();
}

function quantile(sorted: Float64Array, share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

/**
 * Whether the full-data loss is still falling over the window: its block medians fall in order (Kendall's τ at
 * least SETTLE_TREND) and by more than the noise (SETTLE_FALL_OF_SPREAD of the spread within a block).
 */
function stillFalling(record: RunRecord): boolean {
  const window = windowLosses(record.steps, samplesOf(record));
  const length = window.length;
  const blocks = Array.from({ length: SETTLE_BLOCKS }, (_, k) => sortedSlice(window, Math.floor((k * length) / SETTLE_BLOCKS), Math.floor(((k + 1) * length) / SETTLE_BLOCKS)));
  const medians = blocks.map((block) => quantile(block, 0.5));
  let score = 0;
  for (let i = 0; i < SETTLE_BLOCKS; i += 1) for (let j = i + 1; j < SETTLE_BLOCKS; j += 1) score += Math.sign(medians[i]! - medians[j]!);
  const tau = score / ((SETTLE_BLOCKS * (SETTLE_BLOCKS - 1)) / 2);
  const spreads = Float64Array.from(blocks, (block) => quantile(block, 0.75) - quantile(block, 0.25)).sort();
  return tau >= SETTLE_TREND && medians[0]! - medians[SETTLE_BLOCKS - 1]! > SETTLE_FALL_OF_SPREAD * quantile(spreads, 0.5);
}

/**
 * The settings of the remedies to run for `trace` (a run of `settings`): for a noise floor, cosine annealing to 0
 * (unless η already decays to 0), a larger batch and η ÷ 10; for a divergence, the full batch at the same η, then
 * η ÷ 10 and a larger batch. Empty when the run needs none.
 */
export function noiseRemedies(cause: NoiseCause, settings: RunSettings, rows: number): Map<RemedyKind, RunSettings> {
  const remedies = new Map<RemedyKind, RunSettings>();
  const batch = Math.min(settings.batchSize ?? rows, rows);
  const larger = Math.min(rows, batch * LARGER_BATCH_FACTOR);
  const smaller = Number((settings.learningRate / 10).toPrecision(12));
  if (cause === 'noise-floor') {
    const annealsToZero = (settings.schedule.kind === 'cosine' && settings.schedule.minLr === 0) || settings.schedule.kind === 'onecycle' || settings.schedule.kind === 'warmup-cosine';
    if (!annealsToZero) remedies.set('cosine', { ...settings, schedule: { kind: 'cosine', tMax: null, minLr: 0 } });
    if (larger > batch) remedies.set('larger-batch', { ...settings, batchSize: larger, shuffle: larger < rows && (settings.shuffle ?? true) });
    remedies.set('smaller-lr', { ...settings, learningRate: smaller });
  }
  if (cause === 'too-large-for-batch' || cause === 'diverged') {
    remedies.set('full-batch', { ...settings, batchSize: rows, shuffle: false });
    remedies.set('smaller-lr', { ...settings, learningRate: smaller });
    if (larger > batch && larger < rows) remedies.set('larger-batch', { ...settings, batchSize: larger });
  }
  return remedies;
}

/**
 * Judges a minibatch run of `objective` (`diverged`: the general diagnosis found it diverged). Runs Newton's
 * method for the best value, and the remedies unless told not to.
 */
export function judgeNoise(trace: RunRecord, objective: BatchObjective, settings: RunSettings, diverged: boolean, options: NoiseOptions = {}): NoiseJudgement {
  const rows = objective.rowCount;
  const batchSize = Math.min(settings.batchSize ?? rows, rows);
  const samples = samplesOf(trace);
  const best = Math.min(samples.lowestLoss, options.bestLoss ?? bestLoss(objective, samples.lowestParams).loss);
  const start = startOf(trace);
  const startLoss = start.loss;
  const tolerance = TOLERANCE_SHARE * Math.max(Math.abs(best), 1e-3 * Math.max(startLoss - best, 0));
  const floor = floorOf(trace);
  const base = { bestLoss: best, startLoss, floor, tolerance, batchSize, rows, convergedAt: null };

  // A remedy run here is only judged (whoever draws the remedies runs them and hands them in): no chart series.
  const run = (kind: RemedyKind, remedySettings: RunSettings): CheckedRemedy => {
    const remedyTrace = options.remedyTraces?.get(kind) ?? simulate(objective, start.params, remedySettings, { series: false });
    const remedyDiverged = remedyTrace.stop === 'non-finite' || endOf(remedyTrace).loss > 10 * Math.max(startLoss, 1e-300) + startLoss;
    const remedyFloor = floorOf(remedyTrace);
    return { remedy: kind, settings: remedySettings, trace: remedyTrace, floor: remedyFloor, diverged: remedyDiverged, reached: !remedyDiverged && remedyFloor - best <= tolerance };
  };
  const checks = (cause: NoiseCause): CheckedRemedy[] =>
    options.checkRemedies === false && !options.remedyTraces ? [] : [...noiseRemedies(cause, settings, rows)].map(([kind, s]) => run(kind, s));

  if (diverged) {
    const checked = checks('too-large-for-batch');
    const fullBatch = checked.find((c) => c.remedy === 'full-batch');
    const cause: NoiseCause = fullBatch && !fullBatch.diverged ? 'too-large-for-batch' : 'diverged';
    return { ...base, cause, checks: checked };
  }
  const settled = trace.steps >= SETTLE_WINDOW_MIN && !stillFalling(trace);
  // At the best value (within the tolerance) is converged, whether or not it was still creeping closer.
  const atBest = floor - best <= tolerance && endOf(trace).loss - best <= tolerance;
  if (atBest) return { ...base, cause: 'settled', convergedAt: settledAt(trace, best, tolerance), checks: [] };
  if (!settled) return { ...base, cause: 'still-falling', checks: [] };
  return { ...base, cause: 'noise-floor', checks: checks('noise-floor') };
}

/**
 * The update from which the loss on all the data stayed within `tolerance` of `best` to the end, or null: exact when the
 * last loss above it is in the recent window (the last RECENT_STEPS steps) or the run keeps every step's loss, else
 * the first sample after the last block of samples that rose above it.
 */
export function settledAt(record: RunRecord, best: number, tolerance: number): number | null {
  const samples = samplesOf(record);
  return settledAtOf(record.steps, (loss) => loss - best <= tolerance, samples, (t) => lossOfRecent(record, t));
}

/** settledAt's reading of a run of `steps` steps, given its samples and the loss of any recent step. */
export function settledAtOf(steps: number, within: (loss: number) => boolean, samples: Pick<LossSampleData, 'spacing' | 'blockHighest'>, recentLoss: (step: number) => number): number | null {
  const recentFrom = Math.max(0, steps - RECENT_STEPS);
  if (!within(recentLoss(steps))) return null;
  let t = steps;
  while (t > recentFrom && within(recentLoss(t - 1))) t -= 1;
  if (t > recentFrom) return t;
  // Every recent loss is within: the last block above it ends before the recent window.
  const { spacing, blockHighest } = samples;
  for (let k = blockHighest.length - 1; k >= 0; k -= 1) {
    if (!within(blockHighest[k]!)) return Math.min((k + 1) * spacing, recentFrom);
  }
  return 0;
}

function lossOfRecent(record: RunRecord, step: number): number {
  const recent = record.recent;
  return recent.loss[step - recent.step[0]!]!;
}

/** The verdict a minibatch run's judgement gives, and where it converged (for the sweep, which runs no remedies). */
export function noiseVerdict(judgement: NoiseJudgement): { verdict: Verdict; convergedAt: number | null } {
  const verdicts = { settled: 'converged', 'still-falling': 'needs-more-steps', 'noise-floor': 'oscillating', 'too-large-for-batch': 'diverged', diverged: 'diverged' } as const;
  return { verdict: verdicts[judgement.cause], convergedAt: judgement.cause === 'settled' ? judgement.convergedAt : null };
}
