/**
 * The run loop itself: code generated per number of variables, so that a step costs about what the gradient costs.
 *
 * One loop does all of a step's work: the schedule's η, the optimizer's update, the new state written into the ring,
 * the loss and gradient there with their norm, the finiteness checks, and the counters the diagnosis reads
 * (record/counters.ts), kept in locals. Done in one loop, the bookkeeping runs in the shadow of the update's own
 * chain of dependent operations (each step needs the gradient of the one before), where the processor has room to
 * spare; a second pass over the states afterwards cost as much again as the run. With the variables named one by one
 * (`v0`, `v1`, … up to UNROLLED_VARIABLES) nothing loops inside a step.
 *
 * Each objective gets its own copy of the loop (the same source, made once per objective): the optimizer, the
 * schedule and the objective are then the same few at every call site, which lets the engine inline them.
 *
 * Safety: the source is printed from numbers only (the dimension and the record's layout); no text of a formula or
 * of the selection reaches it.
 */
import { euclideanNorm } from '../math/norm';
import type { Objective } from '../objective';
import type { Optimizer } from './optimizers';
import { countersCode, namesEachVariable } from './record/counters';
import { GRADIENT_NORM, LEARNING_RATE, LOSS, PARAMS } from './record/recentStates';
import type { LearningRateSchedule } from './schedules';

/** Why a stretch of updates ended early. */
export const RUNNING = 0;
export const CONVERGED = 1;
export const NON_FINITE = 2;

/**
 * Applies updates `first` … `last` of a run of `objective` with `optimizer` and `schedule` from `params` (where the
 * gradient is `gradient`), writing the state after each into `values` from offset `at` on (`stride` numbers a state,
 * consecutive) and counting it into the counters `c` (with the overshoot steps listed in `overshootSteps`). Returns
 * the last update recorded, and sets `stop[0]` to why it stopped early, if it did: CONVERGED (at that update; only
 * with a `stopTolerance` above 0) or NON_FINITE (the update after it went non-finite).
 *
 * Everything comes in as an argument and goes out through typed arrays: the engine then compiles the loop once
 * and keeps it, whereas fields of an object it read or wrote would tie the compiled code to that object's shape.
 */
export type RunLoop = (
  objective: Objective,
  optimizer: Optimizer,
  schedule: LearningRateSchedule,
  params: Float64Array,
  gradient: Float64Array,
  stopTolerance: number,
  stop: Int32Array,
  c: Float64Array,
  overshootSteps: number[],
  values: Float64Array,
  stride: number,
  first: number,
  last: number,
  at: number,
) => number;

/** The loop's source for `dimension` variables. */
export function runLoopSource(dimension: number): string {
  const n = dimension;
  const unrolled = namesEachVariable(n);
  const variables = Array.from({ length: n }, (_, i) => i);
  const { declare, step, store } = countersCode(n);
  // The new parameters go into the ring at once (if the update turns out non-finite, the slot is simply not
  // recorded), and are checked on the way: p·0 is 0 for a finite p and NaN for ±∞ or NaN, so one multiply-add per
  // parameter and no branch tells whether the objective may be evaluated there.
  const params = unrolled
    ? [
        ...variables.map((i) => `const v${i} = p[${i}];`),
        ...variables.map((i) => `values[at + ${PARAMS + i}] = v${i};`),
        `if (${variables.map((i) => `v${i} * 0`).join(' + ')} !== 0) {`,
      ]
    : [
        'let nonFinite = 0;',
        `for (let i = 0; i < ${n}; i++) {`,
        '  const v = p[i];',
        `  values[at + ${PARAMS} + i] = v;`,
        '  nonFinite += v * 0;',
        '}',
        'if (nonFinite !== 0) {',
      ];
  // euclideanNorm's own first pass, in its order; it rescales where the squares over- or underflow.
  const squares = unrolled
    ? [...variables.map((i) => `const g${i} = g[${i}];`), `const squares = 0 + ${variables.map((i) => `g${i} * g${i}`).join(' + ')};`]
    : ['let squares = 0;', `for (let i = 0; i < ${n}; i++) squares += g[i] * g[i];`];
  return [
    '"use strict";',
    'const { euclideanNorm } = helpers;',
    'return function runLoop(objective, optimizer, schedule, p, g, stopTolerance, stop, c, overshootSteps, values, stride, first, last, at) {',
    declare,
    'let t = first;',
    'for (; t <= last; t++, at += stride) {',
    'const rate = schedule.next();',
    // A schedule that cycles momentum (PyTorch's OneCycleLR) sets it per update; null leaves the optimizer's own.
    'optimizer.step(p, g, rate, schedule.momentum());',
    ...params,
    `  stop[0] = ${NON_FINITE};`,
    '  break;',
    '}',
    'const loss = objective.valueAndGradient(p, g);',
    ...squares,
    'const norm = squares < Infinity && squares > 1e-290 ? Math.sqrt(squares) : euclideanNorm(g);',
    // The norm is NaN or ∞ exactly when a gradient entry is (or when the norm itself overflows). Such an update is
    // not recorded: the run ends before it.
    'if (!Number.isFinite(loss) || !Number.isFinite(norm)) {',
    `  stop[0] = ${NON_FINITE};`,
    '  break;',
    '}',
    `values[at + ${LOSS}] = loss;`,
    `values[at + ${GRADIENT_NORM}] = norm;`,
    `values[at + ${LEARNING_RATE}] = rate;`,
    step,
    'if (norm <= stopTolerance && stopTolerance > 0) {',
    `  stop[0] = ${CONVERGED};`,
    '  t++;',
    '  break;',
    '}',
    '}',
    store,
    'return t - 1;',
    '};',
  ].join('\n');
}

const sources = new Map<number, string>();
const loops = new WeakMap<Objective, RunLoop>();

/** The run loop for `objective` (made on its first run). */
export function runLoopFor(objective: Objective): RunLoop {
  let loop = loops.get(objective);
  if (loop === undefined) {
    const n = objective.variables.length;
    let source = sources.get(n);
    if (source === undefined) {
      source = runLoopSource(n);
      sources.set(n, source);
    }
    // The one place the run loop is generated: `source` is printed from numbers only (see above).
    // eslint-disable-next-line no-new-func
    loop = (new Function('helpers', source) as (helpers: object) => RunLoop)({ euclideanNorm });
    loops.set(objective, loop);
  }
  return loop;
}
