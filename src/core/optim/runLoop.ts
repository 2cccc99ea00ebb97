/**
 * The run loop itself: code generated per objective and optimizer, so that a step costs about what a loop written by
 * hand for that formula and optimizer costs.
 *
 * One loop does all of a step's work: the schedule's η, the optimizer's update, the new state written into the ring,
 * the loss and gradient there with their norm (held as its square: no square root a step, recentStates.ts), the
 * finiteness checks, and the counters the diagnosis reads (record/counters.ts), kept in locals. Done in one loop, the
 * bookkeeping runs beside the update's own chain of dependent operations (each step needs the gradient of the one
 * before), where the processor has room to spare; as a second pass over the states it cost as much again as the run. With the variables named one by one (`v0`, `v1`, …
 * up to UNROLLED_VARIABLES) nothing loops inside a step.
 *
 * Two forms:
 * - inlined (`inlinedRunLoopSource`): when the objective comes with its loss and gradient as code (a compiled formula
 *   of moderate size, ObjectiveCode) and the optimizer with its update as code (PyTorch's SGD, OptimizerCode), both
 *   are placed in the loop's body and the parameters and gradient stay in locals: no call and no array between
 *   them, as in a loop written by hand. The update is the optimizer's own `step`, operation for operation; the tests
 *   hold the two forms to the same records, bit for bit.
 * - general (`runLoopSource`): it calls `optimizer.step` and `objective.valueAndGradient` on arrays.
 *
 * Each objective gets its own copy of the loop (made on its first run with a kind of optimizer): the optimizer, the
 * schedule and the objective are then the same few at every call site, which lets the engine inline them. The loop
 * takes everything as arguments and reads no object's fields: compiled code that read an object's fields would be
 * thrown away whenever an object of another shape came by.
 *
 * Safety: the source is printed from numbers (the dimension, the record's layout) and from code the formula compiler
 * generated from the expression DAG (compile.ts); no text of the selection reaches it, not even a variable's name.
 */
import { euclideanNorm } from '../math/norm';
import type { Objective, ObjectiveCode } from '../objective';
import type { Optimizer, OptimizerCode } from './optimizers';
import { countersCode, namesEachVariable, primingCounters } from './record/counters';
import { GRADIENT_NORM, LEARNING_RATE, LOSS, PARAMS } from './record/recentStates';
import type { LearningRateSchedule } from './schedules';

/** Why a stretch of updates ended early (`stop[0]`; 0 while it has not). */
export const CONVERGED = 1;
export const NON_FINITE = 2;

/**
 * Applies updates `first` … `last` of a run of `objective` with `optimizer` (its code's settings and state, or empty
 * arrays when it has no code) and `schedule` from `params` (where the gradient is `gradient`), writing the state
 * after each into `values` from offset `at` on (`stride` numbers a state, consecutive) and counting it into the
 * counters `c` (with the overshoot steps listed in `overshootSteps`). Returns the last update recorded, and sets
 * `stop[0]` to why it stopped early, if it did: CONVERGED (at that update; only with a `stopTolerance` above 0, and
 * `stopSquares` its squaresBound) or NON_FINITE (the update after it went non-finite). Everything comes in as an
 * argument and goes out through typed arrays (see above).
 */
export type RunLoop = (
  objective: Objective,
  optimizer: Optimizer,
  optimizerSettings: Float64Array,
  optimizerState: Float64Array,
  schedule: LearningRateSchedule,
  params: Float64Array,
  gradient: Float64Array,
  stopTolerance: number,
  stopSquares: number,
  stop: Int32Array,
  c: Float64Array,
  overshootSteps: number[],
  values: Float64Array,
  stride: number,
  first: number,
  last: number,
  at: number,
) => number;

/** The loop's source for `dimension` variables: the general one, calling the objective and the optimizer. */
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
    `return function runLoop(${LOOP_PARAMETERS}) {`,
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
    // The norm is held as its square (recentStates.ts); only where the squares over- or underflow is it computed whole.
    'const code = squares < Infinity && squares > 1e-290 ? squares : 0 - euclideanNorm(g);',
    ...recordAndCount(step),
    '}',
    store,
    'return t - 1;',
    '};',
  ].join('\n');
}

/**
 * The loop's source with the objective's loss and gradient (ObjectiveCode) and the optimizer's update (OptimizerCode)
 * in its body, for `dimension` variables (at most UNROLLED_VARIABLES): the parameters and the gradient stay in locals
 * from one update to the next, as in a loop written by hand for that formula and optimizer. `cycledMomentum`: whether
 * the schedule sets the momentum at each update (only then is it asked for it).
 */
export function inlinedRunLoopSource(dimension: number, objective: ObjectiveCode, optimizer: OptimizerCode, cycledMomentum: boolean): string {
  const n = dimension;
  const variables = Array.from({ length: n }, (_, i) => i);
  const counters = countersCode(n);
  const update = optimizer.source(n, cycledMomentum);
  const helperNames = Object.keys(objective.helpers);
  for (const name of helperNames) if (!/^[A-Za-z]\w*$/.test(name)) throw new Error(`Not a helper's name: ${name}`);
  const gradientIntoArray = variables.map((i) => `g[${i}] = g${i}`);
  return [
    '"use strict";',
    'const { euclideanNorm } = helpers;',
    `const { ${helperNames.join(', ')} } = objectiveHelpers;`,
    `return function runLoop(${LOOP_PARAMETERS}) {`,
    update.declare,
    counters.declare,
    ...variables.map((i) => `let p${i} = p[${i}];`),
    ...variables.map((i) => `let g${i} = g[${i}];`),
    'let loss = 0;',
    'let t = first;',
    'for (; t <= last; t++, at += stride) {',
    'const rate = schedule.next();',
    ...(cycledMomentum ? ['const cycledMomentum = schedule.momentum();'] : []),
    update.update,
    ...variables.map((i) => `const v${i} = p${i};`),
    ...variables.map((i) => `values[at + ${PARAMS + i}] = v${i};`),
    `if (${variables.map((i) => `v${i} * 0`).join(' + ')} !== 0) {`,
    `  stop[0] = ${NON_FINITE};`,
    '  break;',
    '}',
    objective.statements,
    `const squares = 0 + ${variables.map((i) => `g${i} * g${i}`).join(' + ')};`,
    `const code = squares < Infinity && squares > 1e-290 ? squares : (${gradientIntoArray.join(', ')}, 0 - euclideanNorm(g));`,
    ...recordAndCount(counters.step),
    '}',
    ...variables.map((i) => `p[${i}] = p${i};`),
    ...gradientIntoArray.map((write) => `${write};`),
    update.store,
    counters.store,
    'return t - 1;',
    '};',
  ].join('\n');
}

const LOOP_PARAMETERS = 'objective, optimizer, settings, state, schedule, p, g, stopTolerance, stopSquares, stop, c, overshootSteps, values, stride, first, last, at';

/** After the loss and the gradient norm: the finiteness check, the state's numbers into the ring, the counters, the stop. */
function recordAndCount(countStep: string): string[] {
  return [
    // The norm is NaN or ∞ exactly when a gradient entry is (or when the norm itself overflows): its code is then NaN
    // or −∞ (a square held is finite). Such an update is not recorded: the run ends before it.
    'if (!Number.isFinite(loss) || !(code > -Infinity)) {',
    `  stop[0] = ${NON_FINITE};`,
    '  break;',
    '}',
    `values[at + ${LOSS}] = loss;`,
    `values[at + ${GRADIENT_NORM}] = code;`,
    `values[at + ${LEARNING_RATE}] = rate;`,
    countStep,
    // The norm within the stop's tolerance, compared by its square where it is held as one (squaresBound).
    'if (stopTolerance > 0 && (code >= 0 ? code <= stopSquares : 0 - code <= stopTolerance)) {',
    `  stop[0] = ${CONVERGED};`,
    '  t++;',
    '  break;',
    '}',
  ];
}

const loops = new WeakMap<Objective, Map<string, RunLoop>>();

/**
 * The run loop for `objective` and `optimizer` (made on their first run together, and with a schedule that cycles the
 * momentum or not: `cycledMomentum`): with both in its body when both come as code, else calling them.
 */
export function runLoopFor(objective: Objective, optimizer: Optimizer, cycledMomentum: boolean): RunLoop {
  const n = objective.variables.length;
  const inlined = objective.code !== undefined && optimizer.code !== undefined && namesEachVariable(n);
  const key = inlined ? `${optimizer.code!.name}${cycledMomentum ? '/cycled' : ''}` : '';
  let ofObjective = loops.get(objective);
  if (ofObjective === undefined) {
    ofObjective = new Map();
    loops.set(objective, ofObjective);
  }
  let loop = ofObjective.get(key);
  if (loop === undefined) {
    // The one place the run loop is generated: its source is printed from numbers and from code generated from the
    // formula's expression DAG (see above), never from text of the selection.
    const source = inlined ? inlinedRunLoopSource(n, objective.code!, optimizer.code!, cycledMomentum) : runLoopSource(n);
    // eslint-disable-next-line no-new-func
    const factory = new Function('helpers', 'objectiveHelpers', source) as (helpers: object, objectiveHelpers: object) => RunLoop;
    loop = factory({ euclideanNorm }, objective.code?.helpers ?? {});
    ofObjective.set(key, loop);
  }
  return loop;
}

const primed = new WeakSet<RunLoop>();

/** Updates of the first priming call: enough for the engine to start recording what the loop meets (see below). */
const PRIMING_UPDATES = 64;

/**
 * Runs a newly made run loop on scratch copies before its first run (`scratch` makes an optimizer and a schedule of
 * the run's kinds, called only for a loop not yet primed; `start` is copied), from counters set to take every branch a run may reach only late
 * (primingCounters): the engine has then seen every branch of the loop run before it optimises it. A branch never
 * seen run is compiled as a bail-out; the first run to reach it (one that settles after 27,000 updates) threw the
 * optimised loop away, and the engine then often kept entering the loop through its on-stack-replacement code only,
 * from the interpreter, at a third of the speed for as long as the process lived. Two calls: the engine records what
 * a function meets only once it has run a while, so a stretch of updates first, then one update that takes every
 * late branch and stops. `start` and `startGradient` (the run's, evaluated already) are copied. A loop that calls the
 * objective (the general one) evaluates it at the scratch updates' points, as a run would: pure, and never where a
 * parameter is not finite. Does nothing for a loop already primed.
 */
export function primeRunLoop(
  loop: RunLoop,
  objective: Objective,
  scratch: () => { readonly optimizer: Optimizer; readonly schedule: LearningRateSchedule },
  start: ArrayLike<number>,
  startGradient: ArrayLike<number>,
): void {
  if (primed.has(loop)) return;
  primed.add(loop);
  const { optimizer, schedule } = scratch();
  const n = objective.variables.length;
  const params = Float64Array.from(start);
  const gradient = Float64Array.from(startGradient);
  const stride = PARAMS + n;
  const settings = optimizer.code?.settings.slice() ?? new Float64Array(0);
  const state = new Float64Array(optimizer.code?.state.length ?? 0);
  const values = new Float64Array((PRIMING_UPDATES + 2) * stride);
  const stop = new Int32Array(1);
  // Updates 2 … (a reversal counts from 2 on) into slots 1 …: first without a stop, then one that stops.
  loop(objective, optimizer, settings, state, schedule, params, gradient, 0, -1, stop, primingCounters(n), [], values, stride, 2, PRIMING_UPDATES + 1, stride);
  stop[0] = 0;
  params.set(start);
  gradient.set(startGradient);
  loop(objective, optimizer, settings, state, schedule, params, gradient, Infinity, Infinity, stop, primingCounters(n), [], values, stride, 2, 2, stride);
}
