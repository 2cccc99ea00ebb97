/**
 * Runs an optimizer on an objective and records every state it visits.
 *
 * A `Simulation` steps on demand (`advance(n)`), so the same run can be driven synchronously (`simulate`,
 * for the CLI and tests) or in time slices that yield to the event loop (`simulateInSlices`, for the
 * extension host, where a million-step run must not freeze the editor). Both produce the same trace.
 *
 * The hot loop allocates nothing: the gradient at the state just recorded is kept and feeds the next
 * update, so each update costs one `valueAndGradient`, and the trace grows in place (doubling typed arrays).
 *
 * A loss over data (a BatchObjective) is run in minibatches when the settings ask for them: each update takes
 * the next batch (minibatch.ts), steps on that batch's exact gradient, and then the state is recorded on all the
 * data (its loss and gradient norm, what the diagnosis judges) together with the batch's loss. With the full
 * batch in file order the update's gradient is the full-data gradient already recorded, so it costs what any
 * formula costs.
 */
import { isBatchObjective, type BatchObjective, type Objective } from '../objective';
import { euclideanNorm } from '../math/norm';
import { BatchSampler } from './minibatch';
import { createOptimizer, type Optimizer } from './optimizers';
import { createSchedule, cyclesMomentum, type LearningRateSchedule } from './schedules';
import { frameworkOf, runSettingsProblem } from './settings';
import { runInSlices, type SliceOptions } from './slicing';
import type { RunSettings, StopReason, Trace } from './types';

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

/** States to reserve room for at first; the trace doubles from there. */
const INITIAL_CAPACITY = 1024;

export class Simulation {
  readonly variables: readonly string[];
  private readonly dimension: number;
  private readonly objective: Objective;
  private readonly optimizer: Optimizer;
  private readonly schedule: LearningRateSchedule;
  private readonly maxSteps: number;
  private readonly tolerance: number;
  /** For a loss over data: the batches, and the loss they are taken from; null for a formula without data. */
  private readonly sampler: BatchSampler | null;
  private readonly batchObjective: BatchObjective | null;
  /** The gradient of the current batch (a minibatch run only). */
  private readonly batchGradient: Float64Array;

  /** The current parameters and the gradient there (both belong to the last recorded state). */
  private readonly params: Float64Array;
  private readonly gradient: Float64Array;

  private loss: Float64Array;
  private gradientNorms: Float64Array;
  private learningRates: Float64Array;
  /** The momentum (β1) of each update, kept only when the schedule sets it. */
  private momenta: Float64Array | null;
  private paramHistory: Float64Array;
  private batchLoss: Float64Array | null;
  private capacity: number;

  private stepsDone = 0;
  private stopReason: StopReason | null = null;
  private nonFiniteAt: number | null = null;

  /** Evaluates the start. Throws a RangeError for invalid settings or start, NonFiniteStartError for a bad start. */
  constructor(objective: Objective, start: ArrayLike<number>, settings: RunSettings) {
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
    this.dimension = dimension;
    this.objective = objective;
    this.optimizer = createOptimizer(settings.optimizer, dimension, frameworkOf(settings));
    this.schedule = createSchedule(settings.schedule, settings.learningRate, settings.maxSteps);
    this.maxSteps = settings.maxSteps;
    this.tolerance = settings.tolerance;

    this.params = Float64Array.from({ length: dimension }, (_, i) => start[i]!);
    this.gradient = new Float64Array(dimension);
    this.capacity = Math.min(settings.maxSteps + 1, INITIAL_CAPACITY);
    this.loss = new Float64Array(this.capacity);
    this.gradientNorms = new Float64Array(this.capacity);
    this.learningRates = new Float64Array(Math.max(this.capacity - 1, 0));
    this.momenta = cyclesMomentum(settings.schedule) ? new Float64Array(Math.max(this.capacity - 1, 0)) : null;
    this.paramHistory = new Float64Array(this.capacity * dimension);
    this.batchObjective = isBatchObjective(objective) ? objective : null;
    this.sampler = this.batchObjective
      ? new BatchSampler(this.batchObjective.rowCount, { batchSize: settings.batchSize ?? null, shuffle: settings.shuffle ?? true, seed: settings.seed ?? 0 })
      : null;
    this.batchGradient = new Float64Array(this.sampler && !this.sampler.isFullBatchInOrder ? dimension : 0);
    this.batchLoss = this.sampler ? new Float64Array(Math.max(this.capacity - 1, 0)) : null;

    const loss = objective.valueAndGradient(this.params, this.gradient);
    const gradientNorm = euclideanNorm(this.gradient);
    if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) throw new NonFiniteStartError(loss, gradientNorm);
    this.loss[0] = loss;
    this.gradientNorms[0] = gradientNorm;
    this.paramHistory.set(this.params, 0);
    this.stopReason = this.stopAfterRecording(0, gradientNorm);
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
    this.reserve(last + 1);

    const { objective, optimizer, schedule, params, gradient, dimension, batchGradient } = this;
    const { loss: lossHistory, gradientNorms, learningRates, momenta, paramHistory, batchLoss } = this;
    // Minibatches, unless every batch is the full data in order (then the recorded gradient is the batch's).
    const sampler = this.sampler?.isFullBatchInOrder === false ? this.sampler : null;
    const batchObjective = this.batchObjective!;
    for (let t = first + 1; t <= last; t++) {
      const learningRate = schedule.next();
      const momentum = schedule.momentum();
      if (sampler) {
        const batch = sampler.next();
        batchLoss![t - 1] = batchObjective.batchValueAndGradient(params, batchGradient, batch.rows, batch.count);
        optimizer.step(params, batchGradient, learningRate, momentum);
      } else {
        if (batchLoss) batchLoss[t - 1] = lossHistory[t - 1]!;
        optimizer.step(params, gradient, learningRate, momentum);
      }
      let finite = true;
      for (let i = 0; i < dimension; i++) if (!Number.isFinite(params[i])) finite = false;
      const loss = finite ? objective.valueAndGradient(params, gradient) : Number.NaN;
      const gradientNorm = finite ? euclideanNorm(gradient) : Number.NaN;
      // euclideanNorm is NaN or ∞ exactly when a gradient entry is (or when the norm itself overflows).
      if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) {
        this.stopReason = 'non-finite';
        this.nonFiniteAt = t;
        break;
      }
      lossHistory[t] = loss;
      gradientNorms[t] = gradientNorm;
      learningRates[t - 1] = learningRate;
      if (momenta !== null && momentum !== null) momenta[t - 1] = momentum;
      paramHistory.set(params, t * dimension);
      this.stepsDone = t;
      const stop = this.stopAfterRecording(t, gradientNorm);
      if (stop !== null) {
        this.stopReason = stop;
        break;
      }
    }
    return this.stepsDone - first;
  }

  /** Ends the run where it is (`stop: 'cancelled'`); no effect on a finished run. */
  cancel(): void {
    if (this.stopReason === null) this.stopReason = 'cancelled';
  }

  /**
   * The run so far. The arrays are views of the simulation's buffers, not copies: cheap to take after
   * every slice, and still valid after later updates (which only write beyond them).
   */
  trace(): Trace {
    const steps = this.stepsDone;
    return {
      variables: this.variables,
      steps,
      loss: this.loss.subarray(0, steps + 1),
      gradientNorms: this.gradientNorms.subarray(0, steps + 1),
      learningRates: this.learningRates.subarray(0, steps),
      params: this.paramHistory.subarray(0, (steps + 1) * this.dimension),
      // A run stopped mid-way reads as cancelled only if it was; otherwise it is simply unfinished.
      stop: this.stopReason ?? 'cancelled',
      nonFiniteAt: this.nonFiniteAt,
      ...(this.batchLoss && this.sampler
        ? { batchLoss: this.batchLoss.subarray(0, steps), batchesPerEpoch: this.sampler.batchesPerEpoch }
        : {}),
      ...(this.momenta === null ? {} : { momenta: this.momenta.subarray(0, steps) }),
    };
  }

  private stopAfterRecording(step: number, gradientNorm: number): StopReason | null {
    if (this.tolerance > 0 && gradientNorm <= this.tolerance) return 'converged';
    if (step >= this.maxSteps) return 'max-steps';
    return null;
  }

  /** Grows the history to hold at least `states` states (doubling, capped at the run's length). */
  private reserve(states: number): void {
    if (states <= this.capacity) return;
    let capacity = this.capacity;
    while (capacity < states) capacity *= 2;
    capacity = Math.min(capacity, this.maxSteps + 1);
    const grow = (old: Float64Array, length: number): Float64Array => {
      const grown = new Float64Array(length);
      grown.set(old);
      return grown;
    };
    this.loss = grow(this.loss, capacity);
    this.gradientNorms = grow(this.gradientNorms, capacity);
    this.learningRates = grow(this.learningRates, capacity - 1);
    if (this.momenta !== null) this.momenta = grow(this.momenta, capacity - 1);
    this.paramHistory = grow(this.paramHistory, capacity * this.dimension);
    if (this.batchLoss) this.batchLoss = grow(this.batchLoss, capacity - 1);
    this.capacity = capacity;
  }
}

/** Runs to the end synchronously. */
export function simulate(objective: Objective, start: ArrayLike<number>, settings: RunSettings): Trace {
  const simulation = new Simulation(objective, start, settings);
  while (!simulation.done) simulation.advance(Number.MAX_SAFE_INTEGER);
  return simulation.trace();
}

/**
 * Runs in slices of about `sliceMilliseconds`, yielding to the event loop between them, so progress can be
 * shown (`onProgress(step, maxSteps)`) and a cancel request (checked before each slice) can land with
 * `stop: 'cancelled'`. The trace equals `simulate`'s.
 */
export async function simulateInSlices(
  objective: Objective,
  start: ArrayLike<number>,
  settings: RunSettings,
  options: SliceOptions = {},
): Promise<Trace> {
  const simulation = new Simulation(objective, start, settings);
  const finished = await runInSlices(simulation, options, () => options.onProgress?.(simulation.steps, settings.maxSteps));
  if (!finished) simulation.cancel();
  return simulation.trace();
}
