/**
 * Reads a finished run the way people read a loss curve, and says what the learning rate did:
 *
 *   drops quickly and smoothly → converged (η about right)
 *   flat                        → too-slow (η × 10)
 *   bounces, or grows           → oscillating / diverged (η ÷ 10)
 *   zero gradient at the start  → stationary (gradient descent cannot move)
 *
 * plus needs-more-steps for a run that was descending fast and steadily when the step limit came.
 * Under a learning-rate schedule the pace is measured per unit of η, and for a slow run the remedies the advice
 * will name are run to check them (remedies.ts).
 * Every threshold is a named constant, set from real trajectories (x², the Rosenbrock, Beale and Himmelblau
 * functions with gd, momentum, Nesterov and Adam across η from 1e-5 to 10); the comment on each says why.
 */
import type { Objective } from '../objective';
import { roundDownSignificant, roundSignificant } from '../math/round';
import {
  checkRemedies,
  followsStepLimit,
  learningRateAhead,
  peakSteers,
  steeringLearningRate,
  updatesToAccumulate,
  type RemedyChecks,
} from './remedies';
import {
  classifyStationaryPoint,
  criticalLearningRateFor,
  overshootIsMomentums,
  hasNegativeCurvature,
  hessianEigenvalues,
  stabilityAt,
} from './stability';
import {
  DEFAULT_TOLERANCE,
  type Diagnosis,
  type RunSettings,
  type Stability,
  type StopReason,
  type Trace,
  type Verdict,
} from './types';

/** How a run diverged. */
export type Divergence =
  /** An update produced an infinite or NaN loss, gradient or parameter. */
  | 'non-finite'
  /** The loss ended far above the start and was still climbing. */
  | 'loss-grew'
  /** The parameters ran off to magnitudes far beyond the start while the loss did not settle. */
  | 'params-exploded'
  /** The loss kept falling far below the start with a growing gradient: the formula has no minimum that way. */
  | 'unbounded-below';

/**
 * The diagnosis with the facts its words rest on. It is a Diagnosis (the protocol's DiagnosisView can spread
 * it), and `advise` reads the extra fields.
 */
export interface RunDiagnosis extends Diagnosis {
  /** Updates the run applied. */
  readonly steps: number;
  readonly stop: StopReason;
  /** The tolerance convergence was judged by (the run's, or DEFAULT_TOLERANCE when early stopping was off). */
  readonly tolerance: number;
  readonly divergence: Divergence | null;
  readonly startLoss: number;
  readonly finalLoss: number;
  /**
   * For needs-more-steps: roughly how many more updates the run needs at its recent pace (under a schedule: at
   * its recent pace per unit of η, with the η a longer run would have), else null.
   */
  readonly moreStepsNeeded: number | null;
  /** The η beyond which this optimizer is unstable at the start (2/L for gd), when the curvature gives one. */
  readonly criticalLearningRate: number | null;
  /** For too-slow: η × 10 would cross the critical η, so the suggestion stays below it (an ill-conditioned valley). */
  readonly illConditioned: boolean;
  /**
   * For a one-cycle schedule with its own peak (max_lr), which η does not steer: the peak the advice suggests
   * (suggestedLearningRate is then null). Else null.
   */
  readonly suggestedMaxLearningRate: number | null;
  /** For needs-more-steps and too-slow under a schedule that is not constant: what it did to η; else null. */
  readonly schedule: ScheduleOutlook | null;
  /**
   * For a run that converged (smoothly or not) under a schedule with a warmup (warmup + cosine, one-cycle) before
   * η rose to the schedule's peak: the largest η it used and the peak it never reached. Else null.
   */
  readonly convergedInWarmup: WarmupOutlook | null;
  /**
   * For oscillating: the run settled, and its bouncing is momentum's rather than η's (overshootIsMomentums, η
   * within the optimizer's limit), so no smaller η is suggested. Else false.
   */
  readonly momentumBounce: boolean;
}

/** How far a warmup had taken η when the run converged. */
export interface WarmupOutlook {
  /** The largest η the run used. */
  readonly largestLearningRate: number;
  /** The schedule's peak: η for warmup + cosine, the one-cycle peak (max_lr, or η). */
  readonly peakLearningRate: number;
}

/** What a schedule did to η in a run that stopped short, and what the remedies the advice names do when run. */
export interface ScheduleOutlook {
  /** η of the last update. */
  readonly finalLearningRate: number;
  /** The largest η of the run. */
  readonly peakLearningRate: number;
  /** η ended at ANNEALED_SHARE of its peak or less: the loss stopped falling because η did. */
  readonly annealed: boolean;
  /** Raising the step limit reshapes the schedule (it stretches with the run) rather than extending it. */
  readonly followsStepLimit: boolean;
  /**
   * The η the schedule has left (step or exponential decay) adds up to too little to reach the tolerance at the
   * recent pace per unit of η, so raising the step limit would not get there (checks.stepLimit says what a
   * longer run did).
   */
  readonly exhausted: boolean;
  /** The remedies, run; null when the diagnosis was asked not to check them. */
  readonly checks: RemedyChecks | null;
}

export interface DiagnoseOptions {
  /**
   * Run the remedies a slow scheduled run's advice names, to state checked numbers (default true). A caller that
   * only reads the verdict (the sweep) turns it off: the verdict never depends on the checks.
   */
  readonly checkRemedies?: boolean;
  /**
   * Wall-clock milliseconds the remedy checks may take, counted from when they start (default: no time limit, so
   * the CLI and the tests say the same on every machine). The clock is read every CHECK_CHUNK updates; a check
   * still running when the time is spent is abandoned and counts as not run, so the advice names no number for
   * it, and no further check starts. Only the checks are timed: the verdict and the suggestion never depend on
   * them. The extension host, where diagnose runs synchronously, gives a few tens of milliseconds.
   */
  readonly checkTimeBudgetMs?: number;
}

// ─── Thresholds ──────────────────────────────────────────────────────────────────────────────────
// The evidence quoted is from runs of 1000 steps at the default tolerance unless said otherwise.

/**
 * A loss "went up" only if it rose by more than this many units in the last place. Round-off alone moves a
 * loss by an ulp or two at steps that barely move the parameters; that is not an overshoot to mark.
 */
export const OVERSHOOT_ULPS = 8;

/**
 * Oscillating when the loss went up on at least this many steps … Two rises can be a single bump where a
 * curved valley turns; three or more is bouncing.
 */
export const OSCILLATION_MIN_OVERSHOOTS = 3;
/**
 * … and on at least this share of the judged steps. Smooth runs still rise now and then where the path turns:
 * Rosenbrock with Adam at 1e-2 on 2% of its steps (entering the valley), Beale with momentum at 3e-3 on 3.8%,
 * log-cosh with momentum at 1e-2 on 4%. Runs that bounce rise far more often: Beale with Adam at 0.1 on 9%,
 * Himmelblau with momentum at 3e-4 on 19%, and 30–50% once η is clearly too large.
 */
export const OSCILLATION_OVERSHOOT_SHARE = 0.05;
/**
 * Oscillating when the update direction reverses on at least this share of steps: the path zig-zags across
 * the valley instead of running down it. For gradient descent on a quadratic it is all or nothing: no
 * reversals while η < 1/L, every step beyond (x² at η = 0.6 or 0.9, Himmelblau at 0.03). Smooth runs stay far
 * below: Rosenbrock with gd at 1e-3 reverses on 2% of its steps, Adam runs on 1% or less.
 */
export const OSCILLATION_FLIP_SHARE = 0.4;
/** … counting at least this many reversals: in a five-step convergence two reversals are a landing, not a zig-zag. */
export const OSCILLATION_MIN_FLIPS = 3;

/**
 * Diverged when the loss ends more than this many times its start value above the start, and still climbing.
 * Runaway growth is geometric (x² at η = 1.1 gains 44% a step and passes 10× by step 7), while bounded
 * bouncing, even at η = 3 with Adam, RMSprop or Nesterov, stays within about the start's size of it.
 */
export const DIVERGED_LOSS_RISE = 10;
/** "Still climbing": the run's highest loss falls within this final share of the run. */
export const DIVERGED_PEAK_WINDOW = 0.1;
/**
 * Parameters "exploded" when they end this many times farther out than the start (or than 1). No real descent
 * travels a million times its own scale; a loss that flattens out far away (a sigmoid's tail) can.
 */
export const EXPLODED_PARAMS = 1e6;
/**
 * With the loss far below the start, a gradient this many times its start size means there is no bottom
 * (−x² at η = 0.1: the gradient grows 1.2× a step); near a real minimum the gradient shrinks.
 */
export const UNBOUNDED_GRADIENT_GROWTH = 10;

/**
 * needs-more-steps needs a fast descent: the gradient norm fell at least this many decades over the run
 * (a hundredfold). Flat runs of too small an η fall less even when their first steps drop into a valley:
 * Rosenbrock with Adam at 1e-4 falls one decade (163 → 15) and then crawls, x² at η = 0.001 falls 0.9,
 * Beale with gd at 1e-3 falls 1.9 (and ×10 converges). Runs cut short in full descent fall more: x² at
 * η = 0.2 stopped at 10 steps 2.2 decades, Himmelblau with gd at 3e-4 3.2, Rosenbrock with momentum at 1e-3
 * 4.4, Rosenbrock with Adam at 1e-2 over 2000 steps 3.2.
 */
export const NEEDS_MORE_STEPS_MIN_DECADES = 2;
/**
 * … and a steady one: at the pace of the last part of the run, the tolerance is within this many times the
 * run's length of further updates. Beyond that the descent is too slow to wait for: η × 10. The fast runs
 * above project 1 to 5 run lengths more (Beale with gd at 3e-3: 5×; Rosenbrock with gd at 1e-3 over 3000
 * steps, capped by 2/L: 4×).
 */
export const NEEDS_MORE_STEPS_HORIZON = 10;
/**
 * When η × 10 would cross the critical η, suggest this fraction of it instead: on an ill-conditioned quadratic
 * the fastest η sits just below 2/L, and the 10% margin keeps clear of the period-2 bounce at 2/L itself
 * (and of the curvature changing a little along the path).
 */
export const CRITICAL_MARGIN = 0.9;
/** The last part of the run, as a share of it, whose gradient-norm decline measures the recent pace. */
export const RECENT_SHARE = 0.25;
/**
 * A schedule "annealed η to nearly nothing" when the last update's η is at most this share of the run's largest:
 * the run then moves at least a hundred times slower than it did at its peak, which on a chart is a flat line.
 * Cosine annealing over the run ends near 2.5/T² of η (6e-5 at 200 steps), one-cycle at 1/250,000 of its peak,
 * exponential decay at γ = 0.99 after 460 steps; step decay's default staircase ends at 1/8, which is a slowdown,
 * not a stop.
 */
export const ANNEALED_SHARE = 0.01;

// ─── Diagnosis ───────────────────────────────────────────────────────────────────────────────────

/**
 * Diagnoses a run of `settings` on `objective`. `stability` is the analysis at the start (computed when
 * not given). Convergence is judged by the run's tolerance, or DEFAULT_TOLERANCE when it is 0, and
 * `convergedAt` is where the gradient norm came within it for good. Overshoots and direction flips are
 * counted up to `convergedAt` when the run converged: what moves after that is round-off, not η.
 */
export function diagnose(
  trace: Trace,
  objective: Objective,
  settings: RunSettings,
  stability?: Stability,
  options: DiagnoseOptions = {},
): RunDiagnosis {
  const n = trace.variables.length;
  const start = trace.params.subarray(0, n);
  const atStart = stability ?? stabilityAt(objective, start);
  const tolerance = settings.tolerance > 0 ? settings.tolerance : DEFAULT_TOLERANCE;
  const features = measure(trace, tolerance);
  const criticalLearningRate = criticalLearningRateFor(settings.optimizer, atStart);

  const base = {
    steps: trace.steps,
    stop: trace.stop,
    tolerance,
    startLoss: trace.loss[0]!,
    finalLoss: trace.loss[trace.steps]!,
    convergedAt: features.convergedAt,
    overshootSteps: features.overshootSteps,
    directionFlips: features.directionFlips,
    criticalLearningRate,
  };
  const verdict = (
    verdict: Verdict,
    rest: Partial<
      Pick<
        RunDiagnosis,
        | 'divergedAt'
        | 'divergence'
        | 'stationaryPoint'
        | 'suggestedLearningRate'
        | 'suggestedMaxLearningRate'
        | 'moreStepsNeeded'
        | 'illConditioned'
        | 'endsAtSaddle'
        | 'schedule'
        | 'convergedInWarmup'
        | 'momentumBounce'
      >
    >,
  ): RunDiagnosis => ({
    ...base,
    verdict,
    divergedAt: null,
    divergence: null,
    stationaryPoint: null,
    suggestedLearningRate: null,
    moreStepsNeeded: null,
    illConditioned: false,
    endsAtSaddle: false,
    suggestedMaxLearningRate: null,
    schedule: null,
    convergedInWarmup: null,
    momentumBounce: false,
    ...rest,
  });

  // Zero gradient at the start, and the run never left it: nothing to descend.
  if (features.convergedAt === 0) {
    return verdict('stationary', { stationaryPoint: classifyStationaryPoint(atStart.eigenvalues) });
  }

  // η × 10 or ÷ 10 means the η that steers the run: a one-cycle schedule with its own peak (max_lr) ignores η.
  const steering = steeringLearningRate(settings);
  // η × 10 and η ÷ 10 as a person would type them (0.11, not 0.11000000000000001).
  const scaled = (factor: number): number => roundSignificant(steering * factor, 12);
  const suggest = (value: number | null): Pick<RunDiagnosis, 'suggestedLearningRate' | 'suggestedMaxLearningRate'> =>
    peakSteers(settings) ? { suggestedLearningRate: null, suggestedMaxLearningRate: value } : { suggestedLearningRate: value, suggestedMaxLearningRate: null };

  const divergence = findDivergence(trace, features);
  if (divergence !== null) {
    return verdict('diverged', {
      divergedAt: divergence.at,
      divergence: divergence.kind,
      // A smaller η cannot find a bottom that is not there.
      ...suggest(divergence.kind === 'unbounded-below' ? null : scaled(0.1)),
    });
  }

  const convergedInWarmup = features.convergedAt === null ? null : warmupOutlook(trace, settings, criticalLearningRate);
  if (features.oscillating) {
    // Momentum carries the steps past the minimum at almost any η (β = 0.9 is underdamped from η ≈ (1 − √β)²/L
    // up to its limit, as the sweep also knows): when the bouncing settled, it was the method, not η, unless η
    // is beyond the optimizer's own limit. η ÷ 10 does not stop it, only slows it: x² from 10 at η = 0.0658
    // bounces and converges at step 199, at 0.00658 bounces and converges at step 227.
    const momentumBounce =
      features.convergedAt !== null &&
      overshootIsMomentums(settings.optimizer, steering, atStart) &&
      !(criticalLearningRate !== null && steering >= criticalLearningRate);
    return verdict('oscillating', { ...suggest(momentumBounce ? null : scaled(0.1)), convergedInWarmup, momentumBounce });
  }

  const endsAtSaddle = endsAtNonMinimum(objective, trace);
  if (features.convergedAt !== null) return verdict('converged', { endsAtSaddle, convergedInWarmup });
  // No update happened (a step limit of 0): nothing says η is wrong.
  if (trace.steps === 0) return verdict('needs-more-steps', {});

  // Under a schedule, the pace is measured per unit of η: the η at the end of an annealed run says nothing about
  // the η that did the work.
  const scheduled = settings.schedule.kind !== 'constant';
  const moreSteps = scheduled ? scheduledStepsToTolerance(trace, tolerance, settings) : stepsToTolerance(trace, tolerance);
  const decades = Math.log10(trace.gradientNorms[0]! / trace.gradientNorms[trace.steps]!);
  // A slow run's verdict never depends on the checks (the sweep turns them off); under a schedule the outlook
  // follows it, and a suggestion the checks saw diverge is dropped.
  const slow = (verdictName: 'needs-more-steps' | 'too-slow', rest: Parameters<typeof verdict>[1], suggested: number | null): RunDiagnosis => {
    if (!scheduled) return verdict(verdictName, { ...rest, ...suggest(suggested) });
    const schedule = scheduleOutlook(trace, objective, settings, {
      suggested,
      // A run that ran out of steps names a step limit; so does one whose schedule's η ahead looked too little
      // (the projection's pace per unit of η is a model: Adam, for one, can still get there).
      searchStepLimit: (verdictName === 'needs-more-steps' || moreSteps === Number.POSITIVE_INFINITY) && trace.stop !== 'cancelled',
      projectedMore: moreSteps !== null && Number.isFinite(moreSteps) ? moreSteps : null,
      // The projection found that the schedule's η ahead falls short (only step or exponential decay can).
      exhausted: moreSteps === Number.POSITIVE_INFINITY,
      tolerance,
      // With early stopping off (tolerance 0) a check run cannot say where it would have converged for good: a
      // first touch of the tolerance is not settling, so no number is claimed.
      check: options.checkRemedies !== false && settings.tolerance > 0,
      ...(options.checkTimeBudgetMs === undefined ? {} : { timeBudgetMs: options.checkTimeBudgetMs }),
    });
    const checked = schedule.checks?.learningRate;
    return verdict(verdictName, { ...rest, ...suggest(checked?.diverged === true ? null : suggested), schedule });
  };

  if (moreSteps !== null && decades >= NEEDS_MORE_STEPS_MIN_DECADES && moreSteps <= NEEDS_MORE_STEPS_HORIZON * Math.max(trace.steps, 1)) {
    // η is not wrong, but where ten times η stays clearly stable it would get there in a tenth of the steps.
    const roomToGrow = criticalLearningRate !== null && scaled(10) < CRITICAL_MARGIN * criticalLearningRate;
    return slow('needs-more-steps', { moreStepsNeeded: moreSteps, endsAtSaddle }, roomToGrow ? scaled(10) : null);
  }

  // Too slow: ten times larger, unless that crosses the stability limit (then stay below it, if that is
  // still a step up: otherwise η is as large as the valley's steepest direction allows).
  const tenfold = scaled(10);
  if (criticalLearningRate !== null && tenfold >= criticalLearningRate) {
    const belowCritical = roundDownSignificant(CRITICAL_MARGIN * criticalLearningRate, 2);
    return slow('too-slow', { illConditioned: true }, belowCritical > steering ? belowCritical : null);
  }
  return slow('too-slow', {}, tenfold);
}

/** What the schedule did to η in a slow run, with the advice's remedies checked when `check` is set. */
function scheduleOutlook(
  trace: Trace,
  objective: Objective,
  settings: RunSettings,
  options: {
    suggested: number | null;
    searchStepLimit: boolean;
    projectedMore: number | null;
    exhausted: boolean;
    tolerance: number;
    check: boolean;
    timeBudgetMs?: number;
  },
): ScheduleOutlook {
  const rates = trace.learningRates;
  const finalLearningRate = rates[trace.steps - 1]!;
  let peakLearningRate = 0;
  for (let t = 0; t < trace.steps; t++) peakLearningRate = Math.max(peakLearningRate, rates[t]!);
  const { exhausted } = options;
  return {
    finalLearningRate,
    peakLearningRate,
    annealed: finalLearningRate <= ANNEALED_SHARE * peakLearningRate,
    followsStepLimit: followsStepLimit(settings),
    exhausted,
    checks: options.check
      ? checkRemedies(objective, trace, settings, {
          suggested: options.suggested,
          searchStepLimit: options.searchStepLimit,
          projectedMore: options.projectedMore,
          horizon: NEEDS_MORE_STEPS_HORIZON * trace.steps,
          tolerance: options.tolerance,
          ...(options.timeBudgetMs === undefined ? {} : { timeBudgetMs: options.timeBudgetMs }),
        })
      : null,
  };
}

/**
 * A warmup that took η to this share of its peak has as good as reached it: what the run says about η holds for
 * the peak (x² under one-cycle to 0.05 converges at step 284, η at 0.0497, just before the peak at step 300).
 */
const PEAK_REACHED = 0.9;

/**
 * For a run that converged under a schedule that warms up to its peak (warmup + cosine, one-cycle) before η got
 * there: how far η rose, and the peak. Null for the other schedules, which have no warmup, and when η rose to
 * PEAK_REACHED of the peak, unless the peak is beyond the critical η and η never crossed it: then the run has
 * not tried the peak's worst, whatever the share.
 */
function warmupOutlook(trace: Trace, settings: RunSettings, criticalLearningRate: number | null): WarmupOutlook | null {
  const kind = settings.schedule.kind;
  if (kind !== 'warmup-cosine' && kind !== 'onecycle') return null;
  const peakLearningRate = steeringLearningRate(settings);
  let largestLearningRate = 0;
  for (let t = 0; t < trace.steps; t++) largestLearningRate = Math.max(largestLearningRate, trace.learningRates[t]!);
  const crossedUntried = criticalLearningRate !== null && peakLearningRate >= criticalLearningRate && largestLearningRate < criticalLearningRate;
  if (trace.steps === 0 || (largestLearningRate >= PEAK_REACHED * peakLearningRate && !crossedUntried)) return null;
  return { largestLearningRate, peakLearningRate };
}

// ─── Measurements ────────────────────────────────────────────────────────────────────────────────

interface Features {
  convergedAt: number | null;
  /** Last step judged: the settling step when converged (after it, movements are round-off), else the end. */
  judgedUntil: number;
  overshootSteps: number[];
  directionFlips: number;
  oscillating: boolean;
}

function measure(trace: Trace, tolerance: number): Features {
  const convergedAt = settlingStep(trace.gradientNorms, trace.steps, tolerance);
  const judgedUntil = convergedAt ?? trace.steps;
  const overshootSteps: number[] = [];
  for (let t = 1; t <= judgedUntil; t++) {
    if (wentUp(trace.loss[t - 1]!, trace.loss[t]!)) overshootSteps.push(t);
  }
  const directionFlips = countDirectionFlips(trace, judgedUntil);
  const oscillating =
    (overshootSteps.length >= OSCILLATION_MIN_OVERSHOOTS && overshootSteps.length >= OSCILLATION_OVERSHOOT_SHARE * judgedUntil) ||
    (directionFlips >= OSCILLATION_MIN_FLIPS && directionFlips >= OSCILLATION_FLIP_SHARE * (judgedUntil - 1));
  return { convergedAt, judgedUntil, overshootSteps, directionFlips, oscillating };
}

/**
 * The step from which the gradient norm stayed within the tolerance to the end, or null if it ends outside.
 * With early stopping on this is simply the step the run stopped at; with it off, a run that passed through
 * the tolerance and left again (a saddle, a momentum overshoot) has not converged there.
 */
function settlingStep(gradientNorms: Float64Array, steps: number, tolerance: number): number | null {
  if (!(gradientNorms[steps]! <= tolerance)) return null;
  let t = steps;
  while (t > 0 && gradientNorms[t - 1]! <= tolerance) t--;
  return t;
}

function wentUp(before: number, after: number): boolean {
  const ulp = Number.EPSILON * Math.max(Math.abs(before), Math.abs(after));
  return after - before > OVERSHOOT_ULPS * ulp;
}

/** Updates t ≥ 2 (up to `until`) whose displacement points against the previous one's. */
function countDirectionFlips(trace: Trace, until: number): number {
  const n = trace.variables.length;
  const p = trace.params;
  let flips = 0;
  for (let t = 2; t <= until; t++) {
    let dot = 0;
    for (let i = 0; i < n; i++) {
      dot += (p[t * n + i]! - p[(t - 1) * n + i]!) * (p[(t - 1) * n + i]! - p[(t - 2) * n + i]!);
    }
    if (dot < 0) flips++;
  }
  return flips;
}

function findDivergence(trace: Trace, features: Features): { kind: Divergence; at: number } | null {
  if (trace.stop === 'non-finite' && trace.nonFiniteAt !== null) return { kind: 'non-finite', at: trace.nonFiniteAt };
  const steps = trace.steps;
  if (steps === 0 || features.convergedAt !== null) return null;
  const loss = trace.loss;
  const startLoss = loss[0]!;
  const finalLoss = loss[steps]!;
  const scale = Math.max(Math.abs(startLoss), Number.MIN_VALUE);

  // Still climbing: the highest loss of the run is near its end.
  let peak = 0;
  for (let t = 1; t <= steps; t++) if (loss[t]! >= loss[peak]!) peak = t;
  const climbing = peak >= steps - Math.max(1, Math.floor(DIVERGED_PEAK_WINDOW * steps));
  if (finalLoss - startLoss > DIVERGED_LOSS_RISE * scale && climbing) {
    return { kind: 'loss-grew', at: lastReturnAbove(loss, steps, startLoss) };
  }

  const gradientNorms = trace.gradientNorms;
  if (startLoss - finalLoss > DIVERGED_LOSS_RISE * scale && gradientNorms[steps]! > UNBOUNDED_GRADIENT_GROWTH * gradientNorms[0]!) {
    return { kind: 'unbounded-below', at: 1 };
  }

  const n = trace.variables.length;
  const reach = (t: number): number => {
    let largest = 0;
    for (let i = 0; i < n; i++) largest = Math.max(largest, Math.abs(trace.params[t * n + i]!));
    return largest;
  };
  const limit = EXPLODED_PARAMS * Math.max(reach(0), 1);
  if (reach(steps) > limit) {
    let t = steps;
    while (t > 0 && reach(t - 1) > limit) t--;
    return { kind: finalLoss < startLoss ? 'unbounded-below' : 'params-exploded', at: t };
  }
  return null;
}

/** The step from which the loss stayed above `level` to the end. */
function lastReturnAbove(loss: Float64Array, steps: number, level: number): number {
  let t = steps;
  while (t > 1 && loss[t - 1]! > level) t--;
  return t;
}

/** True when the Hessian at the end has a clearly negative curvature: the run settled on a saddle (or a maximum). */
function endsAtNonMinimum(objective: Objective, trace: Trace): boolean {
  const n = trace.variables.length;
  const eigenvalues = hessianEigenvalues(objective, trace.params.subarray(trace.steps * n, trace.steps * n + n));
  return eigenvalues !== null && hasNegativeCurvature(eigenvalues);
}

/** The first update of the recent part of the run (its last RECENT_SHARE) whose pace the projections measure. */
function recentFrom(steps: number): number {
  return Math.max(0, steps - Math.max(1, Math.floor(RECENT_SHARE * steps)));
}

/**
 * How many more updates the run would need to bring the gradient norm to the tolerance at the pace of the last
 * RECENT_SHARE of the run (a straight line on a log scale, as gradient descent's linear convergence gives),
 * or null when the gradient norm was not falling there.
 */
function stepsToTolerance(trace: Trace, tolerance: number): number | null {
  const end = trace.steps;
  const from = recentFrom(end);
  const g = trace.gradientNorms;
  const decadesPerStep = (Math.log10(g[from]!) - Math.log10(g[end]!)) / (end - from);
  if (!(decadesPerStep > 0)) return null;
  return Math.ceil((Math.log10(g[end]!) - Math.log10(tolerance)) / decadesPerStep);
}

/**
 * stepsToTolerance for a run under a schedule. A small step moves the gradient norm in proportion to η (gradient
 * descent on a quadratic shrinks it by 1 − ηλ a step), so the recent pace is measured in decades per unit of η
 * summed over the updates, which an annealed η does not distort. The η still needed then comes from a longer run:
 * for a schedule that stretches with the step limit, in proportion to its length (a run k times longer has k
 * times the η); for one that does not, from the schedule's own η ahead, which for step or exponential decay can
 * add up to too little for any number of steps (∞). Null when the gradient norm was not falling.
 */
function scheduledStepsToTolerance(trace: Trace, tolerance: number, settings: RunSettings): number | null {
  const end = trace.steps;
  const from = recentFrom(end);
  const g = trace.gradientNorms;
  const rates = trace.learningRates;
  let recentη = 0;
  for (let t = from; t < end; t++) recentη += rates[t]!;
  const decadesPerη = (Math.log10(g[from]!) - Math.log10(g[end]!)) / recentη;
  if (!(recentη > 0 && decadesPerη > 0)) return null;
  const neededη = (Math.log10(g[end]!) - Math.log10(tolerance)) / decadesPerη;
  const ahead = learningRateAhead(settings, end);
  if (ahead !== null) return updatesToAccumulate(ahead, neededη);
  let runη = 0;
  for (let t = 0; t < end; t++) runη += rates[t]!;
  return Math.ceil((end * neededη) / runη);
}
