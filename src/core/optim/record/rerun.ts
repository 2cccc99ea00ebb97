/**
 * A run's states again, stretch by stretch. Runs are deterministic (the same formula, start and settings give the same
 * numbers, bit for bit), so a whole trace is never kept: whoever writes one out runs the run again and writes each
 * stretch as it comes, in memory that does not grow with the run.
 */
import { isBatchObjective, type Objective } from '../../objective';
import { Simulation } from '../simulate';
import type { RunSettings } from '../types';
import type { RecentStates } from './recentStates';
import { allocateStates, copyFromRing, firstStates, type SampledStates } from './sampledStates';

/** Some states of a run in step order, a stretch at a time: every state (a re-run) or the ones a record kept. */
export interface StateSource {
  /** The stretches, in order (each stretch's columns are valid until the next is asked for). */
  stretches(): Iterable<SampledStates>;
  /** True when the states are every step from 0 on (then state k is step k). */
  readonly everyStep: boolean;
  readonly dimension: number;
  /** The states carry each update's batch loss (a run of a loss over data). */
  readonly batchLoss: boolean;
}

/** States per stretch of a re-run. */
const STRETCH_STATES = 4096;

/**
 * Every state of the run of `settings` from `start`, up to update `steps` (the run as it was recorded: a run that was
 * cancelled is run again as far as it got).
 */
export function rerunStates(objective: Objective, start: readonly number[], settings: RunSettings, steps: number): StateSource {
  const dimension = objective.variables.length;
  const batchLoss = isBatchObjective(objective);
  return {
    everyStep: true,
    dimension,
    batchLoss,
    *stretches(): Generator<SampledStates> {
      const buffer = allocateStates(dimension, STRETCH_STATES, batchLoss);
      let count = 0;
      const reader = {
        consume(ring: RecentStates, from: number, to: number): void {
          for (let t = from; t <= Math.min(to, steps); t++) copyFromRing(ring, t, buffer, count++);
        },
      };
      // The chart's series is not needed: the record already has it.
      const simulation = new Simulation(objective, start, settings, { readers: [reader], series: false });
      for (;;) {
        // A stretch never overflows the buffer: each advance hands over at most STRETCH_STATES − 1 new states.
        if (count > 0) {
          yield firstStates(buffer, count);
          count = 0;
        }
        if (simulation.done || simulation.steps >= steps) return;
        simulation.advance(Math.min(STRETCH_STATES - 1, steps - simulation.steps));
      }
    },
  };
}

/** The states a record kept (its series), as one stretch. */
export function keptStates(states: SampledStates): StateSource {
  return {
    // A short run's series is every step.
    everyStep: states.count > 0 && states.step[states.count - 1] === states.count - 1,
    dimension: states.dimension,
    batchLoss: states.batchLoss !== undefined,
    *stretches(): Generator<SampledStates> {
      yield states;
    },
  };
}
