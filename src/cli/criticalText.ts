/**
 * The critical η of a run's optimizer in words, for the CLI's text output (worded as the panel's facts word it):
 * 2/L for gradient descent, the momentum bound for momentum and Nesterov with plain gradient descent's 2/L beside
 * it, and for the adaptive optimizers the reason there is none.
 */
import { formatNumber, type OptimizerSettings, type Stability } from '../core/optim';
import { OPTIMIZER_LABELS } from '../shared/labels';

/** `critical` is the optimizer's own limit (`criticalLearningRateFor`), `stability` plain gradient descent's view. */
export function criticalText(optimizer: OptimizerSettings, stability: Stability, critical: number | null): string {
  const plain = stability.criticalLearningRate;
  const L = `L = ${formatNumber(stability.lipschitz, 4)}, largest curvature at the start`;
  const name = OPTIMIZER_LABELS[optimizer.kind];
  // The optimizer's own limit first: weight decay gives gradient descent one even where the loss has no curvature.
  if (critical === null) {
    if (plain === null) return `none: no positive curvature at the start (${L})`;
    return `none: ${name} scales each step by the gradient’s size, so the curvature sets no limit (2/L = ${formatNumber(plain, 4)} is plain gradient descent’s; ${L})`;
  }
  if (optimizer.kind === 'gd') return `η = ${optimizer.weightDecay > 0 ? '2/(L + weight decay)' : '2/L'} = ${formatNumber(critical, 4)} (${L})`;
  const beside = plain === null ? '' : `2/L = ${formatNumber(plain, 4)} is plain gradient descent’s; `;
  return `η = ${formatNumber(critical, 4)} for ${name} (${beside}${L})`;
}
