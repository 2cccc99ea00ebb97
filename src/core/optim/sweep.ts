/**
 * A learning-rate sweep: the same run at many η, to show at a glance where η is too small, about right, and
 * too large, and which η to pick.
 */
import type { Objective } from '../objective';
import { bestLoss } from './bestLoss';
import { measureRun } from './measure';
import { isMinibatchRun, judgeNoise, noiseVerdict } from './noise';
import { endOf, startOf, type RunRecord } from './record/runRecord';
import { Simulation, simulate } from './simulate';
import { runInSlices, type SliceOptions } from './slicing';
import { criticalLearningRateFor, overshootIsMomentums, stabilityAt } from './stability';
import {
  DEFAULT_SWEEP,
  type OptimizerSettings,
  type RunSettings,
  type Stability,
  type SweepPoint,
  type SweepResult,
  type SweepSettings,
  type Verdict,
} from './types';
import { judge } from './verdict';

/**
 * `count` values from `from` to `to` (both > 0), evenly spaced on a log scale; the ends are exactly `from` and
 * `to`. Throws a RangeError for bounds that are not positive and finite or a count that is not a whole number ≥ 1.
 */
export function logSpace(from: number, to: number, count: number): number[] {
  if (!(from > 0 && to > 0 && Number.isFinite(from) && Number.isFinite(to))) {
    throw new RangeError(`logSpace needs finite bounds > 0 (got ${from} and ${to})`);
  }
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`logSpace needs a whole count ≥ 1 (got ${count})`);
  if (count === 1) return [from];
  const start = Math.log10(from);
  const span = Math.log10(to) - start;
  return Array.from({ length: count }, (_, i) => (i === 0 ? from : i === count - 1 ? to : 10 ** (start + (span * i) / (count - 1))));
}

/** Verdicts of runs that blew up or bounced: where η is too large. */
const UNSTABLE_VERDICTS: ReadonlySet<Verdict> = new Set<Verdict>(['diverged', 'oscillating']);

/**
 * Final losses within this fraction of the whole descent (start loss − lowest final loss) of the lowest count
 * as equally low: a millionth of the drop is invisible on any chart, and converged runs differ by about that
 * much depending on where the tolerance caught them.
 */
export const SWEEP_LOSS_TIE = 1e-6;

/**
 * Runs `settings` at each η of `sweep` (same optimizer, schedule, step limit and tolerance) and suggests one.
 *
 * The suggestion is the stable η that reached the lowest loss fastest:
 * - stable: below the smallest η whose run diverged or oscillated, and itself converged, needs-more-steps or
 *   too-slow. Above that edge a run that happens to converge is luck, not a margin (Adam on the Rosenbrock
 *   function converges at η ≈ 1.9 between two oscillating neighbours). With momentum, whose runs oscillate and
 *   settle at almost any η, an oscillating run that converged is stable too where η alone would not overshoot;
 * - lowest: among stable runs, those whose final loss is within SWEEP_LOSS_TIE of the whole descent above the
 *   lowest final loss;
 * - fastest: of those, the fewest steps to converge (a run that did not converge counts as slower than any that
 *   did); remaining ties go to the smaller η, the safer side of the instability.
 * Null when no run is stable. The edge is read from the runs themselves, not from a formula, so it is the
 * sweep's own optimizer's edge (momentum's lies near 2(1 + β)/L, well past plain gradient descent's 2/L).
 */
export function sweepLearningRates(
  objective: Objective,
  start: ArrayLike<number>,
  settings: RunSettings,
  sweep: SweepSettings = DEFAULT_SWEEP,
): SweepResult {
  const stability = stabilityAt(objective, start);
  const best = bestValueFrom(objective, start);
  let startLoss = Number.NaN;
  const points = logSpace(sweep.from, sweep.to, sweep.count).map((learningRate) => {
    const run = { ...settings, learningRate };
    const record = simulate(objective, start, run, { series: false });
    startLoss = startOf(record).loss;
    return sweepPoint(record, objective, run, stability, best);
  });
  return resultOf(points, startLoss, settings, stability);
}

/**
 * `sweepLearningRates` in time slices for the extension host (a sweep is `count` whole runs): yields to the
 * event loop between slices and reports progress in updates, `onProgress(done, count × maxSteps)` (a run that
 * stops early counts as its full step limit). Null when cancelled.
 */
export async function sweepLearningRatesInSlices(
  objective: Objective,
  start: ArrayLike<number>,
  settings: RunSettings,
  sweep: SweepSettings = DEFAULT_SWEEP,
  options: SliceOptions = {},
): Promise<SweepResult | null> {
  const stability = stabilityAt(objective, start);
  const best = bestValueFrom(objective, start);
  const learningRates = logSpace(sweep.from, sweep.to, sweep.count);
  const points: SweepPoint[] = [];
  const runOf = (i: number): RunSettings => ({ ...settings, learningRate: learningRates[i]! });
  let simulation = new Simulation(objective, start, runOf(0), { series: false });
  const startLoss = startOf(simulation.record()).loss;
  const work = {
    get done(): boolean {
      return points.length === learningRates.length;
    },
    advance(updates: number): void {
      simulation.advance(updates);
      if (!simulation.done) return;
      const run = runOf(points.length);
      points.push(sweepPoint(simulation.record(), objective, run, stability, best));
      if (points.length < learningRates.length) simulation = new Simulation(objective, start, runOf(points.length), { series: false });
    },
  };
  const total = learningRates.length * settings.maxSteps;
  const finished = await runInSlices(work, options, () =>
    options.onProgress?.(Math.min(total, points.length * settings.maxSteps + (work.done ? 0 : simulation.steps)), total),
  );
  return finished ? resultOf(points, startLoss, settings, stability) : null;
}

/**
 * The sweep's points with its suggestion and the critical η of the optimizer it ran: a momentum sweep is
 * stable well past plain gradient descent's 2/L, and an Adam sweep has no such edge at all.
 */
function resultOf(points: SweepPoint[], startLoss: number, settings: RunSettings, stability: Stability): SweepResult {
  return {
    points,
    suggestedLearningRate: suggest(points, startLoss, settings.optimizer, stability),
    stability,
    criticalLearningRate: criticalLearningRateFor(settings.optimizer, stability.eigenvalues.length === 0 ? Number.NEGATIVE_INFINITY : stability.lipschitz),
  };
}

/** A loss over data's best value from `start`, found once and only when a minibatch run asks for it. */
export function bestValueFrom(objective: Objective, start: ArrayLike<number>): () => number {
  let found: number | undefined;
  return () => (found ??= bestLoss(objective, start).loss);
}

/**
 * A run's verdict and where it converged, as the sweep and the stability map read their runs: no checks of advice
 * and no curvature beyond the start's; a minibatch run judged on all the data against the best value (noise.ts),
 * which `best` finds once for the whole sweep or map.
 */
export function runVerdict(record: RunRecord, objective: Objective, run: RunSettings, stability: Stability, best: () => number): { verdict: Verdict; convergedAt: number | null } {
  const measures = measureRun(record, objective, { atStart: stability.eigenvalues });
  const judged = judge(measures, run);
  if (!isMinibatchRun(record, objective)) return { verdict: judged.verdict, convergedAt: judged.convergedAt };
  return noiseVerdict(judgeNoise(record, objective, run, judged.verdict === 'diverged', { checkRemedies: false, bestLoss: best() }));
}

function sweepPoint(record: RunRecord, objective: Objective, run: RunSettings, stability: Stability, best: () => number): SweepPoint {
  const { verdict, convergedAt } = runVerdict(record, objective, run, stability, best);
  return { learningRate: run.learningRate, finalLoss: endOf(record).loss, stepsToConverge: convergedAt, steps: record.steps, verdict };
}

function suggest(points: readonly SweepPoint[], startLoss: number, optimizer: OptimizerSettings, stability: Stability): number | null {
  // Momentum carries every step past the minimum at almost any η (β = 0.9 is underdamped from η ≈ (1 − √β)²/L
  // up to its limit), so its oscillating runs that converge are the method working, not η at its edge: for it
  // only a run that never settled, or one whose η would overshoot even without momentum, marks the edge.
  const settled = (point: SweepPoint): boolean =>
    point.verdict === 'oscillating' && point.stepsToConverge !== null && overshootIsMomentums(optimizer, point.learningRate, stability.lipschitz);
  const unstable = (point: SweepPoint): boolean => UNSTABLE_VERDICTS.has(point.verdict) && !settled(point);
  const edge = Math.min(...points.filter(unstable).map((point) => point.learningRate));
  const stable = points.filter((point) => point.learningRate < edge && point.verdict !== 'stationary');
  if (stable.length === 0) return null;
  const lowest = Math.min(...stable.map((point) => point.finalLoss));
  const tie = SWEEP_LOSS_TIE * Math.max(startLoss - lowest, 0);
  const candidates = stable.filter((point) => point.finalLoss <= lowest + tie);
  const stepsOf = (point: SweepPoint): number => point.stepsToConverge ?? Number.POSITIVE_INFINITY;
  candidates.sort((a, b) => stepsOf(a) - stepsOf(b) || a.finalLoss - b.finalLoss || a.learningRate - b.learningRate);
  return candidates[0]!.learningRate;
}
