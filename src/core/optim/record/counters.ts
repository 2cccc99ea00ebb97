/**
 * The counters the diagnosis reads (measure.ts), kept as the states stream past: the same numbers a pass over the
 * whole trace gives, in one pass and constant memory.
 *
 * Some measures stop at the step where the run settled (the gradient norm came within the tolerance and stayed),
 * which is known only at the end: while the gradient norm is within the tolerance, the counts as they stood where
 * that stretch began are kept beside the running ones, and the end decides which to use. The same goes for the
 * stretches measure.ts reads back from the end (the loss above its start, the parameters beyond their bound): each
 * is the step where the current stretch began.
 *
 * The counters are kept by code generated per number of variables (`countersCode`), which the run loop inlines in
 * its own loop (runLoop.ts): a run pays for them in the shadow of the update it is computing anyway, not in a second
 * pass over its states. The states of a trace replayed into a ring (recordOfTrace) and of a minibatch run (whose
 * loop is not generated: a batch's gradient is what costs there) are counted by the same code, in a loop of its own
 * (`RunCounters.consume`).
 */
import { squaresBound } from '../../math/norm';
import { GRADIENT_NORM, gradientNormOf, LEARNING_RATE, LOSS, PARAMS, type RecentStates } from './recentStates';

/**
 * A loss "went up" only if it rose by more than this many units in the last place. Round-off alone moves a loss by
 * an ulp or two at steps that barely move the parameters; that is not an overshoot to mark.
 */
export const OVERSHOOT_ULPS = 8;
/** Parameters "exploded" when they end this many times farther out than the start (or than 1). */
export const EXPLODED_PARAMS = 1e6;
/**
 * Overshoot steps listed at most (all of them are counted): as many as a run printed whole by default has steps, so
 * a list is cut only for runs longer than any printed whole unless asked for.
 */
export const OVERSHOOT_STEPS_LISTED = 100_000;

/** Whether the loss went from `before` to `after` up by more than round-off. */
export function wentUp(before: number, after: number): boolean {
  const ulp = Number.EPSILON * Math.max(Math.abs(before), Math.abs(after));
  return after - before > OVERSHOOT_ULPS * ulp;
}

/** The largest magnitude among the parameters in `params[offset … offset + n)`. */
export function reachOf(params: ArrayLike<number>, offset: number, n: number): number {
  let largest = 0;
  for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(params[offset + i]!));
  return largest;
}

/** What the counters say at the end of a run (or where it stands). */
export interface RunCounts {
  /** The tolerance the settling step is judged by. */
  readonly tolerance: number;
  /** The step from which the gradient norm stayed within the tolerance to the end, or null. */
  readonly convergedAt: number | null;
  /** Steps t ≤ judgedUntil (the settling step, else the end) at which the loss went up: how many, and the first ones. */
  readonly overshootCount: number;
  readonly overshootSteps: readonly number[];
  /** Updates t ≤ judgedUntil whose displacement points against the previous one's. */
  readonly directionFlips: number;
  /** The largest gradient norm of states t ≤ judgedUntil. */
  readonly largestGradientNorm: number;
  /** The last step with the highest loss of the run. */
  readonly peakStep: number;
  /** The first step whose loss is above the start's, or null. */
  readonly firstAboveStart: number | null;
  /** The step from which the loss stayed above the start's to the end, or null (it ends at or below). */
  readonly aboveStartSince: number | null;
  /** The step from which the parameters' reach stayed beyond EXPLODED_PARAMS × max(start's reach, 1), or null. */
  readonly explodedSince: number | null;
  /** Σ η over every update (in order), the largest η and the last update's. */
  readonly learningRateSum: number;
  readonly largestLearningRate: number;
  readonly finalLearningRate: number;
  /** The lowest loss of the run. */
  readonly lowestLoss: number;
  /** Each variable's lowest and highest value over the run. */
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/**
 * Where each counter lies in `RunCounters.state`: the generated code reads them into locals once per stretch of
 * states and writes them back after it.
 */
const START_LOSS = 0;
const REACH_LIMIT = 1;
const PREVIOUS_LOSS = 2;
const LOWEST_LOSS = 3;
const PEAK_LOSS = 4;
const PEAK_STEP = 5;
/**
 * The largest gradient norm, kept as the states hold norms (recentStates.ts, gradientNormOf): the largest square among
 * the norms held as squares (0 while none is; the largest such norm is its root) and the largest norm among those held
 * whole (−∞ while none is).
 */
const LARGEST_SQUARES = 6;
const OVERSHOOT_COUNT = 7;
const DIRECTION_FLIPS = 8;
const FIRST_ABOVE_START = 9;
const ABOVE_START_SINCE = 10;
const EXPLODED_SINCE = 11;
const IN_TOLERANCE_SINCE = 12;
/** The counts as they stood at the state where the current stretch within the tolerance began. */
const SETTLED_OVERSHOOT_COUNT = 13;
const SETTLED_DIRECTION_FLIPS = 14;
const SETTLED_LARGEST_SQUARES = 15;
const LEARNING_RATE_SUM = 16;
const LARGEST_LEARNING_RATE = 17;
const FINAL_LEARNING_RATE = 18;
const TOLERANCE = 19;
/**
 * 1 when every state the last call of the generated code counted had a lower loss than the state before it, else 0:
 * what the record's readers of those states may take shortcuts by (runRecord.ts).
 */
const FELL = 20;
/** The other half of LARGEST_SQUARES and SETTLED_LARGEST_SQUARES: the largest norm held whole. */
const LARGEST_WHOLE = 21;
const SETTLED_LARGEST_WHOLE = 22;
/** squaresBound(tolerance): a norm held as its square s is within the tolerance exactly when s ≤ this. */
const TOLERANCE_SQUARES = 23;
/** Then, per variable: its lowest and highest value, its value at the latest state and the step into that state. */
const SCALARS = 24;

/** Up to this many variables the generated code names each one (`low0`, `high0`, …); beyond, it loops over them. */
export const UNROLLED_VARIABLES = 16;

/** Whether the generated code for `dimension` variables names each one. */
export function namesEachVariable(dimension: number): boolean {
  return dimension >= 1 && dimension <= UNROLLED_VARIABLES;
}

/**
 * The counters' code for `dimension` variables, in three pieces the caller places around its loop:
 * - `declare` (before it) reads the counters from `c` (a RunCounters' state) into locals;
 * - `step` (in it, once per recorded state) counts the state after update `t`: its `loss`, its gradient norm's `code`
 *   (as the ring holds it, recentStates.ts) and `rate` (η) in locals, its parameters in `values` from `at + PARAMS`
 *   on (and, up to UNROLLED_VARIABLES, in locals `v0`, `v1`, …); it pushes overshoot steps onto `overshootSteps`;
 * - `store` (after it) writes the locals back into `c`.
 * Printed from numbers only: the layout above and the constants of this module.
 */
export function countersCode(dimension: number): { declare: string; step: string; store: string } {
  const n = dimension;
  const unrolled = namesEachVariable(n);
  const scalars: [string, number][] = [
    ['startLoss', START_LOSS],
    ['reachLimit', REACH_LIMIT],
    ['previousLoss', PREVIOUS_LOSS],
    ['lowestLoss', LOWEST_LOSS],
    ['peakLoss', PEAK_LOSS],
    ['peakStep', PEAK_STEP],
    ['largestSquares', LARGEST_SQUARES],
    ['largestWhole', LARGEST_WHOLE],
    ['overshootCount', OVERSHOOT_COUNT],
    ['directionFlips', DIRECTION_FLIPS],
    ['firstAboveStart', FIRST_ABOVE_START],
    ['aboveStartSince', ABOVE_START_SINCE],
    ['explodedSince', EXPLODED_SINCE],
    ['inToleranceSince', IN_TOLERANCE_SINCE],
    ['settledOvershootCount', SETTLED_OVERSHOOT_COUNT],
    ['settledDirectionFlips', SETTLED_DIRECTION_FLIPS],
    ['settledLargestSquares', SETTLED_LARGEST_SQUARES],
    ['settledLargestWhole', SETTLED_LARGEST_WHOLE],
    ['learningRateSum', LEARNING_RATE_SUM],
    ['largestLearningRate', LARGEST_LEARNING_RATE],
    ['finalLearningRate', FINAL_LEARNING_RATE],
    ['tolerance', TOLERANCE],
    ['toleranceSquares', TOLERANCE_SQUARES],
    ['fell', FELL],
  ];
  const perVariable: [string, number][] = [
    ['low', SCALARS],
    ['high', SCALARS + n],
    ['latest', SCALARS + 2 * n],
    ['move', SCALARS + 3 * n],
  ];
  const variables = Array.from({ length: n }, (_, i) => i);
  const declare = [
    ...scalars.map(([name, slot]) => (name === 'fell' ? 'let fell = 1;' : `let ${name} = c[${slot}];`)),
    ...(unrolled ? perVariable.flatMap(([name, base]) => variables.map((i) => `let ${name}${i} = c[${base + i}];`)) : []),
  ];
  const store = [
    ...scalars.filter(([name]) => !['startLoss', 'reachLimit', 'tolerance', 'toleranceSquares'].includes(name)).map(([name, slot]) => `c[${slot}] = ${name};`),
    ...(unrolled ? perVariable.flatMap(([name, base]) => variables.map((i) => `c[${base + i}] = ${name}${i};`)) : []),
  ];
  // The parameters: each variable's range, the reversals (the displacement into this state against the one into the
  // state before), and whether any lies beyond the bound of an explosion (its magnitude above reachLimit).
  const params = unrolled
    ? [
        'let dot = 0;',
        ...variables.flatMap((i) => [
          `const into${i} = v${i} - latest${i};`,
          `dot += into${i} * move${i};`,
          `if (v${i} < low${i}) low${i} = v${i};`,
          `if (v${i} > high${i}) high${i} = v${i};`,
          `move${i} = into${i};`,
          `latest${i} = v${i};`,
        ]),
        `const beyond = ${variables.map((i) => `Math.abs(v${i}) > reachLimit`).join(' || ')};`,
      ]
    : [
        'let dot = 0;',
        'let beyond = false;',
        `for (let i = 0; i < ${n}; i++) {`,
        `  const v = values[at + ${PARAMS} + i];`,
        `  const into = v - c[${SCALARS + 2 * n} + i];`,
        `  dot += into * c[${SCALARS + 3 * n} + i];`,
        `  if (v < c[${SCALARS} + i]) c[${SCALARS} + i] = v;`,
        `  if (v > c[${SCALARS + n} + i]) c[${SCALARS + n} + i] = v;`,
        `  c[${SCALARS + 3 * n} + i] = into;`,
        `  c[${SCALARS + 2 * n} + i] = v;`,
        '  if (Math.abs(v) > reachLimit) beyond = true;',
        '}',
      ];
  const step = [
    'learningRateSum += rate;',
    'if (rate > largestLearningRate) largestLearningRate = rate;',
    'finalLearningRate = rate;',
    // A norm held whole is negative here (and never above the largest square, which is ≥ 0).
    'if (code > largestSquares) largestSquares = code;',
    'else if (code < 0 && 0 - code > largestWhole) largestWhole = 0 - code;',
    'if (loss < lowestLoss) lowestLoss = loss;',
    'if (loss >= peakLoss) {',
    '  peakLoss = loss;',
    '  peakStep = t;',
    '}',
    // wentUp(previousLoss, loss), tested only where the loss rose at all.
    `if (loss > previousLoss && loss - previousLoss > ${OVERSHOOT_ULPS * Number.EPSILON} * Math.max(Math.abs(previousLoss), Math.abs(loss))) {`,
    '  overshootCount++;',
    `  if (overshootSteps.length < ${OVERSHOOT_STEPS_LISTED}) overshootSteps.push(t);`,
    '}',
    'if (loss > startLoss) {',
    '  if (firstAboveStart < 0) firstAboveStart = t;',
    '  if (aboveStartSince < 0) aboveStartSince = t;',
    '} else {',
    '  aboveStartSince = -1;',
    '}',
    'if (!(loss < previousLoss)) fell = 0;',
    'previousLoss = loss;',
    ...params,
    // At t = 1 there is no update before this one to reverse.
    'if (dot < 0 && t >= 2) directionFlips++;',
    'if (beyond) {',
    '  if (explodedSince < 0) explodedSince = t;',
    '} else {',
    '  explodedSince = -1;',
    '}',
    // Where a stretch within the tolerance begins, the counts so far (this state's included: t ≤ judgedUntil) are
    // the judged ones if it lasts.
    'if (code >= 0 ? code <= toleranceSquares : 0 - code <= tolerance) {',
    '  if (inToleranceSince < 0) {',
    '    inToleranceSince = t;',
    '    settledOvershootCount = overshootCount;',
    '    settledDirectionFlips = directionFlips;',
    '    settledLargestSquares = largestSquares;',
    '    settledLargestWhole = largestWhole;',
    '  }',
    '} else {',
    '  inToleranceSince = -1;',
    '}',
  ];
  return { declare: declare.join('\n'), step: step.join('\n'), store: store.join('\n') };
}

/**
 * Counters set so that one state counted from them takes every branch of the counting code that a run may reach only
 * late: a loss above the start and at a new peak, an overshoot, a reversal, parameters beyond the bound of an
 * explosion, a norm within the tolerance. What a generated loop is first called with, on scratch arrays
 * (runLoop.ts, primeRunLoop); never a run's.
 */
export function primingCounters(dimension: number): Float64Array {
  const n = dimension;
  const c = new Float64Array(SCALARS + 4 * n);
  c[START_LOSS] = c[PEAK_LOSS] = c[LARGEST_WHOLE] = Number.NEGATIVE_INFINITY;
  // A rise of about 1e300 from the loss before: far beyond round-off, an overshoot.
  c[PREVIOUS_LOSS] = -1e300;
  c[LOWEST_LOSS] = Number.POSITIVE_INFINITY;
  c[LARGEST_SQUARES] = -1;
  c[REACH_LIMIT] = -1;
  c[FIRST_ABOVE_START] = c[ABOVE_START_SINCE] = c[EXPLODED_SINCE] = c[IN_TOLERANCE_SINCE] = -1;
  c[TOLERANCE] = c[TOLERANCE_SQUARES] = Number.POSITIVE_INFINITY;
  c.fill(Number.POSITIVE_INFINITY, SCALARS, SCALARS + n);
  c.fill(Number.NEGATIVE_INFINITY, SCALARS + n, SCALARS + 2 * n);
  // Each variable's latest value at +∞ and its last displacement +1: the displacement into the state is −∞, a reversal.
  c.fill(Number.POSITIVE_INFINITY, SCALARS + 2 * n, SCALARS + 3 * n);
  c.fill(1, SCALARS + 3 * n, SCALARS + 4 * n);
  return c;
}

/** Counts the states `from` … `to` held consecutively in a ring's values from `at` on. */
type CountStates = (c: Float64Array, overshootSteps: number[], values: Float64Array, stride: number, at: number, from: number, to: number) => void;

const countingLoops = new Map<number, CountStates>();

/** The counters' own loop over states in a ring, for `dimension` variables (made once per dimension). */
function countingLoop(dimension: number): CountStates {
  let loop = countingLoops.get(dimension);
  if (loop === undefined) {
    const { declare, step, store } = countersCode(dimension);
    const unrolled = namesEachVariable(dimension);
    const read = unrolled ? Array.from({ length: dimension }, (_, i) => `const v${i} = values[at + ${PARAMS + i}];`) : [];
    const source = [
      '"use strict";',
      'return function countStates(c, overshootSteps, values, stride, at, from, to) {',
      declare,
      'for (let t = from; t <= to; t++, at += stride) {',
      `const loss = values[at + ${LOSS}];`,
      `const code = values[at + ${GRADIENT_NORM}];`,
      `const rate = values[at + ${LEARNING_RATE}];`,
      ...read,
      step,
      '}',
      store,
      '};',
    ].join('\n');
    // Generated from numbers only (countersCode).
    // eslint-disable-next-line no-new-func
    loop = new Function(source)() as CountStates;
    countingLoops.set(dimension, loop);
  }
  return loop;
}

export class RunCounters {
  readonly dimension: number;
  /** The counters (layout above), read and written by generated code: the run loop's, or `consume`. */
  readonly state: Float64Array;
  /** The first OVERSHOOT_STEPS_LISTED steps at which the loss went up. */
  readonly overshootSteps: number[] = [];
  private started = false;

  constructor(dimension: number, tolerance: number) {
    this.dimension = dimension;
    const c = new Float64Array(SCALARS + 4 * dimension);
    c[START_LOSS] = c[REACH_LIMIT] = c[PREVIOUS_LOSS] = Number.NaN;
    c[LOWEST_LOSS] = Number.POSITIVE_INFINITY;
    c[PEAK_LOSS] = c[LARGEST_WHOLE] = Number.NEGATIVE_INFINITY;
    c[FIRST_ABOVE_START] = c[ABOVE_START_SINCE] = c[EXPLODED_SINCE] = c[IN_TOLERANCE_SINCE] = -1;
    c[TOLERANCE] = tolerance;
    c[TOLERANCE_SQUARES] = squaresBound(tolerance);
    c.fill(Number.POSITIVE_INFINITY, SCALARS, SCALARS + dimension);
    c.fill(Number.NEGATIVE_INFINITY, SCALARS + dimension, SCALARS + 2 * dimension);
    this.state = c;
  }

  /** Counts the states after updates `from` … `to`, held consecutively in `ring` (a replayed trace, a minibatch run's). */
  consume(ring: RecentStates, from: number, to: number): void {
    let first = from;
    if (from === 0) {
      this.start(ring);
      first = 1;
    }
    if (first <= to) countingLoop(this.dimension)(this.state, this.overshootSteps, ring.values, ring.stride, ring.offsetOf(first), first, to);
  }

  /** The start (the state after update 0, in `ring`): what later states are compared with. */
  start(ring: RecentStates): void {
    const n = this.dimension;
    const c = this.state;
    const at = ring.offsetOf(0);
    const values = ring.values;
    const loss = values[at + LOSS]!;
    const code = values[at + GRADIENT_NORM]!;
    const norm = gradientNormOf(code);
    c[START_LOSS] = c[PREVIOUS_LOSS] = c[LOWEST_LOSS] = c[PEAK_LOSS] = loss;
    // The largest norm so far is the start's, held as the start's is.
    c[LARGEST_SQUARES] = code >= 0 ? code : 0;
    c[LARGEST_WHOLE] = code >= 0 ? Number.NEGATIVE_INFINITY : norm;
    for (let i = 0; i < n; i++) {
      const value = values[at + PARAMS + i]!;
      c[SCALARS + i] = c[SCALARS + n + i] = c[SCALARS + 2 * n + i] = value;
      c[SCALARS + 3 * n + i] = 0;
    }
    c[REACH_LIMIT] = EXPLODED_PARAMS * Math.max(reachOf(values, at + PARAMS, n), 1);
    if (norm <= c[TOLERANCE]!) {
      c[IN_TOLERANCE_SINCE] = 0;
      c[SETTLED_OVERSHOOT_COUNT] = c[SETTLED_DIRECTION_FLIPS] = 0;
      c[SETTLED_LARGEST_SQUARES] = c[LARGEST_SQUARES]!;
      c[SETTLED_LARGEST_WHOLE] = c[LARGEST_WHOLE]!;
    }
    this.started = true;
  }

  /** Whether every state the last stretch counted had a lower loss than the state before it. */
  stretchFell(): boolean {
    return this.state[FELL] === 1;
  }

  /** The counts at the latest state. */
  counts(): RunCounts {
    const c = this.state;
    const n = this.dimension;
    const nullIfNone = (step: number): number | null => (step < 0 ? null : step);
    const converged = this.started && c[IN_TOLERANCE_SINCE]! >= 0;
    const overshootCount = c[converged ? SETTLED_OVERSHOOT_COUNT : OVERSHOOT_COUNT]!;
    return {
      tolerance: c[TOLERANCE]!,
      convergedAt: converged ? c[IN_TOLERANCE_SINCE]! : null,
      overshootCount,
      overshootSteps: this.overshootSteps.slice(0, Math.min(overshootCount, OVERSHOOT_STEPS_LISTED)),
      directionFlips: c[converged ? SETTLED_DIRECTION_FLIPS : DIRECTION_FLIPS]!,
      largestGradientNorm: converged
        ? largestNorm(c[SETTLED_LARGEST_SQUARES]!, c[SETTLED_LARGEST_WHOLE]!)
        : largestNorm(c[LARGEST_SQUARES]!, c[LARGEST_WHOLE]!),
      peakStep: c[PEAK_STEP]!,
      firstAboveStart: nullIfNone(c[FIRST_ABOVE_START]!),
      aboveStartSince: nullIfNone(c[ABOVE_START_SINCE]!),
      explodedSince: nullIfNone(c[EXPLODED_SINCE]!),
      learningRateSum: c[LEARNING_RATE_SUM]!,
      largestLearningRate: c[LARGEST_LEARNING_RATE]!,
      finalLearningRate: c[FINAL_LEARNING_RATE]!,
      lowestLoss: c[LOWEST_LOSS]!,
      low: Array.from(c.subarray(SCALARS, SCALARS + n)),
      high: Array.from(c.subarray(SCALARS + n, SCALARS + 2 * n)),
    };
  }
}

/**
 * The largest norm, from the largest square among the norms held as squares and the largest norm held whole: the root
 * is never decreasing, so the root of the largest square is the largest of their roots.
 */
function largestNorm(largestSquares: number, largestWhole: number): number {
  const root = Math.sqrt(largestSquares);
  return root > largestWhole ? root : largestWhole;
}
