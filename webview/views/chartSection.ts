/** A titled card holding one chart, its tools (axis toggles, pickers) and a "Save PNG" button. */
import type { WebviewMessage } from '../../src/shared/protocol';
import { chartToPngDataUrl } from '../charts/exportImage';
import type { ChartView } from '../charts/chartView';
import { h, uniqueId } from '../dom';
import type { ChartTheme } from '../theme';
import { createButton } from '../toolkit';

export interface ChartSectionOptions {
  title: string;
  className: string;
  chart: ChartView;
  tools?: Node[];
  /** Lines between the header and the chart (a stale sweep's note). */
  notes?: Node[];
  post: (message: WebviewMessage) => void;
  theme: () => ChartTheme;
}

export function createChartSection(options: ChartSectionOptions): HTMLElement {
  const headingId = uniqueId('chart-title');
  const save = createButton(
    'Save PNG',
    () => {
      const canvas = options.chart.drawing;
      if (canvas) options.post({ type: 'exportImage', dataUrl: chartToPngDataUrl(canvas, options.theme()) });
    },
    { ariaLabel: `Save the ${options.title.toLowerCase()} chart as PNG`, title: 'Save this chart as a PNG image' },
  );
  return h('section', { className: `chart-card ${options.className}`, hidden: true, attrs: { 'aria-labelledby': headingId } }, [
    h('div', { className: 'chart-card-header' }, [
      h('h2', { id: headingId, text: options.title }),
      h('div', { className: 'chart-tools' }, [...(options.tools ?? []), save]),
    ]),
    ...(options.notes ?? []),
    options.chart.element,
  ]);
}
