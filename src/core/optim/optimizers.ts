/**
 * The update rules of torch.optim (PyTorch 1.13, single-tensor code path) in float64.
 *
 * Each rule performs the same floating-point operations in the same order as PyTorch's tensor calls, so a
 * trajectory matches PyTorch's to round-off over thousands of steps. The tensor idioms translate as:
 *   a.add(b, alpha=k)          → a + k*b
 *   a.mul_(k).add_(b, alpha=j) → (a*k) + j*b
 *   a.addcmul(b, c, value=k)   → a + (k*b)*c
 *   a.addcdiv(b, c, value=k)   → a + (k*b)/c
 * Keep that in mind before "simplifying" an expression below: (k*b)/c and k*(b/c) differ in the last bit,
 * and chaotic runs amplify the last bit. Adam's β^t comes from a correctly rounded power sequence, as glibc's
 * `pow` gives PyTorch, not from `**` (see PowerSequence).
 */
import { correctlyRoundedPower, PowerSequence } from '../math/powerSequence';
import { createKerasOptimizer, defaultKerasOptimizerSettings, kerasOptimizerProblem } from './kerasOptimizers';
import { createOptaxOptimizer, defaultOptaxOptimizerSettings, optaxOptimizerProblem } from './optaxOptimizers';
import type { Framework, OptimizerKind, OptimizerSettings } from './types';

/** The settings of one optimizer kind, e.g. `OptimizerSettingsOf<'adam'>`. */
export type OptimizerSettingsOf<K extends OptimizerKind> = Extract<OptimizerSettings, { kind: K }>;

/** Every hyper-parameter name across the optimizers (momentum, weightDecay, beta1, …). */
export type OptimizerOptionName = {
  [K in OptimizerKind]: Exclude<keyof OptimizerSettingsOf<K>, 'kind'>;
}[OptimizerKind];

/** Partial settings to lay over the defaults, as the CLI's `--momentum` and `--weight-decay` give them. */
export type OptimizerOverrides = {
  [N in OptimizerOptionName]?: Extract<OptimizerSettings, Record<N, unknown>>[N];
};

/** One optimizer's state for a fixed number of parameters. */
export interface Optimizer {
  /**
   * Applies one update to `params` in place, using the gradient at `params`. Allocates nothing. `momentum`, when a
   * number, replaces the optimizer's momentum (Adam's β1) for this update, as PyTorch's OneCycleLR sets the param
   * group's before each step when it cycles momentum.
   */
  step(params: Float64Array, gradient: Float64Array, learningRate: number, momentum?: number | null): void;
  /** `step` as code a generated run loop can place in its own body (runLoop.ts), for the optimizers that have it. */
  readonly code?: OptimizerCode;
}

/**
 * An optimizer's update as JavaScript over locals, per number of variables: the same operations in the same order as
 * its `step`. The code around it declares `p0`, `p1`, … (the parameters, updated in place), `g0`, `g1`, … (the
 * gradient there), `rate` (η) and `cycledMomentum` (the schedule's momentum, or null), and passes the optimizer's
 * `settings` and `state` in as `settings` and `state`.
 */
export interface OptimizerCode {
  /**
   * Names the kind of update, down to the settings its code is specialised for (e.g. SGD without weight decay):
   * loops generated for one name fit every optimizer with it.
   */
  readonly name: string;
  /** Numbers the update reads and never changes (its hyper-parameters). */
  readonly settings: Float64Array;
  /** Numbers it carries from one update to the next; `store` writes them back, so `step` can go on from them. */
  readonly state: Float64Array;
  /**
   * `declare` before the loop, `update` in it, `store` after it (names of the form `o<name>` are its own).
   * `cycledMomentum`: whether the schedule sets the momentum at each update (else `cycledMomentum` is always null and
   * the code may leave it out).
   */
  source(dimension: number, cycledMomentum: boolean): { declare: string; update: string; store: string };
}

/**
 * The framework's defaults for this kind (PyTorch's unless another is named); `momentum` and `nesterov` are SGD
 * with momentum 0.9 (dampening 0) in every framework, since momentum is what those kinds are about.
 */
export function defaultOptimizerSettings<K extends OptimizerKind>(kind: K, framework: Framework = 'pytorch'): OptimizerSettingsOf<K> {
  if (framework === 'keras') return defaultKerasOptimizerSettings(kind);
  if (framework === 'optax') return defaultOptaxOptimizerSettings(kind);
  const settings: { [Kind in OptimizerKind]: OptimizerSettingsOf<Kind> } = {
    gd: { kind: 'gd', weightDecay: 0 },
    momentum: { kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 0 },
    nesterov: { kind: 'nesterov', momentum: 0.9, weightDecay: 0 },
    adagrad: { kind: 'adagrad', lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10 },
    rmsprop: { kind: 'rmsprop', alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false },
    adam: { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false },
    adamw: { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false },
  };
  return settings[kind];
}

/**
 * `settings` with `overrides` laid over it. Throws a RangeError naming the option when an override does not
 * belong to this optimizer (Adam has no `momentum`: its counterpart is `beta1`) or its value is out of range.
 */
export function withOptimizerOverrides(settings: OptimizerSettings, overrides: OptimizerOverrides, framework: Framework = 'pytorch'): OptimizerSettings {
  const merged = new Map<string, unknown>(Object.entries(settings));
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!merged.has(name) || name === 'kind') {
      const own = Object.keys(settings).filter((key) => key !== 'kind');
      throw new RangeError(`${settings.kind} has no setting "${name}"; its settings are ${own.join(', ')}`);
    }
    if (typeof value !== typeof merged.get(name)) {
      throw new RangeError(`${settings.kind} setting "${name}" must be a ${typeof merged.get(name)}`);
    }
    merged.set(name, value);
  }
  const result = Object.fromEntries(merged) as OptimizerSettings;
  const problem = optimizerSettingsProblem(result, framework);
  if (problem !== null) throw new RangeError(problem);
  return result;
}

/**
 * Why the framework would reject these settings (its own constructor checks) or cannot have them (a field only
 * another framework has), or null when they are valid. Total: malformed input (restored state) gets a reason too.
 */
export function optimizerSettingsProblem(settings: OptimizerSettings, framework: Framework = 'pytorch'): string | null {
  if (typeof settings !== 'object' || settings === null) return 'optimizer: settings are missing';
  if (framework === 'keras') return kerasOptimizerProblem(settings);
  if (framework === 'optax') return optaxOptimizerProblem(settings);
  const foreign = OPTAX_ONLY_FIELDS.find((field) => field in settings);
  if (foreign !== undefined) return `${settings.kind}: "${foreign}" is optax's; PyTorch's ${settings.kind} has no such setting`;
  return torchOptimizerProblem(settings);
}

/** Settings fields only optax's optimizers have. */
export const OPTAX_ONLY_FIELDS = ['initialScale', 'epsInSqrt', 'nesterov', 'epsRoot'] as const;

/** Why PyTorch would reject these settings (its own constructor checks), or null when they are valid. */
export function torchOptimizerProblem(settings: OptimizerSettings): string | null {
  const name = settings.kind;
  const nonNegative = (label: string, value: number): string | null =>
    Number.isFinite(value) && value >= 0 ? null : `${name}: ${label} must be a finite number ≥ 0 (got ${value})`;
  const fraction = (label: string, value: number): string | null =>
    Number.isFinite(value) && value >= 0 && value < 1 ? null : `${name}: ${label} must be in [0, 1) (got ${value})`;
  const checks: (string | null)[] = [nonNegative('weightDecay', settings.weightDecay)];
  switch (settings.kind) {
    case 'gd':
      break;
    case 'momentum':
      checks.push(nonNegative('momentum', settings.momentum), nonNegative('dampening', settings.dampening));
      break;
    case 'nesterov':
      checks.push(
        Number.isFinite(settings.momentum) && settings.momentum > 0
          ? null
          : `nesterov: momentum must be > 0 (got ${settings.momentum})`,
      );
      break;
    case 'adagrad':
      checks.push(
        nonNegative('lrDecay', settings.lrDecay),
        nonNegative('initialAccumulatorValue', settings.initialAccumulatorValue),
        nonNegative('eps', settings.eps),
      );
      break;
    case 'rmsprop':
      checks.push(nonNegative('alpha', settings.alpha), nonNegative('eps', settings.eps), nonNegative('momentum', settings.momentum));
      if (typeof settings.centered !== 'boolean') checks.push(`${name}: centered must be true or false`);
      break;
    case 'adam':
    case 'adamw':
      checks.push(fraction('beta1', settings.beta1), fraction('beta2', settings.beta2), nonNegative('eps', settings.eps));
      if (typeof settings.amsgrad !== 'boolean') checks.push(`${name}: amsgrad must be true or false`);
      break;
    default:
      return `optimizer: unknown kind "${String((settings as { kind: unknown }).kind)}"`;
  }
  return checks.find((problem) => problem !== null) ?? null;
}

/**
 * A fresh optimizer (zeroed state, as each framework creates it on the first step) for `dimension` parameters,
 * following `framework`'s update rules (PyTorch's unless another is named).
 */
export function createOptimizer(settings: OptimizerSettings, dimension: number, framework: Framework = 'pytorch'): Optimizer {
  const problem = optimizerSettingsProblem(settings, framework);
  if (problem !== null) throw new RangeError(problem);
  if (framework === 'keras') return createKerasOptimizer(settings, dimension);
  if (framework === 'optax') return createOptaxOptimizer(settings, dimension);
  switch (settings.kind) {
    case 'gd':
      return new Sgd(dimension, settings.weightDecay, 0, 0, false);
    case 'momentum':
      return new Sgd(dimension, settings.weightDecay, settings.momentum, settings.dampening, false);
    case 'nesterov':
      return new Sgd(dimension, settings.weightDecay, settings.momentum, 0, true);
    case 'adagrad':
      return new Adagrad(dimension, settings);
    case 'rmsprop':
      return new RmsProp(dimension, settings);
    case 'adam':
      return new Adam(dimension, settings, false);
    case 'adamw':
      return new Adam(dimension, settings, true);
  }
}

/** torch.optim.SGD: plain, heavy-ball momentum (with dampening) or Nesterov. */
class Sgd implements Optimizer {
  /** Whether the momentum buffer exists (1 after the first step with momentum), then the buffer. */
  private readonly state: Float64Array;
  readonly code: OptimizerCode;

  constructor(
    dimension: number,
    private readonly weightDecay: number,
    private readonly momentum: number,
    private readonly dampening: number,
    private readonly nesterov: boolean,
  ) {
    this.state = new Float64Array(1 + dimension);
    // The code leaves out what these settings never do (a term of weight decay 0, a buffer without momentum), as a
    // loop written by hand for them would: one check fewer per variable and update.
    const shape = { weightDecay: weightDecay !== 0, momentum: momentum !== 0, nesterov };
    this.code = {
      name: `torch-sgd${shape.weightDecay ? '+decay' : ''}${shape.momentum ? '+momentum' : ''}${nesterov ? '+nesterov' : ''}`,
      settings: Float64Array.of(weightDecay, momentum, dampening, nesterov ? 1 : 0),
      state: this.state,
      source: (dimension, cycledMomentum) => sgdSource(dimension, shape, cycledMomentum),
    };
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number, cycledMomentum?: number | null): void {
    const { weightDecay, dampening, nesterov, state } = this;
    // SGD reads the param group's momentum at every step, so a scheduler that sets it (OneCycleLR) turns it on.
    const momentum = cycledMomentum ?? this.momentum;
    const hasBuffer = state[0] !== 0;
    for (let i = 0; i < params.length; i++) {
      let direction = gradient[i]!;
      if (weightDecay !== 0) direction = direction + weightDecay * params[i]!;
      if (momentum !== 0) {
        // PyTorch starts the buffer as a copy of the first gradient, without dampening.
        state[1 + i] = hasBuffer ? state[1 + i]! * momentum + (1 - dampening) * direction : direction;
        direction = nesterov ? direction + momentum * state[1 + i]! : state[1 + i]!;
      }
      params[i] = params[i]! + -learningRate * direction;
    }
    // A step without momentum neither creates nor touches the buffer.
    if (momentum !== 0) state[0] = 1;
  }
}

/** What Sgd's code is specialised for: whether its weight decay and momentum are other than 0, and Nesterov. */
interface SgdShape {
  readonly weightDecay: boolean;
  readonly momentum: boolean;
  readonly nesterov: boolean;
}

/**
 * Sgd's `step` as code (OptimizerCode): the same operations, on locals, without the terms `shape` says are zero. With a
 * schedule that cycles the momentum, the momentum of each update is the schedule's and may be 0: then it is checked
 * at each update, as `step` does.
 */
function sgdSource(dimension: number, shape: SgdShape, cycledMomentum: boolean): { declare: string; update: string; store: string } {
  const variables = Array.from({ length: dimension }, (_, i) => i);
  const withMomentum = shape.momentum || cycledMomentum;
  const declare = [
    'const oWeightDecay = settings[0], oMomentum = settings[1], oDampening = settings[2];',
    ...(withMomentum ? ['let oHasBuffer = state[0] !== 0;', ...variables.map((i) => `let oBuffer${i} = state[${1 + i}];`)] : []),
  ];
  // With a fixed momentum other than 0, every update has it; a cycled one is checked as `step` checks it.
  const momentumTerm = (i: number): string[] => [
    `oBuffer${i} = oHasBuffer ? oBuffer${i} * oStepMomentum + (1 - oDampening) * oDirection${i} : oDirection${i};`,
    shape.nesterov ? `oDirection${i} = oDirection${i} + oStepMomentum * oBuffer${i};` : `oDirection${i} = oBuffer${i};`,
  ];
  const update = [
    ...(withMomentum ? [cycledMomentum ? 'const oStepMomentum = cycledMomentum ?? oMomentum;' : 'const oStepMomentum = oMomentum;'] : []),
    ...variables.flatMap((i) => [
      `let oDirection${i} = g${i};`,
      ...(shape.weightDecay ? [`oDirection${i} = oDirection${i} + oWeightDecay * p${i};`] : []),
      ...(withMomentum ? (cycledMomentum ? ['if (oStepMomentum !== 0) {', ...momentumTerm(i), '}'] : momentumTerm(i)) : []),
      `p${i} = p${i} + -rate * oDirection${i};`,
    ]),
    ...(withMomentum ? [cycledMomentum ? 'if (oStepMomentum !== 0) oHasBuffer = true;' : 'oHasBuffer = true;'] : []),
  ];
  const store = withMomentum ? ['state[0] = oHasBuffer ? 1 : 0;', ...variables.map((i) => `state[${1 + i}] = oBuffer${i};`)] : [];
  return { declare: declare.join('\n'), update: update.join('\n'), store: store.join('\n') };
}

/** torch.optim.Adagrad (dense gradients). */
class Adagrad implements Optimizer {
  private readonly sum: Float64Array;
  private step_ = 0;
  private readonly lrDecay: number;
  private readonly weightDecay: number;
  private readonly eps: number;

  constructor(dimension: number, settings: OptimizerSettingsOf<'adagrad'>) {
    this.sum = new Float64Array(dimension).fill(settings.initialAccumulatorValue);
    this.lrDecay = settings.lrDecay;
    this.weightDecay = settings.weightDecay;
    this.eps = settings.eps;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { sum, weightDecay, eps } = this;
    this.step_ += 1;
    const decayedRate = learningRate / (1 + (this.step_ - 1) * this.lrDecay);
    for (let i = 0; i < params.length; i++) {
      let g = gradient[i]!;
      if (weightDecay !== 0) g = g + weightDecay * params[i]!;
      sum[i] = sum[i]! + 1 * g * g;
      const std = Math.sqrt(sum[i]!) + eps;
      params[i] = params[i]! + (-decayedRate * g) / std;
    }
  }
}

/** torch.optim.RMSprop, optionally centered and with momentum. */
class RmsProp implements Optimizer {
  private readonly squareAverage: Float64Array;
  private readonly gradientAverage: Float64Array;
  private readonly buffer: Float64Array;
  private readonly alpha: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly momentum: number;
  private readonly centered: boolean;

  constructor(dimension: number, settings: OptimizerSettingsOf<'rmsprop'>) {
    this.squareAverage = new Float64Array(dimension);
    this.gradientAverage = new Float64Array(dimension);
    this.buffer = new Float64Array(dimension);
    this.alpha = settings.alpha;
    this.eps = settings.eps;
    this.weightDecay = settings.weightDecay;
    this.momentum = settings.momentum;
    this.centered = settings.centered;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number, cycledMomentum?: number | null): void {
    const { squareAverage, gradientAverage, buffer, alpha, eps, weightDecay, centered } = this;
    const momentum = cycledMomentum ?? this.momentum;
    for (let i = 0; i < params.length; i++) {
      let g = gradient[i]!;
      if (weightDecay !== 0) g = g + weightDecay * params[i]!;
      squareAverage[i] = squareAverage[i]! * alpha + (1 - alpha) * g * g;
      let average: number;
      if (centered) {
        gradientAverage[i] = gradientAverage[i]! * alpha + (1 - alpha) * g;
        average = Math.sqrt(squareAverage[i]! + -1 * gradientAverage[i]! * gradientAverage[i]!);
      } else {
        average = Math.sqrt(squareAverage[i]!);
      }
      average = average + eps;
      if (momentum > 0) {
        buffer[i] = buffer[i]! * momentum + (1 * g) / average;
        params[i] = params[i]! + -learningRate * buffer[i]!;
      } else {
        params[i] = params[i]! + (-learningRate * g) / average;
      }
    }
  }
}

/** torch.optim.Adam and torch.optim.AdamW (decoupled weight decay), optionally AMSGrad. */
class Adam implements Optimizer {
  private readonly firstMoment: Float64Array;
  private readonly secondMoment: Float64Array;
  private readonly maxSecondMoment: Float64Array;
  private readonly beta1Powers: PowerSequence;
  private readonly beta2Powers: PowerSequence;
  /** Updates taken: PyTorch's `state['step']`. */
  private steps = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly amsgrad: boolean;

  constructor(
    dimension: number,
    settings: OptimizerSettingsOf<'adam'> | OptimizerSettingsOf<'adamw'>,
    private readonly decoupled: boolean,
  ) {
    this.firstMoment = new Float64Array(dimension);
    this.secondMoment = new Float64Array(dimension);
    this.maxSecondMoment = new Float64Array(dimension);
    this.beta1Powers = new PowerSequence(settings.beta1);
    this.beta2Powers = new PowerSequence(settings.beta2);
    this.beta1 = settings.beta1;
    this.beta2 = settings.beta2;
    this.eps = settings.eps;
    this.weightDecay = settings.weightDecay;
    this.amsgrad = settings.amsgrad;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number, cycledBeta1?: number | null): void {
    const { firstMoment, secondMoment, maxSecondMoment, beta2, eps, weightDecay, amsgrad, decoupled } = this;
    this.steps += 1;
    // Under a schedule that cycles β1 (OneCycleLR), PyTorch takes the bias correction from this step's β1.
    const beta1 = cycledBeta1 ?? this.beta1;
    const beta1Power = this.beta1Powers.next();
    const biasCorrection1 = 1 - (cycledBeta1 == null ? beta1Power : correctlyRoundedPower(beta1, this.steps));
    const biasCorrection2 = 1 - this.beta2Powers.next();
    const stepSize = learningRate / biasCorrection1;
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    // AdamW shrinks the parameters before anything else, by a factor PyTorch computes once per step.
    const shrink = 1 - learningRate * weightDecay;
    for (let i = 0; i < params.length; i++) {
      let g = gradient[i]!;
      if (decoupled) params[i] = params[i]! * shrink;
      else if (weightDecay !== 0) g = g + weightDecay * params[i]!;
      firstMoment[i] = firstMoment[i]! * beta1 + (1 - beta1) * g;
      secondMoment[i] = secondMoment[i]! * beta2 + (1 - beta2) * g * g;
      let second = secondMoment[i]!;
      if (amsgrad) {
        // torch.maximum propagates NaN, as Math.max does.
        maxSecondMoment[i] = Math.max(maxSecondMoment[i]!, second);
        second = maxSecondMoment[i]!;
      }
      const denominator = Math.sqrt(second) / biasCorrection2Sqrt + eps;
      params[i] = params[i]! + (-stepSize * firstMoment[i]!) / denominator;
    }
  }
}
