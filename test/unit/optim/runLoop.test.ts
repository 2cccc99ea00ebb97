/**
 * The generated run loop (src/core/optim/runLoop.ts): with the formula's loss and gradient and SGD's update in its
 * body it records exactly what the loop that calls them records, for every variant of SGD and for schedules that
 * cycle momentum; the loop form it takes beyond UNROLLED_VARIABLES keeps the same counters; and its source never
 * holds text of the formula.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { compileFormula } from '../../../src/core/formula';
import type { Objective } from '../../../src/core/objective';
import { createOptimizer, defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { primingCounters, RunCounters, UNROLLED_VARIABLES } from '../../../src/core/optim/record/counters';
import { recordOfTrace, simulateTrace } from '../../../src/core/optim/record/fullTrace';
import { RecentStates } from '../../../src/core/optim/record/recentStates';
import { CONVERGED, inlinedRunLoopSource, runLoopFor, runLoopSource } from '../../../src/core/optim/runLoop';
import { createSchedule, defaultScheduleSettings } from '../../../src/core/optim/schedules';
import { judgingTolerance, simulate } from '../../../src/core/optim/simulate';
import type { OptimizerSettings, RunSettings, ScheduleSettings } from '../../../src/core/optim/types';

/** The same objective without its code: runs of it call `valueAndGradient`, in the general loop. */
function calledOnly(objective: Objective): Objective {
  return {
    variables: objective.variables,
    value: (p) => objective.value(p),
    valueAndGradient: (p, g) => objective.valueAndGradient(p, g),
    hessian: (p) => objective.hessian(p),
  };
}

const FORMULAS = [
  { source: '(1 - x)^2 + 100*(y - x^2)^2', start: [-1.5, 2] },
  { source: '0.5*(100*x^2 + y^2)', start: [3, -2] },
  { source: 'log(cosh(x)) + softplus(y - 1) + abs(x*y)^1.5', start: [2, -1] },
  { source: 'x^2', start: [10] },
];

const SGD: OptimizerSettings[] = [
  { kind: 'gd', weightDecay: 0 },
  { kind: 'gd', weightDecay: 0.01 },
  { kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 0 },
  { kind: 'momentum', momentum: 0.5, dampening: 0.3, weightDecay: 1e-3 },
  { kind: 'nesterov', momentum: 0.9, weightDecay: 0.05 },
];

function run(learningRate: number, maxSteps: number, optimizer: OptimizerSettings, schedule: ScheduleSettings = { kind: 'constant' }, tolerance = 0): RunSettings {
  return { learningRate, optimizer, schedule, maxSteps, tolerance };
}

describe('the generated run loop', () => {
  it('has the formula’s loss and gradient and SGD’s update in its body, and records what the loop that calls them records', () => {
    const rosenbrock = compileFormula(FORMULAS[0]!.source);
    assert.ok(rosenbrock.code, 'a compiled formula offers its code');
    assert.ok(createOptimizer(SGD[0]!, 2).code, 'SGD offers its code');
    assert.equal(createOptimizer(defaultOptimizerSettings('adam'), 2).code, undefined);
    const schedules: ScheduleSettings[] = [
      { kind: 'constant' },
      defaultScheduleSettings('cosine', 6000),
      // OneCycleLR cycling momentum: SGD's momentum is the schedule's at every update.
      { ...defaultScheduleSettings('onecycle', 6000), cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95 },
    ];
    for (const { source, start } of FORMULAS) {
      const formula = compileFormula(source);
      for (const optimizer of SGD) {
        for (const schedule of schedules) {
          for (const [learningRate, steps, tolerance] of [
            [1e-3, 6000, 0],
            [0.02, 6000, 1e-6],
            [0.5, 300, 0],
          ] as const) {
            const settings = run(learningRate, steps, optimizer, schedule, tolerance);
            const label = `${source} ${JSON.stringify(settings)}`;
            assert.deepEqual(simulate(formula, start, settings), simulate(calledOnly(formula), start, settings), label);
          }
        }
      }
    }
  });

  it('leaves out of SGD’s update what its settings never do, as a loop written by hand for them would', () => {
    const formula = compileFormula(FORMULAS[0]!.source);
    const sourceOf = (settings: OptimizerSettings, cycled = false): string => inlinedRunLoopSource(2, formula.code!, createOptimizer(settings, 2).code!, cycled);
    const plain = sourceOf(SGD[0]!);
    assert.match(plain, /p0 = p0 \+ -rate \* oDirection0;/);
    for (const absent of ['oWeightDecay *', 'oBuffer', 'oStepMomentum', 'cycledMomentum']) assert.ok(!plain.includes(absent), absent);
    assert.ok(sourceOf(SGD[1]!).includes('oWeightDecay * p0'));
    const heavyBall = sourceOf(SGD[2]!);
    assert.ok(heavyBall.includes('oBuffer0 = oHasBuffer') && !heavyBall.includes('if (oStepMomentum !== 0)'), 'a fixed momentum is on at every update');
    assert.ok(sourceOf(SGD[4]!).includes('oDirection0 = oDirection0 + oStepMomentum * oBuffer0;'), 'Nesterov');
    // A schedule that cycles the momentum may set it to 0 at an update: then it is checked at each, as `step` does.
    assert.ok(sourceOf(SGD[0]!, true).includes('if (oStepMomentum !== 0) {'));
    // Different settings, different loops: each name is one shape of the update.
    const names = SGD.map((settings) => createOptimizer(settings, 2).code!.name);
    assert.deepEqual(names, ['torch-sgd', 'torch-sgd+decay', 'torch-sgd+momentum', 'torch-sgd+decay+momentum', 'torch-sgd+decay+momentum+nesterov']);
  });

  it('goes on where it stopped: one run advanced in pieces records what it records in one go (property)', () => {
    const formula = compileFormula('(1 - x)^2 + 100*(y - x^2)^2');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SGD.length - 1 }), fc.double({ min: 1e-5, max: 3e-3, noNaN: true }), fc.integer({ min: 1, max: 12_000 }), (k, η, steps) => {
        const settings = run(η, steps, SGD[k]!);
        assert.deepEqual(simulate(formula, [-1.5, 2], settings), recordOfTrace(simulateTrace(formula, [-1.5, 2], settings), judgingTolerance(settings)));
      }),
      { numRuns: 25 },
    );
  });

  it('keeps of a long run what reading its whole trace again keeps, bit for bit', () => {
    // Runs long enough for the window blocks and series buckets to have merged many times, with loss curves that
    // fall, bounce (momentum in a narrow valley, Adam at a large η) and grow.
    const cases: { source: string; start: number[]; settings: RunSettings }[] = [
      { source: FORMULAS[0]!.source, start: [-1.5, 2], settings: run(1e-4, 400_000, SGD[0]!) },
      { source: FORMULAS[1]!.source, start: [3, -2], settings: run(0.0199, 300_000, SGD[2]!) },
      { source: FORMULAS[1]!.source, start: [3, -2], settings: run(0.1, 200_001, defaultOptimizerSettings('adam')) },
      { source: 'x^2', start: [1e-100], settings: run(1.00001, 270_000, SGD[0]!) },
      { source: FORMULAS[2]!.source, start: [2, -1], settings: run(0.05, 140_000, SGD[4]!, defaultScheduleSettings('cosine', 140_000), 1e-9) },
    ];
    for (const { source, start, settings } of cases) {
      const formula = compileFormula(source);
      const record = simulate(formula, start, settings);
      assert.ok(record.steps > 131_072, `${source}: ${record.steps} steps`);
      assert.deepEqual(record, recordOfTrace(simulateTrace(formula, start, settings), judgingTolerance(settings)), `${source} ${JSON.stringify(settings)}`);
    }
  });

  it(`counts as a pass over the trace does beyond ${UNROLLED_VARIABLES} variables, where it loops over them`, () => {
    const n = UNROLLED_VARIABLES + 4;
    const names = Array.from({ length: n }, (_, i) => `w${i}`);
    const formula = compileFormula(names.map((name, i) => `${i + 1}*(${name} - ${i % 3})^2`).join(' + ') + ' + w0*w1');
    const start = names.map((_, i) => (i % 2 === 0 ? 1 : -2));
    for (const optimizer of [SGD[2]!, defaultOptimizerSettings('adam')]) {
      for (const settings of [run(0.01, 5000, optimizer, { kind: 'constant' }, 1e-6), run(0.2, 3000, optimizer)]) {
        const record = simulate(formula, start, settings);
        assert.deepEqual(record, recordOfTrace(simulateTrace(formula, start, settings), judgingTolerance(settings)), JSON.stringify(settings));
        assert.deepEqual(record, simulate(calledOnly(formula), start, settings));
      }
    }
  });

  it('is first run on scratch copies from counters that take every branch a run may reach only late', () => {
    // What the priming counts (primingCounters): one state counted from them goes above the start, to a new peak,
    // overshoots, reverses, goes beyond the bound of an explosion and comes within the tolerance.
    const formula = compileFormula(FORMULAS[0]!.source);
    const optimizer = createOptimizer(SGD[2]!, 2);
    const loop = runLoopFor(formula, optimizer, false);
    const c = primingCounters(2);
    const params = Float64Array.of(-1.5, 2);
    const gradient = new Float64Array(2);
    formula.valueAndGradient(params, gradient);
    const overshoots: number[] = [];
    const stop = new Int32Array(1);
    const last = loop(formula, optimizer, optimizer.code!.settings.slice(), new Float64Array(3), createSchedule({ kind: 'constant' }, 1e-3, 10), params, gradient, Infinity, Infinity, stop, c, overshoots, new Float64Array(15), 5, 2, 2, 5);
    assert.equal(last, 2);
    assert.equal(stop[0], CONVERGED, 'the stop is taken');
    // Read through a RunCounters (started on any state, then given the priming's counts).
    const counters = new RunCounters(2, 1);
    counters.start(new RecentStates(2, 10, true));
    counters.state.set(c);
    const counts = counters.counts();
    assert.deepEqual(
      [counts.firstAboveStart, counts.aboveStartSince, counts.explodedSince, counts.convergedAt, counts.peakStep, counts.overshootCount, counts.directionFlips],
      [2, 2, 2, 2, 2, 1, 1],
    );
    assert.deepEqual(overshoots, [2]);
    // A run's own objective, optimizer and schedule are left alone: a run after the priming is a run without it.
    const settings = run(1e-3, 3000, SGD[2]!);
    assert.deepEqual(simulate(formula, [-1.5, 2], settings), simulate(calledOnly(formula), [-1.5, 2], settings));
  });

  it('is printed from numbers and the formula’s generated code only: no name from the selection reaches it', () => {
    const formula = compileFormula('constructor^2 + __proto__*toString + valueOf^4');
    const optimizer = createOptimizer(SGD[3]!, 4);
    const inlined = [false, true].map((cycled) => inlinedRunLoopSource(4, formula.code!, optimizer.code!, cycled));
    for (const source of [runLoopSource(4), runLoopSource(UNROLLED_VARIABLES + 1), ...inlined]) {
      for (const name of formula.variables) assert.ok(!source.includes(name), name);
    }
    const settings = run(0.01, 2000, SGD[3]!);
    assert.deepEqual(simulate(formula, [1, 2, 3, 0.5], settings), simulate(calledOnly(formula), [1, 2, 3, 0.5], settings));
  });
});
