/**
 * The formula being minimized, set as math (x², θ₀), where it came from and where the run starts; and, when the
 * host reports that the formula cannot be read or the run cannot start, the message (with its line and column and
 * a caret under the spot). The charts below keep showing the last run that worked.
 *
 * A long formula is shortened to one line; its whole text is the title, shown on hover.
 */
import { FRAMEWORK_LABELS } from '../../src/shared/labels';
import type { Framework } from '../../src/core/optim/types';
import type { FormulaErrorMessage, FormulaView, TrainingView, WebviewMessage } from '../../src/shared/protocol';
import { h, setChildren } from '../dom';
import { formatParams } from '../format';
import { mathNodes, mathPlainText, type MathNode } from '../mathText';
import { createButton } from '../toolkit';

/** Characters of a formula set as math; past them it ends in "…" (the hover shows the rest). */
const SHOWN_CHARACTERS = 400;
/** A hover of more would not fit a screen. */
const MAX_TITLE_CHARACTERS = 10_000;

export class FormulaHeader {
  readonly element: HTMLElement;
  // The first stop of the Tab order, at the top: Shift+Tab from η lands here, not at the page's end, and the
  // keyboard reaches the whole text of a formula too long to show (its title).
  private readonly formula = h('span', { className: 'formula', attrs: { tabindex: '0' } });
  private readonly origin = h('span', { className: 'formula-origin' });
  private readonly start = h('span', { className: 'formula-start' });
  private readonly training = h('p', { className: 'formula-training', hidden: true });
  private readonly error = h('div', { className: 'formula-error', hidden: true, attrs: { role: 'alert' } });
  private shownKey = '';

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.element = h('header', { className: 'formula-header' }, [
      h('h1', { className: 'formula-title' }, [h('span', { className: 'visually-hidden', text: 'Loss: ' }), this.formula]),
      h('p', { className: 'formula-meta' }, [this.origin, this.start]),
      this.training,
      this.error,
    ]);
  }

  /**
   * The formula and start (and, for a run of a training script's optimizer, that optimizer). A run-error message
   * with no run yet shows the formula alone.
   */
  show(formula: FormulaView, start: readonly number[], training: TrainingView | null = null, framework: Framework = 'pytorch'): void {
    // A frame of a drag brings the same formula, start and training line: leave the header as it is.
    const key = JSON.stringify([formula, start, training, framework]);
    if (key === this.shownKey) return;
    this.shownKey = key;
    // The plain display stays readable for tools and tests (`x^2`); people see it set as math.
    this.formula.dataset.display = formula.display;
    this.formula.replaceChildren(...renderMath(mathNodes(formula.display, SHOWN_CHARACTERS)));
    // A formula too large to print arrives as its source, shortened: the hover gives the whole of it.
    const shortened = formula.display.endsWith('…') && formula.source.replace(/\s+/g, ' ').trim().length > formula.display.length;
    this.formula.title = shortened ? formula.source.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARACTERS) : mathPlainText(mathNodes(formula.display));
    this.origin.textContent = formula.origin ? `From ${formula.origin}` : 'From the selection';
    this.start.textContent = `Start: ${formatParams(formula.variables, start)}`;
    this.showTraining(training, framework);
  }

  /**
   * The training-code optimizer the run simulates: its line, its call and whose semantics apply. A run set up in the
   * panel says whose semantics only when they are not PyTorch's (the gradientDescentLab.framework setting).
   */
  private showTraining(training: TrainingView | null, framework: Framework): void {
    this.training.hidden = training === null && framework === 'pytorch';
    if (!training) {
      if (framework !== 'pytorch') {
        setChildren(this.training, [
          h('span', { className: 'training-label', text: 'Optimizer rules: ' }),
          h('span', { className: 'training-framework', text: `${FRAMEWORK_LABELS[framework]} semantics` }),
        ]);
      }
      return;
    }
    setChildren(this.training, [
      h('span', { className: 'training-label', text: 'Optimizer: ' }),
      h('code', { className: 'training-call', text: training.schedule ? `${training.call} with ${training.schedule}` : training.call }),
      ` · ${training.origin} · `,
      h('span', { className: 'training-framework', text: `${FRAMEWORK_LABELS[training.framework]} semantics` }),
    ]);
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

  /** The run could not start (e.g. the loss is not finite at the start point): why, and a way to another start. */
  showRunError(message: string, hasRun: boolean): void {
    const choose = createButton('Set Start Point…', () => this.post({ type: 'askStartPoint' }), { title: 'Type another start point' });
    setChildren(this.error, [
      h('p', {}, [h('strong', { text: 'The run cannot start: ' }), message]),
      hasRun ? h('p', { className: 'formula-error-note', text: 'The charts show the last run that worked; click the landscape to start elsewhere.' }) : null,
      h('div', { className: 'formula-error-actions' }, [choose]),
    ]);
    this.error.hidden = false;
  }

  clearError(): void {
    this.error.hidden = true;
    this.error.replaceChildren();
  }
}

function renderMath(nodes: readonly MathNode[]): (Node | string)[] {
  return nodes.map((node) => (typeof node === 'string' ? node : h(node.kind, {}, renderMath(node.children))));
}
