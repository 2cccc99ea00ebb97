/**
 * The loss landscape around the path. Click (or drag) on it to start the run there: a drag posts live start
 * points and the run follows; releasing settles it. For formulas of more than two variables, two pickers choose
 * which variables go on the axes (ordered by how far each moved) and post `setProjection`; the host answers with
 * a new landscape.
 */
import type { LandscapeView, RunPhase, RunView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { contourPlugin } from '../charts/contourPlugin';
import { landscapeChartModel, sameLandscape } from '../charts/landscapeChart';
import { roundToPixel } from '../charts/ticks';
import { h, uniqueId } from '../dom';
import { createButton, createDropdown, type Dropdown } from '../toolkit';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export interface LandscapeEvents {
  onToggleSeries(key: string): void;
  onPlayheadMove(index: number): void;
  /** A start point picked on the map: live while dragging, settled on release. */
  onStartPicked(start: number[], phase: RunPhase): void;
}

export class LandscapeSection {
  readonly element: HTMLElement;
  readonly chart: ChartView;
  private readonly picker = h('div', { className: 'projection-picker', hidden: true, attrs: { role: 'group', 'aria-label': 'Variables on the axes' } });
  private pickers: { x: Dropdown; y: Dropdown } | null = null;
  /** The variable order the pickers were built for. */
  private pickerKey = '';
  /** The pair on the axes: as the host last drew it, or as last asked for. */
  private pair: { x: number; y: number } | null = null;
  private run: RunView | null = null;
  private landscape: LandscapeView | null = null;
  private drag: { pointerId: number; last: number[] | null } | null = null;

  constructor(
    private readonly context: SectionContext,
    private readonly events: LandscapeEvents,
  ) {
    this.chart = new ChartView({
      label: 'Loss landscape with the optimizer path; click to start there',
      sizeClass: 'chart-square',
      plugins: [contourPlugin],
      onPlayheadMove: (index) => events.onPlayheadMove(index),
    });
    const setStart = createButton('Set start…', () => context.post({ type: 'askStartPoint' }), {
      title: 'Type a start point (or click the map to start there)',
      ariaLabel: 'Set the start point',
    });
    this.element = createChartSection({
      title: 'Landscape',
      className: 'landscape-section',
      chart: this.chart,
      tools: [this.picker, setStart],
      post: context.post,
      theme: context.theme,
    });
    this.listenForPicks(this.chart.canvas);
  }

  render(run: RunView, hiddenSeries: ReadonlySet<string>): void {
    this.run = run;
    // A live run brings the same landscape again: keep the one drawn, whose raster is cached.
    const landscape = sameLandscape(this.landscape, run.landscape) ? this.landscape : run.landscape;
    this.landscape = landscape;
    this.element.hidden = landscape === null;
    if (!landscape) return;
    this.chart.canvas.classList.add('chart-pickable');
    this.updatePicker(run, landscape);
    this.chart.render(
      landscapeChartModel({
        run,
        landscape,
        theme: this.context.theme(),
        colors: this.context.colors,
        hiddenSeries,
        onToggleSeries: this.events.onToggleSeries,
      }),
    );
  }

  /** Pointer down on the map starts the run there; dragging moves the start, live; release settles it. */
  private listenForPicks(canvas: HTMLCanvasElement): void {
    canvas.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      const start = this.startAt(event);
      if (!start) return;
      event.preventDefault();
      canvas.setPointerCapture?.(event.pointerId);
      this.drag = { pointerId: event.pointerId, last: start };
      this.events.onStartPicked(start, 'live');
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!this.drag || event.pointerId !== this.drag.pointerId) return;
      const start = this.startAt(event);
      if (!start || (this.drag.last && start.every((value, i) => value === this.drag?.last?.[i]))) return;
      this.drag.last = start;
      this.events.onStartPicked(start, 'live');
    });
    const release = (event: PointerEvent): void => {
      if (!this.drag || event.pointerId !== this.drag.pointerId) return;
      const start = this.startAt(event) ?? this.drag.last;
      this.drag = null;
      if (start) this.events.onStartPicked(start, 'settled');
    };
    canvas.addEventListener('pointerup', release);
    canvas.addEventListener('pointercancel', release);
  }

  /** The run's start with the map's variables set to the point under the pointer, or null off the map. */
  private startAt(event: MouseEvent): number[] | null {
    const run = this.run;
    const landscape = this.landscape;
    const point = this.chart.dataAt(event);
    const range = this.chart.dataRange();
    if (!run || !landscape || !point || !range) return null;
    const start = [...run.start];
    const perPixelX = (range.x[1] - range.x[0]) / Math.max(1, range.width);
    if (landscape.kind === 'curve') {
      start[landscape.variable] = roundToPixel(point.x, perPixelX);
    } else {
      start[landscape.x] = roundToPixel(point.x, perPixelX);
      start[landscape.y] = roundToPixel(point.y, (range.y[1] - range.y[0]) / Math.max(1, range.height));
    }
    return start;
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
