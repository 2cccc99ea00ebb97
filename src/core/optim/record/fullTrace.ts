/**
 * Every state of a run, in memory: a Trace. For short runs and for tests that compare whole trajectories (PyTorch's
 * reference runs); its memory grows with the run, so nothing that runs at the user's step limit uses it. A long run's
 * whole trace is written out by streaming (report.ts), never kept.
 */
import type { Objective } from '../../objective';
import { createSchedule, cyclesMomentum } from '../schedules';
import { Simulation, type StateReader } from '../simulate';
import type { RunSettings, Trace } from '../types';
import { GRADIENT_NORM, gradientNormOf, LEARNING_RATE, LOSS, normCode, PARAMS, RecentStates } from './recentStates';
import { RunRecorder, type RecorderOptions, type RunRecord } from './runRecord';

/** Appends every state it reads. */
export class TraceCollector implements StateReader {
  private loss: number[] = [];
  private gradientNorms: number[] = [];
  private learningRates: number[] = [];
  private params: number[] = [];
  private batchLoss: number[] = [];

  consume(ring: RecentStates, from: number, to: number): void {
    const { values, dimension: n } = ring;
    for (let t = from; t <= to; t++) {
      const at = ring.offsetOf(t);
      this.loss.push(values[at + LOSS]!);
      this.gradientNorms.push(gradientNormOf(values[at + GRADIENT_NORM]!));
      if (t > 0) this.learningRates.push(values[at + LEARNING_RATE]!);
      for (let i = 0; i < n; i++) this.params.push(values[at + PARAMS + i]!);
      if (t > 0 && ring.batchLossAt >= 0) this.batchLoss.push(values[at + ring.batchLossAt]!);
    }
  }

  trace(simulation: Simulation): Trace {
    const record = simulation.record();
    return {
      variables: record.variables,
      steps: record.steps,
      loss: Float64Array.from(this.loss),
      gradientNorms: Float64Array.from(this.gradientNorms),
      learningRates: Float64Array.from(this.learningRates),
      params: Float64Array.from(this.params),
      stop: record.stop,
      nonFiniteAt: record.nonFiniteAt,
      ...(record.minibatch ? { batchLoss: Float64Array.from(this.batchLoss), batchesPerEpoch: record.minibatch.batchesPerEpoch } : {}),
    };
  }
}

/** Runs to the end and returns every state (and the momentum of each update, when the schedule cycles it). */
export function simulateTrace(objective: Objective, start: ArrayLike<number>, settings: RunSettings): Trace {
  const collector = new TraceCollector();
  const simulation = new Simulation(objective, start, settings, { readers: [collector], series: false });
  while (!simulation.done) simulation.advance(Number.MAX_SAFE_INTEGER);
  const trace = collector.trace(simulation);
  return cyclesMomentum(settings.schedule) ? { ...trace, momenta: momentaOf(settings, trace.steps) } : trace;
}

/** The momentum the schedule set for updates 1 … steps (0 where it set none): a function of the update alone. */
function momentaOf(settings: RunSettings, steps: number): Float64Array {
  const schedule = createSchedule(settings.schedule, settings.learningRate, settings.maxSteps);
  const momenta = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    schedule.next();
    momenta[t] = schedule.momentum() ?? 0;
  }
  return momenta;
}

/** States a replayed trace hands over at a time unless told otherwise: as many as a run hands over. */
const REPLAY_PIECE = 512;

/**
 * The record a run with this trace keeps, judged at `tolerance`: the trace's states handed to a recorder as a run
 * hands them, `piece` states at a time (at most the ring's capacity less 2: a reader may read the two states before the
 * first it is handed). For tests of made-up traces (a run that goes where no formula would take it), and to check
 * that what a run keeps as it streams is what its whole trace says, however it is handed over.
 */
export function recordOfTrace(trace: Trace, tolerance: number, options: RecorderOptions & { readonly piece?: number } = {}): RunRecord {
  const n = trace.variables.length;
  const batch = trace.batchLoss !== undefined;
  const ring = new RecentStates(n, trace.steps, true, batch);
  const minibatch = batch ? { batchesPerEpoch: trace.batchesPerEpoch ?? 1, batchLossAt: ring.batchLossAt } : null;
  const recorder = new RunRecorder(n, trace.steps, tolerance, options, minibatch);
  const piece = Math.max(1, Math.min(options.piece ?? REPLAY_PIECE, ring.capacity - 2));
  const values = ring.values;
  let from = 0;
  for (let t = 0; t <= trace.steps; t++) {
    const at = ring.offsetOf(t);
    values[at + LOSS] = trace.loss[t]!;
    values[at + GRADIENT_NORM] = normCode(trace.gradientNorms[t]!);
    values[at + LEARNING_RATE] = t === 0 ? Number.NaN : trace.learningRates[t - 1]!;
    for (let i = 0; i < n; i++) values[at + PARAMS + i] = trace.params[t * n + i]!;
    if (batch) values[at + ring.batchLossAt] = t === 0 ? Number.NaN : trace.batchLoss![t - 1]!;
    // Each piece lies in consecutive slots, and is read before the ring comes round over the states just behind it.
    if (t - from + 1 === piece || ring.slotOf(t) === ring.capacity - 1 || t === trace.steps) {
      recorder.consume(ring, from, t);
      from = t + 1;
    }
  }
  return recorder.record(ring, trace.variables, trace.steps, trace.stop, trace.nonFiniteAt);
}
