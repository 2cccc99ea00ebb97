/**
 * Keeps the verdict to its first lines above the charts: the headline on one line and the advice on two (and, in a
 * narrow panel, the rule of thumb folded away), with a "More" toggle when something is cut. The whole text is always
 * in the status region, so a screen reader hears all of it; only what is painted is cut.
 */
import { h } from '../dom';

export class VerdictFold {
  readonly element: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private expanded = false;

  constructor(private readonly verdict: HTMLElement) {
    this.toggle = h('button', { className: 'verdict-more', hidden: true, text: 'More', attrs: { type: 'button', 'aria-expanded': 'false' } });
    this.toggle.addEventListener('click', () => {
      this.expanded = !this.expanded;
      this.update();
    });
    this.element = h('div', { className: 'verdict-fold' }, [verdict, this.toggle]);
    // A narrower panel wraps the advice onto more lines: check again whether it is cut.
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.update()).observe(verdict);
  }

  /** After the verdict changed: shows the toggle only when something is cut or folded. */
  update(): void {
    this.element.classList.toggle('expanded', this.expanded);
    this.toggle.textContent = this.expanded ? 'Less' : 'More';
    this.toggle.setAttribute('aria-expanded', String(this.expanded));
    const advice = this.verdict.querySelector<HTMLElement>('.verdict-advice');
    const rule = this.verdict.querySelector<HTMLElement>('.verdict-rule');
    const cut = (advice !== null && advice.scrollHeight > advice.clientHeight + 1) || (rule !== null && getComputedStyle(rule).display === 'none');
    this.toggle.hidden = !this.expanded && !cut;
  }
}
