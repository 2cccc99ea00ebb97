/**
 * The verdict in words: the headline and advice in a `role="status"` region (announced when a new run
 * arrives), and the facts behind them — final loss and point, steps taken, critical η = 2/L and L.
 */
import type { RunView } from '../../src/shared/protocol';
import { VERDICT_STYLES } from '../charts/verdictStyle';
import { h } from '../dom';
import { formatInteger, formatNumber, formatParams } from '../format';
import { OPTIMIZER_LABELS, STOP_LABELS, VERDICT_LABELS } from '../../src/shared/labels';

export class VerdictView {
  readonly element: HTMLElement;
  private readonly status = h('div', { className: 'verdict-status', attrs: { role: 'status' } });
  private readonly facts = h('dl', { className: 'facts' });

  constructor() {
    this.status.append(h('p', { className: 'verdict-empty', text: 'Select a loss formula in the editor and run “Simulate Gradient Descent”.' }));
    this.element = h('section', { className: 'verdict', attrs: { 'aria-label': 'Result' } }, [this.status, this.facts]);
  }

  show(run: RunView): void {
    const { diagnosis } = run;
    const style = VERDICT_STYLES[diagnosis.verdict];
    const label = VERDICT_LABELS[diagnosis.verdict];
    const headlineRepeatsVerdict = diagnosis.headline.toLowerCase().startsWith(label.toLowerCase());
    this.status.dataset.verdict = diagnosis.verdict;
    this.status.replaceChildren(
      h('p', { className: 'verdict-headline' }, [
        h('span', { className: `verdict-glyph verdict-${diagnosis.verdict}`, text: style.glyph, attrs: { 'aria-hidden': 'true' } }),
        headlineRepeatsVerdict ? null : h('span', { className: 'verdict-label', text: `${label}: ` }),
        diagnosis.headline,
      ]),
      h('p', { className: 'verdict-advice', text: diagnosis.advice }),
    );

    const variables = run.formula.variables;
    this.facts.replaceChildren(
      fact('Final loss', formatNumber(run.final.loss, 4)),
      fact('Final point', formatParams(variables, run.final.params)),
      fact('Steps taken', `${formatInteger(run.final.step)} of ${formatInteger(run.settings.maxSteps)} (${STOP_LABELS[run.stop]})`),
      criticalFact(run),
    );
  }
}

/**
 * The stability limit at the start, as it applies to this run's optimizer: 2/L for gradient descent, the
 * momentum bound for momentum and Nesterov; for the adaptive optimizers 2/L is shown as plain gradient
 * descent's limit, which they do not share.
 */
function criticalFact(run: RunView): HTMLElement {
  const { lipschitz, criticalLearningRate: plain } = run.stability;
  const { kind } = run.settings.optimizer;
  const critical = run.diagnosis.criticalLearningRate;
  const L = `L = ${formatNumber(lipschitz)}`;
  const ratio = (limit: number): string => `η is ${formatNumber(run.settings.learningRate / limit, 2)}× this`;
  if (plain === null) return fact('Critical η = 2/L', `none (${L}: no positive curvature at the start)`);
  if (kind === 'gd') return fact('Critical η = 2/L', `${formatNumber(plain)} (${L}); ${ratio(plain)}`);
  if (critical !== null) return fact(`Critical η for ${OPTIMIZER_LABELS[kind]}`, `${formatNumber(critical)} (2/L = ${formatNumber(plain)}, ${L}); ${ratio(critical)}`);
  return fact('Critical η = 2/L', `${formatNumber(plain)} for plain gradient descent (${L}); ${OPTIMIZER_LABELS[kind]} scales each step, so it has no such limit`);
}

function fact(term: string, value: string): HTMLElement {
  return h('div', { className: 'fact' }, [h('dt', { text: term }), h('dd', { text: value })]);
}
