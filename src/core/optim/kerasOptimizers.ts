/**
 * Keras 3's optimizers (keras/src/optimizers/ at keras-team/keras@3422977a5e38, the rules of v3.15.1) in float64,
 * each operation in the order Keras writes it. Where Keras differs from torch.optim (frameworks.md):
 * - every update first shrinks the weights by their `weight_decay` times the η of this update, decoupled, for
 *   every optimizer (base_optimizer.py:952-959, called from apply at :588-589); the gradient is the one taken
 *   before the shrink;
 * - SGD folds η into its momentum buffer, m ← μm − ηg, θ ← θ + m (sgd.py:95-123), so a schedule's η enters the
 *   buffer when it is added, not when the buffer is applied;
 * - Adam adds ε to the uncorrected √v and moves the bias correction into the step size,
 *   α = η√(1 − β₂ᵗ)/(1 − β₁ᵗ) (adam.py:102-137) — the paper's "ε̂" — with ε = 1e-7 by default;
 * - RMSprop and Adagrad put ε inside the square root (rmsprop.py:126-154, adagrad.py:85-92); Adagrad's
 *   accumulator starts at 0.1.
 * Defaults are Keras' own (adam.py:43-79, adamw.py:56, rmsprop.py, adagrad.py:37-39), except that the momentum
 * kinds carry momentum 0.9 (Keras' SGD defaults to 0, which is the 'gd' kind).
 */
import { PowerSequence } from '../math/powerSequence';
import type { Optimizer, OptimizerSettingsOf } from './optimizers';
import type { OptimizerKind, OptimizerSettings } from './types';

export function defaultKerasOptimizerSettings<K extends OptimizerKind>(kind: K): OptimizerSettingsOf<K> {
  const settings: { [Kind in OptimizerKind]: OptimizerSettingsOf<Kind> } = {
    gd: { kind: 'gd', weightDecay: 0 },
    momentum: { kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 0 },
    nesterov: { kind: 'nesterov', momentum: 0.9, weightDecay: 0 },
    adagrad: { kind: 'adagrad', lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0.1, eps: 1e-7 },
    rmsprop: { kind: 'rmsprop', alpha: 0.9, eps: 1e-7, weightDecay: 0, momentum: 0, centered: false },
    adam: { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-7, weightDecay: 0, amsgrad: false },
    adamw: { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-7, weightDecay: 0.004, amsgrad: false },
  };
  return settings[kind];
}

/** Why Keras would reject these settings or has no such setting, or null when they are valid. */
export function kerasOptimizerProblem(settings: OptimizerSettings): string | null {
  const name = `Keras ${settings.kind}`;
  const nonNegative = (label: string, value: unknown): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : `${name}: ${label} must be a finite number ≥ 0 (got ${String(value)})`;
  const fraction = (label: string, value: unknown): string | null =>
    typeof value === 'number' && value >= 0 && value < 1 ? null : `${name}: ${label} must be in [0, 1) (got ${String(value)})`;
  const absent = (label: string, what: string): string | null => (Object.hasOwn(settings, label) ? `${name}: ${what}` : null);
  const checks: (string | null)[] = [
    nonNegative('weightDecay', settings.weightDecay),
    absent('initialScale', 'initial_scale is optax’s'),
    absent('epsInSqrt', 'Keras always adds ε inside the square root'),
    absent('nesterov', 'Keras’ RMSprop has no Nesterov momentum'),
    absent('epsRoot', 'eps_root is optax’s'),
  ];
  switch (settings.kind) {
    case 'gd':
      break;
    case 'momentum':
    case 'nesterov':
      // sgd.py:71-72: `momentum` must be a float in [0, 1].
      checks.push(
        typeof settings.momentum === 'number' && settings.momentum > 0 && settings.momentum <= 1
          ? null
          : `${name}: momentum must be in (0, 1] (got ${String(settings.momentum)})`,
      );
      if (settings.kind === 'momentum' && settings.dampening !== 0) checks.push(`${name}: Keras’ SGD has no dampening`);
      break;
    case 'adagrad':
      checks.push(nonNegative('initialAccumulatorValue', settings.initialAccumulatorValue), nonNegative('eps', settings.eps));
      if (settings.lrDecay !== 0) checks.push(`${name}: Keras’ Adagrad has no lr decay`);
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

/** A fresh Keras optimizer (state as `build` creates it) for `dimension` parameters; settings already checked. */
export function createKerasOptimizer(settings: OptimizerSettings, dimension: number): Optimizer {
  switch (settings.kind) {
    case 'gd':
      return new KerasSgd(dimension, settings.weightDecay, 0, false);
    case 'momentum':
      return new KerasSgd(dimension, settings.weightDecay, settings.momentum, false);
    case 'nesterov':
      return new KerasSgd(dimension, settings.weightDecay, settings.momentum, true);
    case 'adagrad':
      return new KerasAdagrad(dimension, settings);
    case 'rmsprop':
      return new KerasRmsProp(dimension, settings);
    case 'adam':
    case 'adamw':
      // AdamW is Adam with the generic decoupled weight decay and another default (adamw.py:56).
      return new KerasAdam(dimension, settings);
  }
}

/** θ ← θ − θ·wd·η, before the update and with this update's η (base_optimizer.py:952-959). */
function applyWeightDecay(params: Float64Array, weightDecay: number, learningRate: number): void {
  if (weightDecay === 0) return;
  for (let i = 0; i < params.length; i++) params[i] = params[i]! - params[i]! * weightDecay * learningRate;
}

/** keras.optimizers.SGD (sgd.py:95-123). */
class KerasSgd implements Optimizer {
  private readonly velocity: Float64Array;

  constructor(
    dimension: number,
    private readonly weightDecay: number,
    private readonly momentum: number,
    private readonly nesterov: boolean,
  ) {
    this.velocity = new Float64Array(dimension);
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { velocity, momentum, nesterov } = this;
    applyWeightDecay(params, this.weightDecay, learningRate);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i]!;
      if (momentum !== 0) {
        velocity[i] = velocity[i]! * momentum - g * learningRate;
        params[i] = params[i]! + (nesterov ? velocity[i]! * momentum - g * learningRate : velocity[i]!);
      } else {
        params[i] = params[i]! - g * learningRate;
      }
    }
  }
}

/** keras.optimizers.Adam and AdamW (adam.py:102-137). */
class KerasAdam implements Optimizer {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly vHat: Float64Array;
  private readonly beta1Powers: PowerSequence;
  private readonly beta2Powers: PowerSequence;
  private readonly settings: OptimizerSettingsOf<'adam'> | OptimizerSettingsOf<'adamw'>;

  constructor(dimension: number, settings: OptimizerSettingsOf<'adam'> | OptimizerSettingsOf<'adamw'>) {
    this.m = new Float64Array(dimension);
    this.v = new Float64Array(dimension);
    this.vHat = new Float64Array(dimension);
    // β^(iterations + 1), as ops.power gives it: correctly rounded.
    this.beta1Powers = new PowerSequence(settings.beta1);
    this.beta2Powers = new PowerSequence(settings.beta2);
    this.settings = settings;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { m, v, vHat } = this;
    const { beta1, beta2, eps, amsgrad, weightDecay } = this.settings;
    applyWeightDecay(params, weightDecay, learningRate);
    const beta1Power = this.beta1Powers.next();
    const beta2Power = this.beta2Powers.next();
    const alpha = (learningRate * Math.sqrt(1 - beta2Power)) / (1 - beta1Power);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i]!;
      m[i] = m[i]! + (g - m[i]!) * (1 - beta1);
      v[i] = v[i]! + (g * g - v[i]!) * (1 - beta2);
      let second = v[i]!;
      if (amsgrad) {
        // The running maximum of the raw v (adam.py:128-131).
        vHat[i] = Math.max(vHat[i]!, second);
        second = vHat[i]!;
      }
      params[i] = params[i]! - (m[i]! * alpha) / (Math.sqrt(second) + eps);
    }
  }
}

/** keras.optimizers.RMSprop (rmsprop.py:126-154). */
class KerasRmsProp implements Optimizer {
  private readonly velocity: Float64Array;
  private readonly averageGradient: Float64Array;
  private readonly momentumBuffer: Float64Array;
  private readonly settings: OptimizerSettingsOf<'rmsprop'>;

  constructor(dimension: number, settings: OptimizerSettingsOf<'rmsprop'>) {
    this.velocity = new Float64Array(dimension);
    this.averageGradient = new Float64Array(dimension);
    this.momentumBuffer = new Float64Array(dimension);
    this.settings = settings;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { velocity, averageGradient, momentumBuffer } = this;
    const { alpha: rho, eps, momentum, centered, weightDecay } = this.settings;
    applyWeightDecay(params, weightDecay, learningRate);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i]!;
      velocity[i] = rho * velocity[i]! + (1 - rho) * (g * g);
      let denominator: number;
      if (centered) {
        averageGradient[i] = rho * averageGradient[i]! + (1 - rho) * g;
        denominator = velocity[i]! - averageGradient[i]! * averageGradient[i]! + eps;
      } else {
        denominator = velocity[i]! + eps;
      }
      const increment = (learningRate * g) / Math.sqrt(denominator);
      if (momentum > 0) {
        // The buffer accumulates η-scaled increments.
        momentumBuffer[i] = momentum * momentumBuffer[i]! + increment;
        params[i] = params[i]! - momentumBuffer[i]!;
      } else {
        params[i] = params[i]! - increment;
      }
    }
  }
}

/** keras.optimizers.Adagrad (adagrad.py:85-92). */
class KerasAdagrad implements Optimizer {
  private readonly accumulator: Float64Array;
  private readonly settings: OptimizerSettingsOf<'adagrad'>;

  constructor(dimension: number, settings: OptimizerSettingsOf<'adagrad'>) {
    this.accumulator = new Float64Array(dimension).fill(settings.initialAccumulatorValue);
    this.settings = settings;
  }

  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    const { accumulator } = this;
    const { eps, weightDecay } = this.settings;
    applyWeightDecay(params, weightDecay, learningRate);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i]!;
      accumulator[i] = accumulator[i]! + g * g;
      params[i] = params[i]! - (learningRate * g) / Math.sqrt(accumulator[i]! + eps);
    }
  }
}
