/**
 * A chart.js plugin drawing labelled vertical lines behind the data (their labels over it): where a run diverged or converged on
 * the loss chart, the critical learning rate of the sweep's optimizer on the sweep chart. Lines come from the chart's options
 * (`plugins.referenceLines`), so they change with each render like the data.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

export interface ReferenceLine {
  /** Position on the x axis, in data units. */
  x: number;
  label: string;
  color: string;
  dash?: number[];
}

export interface ReferenceLineOptions {
  lines: ReferenceLine[];
  /** Behind the label text, so it stays readable over grid lines and curves. */
  labelBackground: string;
  font: string;
}

declare module 'chart.js' {
  // Merging into chart.js's interface: the type parameter must keep its name, even unused.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    referenceLines?: ReferenceLineOptions | false;
  }
}

export const referenceLinesPlugin: Plugin<'line'> = {
  id: 'referenceLines',
  // The lines go behind the data; their labels over it, so that markers drawn along the chart's top edge (the
  // sweep's diverged runs) or a curve passing there cannot hide them.
  beforeDatasetsDraw(chart, _args, pluginOptions) {
    const { ctx, chartArea } = chart;
    for (const { line, x } of visibleLines(chart, pluginOptions)) {
      ctx.save();
      ctx.strokeStyle = line.color;
      ctx.lineWidth = 1.5;
      ctx.setLineDash(line.dash ?? [5, 4]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.restore();
    }
  },
  afterDatasetsDraw(chart, _args, pluginOptions) {
    const { ctx, chartArea } = chart;
    const options = pluginOptions as ReferenceLineOptions;
    let labelRow = 0;
    for (const { line, x } of visibleLines(chart, pluginOptions)) {
      // Label at the top, right of the line unless that leaves the chart; stacked when there are several.
      ctx.save();
      ctx.font = options.font;
      ctx.setLineDash([]);
      const width = ctx.measureText(line.label).width + 6;
      const height = 16;
      const left = x + 4 + width <= chartArea.right ? x + 4 : x - 4 - width;
      const top = chartArea.top + 2 + labelRow * (height + 2);
      labelRow += 1;
      ctx.fillStyle = options.labelBackground;
      ctx.fillRect(left, top, width, height);
      ctx.fillStyle = line.color;
      ctx.textBaseline = 'middle';
      ctx.fillText(line.label, left + 3, top + height / 2);
      ctx.restore();
    }
  },
};

/** The lines to draw that fall inside the chart area, with their x in pixels. */
function visibleLines(chart: Chart<'line'>, pluginOptions: unknown): { line: ReferenceLine; x: number }[] {
  const options = pluginOptions as Partial<ReferenceLineOptions>;
  if (!options.lines?.length || !options.font || !options.labelBackground) return [];
  const { chartArea } = chart;
  const xScale = chart.scales.x;
  return options.lines
    .map((line) => ({ line, x: xScale.getPixelForValue(line.x) }))
    .filter(({ x }) => Number.isFinite(x) && x >= chartArea.left - 0.5 && x <= chartArea.right + 0.5);
}
