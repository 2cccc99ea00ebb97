/**
 * Runs an optimizer on an objective, keeping what its record needs (record/runRecord.ts) in memory that does not
 * grow with the run.
 *
 * A `Simulation` steps on demand (`advance(n)`), so the same run can be driven synchronously (`simulate`, for the
 * CLI and tests) or in time slices that yield to the event loop (`simulateInSlices`, for the extension host, where a
 * million-step run must not freeze the editor). Both produce the same record.
 *
 * The loop is meant to cost what the gradient costs (runLoop.ts). Each update makes one `valueAndGradient` call (the
 * gradient at the state just recorded feeds the next update), calls the schedule and the optimizer through their
 * interfaces (the same for every framework), writes the new state into a ring of typed arrays with plain stores and
 * counts it into the counters the diagnosis reads; it allocates nothing. Whatever else reads the states (the
 * record's series and checkpoints, a trace being written out) reads each stretch of them from the ring in its own
 * tight loop, before the ring comes round: every HAND_OVER_STATES steps and at the end of each `advance`.
 *
 * A loss over data (a BatchObjective) runs in batches (`updateInBatches`, a loop of its own so the formula's stays as
 * it is): each update takes the next batch (minibatch.ts), steps on that batch's exact gradient, and the state is then
 * recorded on all the data (its loss and gradient norm, what the diagnosis judges) together with the batch's loss,
 * which the ring holds after the parameters. With the full batch in file order the update's gradient is the full-data
 * gradient already recorded, and the batch's loss the loss before the update.
 */
import { isBatchObjective, type BatchObjective, type Objective } from '../objective';
import { euclideanNorm, squaresBound } from '../math/norm';
import { BatchSampler } from './minibatch';
import { createOptimizer, type Optimizer } from './optimizers';
import type { RunCounters } from './record/counters';
import { GRADIENT_NORM, LEARNING_RATE, LOSS, normCode, PARAMS, RecentStates } from './record/recentStates';
import { RunRecorder, type RecorderOptions, type RunRecord } from './record/runRecord';
import { CONVERGED, NON_FINITE, primeRunLoop, runLoopFor, type RunLoop } from './runLoop';
import { createSchedule, cyclesMomentum, type LearningRateSchedule } from './schedules';
import { frameworkOf, runSettingsProblem } from './settings';
import { runInSlices, type SliceOptions } from './slicing';
import { DEFAULT_TOLERANCE, type RunSettings, type StopReason } from './types';

/** The start itself has a non-finite loss or gradient: there is nothing to descend from. */
export class NonFiniteStartError extends Error {
  override readonly name = 'NonFiniteStartError';

  constructor(
    readonly loss: number,
    readonly gradientNorm: number,
  ) {
    super(
      Number.isFinite(loss)
        ? `The gradient is not finite at the start point (norm ${gradientNorm}); choose another start.`
        : `The loss is not finite at the start point (${loss}); choose another start.`,
    );
  }
}

/** States the run loop writes before its readers read them: few enough to be still in the processor's cache. */
const HAND_OVER_STATES = 512;

/** Reads the states of a run in order, each stretch of them while it is still in the ring. */
export interface StateReader {
  /**
   * The states after updates `from` … `to` (consecutive, in slots `ring.slotOf(from)` … `ring.slotOf(to)`). The two
   * states before `from` are still in the ring too (a reader may read the step into `from`, or the one before it).
   * `falling`: each of these states has a lower loss than the state before it (a reader may take shortcuts by it).
   */
  consume(ring: RecentStates, from: number, to: number, falling: boolean): void;
}

export interface SimulationOptions extends RecorderOptions {
  /** More readers of every state, after the recorder (a trace being written out). */
  readonly readers?: readonly StateReader[];
}

/** The tolerance a run of `settings` is judged by: its own, or the default when early stopping is off. */
export function judgingTolerance(settings: RunSettings): number {
  return settings.tolerance > 0 ? settings.tolerance : DEFAULT_TOLERANCE;
}

export class Simulation {
  readonly variables: readonly string[];
  private readonly maxSteps: number;
  private readonly tolerance: number;
  /** squaresBound(tolerance): the stop's tolerance for a norm held as its square (recentStates.ts). */
  private readonly toleranceSquares: number;
  /** For a loss over data: the batches, and the loss they are taken from; null for a formula without data. */
  private readonly sampler: BatchSampler | null;
  private readonly batchObjective: BatchObjective | null;
  /** The gradient of the current batch (a minibatch run only). */
  private readonly batchGradient: Float64Array;

  private readonly objective: Objective;
  private readonly optimizer: Optimizer;
  private readonly schedule: LearningRateSchedule;
  /** The current parameters and the gradient there (both belong to the last recorded state). */
  private readonly params: Float64Array;
  private readonly gradient: Float64Array;
  private readonly runLoop: RunLoop;
  /** The optimizer's settings and state as its code reads them (OptimizerCode; empty when it has none). */
  private readonly optimizerSettings: Float64Array;
  private readonly optimizerState: Float64Array;
  /** Where the run loop says why it stopped early. */
  private readonly loopStop = new Int32Array(1);
  /** The first state of the stretch the counters counted last, while its readers have yet to read it. */
  private countedFrom = -1;

  private readonly ring: RecentStates;
  private readonly recorder: RunRecorder;
  /** The record's counters, which the run loop keeps itself. */
  private readonly counters: RunCounters;
  private readonly readers: readonly StateReader[];
  /** The last state every reader has read. */
  private readThrough = -1;

  private stepsDone = 0;
  private stopReason: StopReason | null = null;
  private nonFiniteAt: number | null = null;

  /** Evaluates the start. Throws a RangeError for invalid settings or start, NonFiniteStartError for a bad start. */
  constructor(objective: Objective, start: ArrayLike<number>, settings: RunSettings, options: SimulationOptions = {}) {
    const problem = runSettingsProblem(settings);
    if (problem !== null) throw new RangeError(problem);
    const dimension = objective.variables.length;
    if (start.length !== dimension) {
      throw new RangeError(`The start point has ${start.length} values for ${dimension} variables`);
    }
    for (let i = 0; i < dimension; i++) {
      if (!Number.isFinite(start[i])) throw new RangeError(`The start value of ${objective.variables[i]} is not finite`);
    }

    this.variables = objective.variables;
    this.maxSteps = settings.maxSteps;
    this.tolerance = settings.tolerance;
    this.toleranceSquares = squaresBound(settings.tolerance);
    this.objective = objective;
    this.optimizer = createOptimizer(settings.optimizer, dimension, frameworkOf(settings));
    this.schedule = createSchedule(settings.schedule, settings.learningRate, settings.maxSteps);
    const params = Float64Array.from({ length: dimension }, (_, i) => start[i]!);
    const gradient = new Float64Array(dimension);
    this.params = params;
    this.gradient = gradient;
    this.runLoop = runLoopFor(objective, this.optimizer, cyclesMomentum(settings.schedule));
    this.optimizerSettings = this.optimizer.code?.settings ?? new Float64Array(0);
    this.optimizerState = this.optimizer.code?.state ?? new Float64Array(0);
    this.batchObjective = isBatchObjective(objective) ? objective : null;
    this.sampler = this.batchObjective
      ? new BatchSampler(this.batchObjective.rowCount, { batchSize: settings.batchSize ?? null, shuffle: settings.shuffle ?? true, seed: settings.seed ?? 0 })
      : null;
    this.batchGradient = new Float64Array(this.sampler && !this.sampler.isFullBatchInOrder ? dimension : 0);
    this.ring = new RecentStates(dimension, settings.maxSteps, false, this.sampler !== null);
    const minibatch = this.sampler ? { batchesPerEpoch: this.sampler.batchesPerEpoch, batchLossAt: this.ring.batchLossAt } : null;
    this.recorder = new RunRecorder(dimension, settings.maxSteps, judgingTolerance(settings), options, minibatch);
    this.counters = this.recorder.counters;
    const recorder = this.recorder;
    this.readers = [{ consume: (ring, from, to, falling) => recorder.consumeKept(ring, from, to, falling) }, ...(options.readers ?? [])];

    const loss = objective.valueAndGradient(params, gradient);
    const gradientNorm = euclideanNorm(gradient);
    if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) throw new NonFiniteStartError(loss, gradientNorm);
    const values = this.ring.values;
    values[LOSS] = loss;
    values[GRADIENT_NORM] = normCode(gradientNorm);
    values[LEARNING_RATE] = Number.NaN;
    values.set(params, PARAMS);
    if (this.ring.batchLossAt >= 0) values[this.ring.batchLossAt] = Number.NaN;
    this.counters.start(this.ring);
    if (this.sampler === null) {
      // A loop made for this run is first run on scratch copies, from the start (runLoop.ts says why).
      const scratch = (): { optimizer: Optimizer; schedule: LearningRateSchedule } => ({
        optimizer: createOptimizer(settings.optimizer, dimension, frameworkOf(settings)),
        schedule: createSchedule(settings.schedule, settings.learningRate, settings.maxSteps),
      });
      primeRunLoop(this.runLoop, objective, scratch, params, gradient);
    }
    if (this.tolerance > 0 && gradientNorm <= this.tolerance) this.stopReason = 'converged';
    else if (this.maxSteps === 0) this.stopReason = 'max-steps';
    this.handOver();
  }

  /** Updates applied and recorded so far. */
  get steps(): number {
    return this.stepsDone;
  }

  /** Why the run ended, or null while it can go on. */
  get stop(): StopReason | null {
    return this.stopReason;
  }

  get done(): boolean {
    return this.stopReason !== null;
  }

  /** Applies up to `updates` more updates (fewer if the run ends); returns how many were recorded. */
  advance(updates: number): number {
    if (this.stopReason !== null) return 0;
    const first = this.stepsDone;
    const last = Math.min(first + Math.max(0, Math.floor(updates)), this.maxSteps);
    const ring = this.ring;
    while (this.stopReason === null && this.stepsDone < last) {
      // Readers read each stretch while it is still in the processor's cache, and before the ring comes round over it.
      ring.reserve(Math.min(last, this.stepsDone + HAND_OVER_STATES));
      const slot = ring.slotOf(this.stepsDone + 1);
      const from = this.stepsDone + 1;
      const to = Math.min(last, this.stepsDone + Math.min(ring.capacity - slot, HAND_OVER_STATES));
      this.stepsDone = this.sampler === null ? this.update(from, to, slot) : this.updateInBatches(from, to, slot);
      this.countedFrom = from;
      this.handOver();
    }
    if (this.stopReason === null && this.stepsDone >= this.maxSteps) this.stopReason = 'max-steps';
    this.handOver();
    return this.stepsDone - first;
  }

  /**
   * Applies updates `first` … `last` in the run loop (runLoop.ts), writing their states into the ring from `slot` on
   * (the caller keeps them within it) and counting them; returns the last update recorded and sets the stop reason if
   * the run converged or an update went non-finite.
   */
  private update(first: number, last: number, slot: number): number {
    const { ring, counters, loopStop } = this;
    const recorded = this.runLoop(
      this.objective,
      this.optimizer,
      this.optimizerSettings,
      this.optimizerState,
      this.schedule,
      this.params,
      this.gradient,
      this.tolerance,
      this.toleranceSquares,
      loopStop,
      counters.state,
      counters.overshootSteps,
      ring.values,
      ring.stride,
      first,
      last,
      slot * ring.stride,
    );
    if (loopStop[0] === CONVERGED) this.stopReason = 'converged';
    else if (loopStop[0] === NON_FINITE) {
      this.stopReason = 'non-finite';
      this.nonFiniteAt = recorded + 1;
    }
    return recorded;
  }

  /**
   * `update` for a loss over data: each update steps on the next batch's gradient (or, for the full batch in file
   * order, on the full-data gradient recorded), and its state holds the batch's loss too. Its states are counted
   * after it, from the ring, by the counters' own loop (where a batch's gradient is over many rows, it is what costs).
   */
  private updateInBatches(first: number, last: number, slot: number): number {
    const recorded = this.stepInBatches(first, last, slot);
    if (recorded >= first) this.counters.consume(this.ring, first, recorded);
    return recorded;
  }

  private stepInBatches(first: number, last: number, slot: number): number {
    const LOSS_AT = LOSS, NORM_AT = GRADIENT_NORM, RATE_AT = LEARNING_RATE, PARAMS_AT = PARAMS;
    const { objective, optimizer, schedule, params, gradient, tolerance, batchGradient } = this;
    const dimension = params.length;
    const { values, stride, batchLossAt } = this.ring;
    // Minibatches, unless every batch is the full data in order (then the recorded gradient is the batch's).
    const sampler = this.sampler!.isFullBatchInOrder ? null : this.sampler!;
    const batchObjective = this.batchObjective!;
    let previousLoss = values[this.ring.offsetOf(first - 1) + LOSS_AT]!;
    for (let t = first, at = slot * stride; t <= last; t++, at += stride) {
      const learningRate = schedule.next();
      const momentum = schedule.momentum();
      let batchLoss = previousLoss;
      if (sampler) {
        const batch = sampler.next();
        batchLoss = batchObjective.batchValueAndGradient(params, batchGradient, batch.rows, batch.count);
        optimizer.step(params, batchGradient, learningRate, momentum);
      } else {
        optimizer.step(params, gradient, learningRate, momentum);
      }
      let nonFinite = 0;
      for (let i = 0; i < dimension; i++) {
        const value = params[i]!;
        values[at + PARAMS_AT + i] = value;
        nonFinite += value * 0;
      }
      const loss = nonFinite === 0 ? objective.valueAndGradient(params, gradient) : Number.NaN;
      const gradientNorm = nonFinite === 0 ? euclideanNorm(gradient) : Number.NaN;
      if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) {
        this.stopReason = 'non-finite';
        this.nonFiniteAt = t;
        return t - 1;
      }
      values[at + LOSS_AT] = loss;
      values[at + NORM_AT] = normCode(gradientNorm);
      values[at + RATE_AT] = learningRate;
      values[at + batchLossAt] = batchLoss;
      previousLoss = loss;
      if (gradientNorm <= tolerance && tolerance > 0) {
        this.stopReason = 'converged';
        return t;
      }
    }
    return last;
  }

  /** Ends the run where it is (`stop: 'cancelled'`); no effect on a finished run. */
  cancel(): void {
    if (this.stopReason === null) this.stopReason = 'cancelled';
  }

  /** What the run keeps, so far. A run stopped mid-way reads as cancelled only if it was; else it is unfinished. */
  record(): RunRecord {
    return this.recorder.record(this.ring, this.variables, this.stepsDone, this.stopReason ?? 'cancelled', this.nonFiniteAt);
  }

  /** Hands the states recorded since the last time to every reader, while the ring still holds them. */
  private handOver(): void {
    const from = this.readThrough + 1;
    const to = this.stepsDone;
    if (to < from) return;
    // Exactly the stretch the counters counted last: whether its loss fell throughout is known.
    const falling = this.countedFrom === from && this.counters.stretchFell();
    for (const reader of this.readers) reader.consume(this.ring, from, to, falling);
    this.readThrough = to;
  }
}

/** Runs to the end synchronously. */
export function simulate(objective: Objective, start: ArrayLike<number>, settings: RunSettings, options: SimulationOptions = {}): RunRecord {
  const simulation = new Simulation(objective, start, settings, options);
  while (!simulation.done) simulation.advance(Number.MAX_SAFE_INTEGER);
  return simulation.record();
}

/**
 * Runs in slices of about `sliceMilliseconds`, yielding to the event loop between them, so progress can be
 * shown (`onProgress(step, maxSteps)`) and a cancel request (checked before each slice) can land with
 * `stop: 'cancelled'`. The record equals `simulate`'s.
 */
export async function simulateInSlices(
  objective: Objective,
  start: ArrayLike<number>,
  settings: RunSettings,
  options: SliceOptions = {},
): Promise<RunRecord> {
  const simulation = new Simulation(objective, start, settings);
  const finished = await runInSlices(simulation, options, () => options.onProgress?.(simulation.steps, settings.maxSteps));
  if (!finished) simulation.cancel();
  return simulation.record();
}
