/**
 * A diagnosis as data: what happened in a run (the verdict), why (a cause from a fixed vocabulary), and what to
 * change next with that change's outcome, found by running it. One variant per cause, each carrying only the
 * facts it has, so the words (src/words) can say only what is known. The core returns no English.
 */
import type { Divergence } from './measure';
import type { OptimizerKind, OptimizerSettings, RunSettings, ScheduleSettings, StationaryPointKind, StopReason, Verdict } from './types';

export const CAUSES = [
  'fine',
  'lr-too-small',
  'plateau',
  'lr-too-large',
  'step-limit',
  'ill-conditioned',
  'momentum-bounce',
  'schedule',
  'no-minimum',
  'local-minimum',
  'saddle',
  'stationary-start',
  'noise-floor',
  'lr-too-large-for-batch',
] as const;
/**
 * - fine: it converged, and no checked change gets there much sooner.
 * - lr-too-small: a larger η (checked) gets there, or gets there much sooner.
 * - plateau: too slow because the loss is nearly flat where the run is; a larger η or another optimizer crosses it.
 * - lr-too-large: the steps overshoot (bouncing, growing, diverging); a smaller η (checked) settles.
 * - step-limit: η is fine; the run needed more steps than the limit (checked).
 * - ill-conditioned: the curvatures met differ a hundredfold or more, so η is capped by the steepest direction and
 *   crawls along the flattest; another optimizer (checked) gets there.
 * - momentum-bounce: it bounced, and no smaller η (checked) settles sooner: the bouncing is momentum's (given more
 *   steps, checked, it settles).
 * - schedule: the schedule, not η, is why the run stopped short (it annealed η away, or its η ahead adds up to too
 *   little), or why a converged run never tried its peak.
 * - no-minimum: the loss falls without bound along the path: no η converges, so none is suggested.
 * - local-minimum: it converged, but a lower minimum exists (found by runs from other starts).
 * - saddle: it came to rest where the gradient vanishes but the loss still falls in some direction.
 * - stationary-start: the gradient is zero at the start; nothing moves.
 * - noise-floor: a minibatch run's loss on all the data settled above its best value: each batch's gradient points a
 *   little off, and a constant η keeps the parameters bouncing around the minimum. Its remedies (a schedule that
 *   decays η, a larger batch, a smaller η) are run with the same data and seed (noise.ts).
 * - lr-too-large-for-batch: a minibatch run diverged where the full batch at the same η (checked) does not.
 *
 * A minibatch run is judged by its loss on all the data against the best value (noise.ts): one that settled within
 * the tolerance is `fine`, one still falling `step-limit`, one that diverged with the full batch too `lr-too-large`.
 */
export type Cause = (typeof CAUSES)[number];

/** What running a setting gave, judged exactly as any run is judged. */
export interface Check {
  readonly verdict: Verdict;
  readonly convergedAt: number | null;
  /** Updates the run applied. */
  readonly steps: number;
  readonly finalLoss: number;
}

/** A change to the run: only what changes is present; the rest stays as it was. */
export interface Change {
  /** The η that steers the run: the base η, or a one-cycle schedule's own peak (max_lr) when it has one. */
  readonly learningRate?: number;
  readonly maxSteps?: number;
  /** Another optimizer, whole (its defaults). */
  readonly optimizer?: OptimizerSettings;
  /** Another start point. */
  readonly start?: readonly number[];
  /** Another learning-rate schedule (a minibatch run's remedy: cosine annealing to 0). */
  readonly schedule?: ScheduleSettings;
  /** Another batch size (null: the full batch), for a loss over data. */
  readonly batchSize?: number | null;
}

/** A change and what running it, all of it together, gave. */
export interface Suggestion {
  readonly change: Change;
  /** What was run: the run's settings with the change applied. */
  readonly settings: RunSettings;
  readonly start: readonly number[];
  readonly check: Check;
}

/** A setting the checks ran, for the facts behind the advice. */
export interface Tried {
  /** The steering η it ran with. */
  readonly learningRate: number;
  readonly optimizer: OptimizerKind;
  readonly maxSteps: number;
  /** Whether it started somewhere else (the runs that look for a lower minimum). */
  readonly otherStart: boolean;
  readonly check: Check;
}

/** The rule of thumb, run: η × 10 for a flat curve, η ÷ 10 for a bouncing or growing one, and what it did. */
export interface RuleOfThumb {
  readonly factor: 10 | 0.1;
  readonly learningRate: number;
  readonly check: Check;
}

/** Why a schedule, not η, is the cause. */
export type ScheduleReason =
  /** The schedule had brought η down to nearly nothing by the end: the loss stopped falling because η did. */
  | { readonly kind: 'annealed'; readonly finalLearningRate: number; readonly largestLearningRate: number }
  /** The η the decay has left adds up to too little to get there at the recent pace, whatever the step limit. */
  | { readonly kind: 'exhausted'; readonly finalLearningRate: number; readonly largestLearningRate: number }
  /** It converged during the warmup, before η rose to a peak that lies beyond the critical η. */
  | { readonly kind: 'warmup'; readonly largestLearningRate: number; readonly peakLearningRate: number };

/** A remedy of a minibatch run, kept by name so the words and the charts can say which is which. */
export type NoiseRemedyKind = 'cosine' | 'larger-batch' | 'smaller-lr' | 'full-batch';

/** A remedy of a minibatch run, run with the same data, start, seed and step limit. */
export interface NoiseRemedy {
  readonly remedy: NoiseRemedyKind;
  readonly change: Change;
  readonly check: Check;
  /** Median loss on all the data over its last fifth. */
  readonly floor: number;
  /** Its floor is within the tolerance of the best value. */
  readonly reached: boolean;
}

/** What a minibatch run's loss on all the data did, against its best value. */
export interface NoiseFacts {
  /** The full-data loss's best value, found by Newton's method on all the data. */
  readonly bestLoss: number;
  /** Median loss on all the data over the last fifth of the run. */
  readonly floor: number;
  /** How far above the best value counts as converged. */
  readonly tolerance: number;
  readonly rows: number;
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
}

/** How far the checks got. */
export interface ChecksDone {
  /**
   * - done: every check the decision wanted was run.
   * - incomplete: the budget of work (updates and curvature readings) ran out first, or the checks were stopped;
   *   what was found stands, what was not run is not claimed.
   * - skipped: none was run (asked not to, or the run was cancelled).
   */
  readonly status: 'done' | 'incomplete' | 'skipped';
  readonly tried: readonly Tried[];
  /** Updates the checks applied in all. */
  readonly updates: number;
}

/** What happened, in numbers, whatever the cause. */
export interface DiagnosisFacts {
  readonly verdict: Verdict;
  /** First step from which the gradient norm stayed within the tolerance, or null. */
  readonly convergedAt: number | null;
  /** Step from which the loss grew without bound, or the update that went non-finite; null unless diverged. */
  readonly divergedAt: number | null;
  readonly divergence: Divergence | null;
  /** Steps t at which the loss went up (loss[t] > loss[t-1]): the overshoots the chart marks (the first 100,000)… */
  readonly overshootSteps: readonly number[];
  /** … and how many there were in all. */
  readonly overshootCount: number;
  /** Updates whose direction reversed the previous one (negative dot product): zig-zag across a valley. */
  readonly directionFlips: number;
  /** Updates the run applied. */
  readonly steps: number;
  readonly stop: StopReason;
  /** The tolerance convergence was judged by (the run's, or DEFAULT_TOLERANCE when early stopping was off). */
  readonly tolerance: number;
  readonly startLoss: number;
  readonly finalLoss: number;
  /**
   * The η beyond which this optimizer is unstable, from the largest curvature met along the path and at its end
   * (2/L for gradient descent, the momentum bounds for momentum and Nesterov); null for the adaptive optimizers,
   * which have no such limit, and where nothing curves upward.
   */
  readonly criticalLearningRate: number | null;
  /** The same from the curvature at the start alone. */
  readonly criticalLearningRateAtStart: number | null;
  /** L: the largest curvature at the start, and the largest met along the path (−∞ when unknown). */
  readonly curvature: { readonly atStart: number; readonly met: number };
  readonly checks: ChecksDone;
  /** For a minibatch run of a loss over data, what its loss on all the data did; null for any other run. */
  readonly noise: NoiseFacts | null;
}

/** What to change next and why: one variant per cause. */
export type Recommendation =
  | { readonly cause: 'fine'; readonly next: null; readonly ruleOfThumb: RuleOfThumb | null }
  | { readonly cause: 'lr-too-small'; readonly next: Suggestion | null; readonly ruleOfThumb: RuleOfThumb | null }
  | {
      readonly cause: 'plateau';
      readonly next: Suggestion | null;
      readonly ruleOfThumb: RuleOfThumb | null;
      /** The gradient norm where the run started, and the largest the suggested run met beyond the plateau. */
      readonly gradientNorm: { readonly atStart: number; readonly beyond: number };
    }
  | { readonly cause: 'lr-too-large'; readonly next: Suggestion | null; readonly ruleOfThumb: RuleOfThumb | null }
  | { readonly cause: 'step-limit'; readonly next: Suggestion | null }
  | {
      readonly cause: 'ill-conditioned';
      readonly next: Suggestion | null;
      /** The smallest and largest positive curvature met along the path. */
      readonly curvatures: { readonly smallest: number; readonly largest: number };
    }
  | { readonly cause: 'momentum-bounce'; readonly next: Suggestion | null; readonly momentum: number }
  | { readonly cause: 'schedule'; readonly next: Suggestion | null; readonly schedule: ScheduleReason }
  | { readonly cause: 'no-minimum'; readonly next: null }
  | {
      readonly cause: 'local-minimum';
      readonly next: Suggestion | null;
      /** The lower minimum another run found. */
      readonly lower: { readonly point: readonly number[]; readonly loss: number };
    }
  | { readonly cause: 'saddle'; readonly next: null }
  | { readonly cause: 'stationary-start'; readonly next: null; readonly point: StationaryPointKind }
  | { readonly cause: 'noise-floor'; readonly next: Suggestion | null; readonly remedies: readonly NoiseRemedy[] }
  | {
      readonly cause: 'lr-too-large-for-batch';
      readonly next: Suggestion | null;
      /** The full batch at the same η, and the remedies (a smaller η, a larger batch), run. */
      readonly remedies: readonly NoiseRemedy[];
    };

export type Diagnosis = DiagnosisFacts & Recommendation;
