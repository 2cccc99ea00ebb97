/**
 * What a run keeps as it streams (src/core/optim/record): the counters give the measures a pass over the whole trace
 * gives, the chart's series keeps each bucket's extremes, the recent window is the trace's last states, and a short
 * run keeps every state.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { compileFormula } from '../../../src/core/formula';
import { squaresBound } from '../../../src/core/math/norm';
import type { Objective } from '../../../src/core/objective';
import { measureRun } from '../../../src/core/optim/measure';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { defaultScheduleSettings } from '../../../src/core/optim/schedules';
import { SERIES_BUCKETS } from '../../../src/core/optim/record/extremesSeries';
import { recordOfTrace, simulateTrace } from '../../../src/core/optim/record/fullTrace';
import { RunCounters, type RunCounts } from '../../../src/core/optim/record/counters';
import { GRADIENT_NORM, LEARNING_RATE, LOSS, normCode, PARAMS, RECENT_STEPS, RecentStates } from '../../../src/core/optim/record/recentStates';
import { endOf, startOf, type RunRecord } from '../../../src/core/optim/record/runRecord';
import { paramsAt, type SampledStates } from '../../../src/core/optim/record/sampledStates';
import { judgingTolerance, simulate, Simulation } from '../../../src/core/optim/simulate';
import type { OptimizerKind, RunSettings, ScheduleKind, Trace } from '../../../src/core/optim/types';
import { stepDouble } from '../../support/doubles';
import { measureTrace } from './fullTraceMeasures';
import { negativeSquare, quadratic2d } from './testObjectives';

const FORMULAS: Readonly<Record<string, { objective: Objective; start: number[] }>> = {
  square: { objective: compileFormula('x^2'), start: [10] },
  rosenbrock: { objective: compileFormula('(1 - x)^2 + 100*(y - x^2)^2'), start: [-1.5, 2] },
  logCosh: { objective: compileFormula('log(cosh(x))'), start: [5] },
  plateau: { objective: compileFormula('tanh(x)^2'), start: [4] },
  valley: { objective: compileFormula('0.5*(100*x^2 + y^2)'), start: [3, -2] },
  saddle: { objective: quadratic2d(1, -1), start: [1, 1e-3] },
  noBottom: { objective: negativeSquare, start: [1] },
  quartic: { objective: compileFormula('x^4 + y^4 + z^2'), start: [2, -1, 3] },
};

function settings(learningRate: number, maxSteps: number, optimizer: OptimizerKind = 'gd', tolerance = 1e-5, schedule: ScheduleKind = 'constant'): RunSettings {
  return { learningRate, optimizer: defaultOptimizerSettings(optimizer), schedule: defaultScheduleSettings(schedule, maxSteps), maxSteps, tolerance };
}

/** The same run kept as it streams and read whole: the measures agree exactly. */
function assertCountersMatchTrace(name: string, run: RunSettings): void {
  const { objective, start } = FORMULAS[name]!;
  const record = simulate(objective, start, run);
  const trace = simulateTrace(objective, start, run);
  const tolerance = judgingTolerance(run);
  for (const options of [{ alongPath: true }, {}]) {
    assert.deepEqual(measureRun(record, objective, options), measureTrace(trace, objective, tolerance, options), `${name} ${JSON.stringify(run)}`);
  }
}

describe('the record’s counters', () => {
  it('equal a pass over the whole trace, for runs that converge, creep, bounce, settle and leave, diverge or fall without bound', () => {
    const cases: [string, RunSettings][] = [
      ['square', settings(0.2, 1000)],
      ['square', settings(0.9, 1000)],
      ['square', settings(1.1, 5000, 'gd', 0)],
      ['square', settings(1e-4, 20_000)],
      ['rosenbrock', settings(1e-3, 20_000)],
      ['rosenbrock', settings(1e-3, 9000, 'adam', 0)],
      ['rosenbrock', settings(1e-3, 12_345, 'momentum')],
      ['logCosh', settings(3, 10_000, 'gd', 0)],
      ['plateau', settings(0.1, 6000)],
      ['valley', settings(0.0199, 30_000, 'gd', 0)],
      ['saddle', settings(0.1, 5000, 'gd', 0)],
      ['noBottom', settings(1e-3, 300_000, 'gd', 0)],
      ['noBottom', settings(0.1, 100)],
      ['quartic', settings(0.01, 10_000, 'nesterov')],
    ];
    for (const [name, run] of cases) assertCountersMatchTrace(name, run);
  });

  it('equal a pass over the whole trace for any run (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(FORMULAS)),
        fc.double({ min: -4, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 13_000 }),
        fc.constantFrom<OptimizerKind>('gd', 'momentum', 'adam', 'rmsprop'),
        fc.constantFrom(0, 1e-5, 1e-3),
        fc.constantFrom<ScheduleKind>('constant', 'step', 'cosine', 'warmup-cosine', 'onecycle'),
        (name, logLearningRate, maxSteps, optimizer, tolerance, schedule) => {
          assertCountersMatchTrace(name, settings(10 ** logLearningRate, maxSteps, optimizer, tolerance, schedule));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('count the parameters’ explosion from where it began, as a made-up trace shows', () => {
    const steps = 6000;
    const trace: Trace = {
      variables: ['x'],
      steps,
      loss: new Float64Array(steps + 1).fill(1),
      gradientNorms: new Float64Array(steps + 1).fill(1),
      learningRates: new Float64Array(steps).fill(0.1),
      // Out beyond a million times the start at step 5,000, back in at 5,500, out again for good from 5,800.
      params: Float64Array.from({ length: steps + 1 }, (_, t) => (t >= 5800 || (t >= 5000 && t < 5500) ? 1e7 : 2)),
      stop: 'max-steps',
      nonFiniteAt: null,
    };
    const square = FORMULAS.square!.objective;
    const measures = measureRun(recordOfTrace(trace, 1e-5), square);
    assert.deepEqual(measures.divergence, { kind: 'params-exploded', at: 5800 });
    assert.deepEqual(measures, measureTrace(trace, square, 1e-5));
  });

  it('list the first 100,000 overshoots and count them all', () => {
    // x² at η = 1.0005 from 1e-100: |x| grows by 0.1% a step, so the loss rises on every one of 250,000.
    const record = simulate(FORMULAS.square!.objective, [1e-100], settings(1.0005, 250_000, 'gd', 0));
    assert.equal(record.counts.overshootCount, 250_000);
    assert.equal(record.counts.overshootSteps.length, 100_000);
    assert.deepEqual(record.counts.overshootSteps.slice(0, 3), [1, 2, 3]);
    assert.equal(record.counts.overshootSteps.at(-1), 100_000);
  });

  it('are the same when a run’s whole trace is handed over again, in pieces of any size', () => {
    for (const [name, run] of [
      ['rosenbrock', settings(1e-3, 20_000)],
      ['square', settings(0.9, 6000, 'gd', 0)],
      ['noBottom', settings(0.1, 100)],
    ] as const) {
      const { objective, start } = FORMULAS[name]!;
      const trace = simulateTrace(objective, start, run);
      const record = simulate(objective, start, run);
      for (const piece of [1, 3, 512, 4095]) assert.deepEqual(recordOfTrace(trace, judgingTolerance(run), { piece }), record, `${name}, ${piece} at a time`);
    }
  });

  it('are the same whether a state holds its gradient norm as its square or whole, at and around the tolerance (property)', () => {
    // The run loop holds a norm as its square and compares it with the tolerance that way (squaresBound); a replayed
    // trace or a minibatch run holds it whole. Norms are drawn at the tolerance, a few ulps either side, and far off.
    const tolerance = fc.constantFrom(1e-5, 0.3, 1e-150, 7);
    fc.assert(
      fc.property(
        tolerance,
        fc.array(fc.tuple(fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: -3, max: 3 }), fc.double({ min: 0, max: 3, noNaN: true })), { minLength: 2, maxLength: 40 }),
        (tol, states) => {
          const bound = squaresBound(tol);
          const squares = states.map(([, ulps, scale]) => (ulps === 3 ? (tol * scale) ** 2 : stepDouble(bound, ulps)));
          const counts = (asSquares: boolean): RunCounts => {
            const ring = new RecentStates(1, states.length, true);
            const counters = new RunCounters(1, tol);
            states.forEach(([loss], t) => {
              const at = ring.offsetOf(t);
              ring.values[at + LOSS] = loss;
              ring.values[at + GRADIENT_NORM] = asSquares && t > 0 ? squares[t]! : normCode(Math.sqrt(squares[t]!));
              ring.values[at + LEARNING_RATE] = t === 0 ? Number.NaN : 0.1;
              ring.values[at + PARAMS] = t;
            });
            counters.consume(ring, 0, states.length - 1);
            return counters.counts();
          };
          assert.deepEqual(counts(true), counts(false));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('are the same whatever pieces a run is handed over in (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('rosenbrock', 'valley', 'quartic', 'square'),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom<OptimizerKind>('gd', 'momentum', 'adam'),
        (name, maxSteps, piece, optimizer) => {
          const { objective, start } = FORMULAS[name]!;
          const run = settings(name === 'square' ? 0.3 : 1e-3, maxSteps, optimizer, 0);
          assert.deepEqual(recordOfTrace(simulateTrace(objective, start, run), judgingTolerance(run), { piece }), simulate(objective, start, run));
        },
      ),
      { numRuns: 30 },
    );
  });
});

/** The states of `trace` at `steps`, as columns. */
function statesOf(trace: Trace, first: number, last: number): Omit<SampledStates, 'count' | 'dimension'> {
  const n = trace.variables.length;
  const steps = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  return {
    step: Float64Array.from(steps),
    loss: Float64Array.from(steps, (t) => trace.loss[t]!),
    gradientNorm: Float64Array.from(steps, (t) => trace.gradientNorms[t]!),
    learningRate: Float64Array.from(steps, (t) => (t === 0 ? Number.NaN : trace.learningRates[t - 1]!)),
    params: trace.params.slice(first * n, (last + 1) * n),
  };
}

function columns(states: SampledStates): Omit<SampledStates, 'count' | 'dimension'> {
  return { step: states.step, loss: states.loss, gradientNorm: states.gradientNorm, learningRate: states.learningRate, params: states.params };
}

describe('the record’s states', () => {
  it('keep every state of a run of up to 4,096 steps, in the series and the recent window alike', () => {
    for (const steps of [0, 1, 2, 1000, RECENT_STEPS]) {
      const run = settings(1e-3, steps, 'adam', 0);
      const { objective, start } = FORMULAS.rosenbrock!;
      const record = simulate(objective, start, run);
      const trace = simulateTrace(objective, start, run);
      assert.deepEqual(columns(record.series), statesOf(trace, 0, steps), `${steps} steps`);
      assert.deepEqual(columns(record.recent), statesOf(trace, 0, steps));
      assert.deepEqual(Array.from(endOf(record).params), Array.from(trace.params.subarray(steps * 2)));
    }
  });

  it('keep the last 4,096 steps of a longer run as they were, bit for bit', () => {
    const run = settings(1e-3, 50_001, 'momentum', 0);
    const { objective, start } = FORMULAS.rosenbrock!;
    const record = simulate(objective, start, run);
    const trace = simulateTrace(objective, start, run);
    assert.deepEqual(columns(record.recent), statesOf(trace, 50_001 - RECENT_STEPS, 50_001));
  });

  it('keep the start, the end, and each bucket’s lowest and highest loss of a long run: a bounce stays visible', () => {
    // Adam at a constant η = 0.1 never settles: near the minimum its steps stay about η long, so the loss bounces
    // over orders of magnitude from one step to the next (1e-22 … 5e-4 over the last thousand steps).
    const objective = compileFormula('x^2 + (1 - exp(-y^2))');
    const run = settings(0.1, 300_000, 'adam', 0);
    const record = simulate(objective, [1, 2], run);
    const trace = simulateTrace(objective, [1, 2], run);
    const series = record.series;
    const steps = Array.from(series.step);
    assert.ok(series.count <= 2 + 2 * SERIES_BUCKETS, `${series.count} states`);
    assert.equal(steps[0], 0);
    assert.equal(steps.at(-1), 300_000);
    assert.ok(steps.every((t, k) => k === 0 || t > steps[k - 1]!), 'steps increase');
    // Each state kept is the run's own.
    steps.forEach((t, k) => {
      assert.equal(series.loss[k], trace.loss[t]);
      assert.deepEqual(Array.from(paramsAt(series, k)), Array.from(trace.params.subarray(2 * t, 2 * t + 2)));
    });
    // Buckets of equal width (a power of two) cover the steps after the start; each keeps its extremes.
    let width = 1;
    while (SERIES_BUCKETS * width < 300_000) width *= 2;
    const kept = new Set(steps);
    for (let first = 1; first <= 300_000; first += width) {
      const last = Math.min(first + width - 1, 300_000);
      let low = first;
      let high = first;
      for (let t = first + 1; t <= last; t++) {
        if (trace.loss[t]! < trace.loss[low]!) low = t;
        if (trace.loss[t]! > trace.loss[high]!) high = t;
      }
      assert.ok(kept.has(low) && kept.has(high), `bucket from ${first}: lowest at ${low}, highest at ${high}`);
    }
    // So the envelope is the run's: its lowest and highest loss are both drawn.
    const extreme = (values: Float64Array, pick: (a: number, b: number) => number): number => values.reduce((a, b) => pick(a, b));
    assert.equal(extreme(series.loss, Math.min), extreme(trace.loss, Math.min));
    assert.equal(extreme(series.loss, Math.max), extreme(trace.loss, Math.max));
    // And the bounce is drawn to the end: in the last tenth of the run the series still goes up and down, between the
    // extremes the run itself reached there (every 256-step bucket's).
    const tail = steps.map((t, k) => [t, series.loss[k]!] as const).filter(([t]) => t > 270_000);
    const rises = tail.filter(([, loss], k) => k > 0 && loss > tail[k - 1]![1]).length;
    assert.ok(rises > tail.length / 4, `${rises} rises among ${tail.length} states`);
    const tailOfTrace = trace.loss.subarray(270_081);
    assert.equal(extreme(Float64Array.from(tail.filter(([t]) => t >= 270_081).map(([, loss]) => loss)), Math.max), extreme(tailOfTrace, Math.max));
    assert.equal(extreme(Float64Array.from(tail.filter(([t]) => t >= 270_081).map(([, loss]) => loss)), Math.min), extreme(tailOfTrace, Math.min));
  });

  it('keeps the same record however the run was advanced, and the start and end it ran between', () => {
    const { objective, start } = FORMULAS.valley!;
    const run = settings(0.0199, 12_000, 'gd', 0);
    const whole: RunRecord = simulate(objective, start, run);
    assert.deepEqual(Array.from(startOf(whole).params), start);
    assert.equal(whole.steps, 12_000);
    assert.equal(endOf(whole).step, 12_000);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 20 }), (pieces) => {
        const simulation = new Simulation(objective, start, run);
        for (let k = 0; !simulation.done; k++) simulation.advance(pieces[k % pieces.length]! || 1);
        assert.deepEqual(simulation.record(), whole);
      }),
      { numRuns: 15 },
    );
  });

  it('part-way through a run is the record of a run that stopped there', () => {
    const { objective, start } = FORMULAS.rosenbrock!;
    const simulation = new Simulation(objective, start, settings(1e-3, 20_000, 'momentum', 0));
    simulation.advance(9000);
    const partial = simulation.record();
    const shorter = simulate(objective, start, settings(1e-3, 9000, 'momentum', 0));
    assert.equal(partial.steps, 9000);
    assert.deepEqual(partial.counts, shorter.counts);
    assert.deepEqual(columns(partial.recent), columns(shorter.recent));
    assert.deepEqual(Array.from(endOf(partial).params), Array.from(endOf(shorter).params));
  });
});
