/**
 * The verdict: the headline, the advice and the rule of thumb with what running it gave, in a `role="status"`
 * region (announced when a new run arrives); the recommendation as one click ("Use η = 0.3: converges in 16
 * steps"), which posts `applyRecommendation` for this run; and the facts behind it — final loss and point, steps
 * taken, and the facts the host worded (the critical η met along the path, a lower minimum, the runs checked). The
 * panel places them: the verdict and its button above the charts, the facts in the collapsed details.
 */
import type { RunView, WebviewMessage } from '../../src/shared/protocol';
import { STOP_LABELS, VERDICT_LABELS } from '../../src/shared/labels';
import { VERDICT_STYLES } from '../charts/verdictStyle';
import { h } from '../dom';
import { formatEpochs, formatInteger, formatLoss, formatParams } from '../format';
import { overflowedAt } from '../overflow';
import { createButton } from '../toolkit';

export class VerdictView {
  readonly element: HTMLElement;
  readonly status = h('div', { className: 'verdict-status', attrs: { role: 'status' } });
  private readonly actions = h('div', { className: 'verdict-actions' });
  readonly facts = h('dl', { className: 'facts' });

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.status.append(h('p', { className: 'verdict-empty', text: 'Select a loss formula in the editor and run “Simulate Gradient Descent”.' }));
    this.actions.hidden = true;
    this.element = h('section', { className: 'verdict', attrs: { 'aria-label': 'Result' } }, [this.status, this.actions]);
  }

  show(run: RunView): void {
    const { diagnosis } = run;
    const style = VERDICT_STYLES[diagnosis.verdict];
    const label = VERDICT_LABELS[diagnosis.verdict];
    const headlineRepeatsVerdict = diagnosis.headline.toLowerCase().startsWith(label.toLowerCase());
    this.status.dataset.verdict = diagnosis.verdict;
    this.status.dataset.cause = diagnosis.cause;
    this.status.replaceChildren(
      h('p', { className: 'verdict-headline' }, [
        h('span', { className: `verdict-glyph verdict-${diagnosis.verdict}`, text: style.glyph, attrs: { 'aria-hidden': 'true' } }),
        headlineRepeatsVerdict ? null : h('span', { className: 'verdict-label', text: `${label}: ` }),
        diagnosis.headline,
      ]),
      h('p', { className: 'verdict-advice', text: diagnosis.advice }),
      ...(diagnosis.ruleOfThumb === null ? [] : [h('p', { className: 'verdict-rule', text: diagnosis.ruleOfThumb })]),
    );

    const recommendation = diagnosis.recommendation;
    this.actions.replaceChildren(
      ...(recommendation === null
        ? []
        : [
            createButton(recommendation.label, () => this.post({ type: 'applyRecommendation', runId: run.runId }), {
              appearance: 'primary',
              className: 'verdict-recommendation',
              title: 'Apply this change and run again (it was checked by running it)',
            }),
          ]),
    );
    this.actions.hidden = recommendation === null;

    const variables = run.formula.variables;
    this.facts.replaceChildren(
      fact('Final loss', formatLoss(run.final.loss)),
      fact('Final point', formatParams(variables, run.final.params)),
      fact('Steps taken', `${formatInteger(run.final.step)} of ${formatInteger(run.settings.maxSteps)} (${stopWords(run)})${epochs(run)}`),
      ...diagnosis.facts.map((one) => fact(one.term, one.value)),
    );
  }
}

/** Longer facts (the runs checked) take a whole row rather than wrapping in a narrow column. */
const WIDE_FACT = 60;

/** ", 7.7 epochs" for a loss over data: the steps counted in passes over the data. */
function epochs(run: RunView): string {
  const perEpoch = run.minibatch?.batchesPerEpoch;
  if (!perEpoch) return '';
  const count = run.final.step / perEpoch;
  return `, ${formatEpochs(count)} epoch${count === 1 ? '' : 's'}`;
}

/** Why the run stopped: for one that overflowed, the update that did, so "Diverged at step 321" and "320 of 1,000" agree. */
function stopWords(run: RunView): string {
  const overflowed = overflowedAt(run);
  return overflowed === null ? STOP_LABELS[run.stop] : `step ${formatInteger(overflowed)} overflowed`;
}

function fact(term: string, value: string): HTMLElement {
  return h('div', { className: value.length > WIDE_FACT ? 'fact fact-wide' : 'fact' }, [h('dt', { text: term }), h('dd', { text: value })]);
}
