/**
 * optax's optimizers (google-deepmind/optax@2edbcbe2390d, the rules of v0.2.8) in float64. Each alias is a chain of
 * gradient transformations whose result is added to the parameters (O = optax/):
 * - sgd: trace(momentum, nesterov) when momentum is given, then scale_by_learning_rate
 *   (O _src/alias.py:2150-2161; trace at O transforms/_accumulation.py:68-75: t ← g + μt, u = nesterov ? g + μt : t);
 * - adam, adamw: scale_by_adam — m̂/(√(v̂ + eps_root) + eps) — then, for adamw, add_decayed_weights
 *   (u + wd·θ, inside the η scaling), then scale_by_learning_rate (O _src/transform.py:281-307, _src/alias.py:734-745);
 * - rmsprop: scale_by_rms or, centered, scale_by_stddev — ε inside the square root unless eps_in_sqrt=False,
 *   ν starting at initial_scale — then scale_by_learning_rate, then trace(momentum): the momentum buffer holds
 *   η-scaled steps (O _src/alias.py rmsprop, _src/transform.py:95-245);
 * - adagrad: scale_by_rss — g/√(Σg² + eps), the sum starting at 0.1 — then scale_by_learning_rate
 *   (O _src/transform.py:45-80).
 * `weightDecay` on any kind but adamw is `optax.chain(optax.add_decayed_weights(wd), <the optimizer>)`: the
 * optimizer sees g + wd·θ, the L2 rule (O transforms/_adding.py add_decayed_weights). A schedule's η is read with
 * the transformation's count, which starts at 0 (O _src/transform.py:1011-1036).
 */
import { PowerSequence } from '../math/powerSequence';
import type { Optimizer, OptimizerSettingsOf } from './optimizers';
import type { OptimizerKind, OptimizerSettings } from './types';

export function defaultOptaxOptimizerSettings<K extends OptimizerKind>(kind: K): OptimizerSettingsOf<K> {
  const settings: { [Kind in OptimizerKind]: OptimizerSettingsOf<Kind> } = {
    gd: { kind: 'gd', weightDecay: 0 },
    momentum: { kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 0 },
    nesterov: { kind: 'nesterov', momentum: 0.9, weightDecay: 0 },
    adagrad: { kind: 'adagrad', lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0.1, eps: 1e-7 },
    rmsprop: { kind: 'rmsprop', alpha: 0.9, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, initialScale: 0, epsInSqrt: true, nesterov: false },
    adam: { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false, epsRoot: 0 },
    adamw: { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4, amsgrad: false, epsRoot: 0 },
  };
  return settings[kind];
}

/** Why optax cannot have these settings, or null when they are valid. */
export function optaxOptimizerProblem(settings: OptimizerSettings): string | null {
  const name = `optax ${settings.kind}`;
  const nonNegative = (label: string, value: unknown): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : `${name}: ${label} must be a finite number ≥ 0 (got ${String(value)})`;
  const optional = (label: string, value: unknown, check: (value: unknown) => boolean, what: string): string | null =>
    value === undefined || check(value) ? null : `${name}: ${label} must be ${what} (got ${String(value)})`;
  const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
  const isNonNegative = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  const checks: (string | null)[] = [nonNegative('weightDecay', settings.weightDecay)];
  switch (settings.kind) {
    case 'gd':
      break;
    case 'momentum':
    case 'nesterov':
      checks.push(nonNegative('momentum', settings.momentum));
      if (settings.kind === 'momentum' && settings.dampening !== 0) checks.push(`${name}: optax’s trace has no dampening`);
      break;
    case 'adagrad':
      checks.push(nonNegative('initialAccumulatorValue', settings.initialAccumulatorValue), nonNegative('eps', settings.eps));
      if (settings.lrDecay !== 0) checks.push(`${name}: optax’s adagrad has no lr decay`);
      break;
    case 'rmsprop':
      checks.push(
        nonNegative('alpha', settings.alpha),
        nonNegative('eps', settings.eps),
        nonNegative('momentum', settings.momentum),
        optional('initialScale', settings.initialScale, isNonNegative, 'a finite number ≥ 0'),
        optional('epsInSqrt', settings.epsInSqrt, isBoolean, 'true or false'),
        optional('nesterov', settings.nesterov, isBoolean, 'true or false'),
      );
      if (typeof settings.centered !== 'boolean') checks.push(`${name}: centered must be true or false`);
      break;
    case 'adam':
    case 'adamw':
      checks.push(
        nonNegative('beta1', settings.beta1),
        nonNegative('beta2', settings.beta2),
        nonNegative('eps', settings.eps),
        optional('epsRoot', settings.epsRoot, isNonNegative, 'a finite number ≥ 0'),
      );
      // AMSGrad is an alias of its own in optax (optax.amsgrad), with its own rules.
      if (settings.amsgrad !== false) checks.push(`${name}: optax’s ${settings.kind} has no amsgrad`);
      break;
    default:
      return `optimizer: unknown kind "${String((settings as { kind: unknown }).kind)}"`;
  }
  return checks.find((problem) => problem !== null) ?? null;
}

/** A fresh optax optimizer (state as `init` creates it) for `dimension` parameters; settings already checked. */
export function createOptaxOptimizer(settings: OptimizerSettings, dimension: number): Optimizer {
  switch (settings.kind) {
    case 'gd':
      return new OptaxSgd(dimension, settings.weightDecay, null, false);
    case 'momentum':
      return new OptaxSgd(dimension, settings.weightDecay, settings.momentum, false);
    case 'nesterov':
      return new OptaxSgd(dimension, settings.weightDecay, settings.momentum, true);
    case 'adagrad':
      return new OptaxAdagrad(dimension, settings);
    case 'rmsprop':
      return new OptaxRmsProp(dimension, settings);
    case 'adam':
      return new OptaxAdam(dimension, settings, false);
    case 'adamw':
      return new OptaxAdam(dimension, settings, true);
  }
}

/** add_decayed_weights chained before the optimizer: the gradient it sees, g + wd·θ (g + s·p in optax). */
function decayed(gradient: number, weightDecay: number, param: number): number {
  return weightDecay === 0 ? gradient : gradient + weightDecay * param;
}

/** optax.sgd: trace (when momentum is given), then −η. */
class OptaxSgd implements Optimizer {
  private readonly trace: Float64Array;

  constructor(
    dimension: number,
    private readonly weightDecay: number,
    private readonly momentum: number | null,
    private readonly nesterov: boolean,
  ) {
    this.trace = new Float64Array(dimension);
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { trace, momentum, nesterov, weightDecay } = this;
    const scale = -learningRate;
    for (let i = 0; i < params.length; i++) {
      let u = decayed(gradient[i]!, weightDecay, params[i]!);
      if (momentum !== null) {
        trace[i] = u + momentum * trace[i]!;
        u = nesterov ? u + momentum * trace[i]! : trace[i]!;
      }
      params[i] = params[i]! + scale * u;
    }
  }
}

/** optax.adam and optax.adamw: scale_by_adam, [add_decayed_weights], scale_by_learning_rate. */
class OptaxAdam implements Optimizer {
  private readonly mu: Float64Array;
  private readonly nu: Float64Array;
  private readonly beta1Powers: PowerSequence;
  private readonly beta2Powers: PowerSequence;
  private readonly settings: OptimizerSettingsOf<'adam'> | OptimizerSettingsOf<'adamw'>;

  constructor(
    dimension: number,
    settings: OptimizerSettingsOf<'adam'> | OptimizerSettingsOf<'adamw'>,
    private readonly decoupled: boolean,
  ) {
    this.mu = new Float64Array(dimension);
    this.nu = new Float64Array(dimension);
    this.beta1Powers = new PowerSequence(settings.beta1);
    this.beta2Powers = new PowerSequence(settings.beta2);
    this.settings = settings;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { mu, nu, decoupled } = this;
    const { beta1, beta2, eps, weightDecay } = this.settings;
    const epsRoot = this.settings.epsRoot ?? 0;
    // bias_correction: moment / (1 − decay^count), count after the increment.
    const correction1 = 1 - this.beta1Powers.next();
    const correction2 = 1 - this.beta2Powers.next();
    const scale = -learningRate;
    for (let i = 0; i < params.length; i++) {
      const g = decoupled ? gradient[i]! : decayed(gradient[i]!, weightDecay, params[i]!);
      mu[i] = (1 - beta1) * g + beta1 * mu[i]!;
      nu[i] = (1 - beta2) * (g * g) + beta2 * nu[i]!;
      let u = mu[i]! / correction1 / (Math.sqrt(nu[i]! / correction2 + epsRoot) + eps);
      // adamw's add_decayed_weights sits between scale_by_adam and the η scaling.
      if (decoupled && weightDecay !== 0) u = u + weightDecay * params[i]!;
      params[i] = params[i]! + scale * u;
    }
  }
}

/** optax.rmsprop: scale_by_rms (or scale_by_stddev), −η, then trace(momentum). */
class OptaxRmsProp implements Optimizer {
  private readonly nu: Float64Array;
  private readonly mu: Float64Array;
  private readonly trace: Float64Array;
  private readonly settings: OptimizerSettingsOf<'rmsprop'>;

  constructor(dimension: number, settings: OptimizerSettingsOf<'rmsprop'>) {
    this.nu = new Float64Array(dimension).fill(settings.initialScale ?? 0);
    this.mu = new Float64Array(dimension);
    this.trace = new Float64Array(dimension);
    this.settings = settings;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { nu, mu, trace } = this;
    const { alpha: decay, eps, centered, momentum, weightDecay } = this.settings;
    const epsInSqrt = this.settings.epsInSqrt ?? true;
    const nesterov = this.settings.nesterov ?? false;
    const scale = -learningRate;
    for (let i = 0; i < params.length; i++) {
      const g = decayed(gradient[i]!, weightDecay, params[i]!);
      nu[i] = (1 - decay) * (g * g) + decay * nu[i]!;
      let variance = nu[i]!;
      if (centered) {
        mu[i] = (1 - decay) * g + decay * mu[i]!;
        variance = nu[i]! - mu[i]! * mu[i]!;
      }
      const scaling = epsInSqrt ? 1 / Math.sqrt(variance + eps) : 1 / (Math.sqrt(variance) + eps);
      let u = scale * (scaling * g);
      // optax.rmsprop chains trace only when momentum is given; momentum 0 leaves the step as it is.
      if (momentum !== 0) {
        trace[i] = u + momentum * trace[i]!;
        u = nesterov ? u + momentum * trace[i]! : trace[i]!;
      }
      params[i] = params[i]! + u;
    }
  }
}

/** optax.adagrad: scale_by_rss, then −η. */
class OptaxAdagrad implements Optimizer {
  private readonly sumOfSquares: Float64Array;
  private readonly settings: OptimizerSettingsOf<'adagrad'>;

  constructor(dimension: number, settings: OptimizerSettingsOf<'adagrad'>) {
    this.sumOfSquares = new Float64Array(dimension).fill(settings.initialAccumulatorValue);
    this.settings = settings;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { sumOfSquares } = this;
    const { eps, weightDecay } = this.settings;
    const scale = -learningRate;
    for (let i = 0; i < params.length; i++) {
      const g = decayed(gradient[i]!, weightDecay, params[i]!);
      sumOfSquares[i] = g * g + sumOfSquares[i]!;
      // jnp.where(t > 0, rsqrt(t + eps), 0): a parameter that never had a gradient (nor a start value) stays put.
      const inverseRoot = sumOfSquares[i]! > 0 ? 1 / Math.sqrt(sumOfSquares[i]! + eps) : 0;
      params[i] = params[i]! + scale * (inverseRoot * g);
    }
  }
}
