/**
 * The loss landscape around the path. For formulas of more than two variables, two pickers choose which
 * variables go on the axes (ordered by how far each moved) and post `setProjection`; the host answers with a
 * new landscape.
 */
import type { LandscapeView, RunView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { contourPlugin } from '../charts/contourPlugin';
import { landscapeChartModel } from '../charts/landscapeChart';
import { h, uniqueId } from '../dom';
import { createDropdown, type Dropdown } from '../toolkit';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export class LandscapeSection {
  readonly element: HTMLElement;
  private readonly chart = new ChartView({ label: 'Loss landscape with the optimizer path', sizeClass: 'chart-square', plugins: [contourPlugin] });
  private readonly picker = h('div', { className: 'projection-picker', hidden: true, attrs: { role: 'group', 'aria-label': 'Variables on the axes' } });
  private pickers: { x: Dropdown; y: Dropdown } | null = null;
  /** The variable order the pickers were built for. */
  private pickerKey = '';
  /** The pair on the axes: as the host last drew it, or as last asked for. */
  private pair: { x: number; y: number } | null = null;

  constructor(
    private readonly context: SectionContext,
    private readonly onToggleSeries: (key: string) => void,
  ) {
    this.element = createChartSection({
      title: 'Landscape',
      className: 'landscape-section',
      chart: this.chart,
      tools: [this.picker],
      post: context.post,
      theme: context.theme,
    });
  }

  render(run: RunView, hiddenSeries: ReadonlySet<string>): void {
    const landscape = run.landscape;
    this.element.hidden = landscape === null;
    if (!landscape) return;
    this.updatePicker(run, landscape);
    this.chart.render(
      landscapeChartModel({
        run,
        landscape,
        theme: this.context.theme(),
        colors: this.context.colors,
        hiddenSeries,
        onToggleSeries: this.onToggleSeries,
      }),
    );
  }

  private updatePicker(run: RunView, landscape: LandscapeView): void {
    const variables = run.formula.variables;
    const usePicker = landscape.kind === 'contour' && variables.length > 2;
    this.picker.hidden = !usePicker;
    if (!usePicker || landscape.kind !== 'contour') {
      this.pair = null;
      return;
    }
    this.pair = { x: landscape.x, y: landscape.y };
    const order = [...landscape.byMovement, ...variables.keys()].filter((index, at, all) => all.indexOf(index) === at);
    const key = order.map((index) => variables[index]).join('\u0000');
    if (key !== this.pickerKey || !this.pickers) {
      this.pickerKey = key;
      const choices = order.map((index, rank) => ({
        value: String(index),
        label: rank === 0 ? `${variables[index]} (moved most)` : variables[index],
      }));
      const x = createDropdown('x axis', uniqueId('projection-x'), choices);
      const y = createDropdown('y axis', uniqueId('projection-y'), choices);
      x.dropdown.addEventListener('change', () => this.choose('x'));
      y.dropdown.addEventListener('change', () => this.choose('y'));
      this.pickers = { x: x.dropdown, y: y.dropdown };
      this.picker.replaceChildren(x.field, y.field);
    }
    this.pickers.x.value = String(landscape.x);
    this.pickers.y.value = String(landscape.y);
  }

  /** Posts the new pair; picking the variable already on the other axis swaps the two. */
  private choose(axis: 'x' | 'y'): void {
    const pickers = this.pickers;
    if (!pickers || !this.pair) return;
    let x = Number(pickers.x.value);
    let y = Number(pickers.y.value);
    if (x === this.pair.x && y === this.pair.y) return; // nothing changed
    if (x === y) {
      if (axis === 'x') y = this.pair.x;
      else x = this.pair.y;
      pickers.x.value = String(x);
      pickers.y.value = String(y);
    }
    this.pair = { x, y };
    this.context.post({ type: 'setProjection', x, y });
  }
}
