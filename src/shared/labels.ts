/** The words both the panel and the editor use for the core's vocabulary (the core returns identifiers). */
import type { Framework, OptimizerKind, ScheduleKind, ScheduleSettingsKind, StopReason, Verdict } from '../core/optim/types';

export const OPTIMIZER_LABELS: Readonly<Record<OptimizerKind, string>> = {
  gd: 'Gradient descent',
  momentum: 'Momentum',
  nesterov: 'Nesterov',
  adagrad: 'AdaGrad',
  rmsprop: 'RMSProp',
  adam: 'Adam',
  adamw: 'AdamW',
};

export const SCHEDULE_LABELS: Readonly<Record<ScheduleKind, string>> = {
  constant: 'Constant',
  step: 'Step decay',
  exponential: 'Exponential',
  cosine: 'Cosine annealing',
  'warmup-cosine': 'Warmup + cosine',
  onecycle: 'One-cycle',
};

/** Every schedule's name: the choosable ones as above, those read from code by the name the code gives them. */
export const SCHEDULE_SETTINGS_LABELS: Readonly<Record<ScheduleSettingsKind, string>> = {
  ...SCHEDULE_LABELS,
  multistep: 'MultiStepLR',
  linear: 'LinearLR',
  sequential: 'SequentialLR',
  'keras-exponential-decay': 'ExponentialDecay',
  'keras-cosine-decay': 'CosineDecay',
  'keras-piecewise-constant-decay': 'PiecewiseConstantDecay',
  'optax-exponential-decay': 'exponential_decay',
  'optax-cosine-decay': 'cosine_decay_schedule',
  'optax-warmup-cosine-decay': 'warmup_cosine_decay_schedule',
  'optax-piecewise-constant': 'piecewise_constant_schedule',
  'optax-polynomial': 'polynomial_schedule',
  'optax-cosine-onecycle': 'cosine_onecycle_schedule',
  'optax-constant': 'constant_schedule',
};

/**
 * A schedule's name inside a sentence ("the step decay schedule"): the choosable ones in lower case, those read from
 * code as the code spells them ("the MultiStepLR schedule", "the warmup_cosine_decay_schedule schedule").
 */
export function scheduleNameInText(kind: ScheduleSettingsKind): string {
  return Object.hasOwn(SCHEDULE_LABELS, kind) ? SCHEDULE_LABELS[kind as ScheduleKind].toLowerCase() : SCHEDULE_SETTINGS_LABELS[kind];
}

/** Whose rules a run follows, as people name the frameworks. */
export const FRAMEWORK_LABELS: Readonly<Record<Framework, string>> = {
  pytorch: 'PyTorch',
  keras: 'Keras 3',
  optax: 'optax',
};

export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  converged: 'Converged',
  'needs-more-steps': 'Needs more steps',
  'too-slow': 'Too slow',
  oscillating: 'Oscillating',
  diverged: 'Diverged',
  stationary: 'Stationary',
};

export const STOP_LABELS: Readonly<Record<StopReason, string>> = {
  'max-steps': 'reached the step limit',
  converged: 'stopped at the tolerance',
  'non-finite': 'stopped when the loss became non-finite',
  cancelled: 'cancelled',
};
