/**
 * The formula being minimized, where it came from and where the run starts; and, when the host reports that
 * the formula cannot be read, the message with its line and column and a caret under the spot. The charts
 * below keep showing the last run that worked.
 */
import type { FormulaErrorMessage, RunView } from '../../src/shared/protocol';
import { h, setChildren } from '../dom';
import { formatParams } from '../format';

export class FormulaHeader {
  readonly element: HTMLElement;
  private readonly formula = h('code', { className: 'formula' });
  private readonly origin = h('span', { className: 'formula-origin' });
  private readonly start = h('span', { className: 'formula-start' });
  private readonly error = h('div', { className: 'formula-error', hidden: true, attrs: { role: 'alert' } });

  constructor() {
    this.element = h('header', { className: 'formula-header' }, [
      h('h1', { className: 'formula-title' }, [h('span', { className: 'visually-hidden', text: 'Loss: ' }), this.formula]),
      h('p', { className: 'formula-meta' }, [this.origin, this.start]),
      this.error,
    ]);
  }

  show(run: RunView): void {
    this.formula.textContent = run.formula.display;
    this.formula.title = run.formula.source;
    this.origin.textContent = run.formula.origin ? `From ${run.formula.origin}` : 'From the selection';
    this.start.textContent = `Start: ${formatParams(run.formula.variables, run.start)}`;
  }

  showError(message: FormulaErrorMessage, hasRun: boolean): void {
    const lines = message.source.split(/\r?\n/);
    const line = message.lineOnly ? (lines[0] ?? '') : (lines[Math.max(0, message.line - 1)] ?? '');
    const caretColumn = Math.max(1, message.column);
    setChildren(this.error, [
      h('p', {}, [
        h('strong', { text: 'The formula cannot be read: ' }),
        `${message.message} (line ${message.line}, column ${message.column})`,
      ]),
      h('pre', { className: 'formula-error-source' }, [
        h('code', { text: line }),
        '\n',
        h('span', { className: 'formula-error-caret', text: `${' '.repeat(caretColumn - 1)}^`, attrs: { 'aria-hidden': 'true' } }),
      ]),
      hasRun ? h('p', { className: 'formula-error-note', text: 'The charts show the last run that worked.' }) : null,
    ]);
    this.error.hidden = false;
  }

  /** The run could not start (e.g. the loss is not finite at the start point). */
  showRunError(message: string, hasRun: boolean): void {
    setChildren(this.error, [
      h('p', {}, [h('strong', { text: 'The run cannot start: ' }), message]),
      hasRun ? h('p', { className: 'formula-error-note', text: 'The charts show the last run that worked.' }) : null,
    ]);
    this.error.hidden = false;
  }

  clearError(): void {
    this.error.hidden = true;
    this.error.replaceChildren();
  }
}
