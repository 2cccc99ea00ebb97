/**
 * The one wording of the critical η, for every place that states it: the advice's sentences, the panel's facts, the
 * CLI's Critical line, the sweep chart's line, legend and summary. The core computes the value
 * (criticalLearningRateFor); here it gets its formula, which depends on the optimizer (2/L for gradient descent,
 * 2/(L + weight decay) with weight decay, the momentum and Nesterov bounds), or the reason there is none.
 */
import { t } from '@vscode/l10n';
import type { OptimizerSettings } from '../core/optim/types';
import { OPTIMIZER_LABELS } from '../shared/labels';
import { formatNumber } from './format';

export interface CriticalWords {
  /** The formula (2/L, 2(1 + β)/L, …), or null when there is no critical η. */
  readonly formula: string | null;
  /** "2/L = 1", or "none". */
  readonly value: string;
  /** Why there is none ("Adam scales each step by the gradient’s size, so the curvature sets no limit"); '' when there is one. */
  readonly reason: string;
  /** For a sentence: "the critical η 2/L ≈ 1"; '' when there is none. */
  readonly phrase: string;
}

/** The formula of `optimizer`'s critical η, or null for an optimizer that has none (the adaptive ones). */
export function criticalFormula(optimizer: OptimizerSettings): string | null {
  const curvature = optimizer.weightDecay > 0 ? '(L + weight decay)' : 'L';
  switch (optimizer.kind) {
    case 'gd':
      return `2/${curvature}`;
    case 'momentum':
      return optimizer.dampening > 0 ? `2(1 + β)/((1 − dampening)${curvature})` : `2(1 + β)/${curvature}`;
    case 'nesterov':
      return `2(1 + β)/((1 + 2β)${curvature})`;
    default:
      return null;
  }
}

/** The critical η `value` of `optimizer` (null for none), in words. */
export function describeCritical(optimizer: OptimizerSettings, value: number | null): CriticalWords {
  const formula = criticalFormula(optimizer);
  if (value === null || formula === null) {
    const name = OPTIMIZER_LABELS[optimizer.kind] ?? optimizer.kind;
    const reason =
      formula === null
        ? t('{optimizer} scales each step by the gradient’s size, so the curvature sets no limit', { optimizer: name })
        : t('no positive curvature');
    return { formula: null, value: t('none'), reason, phrase: '' };
  }
  const number = formatNumber(value);
  return {
    formula,
    value: `${formula} = ${number}`,
    reason: '',
    phrase: t('the critical η {formula} ≈ {value}', { formula, value: number }),
  };
}
