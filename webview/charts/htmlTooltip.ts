/**
 * chart.js's `external` tooltip hook drawing an HTML tooltip styled like VS Code's hovers (theme colors from
 * CSS, real text for zoom and magnifiers). The caret position is kept in data attributes: the tests use it to
 * find where a point is on screen.
 */
import type { TooltipModel } from 'chart.js';
import { h } from '../dom';
import type { PointDescription } from './model';

export class HtmlTooltip {
  readonly element = h('div', { className: 'chart-tooltip', hidden: true, attrs: { 'aria-hidden': 'true' } });

  constructor(private readonly container: HTMLElement) {
    container.append(this.element);
  }

  /** Shows or hides the tooltip as chart.js asks, with the text `describe` gives for the first point. */
  update(tooltip: TooltipModel<'line'>, areaWidth: number, describe: (datasetIndex: number, index: number) => PointDescription | null): void {
    const first = tooltip.dataPoints?.[0];
    const description = tooltip.opacity > 0 && first ? describe(first.datasetIndex, first.dataIndex) : null;
    if (!description) {
      this.hide();
      return;
    }
    this.show(description, tooltip.caretX, tooltip.caretY, areaWidth);
  }

  show(description: PointDescription, caretX: number, caretY: number, areaWidth: number): void {
    this.element.replaceChildren(
      h('div', { className: 'chart-tooltip-title', text: description.title }),
      ...description.lines.map((line) => h('div', { text: line })),
    );
    this.element.hidden = false;
    this.element.dataset.caretX = String(Math.round(caretX));
    this.element.dataset.caretY = String(Math.round(caretY));
    // Right of the point unless that runs off the chart; above it unless that runs off the top.
    const gap = 12;
    const width = this.element.offsetWidth;
    const height = this.element.offsetHeight;
    const left = caretX + gap + width <= areaWidth ? caretX + gap : Math.max(0, caretX - gap - width);
    const top = Math.max(0, caretY - height - gap / 2);
    // CSSOM writes, not a style attribute: the panel's CSP allows no inline styles.
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
    this.container.classList.toggle('has-tooltip', true);
  }

  hide(): void {
    this.element.hidden = true;
    this.container.classList.toggle('has-tooltip', false);
  }
}
