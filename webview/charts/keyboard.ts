/**
 * Arrow-key navigation on a chart canvas: Left/Right step through the points of a series, Up/Down switch
 * series, Home/End jump to the ends, PageUp/PageDown move a tenth of the way. The point is highlighted, its
 * tooltip shown and its description announced. Enter or Space activates it (the sweep chart runs that η).
 */
import type { LineChart } from './setup';
import { announce } from './announcer';
import type { ChartModel } from './model';

export interface Cursor {
  datasetIndex: number;
  index: number;
}

export class ChartKeyboard {
  private cursor: Cursor | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly chart: () => LineChart | null,
    private readonly model: () => ChartModel | null,
    private readonly showTooltip: (cursor: Cursor) => void,
    private readonly hideTooltip: () => void,
    /** The highlighted point moved (the playhead follows it on charts of the run's steps). */
    private readonly onMove: (cursor: Cursor) => void = () => undefined,
  ) {
    canvas.addEventListener('keydown', (event) => this.onKeyDown(event));
    canvas.addEventListener('blur', () => this.clear());
  }

  /** Forgets the highlighted point (after the data changed under it). */
  reset(): void {
    this.cursor = null;
  }

  private onKeyDown(event: KeyboardEvent): void {
    const chart = this.chart();
    const model = this.model();
    if (!chart || !model) return;
    const datasets = model.navigable.filter((index) => chart.isDatasetVisible(index) && countOf(chart, index) > 0);
    if (datasets.length === 0) return;

    if ((event.key === 'Enter' || event.key === ' ') && this.cursor && model.activate) {
      event.preventDefault();
      model.activate(this.cursor.datasetIndex, this.cursor.index);
      return;
    }
    if (event.key === 'Escape') {
      this.clear();
      return;
    }
    const next = this.move(event.key, datasets, chart);
    if (!next) return;
    event.preventDefault();
    this.cursor = next;
    this.highlight(chart, model, next);
  }

  private move(key: string, datasets: number[], chart: LineChart): Cursor | null {
    const current = this.cursor && datasets.includes(this.cursor.datasetIndex) ? this.cursor : null;
    const datasetIndex = current?.datasetIndex ?? datasets[0];
    const count = countOf(chart, datasetIndex);
    const index = Math.min(current?.index ?? -1, count - 1);
    const page = Math.max(1, Math.round(count / 10));
    const clamp = (value: number) => Math.min(count - 1, Math.max(0, value));
    switch (key) {
      case 'ArrowRight':
        return { datasetIndex, index: current ? clamp(index + 1) : 0 };
      case 'ArrowLeft':
        return { datasetIndex, index: current ? clamp(index - 1) : 0 };
      case 'Home':
        return { datasetIndex, index: 0 };
      case 'End':
        return { datasetIndex, index: count - 1 };
      case 'PageUp':
        return { datasetIndex, index: clamp(index + page) };
      case 'PageDown':
        return { datasetIndex, index: clamp(index - page) };
      case 'ArrowUp':
      case 'ArrowDown': {
        const position = datasets.indexOf(datasetIndex);
        const step = key === 'ArrowDown' ? 1 : -1;
        const target = datasets[(position + step + datasets.length) % datasets.length];
        return { datasetIndex: target, index: nearestByX(chart, datasetIndex, Math.max(index, 0), target) };
      }
      default:
        return null;
    }
  }

  private highlight(chart: LineChart, model: ChartModel, cursor: Cursor): void {
    chart.setActiveElements([cursor]);
    chart.update('none');
    this.showTooltip(cursor);
    this.onMove(cursor);
    const description = model.describePoint(cursor.datasetIndex, cursor.index);
    if (description) announce([description.title, ...description.lines].join('. '));
  }

  private clear(): void {
    this.cursor = null;
    const chart = this.chart();
    if (chart) {
      chart.setActiveElements([]);
      chart.update('none');
    }
    this.hideTooltip();
  }
}

function countOf(chart: LineChart, datasetIndex: number): number {
  return chart.data.datasets[datasetIndex]?.data.length ?? 0;
}

/** The point of `target` closest in x to the given point of `source` (steps differ between series). */
function nearestByX(chart: LineChart, source: number, index: number, target: number): number {
  const from = chart.data.datasets[source]?.data[index];
  const points = chart.data.datasets[target]?.data ?? [];
  if (!from || typeof from !== 'object' || points.length === 0) return 0;
  let best = 0;
  points.forEach((point, candidate) => {
    if (Math.abs(point.x - from.x) < Math.abs(points[best].x - from.x)) best = candidate;
  });
  return best;
}
