/**
 * The small bounded searches a recommendation comes from: for η, bracket by decades from the run's own η, then
 * refine on a log grid of round values (1, 2, 3, 5 × 10^k, as a person would type them); for the step limit,
 * run longer until the run gets there. Every candidate is a whole run of the core (checks.ts), built by copying
 * the run's settings and changing η or the step limit, so any optimizer or schedule the settings can hold is
 * searched the same way.
 */
import { roundSignificant } from '../math/round';
import type { CheckedRun, Checker, CheckWork } from './checks';
import { followsStepLimit, withStepLimit } from './scheduleAhead';
import { steeringLearningRate, withSteeringLearningRate } from './steering';
import type { RunSettings } from './types';

/** Decades the bracket walks up (a too-small η) or down (a too-large one) before it gives up. */
export const MAX_DECADES_UP = 6;
export const MAX_DECADES_DOWN = 6;
/** The largest η a search tries (the panel accepts up to 1e6). */
export const MAX_SEARCHED_LEARNING_RATE = 1e6;
/** The round values of each decade the refinement may land on. */
const GRID_MANTISSAS = [1, 2, 3, 5] as const;
/** Round grid values just below the best stable η that are tried too: speed is not always largest at the edge. */
const NEIGHBOURS_BELOW = 2;
/**
 * A longer run is tried up to this many times the step limit: far enough for the runs that end short by a few
 * run lengths (x⁴'s sublinear descent needs 7× at its best η), not so far that a hopeless setting eats the budget.
 */
export const MAX_STEP_LIMIT_FACTOR = 20;
/** A step limit within this factor of one known to fall short is as small as a search needs to get. */
const STEP_LIMIT_PRECISION = 1.2;

/** What a search found. */
export interface LearningRateSearch {
  /** The rule of thumb, run: η × 10 going up, η ÷ 10 going down (null when it could not be checked). */
  readonly ruleOfThumb: CheckedRun | null;
  /** The smallest η whose run was unstable, or null when none was. */
  readonly edge: number | null;
  /** The largest η below the edge whose run was stable, or null. */
  readonly largestStable: CheckedRun | null;
  /** Of the stable runs below the edge that converged, the fastest (ties: the smaller η), or null. */
  readonly best: CheckedRun | null;
  /** Every stable run below the edge (those that may get there given more steps). */
  readonly stable: readonly CheckedRun[];
}

/** Whether a checked run is on the stable side: it neither diverged nor kept bouncing (the caller says which bouncing counts). */
export type Stable = (run: CheckedRun) => boolean;

/**
 * Searches the steering η of `base` upward (a run too slow, or converged but slowly) or downward (a run that
 * overshot). `current`, the diagnosed run as a checked run, takes part in the comparisons.
 */
export function* searchLearningRate(checker: Checker, base: RunSettings, direction: 'up' | 'down', stable: Stable, current: CheckedRun | null): CheckWork<LearningRateSearch> {
  const η = steeringLearningRate(base);
  const tried: CheckedRun[] = current === null ? [] : [current];
  const at = function* (value: number): CheckWork<CheckedRun | null> {
    const run = yield* checker.run(withSteeringLearningRate(base, value));
    if (run !== null) tried.push(run);
    return run;
  };
  const factor = direction === 'up' ? 10 : 0.1;
  const ruleOfThumb = yield* at(roundSignificant(η * factor, 12));

  // Bracket: decades away from η until the other side is reached.
  if (direction === 'up') {
    for (let k = 2, last = ruleOfThumb; last !== null && stable(last) && k <= MAX_DECADES_UP; k++) {
      const value = roundSignificant(η * 10 ** k, 12);
      if (value > MAX_SEARCHED_LEARNING_RATE) break;
      last = yield* at(value);
    }
  } else {
    for (let k = 2, last = ruleOfThumb; last !== null && !stable(last) && k <= MAX_DECADES_DOWN; k++) last = yield* at(roundSignificant(η / 10 ** k, 12));
  }

  // Refine: bisect the round values between the largest stable η and the smallest unstable one.
  const edgeOf = (): number | null => minimum(tried.filter((run) => !stable(run)).map(learningRateOf));
  const largestStableOf = (): CheckedRun | null => {
    const edge = edgeOf() ?? Number.POSITIVE_INFINITY;
    return maximumBy(tried.filter((run) => stable(run) && learningRateOf(run) < edge), learningRateOf);
  };
  const stableBelowEdge = largestStableOf();
  const edgeFound = edgeOf();
  if (stableBelowEdge !== null && edgeFound !== null) {
    let between = gridBetween(learningRateOf(stableBelowEdge), edgeFound);
    while (between.length > 0 && !checker.ranOut) {
      const middle = between[Math.floor(between.length / 2)]!;
      const run = yield* at(middle);
      if (run === null) break;
      if (stable(run)) between = between.filter((value) => value > middle);
      else between = between.filter((value) => value < middle);
    }
  }
  // The round values just below the largest stable η (but not back past η going up): the fastest is not always at the edge.
  const low = largestStableOf();
  if (low !== null) {
    const floor = direction === 'up' ? η : 0;
    for (const value of gridBelow(learningRateOf(low), NEIGHBOURS_BELOW)) if (value > floor && !checker.ranOut) yield* at(value);
  }
  // Stable but none got there: the stable side may bounce about the minimum without settling (Adam at too large
  // a step length), so go on down by decades while the runs are still descending rather than crawling.
  if (direction === 'down' && !tried.some((run) => stable(run) && run.convergedAt !== null)) {
    const stableRates = tried.filter(stable).map(learningRateOf);
    let last: CheckedRun | null = null;
    for (let k = 1, value = Math.min(...stableRates); stableRates.length > 0 && k <= MAX_DECADES_PAST_STABLE && !checker.ranOut; k++) {
      if (last !== null && stable(last) && (last.convergedAt !== null || last.verdict === 'too-slow')) break;
      value = roundSignificant(value / 10, 12);
      last = yield* at(value);
    }
  }
  const edge = edgeOf();
  const below = tried.filter((run) => stable(run) && (edge === null || learningRateOf(run) < edge));
  return { ruleOfThumb, edge, largestStable: largestStableOf(), best: yield* fastest(checker, below, current), stable: below };
}

/** Decades below the smallest stable η tried while stable runs still descend without getting there. */
const MAX_DECADES_PAST_STABLE = 3;

/**
 * The fastest of the runs that converged (fewest steps, then the smaller η, the safer side) that is no fluke (see
 * robust). `current`, the diagnosed run, needs no such test. Null when none is.
 */
export function* fastest(checker: Checker, runs: readonly CheckedRun[], current: CheckedRun | null = null): CheckWork<CheckedRun | null> {
  const converged = runs.filter((run) => run.convergedAt !== null);
  converged.sort((a, b) => a.convergedAt! - b.convergedAt! || learningRateOf(a) - learningRateOf(b));
  let tests = 0;
  for (const run of converged) {
    if (run === current) return run;
    if (tests++ >= ROBUST_TESTS) return null;
    if (yield* robust(checker, run)) return run;
  }
  return null;
}

/**
 * Whether a run that got there is no fluke: from a start shifted by ROBUST_SHIFT of the way it travelled, the same
 * setting gets there too, in not much more than its steps (twice them, and ROBUST_SLACK). Adam's first step is η
 * times the gradient's sign, so from x = 10 at η = 10 it lands exactly on x⁴'s minimum in one step, and from 10.2
 * bounces on for dozens; gradient descent at η = 0.5 lands on x²'s in one step from anywhere.
 */
export function* robust(checker: Checker, run: CheckedRun): CheckWork<boolean> {
  const within = 2 * run.convergedAt! + ROBUST_SLACK;
  const shifted = yield* checker.run(withStepLimit(run.settings, Math.max(run.settings.maxSteps, within)), shiftedStart(run));
  return shifted !== null && shifted.convergedAt !== null && shifted.convergedAt <= within;
}

/** Steps a nudged run may take beyond twice the original's and still count as getting there alike. */
const ROBUST_SLACK = 50;

/** How far the robustness test moves the start, as a share of the distance the run travelled. */
export const ROBUST_SHIFT = 0.02;
/** Candidates tested for robustness before a search gives up on finding a fast one that is no fluke. */
const ROBUST_TESTS = 3;

/** `run`'s start moved by ROBUST_SHIFT of its travel, diagonally (alternate signs), so no axis is special. */
function shiftedStart(run: CheckedRun): number[] {
  const n = run.start.length;
  const travelled = Math.hypot(...run.start.map((value, i) => value - run.end[i]!));
  const shift = (ROBUST_SHIFT * Math.max(travelled, 1e-3 * (1 + Math.hypot(...run.start)))) / Math.sqrt(n);
  return run.start.map((value, i) => value + (i % 2 === 0 ? shift : -shift));
}

/**
 * A step limit at which `settings` gets there, checked: the run itself (exactly those settings, with the schedule
 * refitted where it stretches with the step limit) at the smallest limit found. Null when no limit up to
 * MAX_STEP_LIMIT_FACTOR times the current one (or `within`, or the budget) gets there.
 */
export function* searchStepLimit(checker: Checker, settings: RunSettings, within = Number.POSITIVE_INFINITY): CheckWork<CheckedRun | null> {
  const steps = Math.max(settings.maxSteps, 1);
  const longest = Math.min(MAX_STEP_LIMIT_FACTOR * steps, checker.left, within);
  if (!followsStepLimit(settings)) {
    // The schedule does not depend on the limit: a longer run is this run going on, so one long run says where
    // it gets there, and the round limit just past that is checked by running it.
    const limit = roundDownSignificant2(longest);
    if (limit <= settings.maxSteps) return null;
    const long = yield* checker.run(withStepLimit(settings, limit));
    if (long === null || long.convergedAt === null) return null;
    return yield* checker.run(withStepLimit(settings, roundEstimate(long.convergedAt)));
  }
  // The schedule stretches with the limit: each limit is another run. Double until one gets there, then bisect
  // between it and the largest that fell short, on the grid of limits the advice states.
  let short = settings.maxSteps;
  let converged: CheckedRun | null = null;
  for (let limit = roundEstimate(2 * steps); converged === null; limit = roundEstimate(limit * 2)) {
    if (limit > longest) return null;
    const tried = yield* checker.run(withStepLimit(settings, limit));
    if (tried === null) return null;
    if (tried.convergedAt !== null) converged = tried;
    else short = limit;
  }
  let long = converged.settings.maxSteps;
  while (long > STEP_LIMIT_PRECISION * short) {
    const middle = roundEstimate(Math.sqrt(short * long));
    if (middle <= short || middle >= long) break;
    const tried = yield* checker.run(withStepLimit(settings, middle));
    if (tried === null) break;
    if (tried.convergedAt !== null) {
      converged = tried;
      long = middle;
    } else short = middle;
  }
  return converged;
}

/** The steering η a checked run used. */
export function learningRateOf(run: CheckedRun): number {
  return steeringLearningRate(run.settings);
}

/** Step counts as the advice states them, to two significant digits rounded up: 297 → 300, 4,987 → 5,000. */
export function roundEstimate(n: number): number {
  if (n < 100) return Math.max(1, Math.ceil(n));
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / unit) * unit;
}

/** n cut down to two significant digits: 19,999 → 19,000. */
function roundDownSignificant2(n: number): number {
  if (n < 100) return Math.floor(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.floor(n / unit) * unit;
}

/** Round values (1, 2, 3, 5 × 10^k) strictly between `low` and `high`, ascending. */
export function gridBetween(low: number, high: number): number[] {
  const values: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)) - 1; exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const mantissa of GRID_MANTISSAS) {
      const value = Number(`${mantissa}e${exponent}`);
      if (value > low * (1 + 1e-9) && value < high * (1 - 1e-9)) values.push(value);
    }
  }
  return values;
}

/** The `count` round values just below `value`, descending. */
function gridBelow(value: number, count: number): number[] {
  return gridBetween(value / 10 ** (count + 1), value).reverse().slice(0, count);
}

function minimum(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.min(...values);
}

function maximumBy<T>(items: readonly T[], key: (item: T) => number): T | null {
  let best: T | null = null;
  for (const item of items) if (best === null || key(item) > key(best)) best = item;
  return best;
}
