/**
 * One chart on the panel: a focusable canvas with its chart.js instance, HTML tooltip, keyboard navigation
 * and a visually hidden summary the canvas points to with aria-describedby. Sections hand it a fresh
 * `ChartModel` on every change; it updates the one chart in place with no animation.
 */
import type { ChartEvent, ChartOptions, Plugin } from 'chart.js';
import { h, uniqueId } from '../dom';
import { HtmlTooltip } from './htmlTooltip';
import { ChartKeyboard } from './keyboard';
import { renderLegend } from './legend';
import type { ChartModel } from './model';
import { playheadPlugin, setPlayheadMark } from './playheadPlugin';
import { Chart, type ChartPoint, type LineChart } from './setup';

export interface ChartViewOptions {
  /** What the chart is, read out when the canvas takes focus: "Loss per step". */
  label: string;
  /** CSS class setting the chart's height. */
  sizeClass: string;
  /** Plugins fixed for the chart's life (they read what to draw from the model's options). */
  plugins?: Plugin<'line'>[];
  /** The pointer or the arrow keys moved to kept point `index` of the run (charts with a playhead). */
  onPlayheadMove?: (index: number) => void;
}

export class ChartView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private chart: LineChart | null = null;
  private model: ChartModel | null = null;
  private readonly summary: HTMLElement;
  private readonly legend = h('ul', { className: 'chart-legend', attrs: { 'aria-label': 'Legend' } });
  private readonly tooltip: HtmlTooltip;
  private readonly keyboard: ChartKeyboard;
  /** The kept point the playhead is on, or null for none. */
  private playheadIndex: number | null = null;

  constructor(private readonly options: ChartViewOptions) {
    const summaryId = uniqueId('chart-summary');
    this.canvas = h('canvas', {
      attrs: {
        role: 'img',
        tabindex: '0',
        'aria-label': `${options.label}. Arrow keys move between points.`,
        'aria-describedby': summaryId,
      },
    });
    this.summary = h('p', { id: summaryId, className: 'visually-hidden' });
    const frame = h('div', { className: `chart-frame ${options.sizeClass}` }, [this.canvas]);
    this.tooltip = new HtmlTooltip(frame);
    this.element = h('div', { className: 'chart-view' }, [frame, this.legend, this.summary]);
    this.keyboard = new ChartKeyboard(
      this.canvas,
      () => this.chart,
      () => this.model,
      (cursor) => this.showTooltipAt(cursor.datasetIndex, cursor.index),
      () => this.tooltip.hide(),
      (cursor) => {
        if (cursor.datasetIndex === this.model?.playhead?.dataset) this.options.onPlayheadMove?.(cursor.index);
      },
    );
  }

  render(model: ChartModel): void {
    this.model = model;
    this.summary.textContent = model.summary;
    const describe = (datasetIndex: number, index: number) => this.model?.describePoint(datasetIndex, index) ?? null;
    const options: ChartOptions<'line'> = {
      ...model.options,
      onClick: (event) => {
        const hit = this.hitAt(event);
        if (hit) model.activate?.(hit.datasetIndex, hit.index);
      },
      onHover: (event) => {
        // A CSSOM write (the CSP allows it): the pointer shows which points do something when clicked.
        if (!this.canvas.classList.contains('chart-pickable')) this.canvas.style.cursor = model.activate && this.hitAt(event) ? 'pointer' : 'default';
        const index = this.playheadIndexAt(event);
        if (index !== null) this.options.onPlayheadMove?.(index);
      },
      // A tooltip placed before a resize would point at the wrong spot.
      onResize: () => this.tooltip.hide(),
      plugins: {
        ...model.options.plugins,
        tooltip: {
          ...model.options.plugins?.tooltip,
          enabled: false,
          external: ({ chart, tooltip }) => this.tooltip.update(tooltip, chart.canvas.clientWidth, describe),
        },
      },
    };
    this.keyboard.reset();
    this.tooltip.hide();
    if (this.chart) {
      this.chart.data = model.data;
      this.chart.options = options;
      this.chart.update('none');
    } else {
      this.chart = new Chart<'line', ChartPoint[]>(this.canvas, {
        type: 'line',
        data: model.data,
        options,
        plugins: [...(this.options.plugins ?? []), playheadPlugin],
      });
    }
    this.applyPlayhead();
    this.renderLegend();
  }

  /** Puts the playhead on kept point `index` of the run (null: none) and redraws, without updating the data. */
  setPlayhead(index: number | null): void {
    if (index === this.playheadIndex) return;
    this.playheadIndex = index;
    if (this.applyPlayhead()) this.chart?.draw();
  }

  /** Hands the chart its playhead mark; true when there is a chart to redraw. */
  private applyPlayhead(): boolean {
    const chart = this.chart;
    if (!chart) return false;
    const playhead = this.model?.playhead;
    setPlayheadMark(chart as never, playhead && this.playheadIndex !== null ? playhead.mark(this.playheadIndex) : null);
    return true;
  }

  /** The data coordinates under a pointer event, or null outside the plot area. */
  dataAt(event: MouseEvent): { x: number; y: number } | null {
    const chart = this.chart;
    if (!chart) return null;
    const bounds = this.canvas.getBoundingClientRect();
    const px = event.clientX - bounds.left;
    const py = event.clientY - bounds.top;
    const area = chart.chartArea;
    if (px < area.left || px > area.right || py < area.top || py > area.bottom) return null;
    const x = chart.scales.x.getValueForPixel(px);
    const y = chart.scales.y.getValueForPixel(py);
    return x === undefined || y === undefined ? null : { x, y };
  }

  /** The size of the plot area's data range, for rounding clicked values to what a pixel can tell apart. */
  dataRange(): { x: [number, number]; y: [number, number]; width: number; height: number } | null {
    const chart = this.chart;
    if (!chart) return null;
    const { x, y } = chart.scales;
    return { x: [x.min, x.max], y: [y.min, y.max], width: chart.chartArea.width, height: chart.chartArea.height };
  }

  /** The run's kept point the pointer is on, for the playhead: nearest in x (loss chart) or within a radius. */
  private playheadIndexAt(event: ChartEvent): number | null {
    const playhead = this.model?.playhead;
    if (!this.chart || !event.native || !playhead || !this.options.onPlayheadMove) return null;
    if (!this.chart.isDatasetVisible(playhead.dataset)) return null;
    const radius = playhead.hoverRadius;
    const points = this.chart.getDatasetMeta(playhead.dataset).data;
    const pointerX = event.x ?? NaN;
    const pointerY = event.y ?? NaN;
    let best = -1;
    let bestDistance = radius ?? Infinity;
    points.forEach((point, index) => {
      const distance = radius === undefined ? Math.abs(point.x - pointerX) : Math.hypot(point.x - pointerX, point.y - pointerY);
      if (distance <= bestDistance) {
        bestDistance = distance;
        best = index;
      }
    });
    return best === -1 ? null : best;
  }

  private renderLegend(): void {
    const chart = this.chart;
    const items = this.model?.legend ?? [];
    this.legend.hidden = items.length === 0;
    if (!chart) return;
    renderLegend(
      this.legend,
      items.map((item) => {
        const datasets = item.datasets;
        const hidden = datasets.length > 0 && !chart.isDatasetVisible(datasets[datasets.length - 1]);
        const toggle = item.fixed || datasets.length === 0
          ? undefined
          : item.onToggle ?? (() => {
              for (const index of datasets) chart.setDatasetVisibility(index, hidden);
              chart.update('none');
              this.renderLegend();
            });
        return { label: item.label, color: item.color, swatch: item.swatch, hidden, toggle };
      }),
    );
  }

  /** The chart's pixels, for the PNG export. */
  get drawing(): HTMLCanvasElement | null {
    return this.chart ? this.canvas : null;
  }

  /**
   * The point under the pointer, if any. Tooltips follow the nearest point, but a click acts only on a point
   * actually hit, so a click on empty chart area does nothing.
   */
  private hitAt(event: ChartEvent): { datasetIndex: number; index: number } | undefined {
    if (!this.chart || !event.native) return undefined;
    return this.chart.getElementsAtEventForMode(event.native, 'nearest', { intersect: true }, false)[0];
  }

  private showTooltipAt(datasetIndex: number, index: number): void {
    const element = this.chart?.getDatasetMeta(datasetIndex).data[index];
    const description = this.model?.describePoint(datasetIndex, index);
    if (!element || !description) return;
    this.tooltip.show(description, element.x, element.y, this.canvas.clientWidth);
  }
}
