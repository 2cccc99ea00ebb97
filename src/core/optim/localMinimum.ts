/**
 * Is there a lower minimum than the one a converged run found? A few cheap runs from other starts around the path
 * say: if one of them settles in a minimum clearly lower, the run's is local. Then what gets there from the run's own
 * start is checked: a larger η whose first steps carry the run over the ridge, or else the other start itself.
 * On a convex bowl every run ends in the one minimum, so no lower one is ever reported.
 */
import type { CheckedRun, Checker, CheckWork } from './checks';
import type { RunMeasures } from './measure';
import { classifyStationaryPoint } from './stability';
import { gridBetween } from './search';
import { steeringLearningRate, withSteeringLearningRate } from './steering';
import type { RunSettings } from './types';

/**
 * A minimum is lower only by more than this share of the run's whole descent (or of its final loss, when larger):
 * converged runs into one minimum differ by round-off and by where the tolerance caught them, far less than this.
 */
export const LOWER_MINIMUM_SHARE = 1e-3;
/** The other starts: the run's start reflected through its end, twice as far, and steps along the first axes. */
const AXES_PROBED = 3;
/** Decades of round η values above the run's η tried for one that carries the run over the ridge. */
const OVER_THE_RIDGE_DECADES = 2;

export interface LowerMinimum {
  readonly point: readonly number[];
  readonly loss: number;
  /** The run that found it. */
  readonly found: CheckedRun;
  /** What gets there from the run's own start: a larger η (checked), or null when only another start does. */
  readonly byLearningRate: CheckedRun | null;
}

/** Looks for a minimum lower than where the converged run `m` of `settings` ended. */
export function* findLowerMinimum(checker: Checker, m: RunMeasures, settings: RunSettings): CheckWork<LowerMinimum | null> {
  const gap = LOWER_MINIMUM_SHARE * Math.max(m.startLoss - m.finalLoss, Math.abs(m.finalLoss), Number.MIN_VALUE);
  const lower = (run: CheckedRun | null): run is CheckedRun =>
    run !== null &&
    run.convergedAt !== null &&
    run.finalLoss < m.finalLoss - gap &&
    run.endEigenvalues !== null &&
    classifyStationaryPoint(run.endEigenvalues) === 'minimum';

  let found: CheckedRun | null = null;
  for (const start of otherStarts(m)) {
    if (checker.ranOut) break;
    const run = yield* checker.run(settings, start);
    if (lower(run) && (found === null || run.finalLoss < found.finalLoss)) found = run;
  }
  if (found === null) return null;

  // From the run's own start: the smallest round η above its own that lands in that minimum.
  const η = steeringLearningRate(settings);
  let byLearningRate: CheckedRun | null = null;
  for (const value of gridBetween(η, η * 10 ** OVER_THE_RIDGE_DECADES * 1.0001)) {
    if (checker.ranOut) break;
    const run = yield* checker.run(withSteeringLearningRate(settings, value));
    if (lower(run) && Math.abs(run.finalLoss - found.finalLoss) <= gap) {
      byLearningRate = run;
      break;
    }
  }
  return { point: found.end, loss: found.finalLoss, found, byLearningRate };
}

/**
 * Starts away from where the run went: its start reflected through its end (the other side of the valley it
 * settled in) and twice as far, and the end moved by twice the distance travelled along each of the first axes.
 */
function otherStarts(m: RunMeasures): number[][] {
  const { start, end } = m;
  const n = start.length;
  const travelled = Math.hypot(...start.map((s, i) => s - end[i]!));
  const reach = Math.max(travelled, 1e-3 * (1 + Math.hypot(...end)));
  const starts: number[][] = [end.map((e, i) => 2 * e - start[i]!), end.map((e, i) => 3 * e - 2 * start[i]!)];
  for (let axis = 0; axis < Math.min(n, AXES_PROBED); axis++) {
    for (const sign of [1, -1]) starts.push(end.map((e, i) => (i === axis ? e + sign * 2 * reach : e)));
  }
  return starts.filter((point) => point.every(Number.isFinite));
}

