/**
 * The optimizer core's vocabulary: what a run is asked to do (settings) and what it returns (trace,
 * diagnosis, stability, sweep). Plain data, JSON-friendly except for the typed arrays of a trace,
 * so the extension, the webview protocol and the CLI all speak it.
 */

export const OPTIMIZER_KINDS = ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const;
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/**
 * Whose update rules, defaults and weight-decay rule a run follows (see frameworks.ts). The same optimizer kind
 * differs between them: Keras puts Adam's ε on the uncorrected √v and RMSprop's inside the square root, applies
 * `weight_decay` decoupled for every optimizer and folds η into SGD's momentum buffer; optax counts Adagrad's
 * accumulator from 0.1. PyTorch's are the default.
 */
export const FRAMEWORKS = ['pytorch', 'keras', 'optax'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/**
 * Hyper-parameters per optimizer, named and defaulted as in torch.optim. Under another framework the same names
 * carry that framework's values (Keras' `rho` is `alpha`, optax's `b1` is `beta1`), `weightDecay` follows that
 * framework's rule (frameworks.ts), and the optional fields hold what only optax has.
 */
export type OptimizerSettings =
  | { kind: 'gd'; weightDecay: number }
  | { kind: 'momentum'; momentum: number; dampening: number; weightDecay: number }
  | { kind: 'nesterov'; momentum: number; weightDecay: number }
  | { kind: 'adagrad'; lrDecay: number; weightDecay: number; initialAccumulatorValue: number; eps: number }
  | {
      kind: 'rmsprop';
      alpha: number;
      eps: number;
      weightDecay: number;
      momentum: number;
      centered: boolean;
      /** optax only (`initial_scale`): where the running average of g² starts; 0 when absent. */
      initialScale?: number;
      /** optax only (`eps_in_sqrt`): ε inside the square root (optax's default) or outside it; PyTorch adds it outside, Keras inside. */
      epsInSqrt?: boolean;
      /** optax only: Nesterov momentum on the η-scaled steps; false when absent. */
      nesterov?: boolean;
    }
  | {
      kind: 'adam';
      beta1: number;
      beta2: number;
      eps: number;
      weightDecay: number;
      amsgrad: boolean;
      /** optax only (`eps_root`): added to v̂ inside the square root; 0 when absent. */
      epsRoot?: number;
    }
  | { kind: 'adamw'; beta1: number; beta2: number; eps: number; weightDecay: number; amsgrad: boolean; epsRoot?: number };

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
  /**
   * OneCycleLR; `maxLr: null` peaks at the run's learning rate. The optional fields are OneCycleLR's own when read
   * from code; absent, it anneals by cos over the run in two phases and leaves momentum alone.
   */
  | {
      kind: 'onecycle';
      maxLr: number | null;
      pctStart: number;
      divFactor: number;
      finalDivFactor: number;
      /** `total_steps` (or epochs × steps_per_epoch); null or absent: the run's step limit. */
      totalSteps?: number | null;
      annealStrategy?: 'cos' | 'linear';
      threePhase?: boolean;
      /**
       * `cycle_momentum` (PyTorch's default is True): momentum, or Adam's β1, goes from maxMomentum down to
       * baseMomentum while η rises and back while it falls, replacing the optimizer's own.
       */
      cycleMomentum?: boolean;
      baseMomentum?: number;
      maxMomentum?: number;
    }
  | CodeScheduleSettings;

/** The schedules one chooses in the panel, the settings and the CLI (`--schedule`), with their defaults. */
export type ChoosableScheduleSettings = Extract<ScheduleSettings, { kind: ScheduleKind }>;

/**
 * Schedules read from training code (src/core/training): the rest of torch.optim.lr_scheduler's, Keras 3's and
 * optax's. Their values are the code's own, scaled by η / the value the code anchors the schedule on (Keras'
 * `initial_learning_rate` or `warmup_target`, the first of `values`, optax's `init_value` or `peak_value`), so at
 * the code's η they are exactly the code's, and η × 10 makes the whole schedule ten times larger, as a PyTorch
 * scheduler does with the optimizer's lr. Each is valued as its framework values it, whichever optimizer it drives.
 */
export type CodeScheduleSettings =
  /** MultiStepLR: ×γ at each milestone (a milestone listed twice multiplies twice). */
  | { kind: 'multistep'; milestones: number[]; gamma: number }
  /** LinearLR: η × startFactor rising (or falling) linearly to η × endFactor over totalIters steps. */
  | { kind: 'linear'; startFactor: number; endFactor: number; totalIters: number }
  /** SequentialLR: `schedules[i]` from `milestones[i − 1]` on, each restarted at its milestone as PyTorch 1.13 does. */
  | { kind: 'sequential'; schedules: SequentialScheduleSettings[]; milestones: number[] }
  /** keras.optimizers.schedules.ExponentialDecay: initial × rate^(step/decaySteps), the exponent floored if staircase. */
  | { kind: 'keras-exponential-decay'; initialLearningRate: number; decaySteps: number; decayRate: number; staircase: boolean }
  /** keras.optimizers.schedules.CosineDecay, with its linear warmup to warmupTarget when that is not null. */
  | {
      kind: 'keras-cosine-decay';
      initialLearningRate: number;
      decaySteps: number;
      alpha: number;
      warmupTarget: number | null;
      warmupSteps: number;
    }
  /** keras.optimizers.schedules.PiecewiseConstantDecay: values[i] up to and including boundaries[i]. */
  | { kind: 'keras-piecewise-constant-decay'; boundaries: number[]; values: number[] }
  /** optax.exponential_decay: init until transitionBegin, then × rate^((count − begin)/transitionSteps), clipped at endValue. */
  | {
      kind: 'optax-exponential-decay';
      initValue: number;
      transitionSteps: number;
      decayRate: number;
      transitionBegin: number;
      staircase: boolean;
      endValue: number | null;
    }
  /** optax.cosine_decay_schedule. */
  | { kind: 'optax-cosine-decay'; initValue: number; decaySteps: number; alpha: number; exponent: number }
  /** optax.warmup_cosine_decay_schedule: decaySteps counts the warmup in; endValue is absolute. */
  | {
      kind: 'optax-warmup-cosine-decay';
      initValue: number;
      peakValue: number;
      warmupSteps: number;
      decaySteps: number;
      endValue: number;
      exponent: number;
    }
  /** optax.piecewise_constant_schedule: from count ≥ boundary on, η × scale (scales multiply). */
  | { kind: 'optax-piecewise-constant'; initValue: number; boundariesAndScales: [number, number][] }
  /** optax.polynomial_schedule (linear_schedule is power 1). */
  | { kind: 'optax-polynomial'; initValue: number; endValue: number; power: number; transitionSteps: number; transitionBegin: number }
  /** optax.cosine_onecycle_schedule: η only, no momentum cycling. */
  | { kind: 'optax-cosine-onecycle'; transitionSteps: number; peakValue: number; pctStart: number; divFactor: number; finalDivFactor: number }
  /** optax.constant_schedule. */
  | { kind: 'optax-constant'; value: number };

/** The schedulers SequentialLR can chain here. */
export type SequentialScheduleSettings =
  | { kind: 'step'; stepSize: number; gamma: number }
  | { kind: 'exponential'; gamma: number }
  | { kind: 'cosine'; tMax: number; minLr: number }
  | { kind: 'multistep'; milestones: number[]; gamma: number }
  | { kind: 'linear'; startFactor: number; endFactor: number; totalIters: number };

/** Every kind a schedule's settings may have: the choosable ones, then those read from code. */
export const SCHEDULE_SETTINGS_KINDS = [
  ...SCHEDULE_KINDS,
  'multistep',
  'linear',
  'sequential',
  'keras-exponential-decay',
  'keras-cosine-decay',
  'keras-piecewise-constant-decay',
  'optax-exponential-decay',
  'optax-cosine-decay',
  'optax-warmup-cosine-decay',
  'optax-piecewise-constant',
  'optax-polynomial',
  'optax-cosine-onecycle',
  'optax-constant',
] as const satisfies readonly ScheduleSettings['kind'][];
export type ScheduleSettingsKind = ScheduleSettings['kind'];

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
  /** Whose optimizer update rules apply (see Framework); absent means PyTorch's. */
  framework?: Framework;
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
  /**
   * Only when the schedule sets the optimizer's momentum (PyTorch's OneCycleLR with cycle_momentum):
   * `momenta[t - 1]` is the momentum (or Adam's β1) update t used.
   */
  readonly momenta?: Float64Array;
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
