/**
 * Keeps the verdict to its first lines above the charts: the headline on one line and the advice on two (and, in a
 * narrow panel, the rule of thumb folded away), with a "More" toggle when something is cut. The whole text is always
 * in the status region, so a screen reader hears all of it; only what is painted is cut.
 */
import { h } from '../dom';

/** Where the stylesheet folds the rule of thumb away (media/panel.css). */
const NARROW = window.matchMedia('(max-width: 899px)');

export class VerdictFold {
  readonly element: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private expanded = false;

  constructor(private readonly verdict: HTMLElement) {
    this.toggle = h('button', { className: 'verdict-more', hidden: true, text: 'More', attrs: { type: 'button', 'aria-expanded': 'false' } });
    this.toggle.addEventListener('click', () => {
      this.expanded = !this.expanded;
      this.measure();
    });
    this.element = h('div', { className: 'verdict-fold' }, [verdict, this.toggle]);
    // A narrower panel wraps the advice onto more lines: check again whether it is cut.
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.measure()).observe(verdict);
  }

  /**
   * After the verdict changed: whether something is cut is read in the next frame, once the browser has laid the
   * page out for painting anyway (read now, it would force a layout in the middle of every redraw of a drag).
   */
  update(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.measure();
    });
  }

  private pending = false;

  /** Shows the toggle only when something is cut or folded; writes only what changed (a write after the read would lay the page out twice). */
  private measure(): void {
    const advice = this.verdict.querySelector<HTMLElement>('.verdict-advice');
    const rule = this.verdict.querySelector<HTMLElement>('.verdict-rule');
    const ruleFolded = rule !== null && !this.expanded && NARROW.matches;
    const cut = ruleFolded || (advice !== null && advice.scrollHeight > advice.clientHeight + 1);
    const hidden = !this.expanded && !cut;
    if (this.element.classList.contains('expanded') !== this.expanded) this.element.classList.toggle('expanded', this.expanded);
    const label = this.expanded ? 'Less' : 'More';
    if (this.toggle.textContent !== label) {
      this.toggle.textContent = label;
      this.toggle.setAttribute('aria-expanded', String(this.expanded));
    }
    if (this.toggle.hidden !== hidden) this.toggle.hidden = hidden;
  }

}
