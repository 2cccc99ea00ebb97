import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Objective } from '../../../src/core/objective';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { learningRateSequence } from '../../../src/core/optim/schedules';
import { simulateTrace, TraceCollector } from '../../../src/core/optim/record/fullTrace';
import { endOf } from '../../../src/core/optim/record/runRecord';
import { NonFiniteStartError, Simulation, simulate, simulateInSlices } from '../../../src/core/optim/simulate';
import type { RunSettings, Trace } from '../../../src/core/optim/types';
import { REFERENCE_OBJECTIVES } from '../../support/referenceObjectives';

const square = REFERENCE_OBJECTIVES.quadratic1d!;
const rosenbrock = REFERENCE_OBJECTIVES.rosenbrock!;

function run(overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    learningRate: 0.2,
    optimizer: defaultOptimizerSettings('gd'),
    schedule: { kind: 'constant' },
    maxSteps: 1000,
    tolerance: 1e-5,
    ...overrides,
  };
}

/** sqrt(x): finite for x ≥ 0, NaN below, so a large step lands on NaN. */
const squareRoot: Objective = {
  variables: ['x'],
  value: (p) => Math.sqrt(p[0]!),
  valueAndGradient(p, g) {
    g[0] = 0.5 / Math.sqrt(p[0]!);
    return Math.sqrt(p[0]!);
  },
  hessian: (p) => [[-0.25 * p[0]! ** -1.5]],
};

/** Wraps an objective and counts how it is called. */
function counting(objective: Objective): { objective: Objective; calls: { value: number; valueAndGradient: number; hessian: number } } {
  const calls = { value: 0, valueAndGradient: 0, hessian: 0 };
  return {
    calls,
    objective: {
      variables: objective.variables,
      value: (p) => (calls.value++, objective.value(p)),
      valueAndGradient: (p, g) => (calls.valueAndGradient++, objective.valueAndGradient(p, g)),
      hessian: (p) => (calls.hessian++, objective.hessian(p)),
    },
  };
}

/**
 * Makes the objective's run loop (whose first call is a priming run on scratch copies, runLoop.ts primeRunLoop, which
 * evaluates the objective as a run would) and zeroes the counts, so that they count one run's evaluations.
 */
function primedFor(objective: Objective, calls: { value: number; valueAndGradient: number; hessian: number }): void {
  simulate(objective, objective.variables.map(() => 1), run({ maxSteps: 1 }));
  calls.value = calls.valueAndGradient = calls.hessian = 0;
}

function assertWellFormed(trace: Trace): void {
  const n = trace.variables.length;
  assert.equal(trace.loss.length, trace.steps + 1);
  assert.equal(trace.gradientNorms.length, trace.steps + 1);
  assert.equal(trace.learningRates.length, trace.steps);
  assert.equal(trace.params.length, (trace.steps + 1) * n);
  for (const values of [trace.loss, trace.gradientNorms, trace.learningRates, trace.params]) {
    assert.ok(values.every(Number.isFinite), 'only finite states are recorded');
  }
}

describe('simulate: stopping rules', () => {
  it('stops at the first step whose gradient norm is within the tolerance', () => {
    const trace = simulateTrace(square, [10], run());
    assertWellFormed(trace);
    assert.equal(trace.stop, 'converged');
    assert.ok(trace.gradientNorms[trace.steps]! <= 1e-5);
    assert.ok(trace.gradientNorms[trace.steps - 1]! > 1e-5);
    // x_t = 10 · 0.6^t and |∇| = 2|x_t| ≤ 1e-5 first at t = 29.
    assert.equal(trace.steps, 29);
    assert.equal(trace.nonFiniteAt, null);
  });

  it('records η, loss, gradient norm and parameters of every state', () => {
    const trace = simulateTrace(square, [10], run({ maxSteps: 3, tolerance: 0 }));
    assert.deepEqual(Array.from(trace.params), [10, 6, 3.5999999999999996, 2.1599999999999997]);
    assert.deepEqual(Array.from(trace.loss), [100, 36, 12.959999999999997, 4.665599999999999]);
    assert.deepEqual(Array.from(trace.gradientNorms), [20, 12, 7.199999999999999, 4.319999999999999]);
    assert.deepEqual(Array.from(trace.learningRates), [0.2, 0.2, 0.2]);
    assert.deepEqual(trace.variables, ['x']);
  });

  it('runs every step when the tolerance is 0 (early stopping off)', () => {
    const trace = simulateTrace(square, [10], run({ tolerance: 0, maxSteps: 500 }));
    assertWellFormed(trace);
    assert.equal(trace.stop, 'max-steps');
    assert.equal(trace.steps, 500);
  });

  it('stops at the start when the gradient there is already within the tolerance', () => {
    const trace = simulateTrace(square, [0], run());
    assert.equal(trace.stop, 'converged');
    assert.equal(trace.steps, 0);
    assertWellFormed(trace);
  });

  it('a step limit of 0 records just the start', () => {
    const trace = simulateTrace(square, [10], run({ maxSteps: 0 }));
    assert.equal(trace.stop, 'max-steps');
    assert.equal(trace.steps, 0);
    assert.deepEqual(Array.from(trace.loss), [100]);
  });

  it('cuts a run before its first non-finite loss (overflow)', () => {
    const trace = simulateTrace(square, [10], run({ learningRate: 1.1, tolerance: 0, maxSteps: 5000 }));
    assertWellFormed(trace);
    assert.equal(trace.stop, 'non-finite');
    assert.equal(trace.nonFiniteAt, trace.steps + 1);
    // |x| = 10 · 1.2^t, and x² overflows once |x| > 1.34e154: t > log(1.34e153)/log(1.2) ≈ 1933.9.
    assert.equal(trace.nonFiniteAt, 1934);
  });

  it('cuts a run before a NaN loss and gradient', () => {
    const trace = simulateTrace(squareRoot, [1], run({ learningRate: 10 }));
    assertWellFormed(trace);
    assert.equal(trace.stop, 'non-finite');
    assert.equal(trace.nonFiniteAt, 1);
    assert.equal(trace.steps, 0);
  });

  it('cuts a run before non-finite parameters, without evaluating the objective there', () => {
    const { objective, calls } = counting(square);
    primedFor(objective, calls);
    const trace = simulate(objective, [10], run({ learningRate: 1e308 }));
    assert.equal(trace.stop, 'non-finite');
    assert.equal(trace.nonFiniteAt, 1);
    assert.equal(calls.valueAndGradient, 1, 'only the start was evaluated');
  });

  it('evaluates the gradient once per update and reuses it for the next', () => {
    const { objective, calls } = counting(rosenbrock);
    primedFor(objective, calls);
    const trace = simulate(objective, [-1.5, 2], run({ learningRate: 1e-3, maxSteps: 250, tolerance: 0 }));
    assert.equal(trace.steps, 250);
    assert.deepEqual(calls, { value: 0, valueAndGradient: 251, hessian: 0 });
  });

  it('uses the schedule’s η for each update', () => {
    const schedule = { kind: 'warmup-cosine', warmupSteps: 5, startFactor: 0.1, minLr: 0 } as const;
    const trace = simulateTrace(square, [10], run({ learningRate: 0.1, schedule, maxSteps: 40, tolerance: 0 }));
    assert.deepEqual(trace.learningRates, learningRateSequence(schedule, 0.1, 40));
  });

  it('refuses invalid settings and start points', () => {
    assert.throws(() => simulate(square, [10], run({ learningRate: 0 })), /learningRate/);
    assert.throws(() => simulate(square, [10], run({ maxSteps: 1.5 })), /maxSteps/);
    assert.throws(() => simulate(square, [10], run({ tolerance: -1 })), /tolerance/);
    assert.throws(() => simulate(square, [1, 2], run()), /2 values for 1 variables/);
    assert.throws(() => simulate(square, [Number.NaN], run()), RangeError);
    assert.throws(() => simulate(squareRoot, [-1], run()), NonFiniteStartError);
  });
});

describe('Simulation', () => {
  it('advances in steps of any size to the same states and record as one synchronous run', () => {
    const settings = run({ learningRate: 1e-3, optimizer: defaultOptimizerSettings('adam'), maxSteps: 9000, tolerance: 0 });
    const collector = new TraceCollector();
    const simulation = new Simulation(rosenbrock, [-1.5, 2], settings, { readers: [collector] });
    const sizes = [1, 7, 0, 500, 1024, 3, 5000];
    let i = 0;
    while (!simulation.done) {
      const before = simulation.steps;
      const applied = simulation.advance(sizes[i++ % sizes.length]!);
      assert.equal(simulation.steps, before + applied);
    }
    assert.equal(simulation.advance(10), 0, 'a finished run stays finished');
    assert.deepEqual(simulation.record(), simulate(rosenbrock, [-1.5, 2], settings));
    assert.deepEqual(collector.trace(simulation), simulateTrace(rosenbrock, [-1.5, 2], settings));
  });

  it('a record taken mid-run stays as it was while the run goes on', () => {
    const simulation = new Simulation(square, [10], run({ tolerance: 0, maxSteps: 5000 }));
    simulation.advance(10);
    const early = simulation.record();
    const copy = structuredClone(early);
    simulation.advance(4000);
    assert.equal(early.steps, 10);
    assert.deepEqual(early, copy);
    assert.deepEqual(early.recent.loss, simulation.record().recent.loss.subarray(0, 11));
  });

  it('cancel ends an unfinished run and leaves a finished one alone', () => {
    const simulation = new Simulation(square, [10], run());
    simulation.advance(3);
    simulation.cancel();
    assert.equal(simulation.stop, 'cancelled');
    assert.equal(simulation.advance(5), 0);
    const finished = new Simulation(square, [10], run());
    finished.advance(1000);
    finished.cancel();
    assert.equal(finished.stop, 'converged');
  });
});

describe('simulateInSlices', () => {
  const long = run({ learningRate: 1e-4, optimizer: defaultOptimizerSettings('momentum'), maxSteps: 200_000, tolerance: 0 });

  it('gives the identical record to the synchronous run, in many slices, reporting progress', async () => {
    const progress: number[] = [];
    const sliced = await simulateInSlices(rosenbrock, [-1.5, 2], long, {
      sliceMilliseconds: 1,
      onProgress: (step, maxSteps) => {
        assert.equal(maxSteps, 200_000);
        progress.push(step);
      },
    });
    assert.deepEqual(sliced, simulate(rosenbrock, [-1.5, 2], long));
    assert.ok(progress.length > 1, `${progress.length} slices`);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
    assert.equal(progress.at(-1), 200_000);
  });

  it('yields to the event loop between slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await simulateInSlices(rosenbrock, [-1.5, 2], long, { sliceMilliseconds: 1 });
    clearInterval(timer);
    assert.ok(ticks > 0, 'a timer ran while the simulation was under way');
  });

  it('stops with "cancelled" when asked, keeping what it recorded', async () => {
    let slices = 0;
    const record = await simulateInSlices(rosenbrock, [-1.5, 2], long, {
      sliceMilliseconds: 1,
      onProgress: () => slices++,
      isCancelled: () => slices >= 2,
    });
    assert.equal(record.stop, 'cancelled');
    assert.ok(record.steps > 0 && record.steps < 200_000, `${record.steps} steps`);
    // What it reached is where the whole run was at that step.
    const simulation = new Simulation(rosenbrock, [-1.5, 2], long);
    simulation.advance(record.steps);
    assert.deepEqual(endOf(record), endOf(simulation.record()));
  });

  it('cancelled before it starts: just the start', async () => {
    const trace = await simulateInSlices(square, [10], run(), { isCancelled: () => true });
    assert.equal(trace.stop, 'cancelled');
    assert.equal(trace.steps, 0);
  });

  it('ends normally when the run finishes in the first slice', async () => {
    const trace = await simulateInSlices(square, [10], run());
    assert.deepEqual(trace, simulate(square, [10], run()));
  });
});
