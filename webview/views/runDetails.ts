/**
 * The run's details, collapsed by default so the charts come first: the facts behind the verdict (final loss and
 * point, steps taken, critical η) and exporting this run as CSV or JSON. Whether it is open is remembered.
 */
import type { WebviewMessage } from '../../src/shared/protocol';
import { h } from '../dom';
import { createButton } from '../toolkit';

export class RunDetails {
  readonly element: HTMLDetailsElement;

  constructor(facts: HTMLElement, post: (message: WebviewMessage) => void, onToggle: (open: boolean) => void) {
    const csv = createButton('CSV', () => post({ type: 'exportData', format: 'csv' }), { ariaLabel: 'Export data as CSV', title: 'Export this run as CSV: step, η, loss and each parameter' });
    const json = createButton('JSON', () => post({ type: 'exportData', format: 'json' }), { ariaLabel: 'Export data as JSON', title: 'Export this run as JSON, with its diagnosis' });
    this.element = h('details', { className: 'run-details', hidden: true }, [
      h('summary', { text: 'Details and export' }),
      facts,
      h('div', { className: 'toolbar-group export-group', attrs: { role: 'group', 'aria-label': 'Export' } }, [
        h('span', { className: 'toolbar-label', text: 'Export this run', attrs: { 'aria-hidden': 'true' } }),
        csv,
        json,
      ]),
    ]);
    this.element.addEventListener('toggle', () => onToggle(this.element.open));
  }

  show(open: boolean): void {
    this.element.hidden = false;
    if (this.element.open !== open) this.element.open = open;
  }
}
