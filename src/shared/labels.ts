/** The words both the panel and the editor use for the core's vocabulary (the core returns identifiers). */
import type { OptimizerKind, ScheduleKind, StopReason, Verdict } from '../core/optim/types';

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
