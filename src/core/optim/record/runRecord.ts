/**
 * What a run keeps: not every step, but what the panel, the CLI and the diagnosis read, in memory that does not grow
 * with the run. A run of up to RECENT_STEPS steps keeps every state (so short runs, the ones people play with, lose
 * nothing); a longer one keeps
 * - the chart's series: the start, the end, and each of SERIES_BUCKETS equal buckets' lowest and highest loss;
 * - its last RECENT_STEPS states;
 * - the counters the diagnosis reads (counters.ts), and the checkpoints of the windows that depend on where it ended
 *   (checkpoints.ts).
 * Runs are deterministic: a whole trace is written out by running again (report.ts), never kept.
 */
import type { StopReason } from '../types';
import { PathCheckpoints, WindowCheckpoints, type WindowCheckpointData } from './checkpoints';
import { RunCounters, type RunCounts } from './counters';
import { ExtremesSeries } from './extremesSeries';
import { LossSamples, type LossSampleData } from './lossSamples';
import { RECENT_STEPS, type RecentStates } from './recentStates';
import { allocateStates, copyState, paramsAt, statesFromRing, type SampledStates } from './sampledStates';

export interface RunRecord {
  readonly variables: readonly string[];
  /** Updates applied and recorded. */
  readonly steps: number;
  readonly stop: StopReason;
  /** The update that produced a non-finite value, or null. */
  readonly nonFiniteAt: number | null;
  /**
   * What a chart draws: every state of a run of up to RECENT_STEPS steps; for a longer one the start, each bucket's
   * lowest and highest loss, and the end (empty of buckets when the run was recorded without its series).
   */
  readonly series: SampledStates;
  /** The last RECENT_STEPS + 1 states (all of them for a shorter run); the last is the end. */
  readonly recent: SampledStates;
  readonly counts: RunCounts;
  readonly windows: WindowCheckpointData;
  /** The states the curvature along the path can be read at: every state of a short run, checkpoints of a long one. */
  readonly path: SampledStates;
  /**
   * A run of a loss over data: what its judgement reads (lossSamples.ts). Its states (series, recent) then carry each
   * update's batch loss.
   */
  readonly minibatch?: LossSampleData;
}

/** One state, for reading. */
export interface StateOf {
  readonly step: number;
  readonly loss: number;
  readonly gradientNorm: number;
  readonly params: Float64Array;
}

/** The start: the first state of the series. */
export function startOf(record: RunRecord): StateOf {
  return stateAt(record.series, 0);
}

/** The end: the last recent state. */
export function endOf(record: RunRecord): StateOf {
  return stateAt(record.recent, record.recent.count - 1);
}

function stateAt(states: SampledStates, k: number): StateOf {
  return { step: states.step[k]!, loss: states.loss[k]!, gradientNorm: states.gradientNorm[k]!, params: paramsAt(states, k) };
}

export interface RecorderOptions {
  /** Keep the chart's series (default true); runs that are only judged (the checks, a sweep) do without. */
  readonly series?: boolean;
}

/** What the recorder of a run of a loss over data is told. */
export interface MinibatchRecording {
  readonly batchesPerEpoch: number;
  /** Where a state's batch loss lies in the ring (ring.batchLossAt). */
  readonly batchLossAt: number;
}

/** Keeps a run's record as its states stream past (see Simulation). */
export class RunRecorder {
  /** Counted from the run loop's notes on each stretch (runLoop.ts), or by `consume` state by state. */
  readonly counters: RunCounters;
  private readonly windows: WindowCheckpoints;
  /** Only a run longer than the recent window needs these: a shorter one keeps every state. */
  private readonly path: PathCheckpoints | null;
  private readonly series: ExtremesSeries | null;
  private readonly samples: LossSamples | null;

  constructor(dimension: number, maxSteps: number, tolerance: number, options: RecorderOptions = {}, minibatch: MinibatchRecording | null = null) {
    this.counters = new RunCounters(dimension, tolerance);
    this.windows = new WindowCheckpoints(maxSteps);
    const long = maxSteps > RECENT_STEPS;
    this.path = long ? new PathCheckpoints(dimension) : null;
    this.series = long && options.series !== false ? new ExtremesSeries(dimension, minibatch?.batchLossAt ?? -1) : null;
    this.samples = minibatch ? new LossSamples(dimension, minibatch.batchesPerEpoch) : null;
  }

  /** Reads the states after updates `from` … `to`, held consecutively in `ring`: everything the record keeps. */
  consume(ring: RecentStates, from: number, to: number): void {
    this.counters.consume(ring, from, to);
    this.consumeKept(ring, from, to);
  }

  /**
   * Reads those states for what the record keeps besides the counters: what a run hands over (the run counts them
   * itself). `falling`: each has a lower loss than the state before it.
   */
  consumeKept(ring: RecentStates, from: number, to: number, falling = false): void {
    this.windows.consume(ring, from, to, falling);
    this.path?.consume(ring, from, to);
    this.series?.consume(ring, from, to, falling);
    this.samples?.consume(ring, from, to);
  }

  /** The record of the run so far; `steps` is the last state consumed. */
  record(ring: RecentStates, variables: readonly string[], steps: number, stop: StopReason, nonFiniteAt: number | null): RunRecord {
    const recent = statesFromRing(ring, Math.max(0, steps - ring.capacity + 1), steps);
    const whole = steps < ring.capacity;
    const path = whole || this.path === null ? recent : this.path.states(steps);
    let series = recent;
    if (!whole) series = this.series ? this.series.states(ring, steps) : startAndEnd(path, recent);
    return {
      variables,
      steps,
      stop,
      nonFiniteAt,
      series,
      recent,
      counts: this.counters.counts(),
      windows: this.windows.snapshot(),
      path,
      ...(this.samples ? { minibatch: this.samples.data() } : {}),
    };
  }
}

/** A series of just the start (the path's first state) and the end (the last recent one). */
function startAndEnd(path: SampledStates, recent: SampledStates): SampledStates {
  const states = allocateStates(path.dimension, 2);
  copyState(path, 0, states, 0);
  copyState(recent, recent.count - 1, states, 1);
  return states;
}
