/**
 * The optimizer core's vocabulary: what a run is asked to do (settings) and what it returns (trace,
 * diagnosis, stability, sweep). Plain data, JSON-friendly except for the typed arrays of a trace,
 * so the extension, the webview protocol and the CLI all speak it.
 */

export const OPTIMIZER_KINDS = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/** Hyper-parameters per optimizer, named and defaulted as in torch.optim. */
export type OptimizerSettings =
  | { kind: 'gd'; weightDecay: number }
  | { kind: 'momentum'; momentum: number; dampening: number; weightDecay: number }
  | { kind: 'nesterov'; momentum: number; weightDecay: number }
  | { kind: 'adagrad'; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number }
  | { kind: 'rmsprop'; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean }
  | { kind: 'adam'; beta1: number; beta2: number; eps: number; weightDecay: number; amsgrad: boolean }
  | { kind: 'adamw'; beta1: number; beta2: number; eps: number; weightDecay: number; amsgrad: boolean };

export const SCHEDULE_KINDS = ['constant', 'step', 'exponential', 'cosine', 'warmup-cosine', 'onecycle'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/**
 * Learning-rate schedules, valued exactly as torch.optim.lr_scheduler with `scheduler.step()` called after
 * each `optimizer.step()`. Where PyTorch needs the run length (cosine's T_max, one-cycle's total_steps),
 * `null` means "the run's step limit".
 */
export type ScheduleSettings =
  | { kind: 'constant' }
  | { kind: 'step'; stepSize: number; gamma: number }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'cosine'; tMax: number | null; minLr: number }
  /** LinearLR(start_factor → 1 over warmupSteps) then CosineAnnealingLR(T_max = steps − warmupSteps), via SequentialLR. */
  | { kind: 'warmup-cosine'; warmupSteps: number; startFactor: number; minLr: number }
  /** OneCycleLR with cos annealing and no momentum cycling; `maxLr: null` peaks at the run's learning rate. */
  | { kind: 'onecycle'; maxLr: number | null; pctStart: number; divFactor: number; finalDivFactor: number };

export interface RunSettings {
  /** η: the base learning rate handed to the optimizer (and to the schedule as its base). */
  learningRate: number;
  optimizer: OptimizerSettings;
  schedule: ScheduleSettings;
  /** Step limit: the run applies at most this many updates. */
  maxSteps: number;
  /**
   * Converged when the gradient norm falls to this or below. The run stops there unless it is 0,
   * which turns early stopping off (the diagnosis then judges convergence by DEFAULT_TOLERANCE).
   */
  tolerance: number;
  /**
   * For a loss over data: rows per update (null or absent: the full batch). Ignored for a formula without data.
   * Batches are dealt as PyTorch's DataLoader deals them (minibatch.ts).
   */
  batchSize?: number | null;
  /** A new random order of the rows every epoch (when the batch is smaller than the data); absent: on. */
  shuffle?: boolean;
  /** The shuffle's seed, a whole number ≥ 0 (absent: 0); the same seed gives the same run, bit for bit. */
  seed?: number;
}

export const DEFAULT_LEARNING_RATE = 0.01;
export const DEFAULT_MAX_STEPS = 1000;
export const DEFAULT_TOLERANCE = 1e-5;

export type StopReason = 'max-steps' | 'converged' | 'non-finite' | 'cancelled';

/**
 * Everything a run visited. Index t is the state after update t (t = 0 is the start), so `loss` and
 * `gradientNorms` have `steps + 1` entries and `learningRates[t - 1]` is the η used by update t.
 * Only finite states are recorded: when an update produces a non-finite loss, gradient or parameter,
 * the run stops before recording it (`stop: 'non-finite'`, `nonFiniteAt` = that update).
 */
export interface Trace {
  readonly variables: readonly string[];
  /** Updates applied and recorded. */
  readonly steps: number;
  readonly loss: Float64Array;
  readonly gradientNorms: Float64Array;
  readonly learningRates: Float64Array;
  /** Row-major: parameters after update t are params[t*n .. t*n + n). */
  readonly params: Float64Array;
  readonly stop: StopReason;
  /** The update that produced a non-finite value, or null. */
  readonly nonFiniteAt: number | null;
  /**
   * For a loss over data: `batchLoss[t - 1]` is the loss of the batch update t used, at the parameters it started
   * from (for the full batch, loss[t - 1]). `loss` and `gradientNorms` are always on all the data.
   */
  readonly batchLoss?: Float64Array;
  /** For a loss over data: updates per epoch (1 for the full batch), so steps read as epochs too. */
  readonly batchesPerEpoch?: number;
}

export const VERDICTS = [
  'converged',
  'needs-more-steps',
  'too-slow',
  'oscillating',
  'diverged',
  'stationary',
] as const;
/**
 * - converged: gradient norm reached the tolerance (`convergedAt`), smoothly.
 * - needs-more-steps: η looks right (fast, steady descent, far below the start) but the step limit came first.
 * - too-slow: loss barely moving and still far from a minimum at the step limit: η too small.
 * - oscillating: overshooting (loss rises on some steps, or the update flips direction repeatedly) but bounded;
 *   it may still settle (`convergedAt` set).
 * - diverged: loss or parameters grow without bound or became non-finite (`divergedAt`).
 * - stationary: zero gradient at the start; gradient descent cannot move (`stationaryPoint` says which kind).
 */
export type Verdict = (typeof VERDICTS)[number];

export type StationaryPointKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

/** Local stability of plain gradient descent at the start, from the Hessian there. */
export interface Stability {
  /** Eigenvalues of the Hessian at the start, ascending. */
  readonly eigenvalues: readonly number[];
  /** L: the largest curvature (largest eigenvalue) at the start. */
  readonly lipschitz: number;
  /** 2/L: on a quadratic, plain gradient descent converges for η below it and diverges above. Null when L ≤ 0. */
  readonly criticalLearningRate: number | null;
}

export interface SweepSettings {
  /** Smallest and largest η, inclusive; `count` values log-spaced between them. */
  from: number;
  to: number;
  count: number;
}

export const DEFAULT_SWEEP: SweepSettings = { from: 1e-5, to: 10, count: 60 };

export interface SweepPoint {
  readonly learningRate: number;
  /** Loss at the end of the run (the last finite loss if it diverged). */
  readonly finalLoss: number;
  readonly stepsToConverge: number | null;
  readonly steps: number;
  readonly verdict: Verdict;
}

export interface SweepResult {
  readonly points: readonly SweepPoint[];
  /** The stable η that reached the lowest loss fastest, or null when none is stable. */
  readonly suggestedLearningRate: number | null;
  /** The curvature at the start, as plain gradient descent reads it: its 2/L, whatever the sweep's optimizer. */
  readonly stability: Stability;
  /**
   * The critical η of the sweep's own optimizer at the start (`criticalLearningRateFor`): 2/L for gradient
   * descent, 2(1 + β)/L for momentum, 2(1 + β)/((1 + 2β)L) for Nesterov. Null for the adaptive optimizers, which
   * scale each step by the gradient's size and have no such limit, and when nothing curves (weight decay adds to
   * every curvature, so with it gradient descent has a limit even where `stability` has none).
   */
  readonly criticalLearningRate: number | null;
}

/** The second axis of a stability map: the optimizer's momentum-like coefficient (momentum β, Adam's β1). */
export type MapParameter = 'momentum' | 'beta1';

/** How a stability map colours a cell: converged (fast), still on its way (slow), oscillating, diverged, stationary. */
export type MapCategory = 'fast' | 'slow' | 'oscillating' | 'diverged' | 'stationary';
