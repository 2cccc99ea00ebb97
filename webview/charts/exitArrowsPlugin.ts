/**
 * Arrows where diverged runs leave the loss chart through its top (see clipDiverged.ts): an upward arrow in the
 * run's color at the point it crossed the axis's ceiling, labelled with the step it diverged at.
 */
import type { ChartType, Plugin } from 'chart.js';

export interface ExitArrow {
  /** Where the run crossed the ceiling, in data coordinates. */
  x: number;
  y: number;
  label: string;
  color: string;
}

export interface ExitArrowOptions {
  arrows: ExitArrow[];
  font: string;
  labelBackground: string;
  /** The labels' text (the theme's foreground: series colors are too light for text on some themes). */
  textColor: string;
}

declare module 'chart.js' {
  // Merging into chart.js's interface: the type parameter must keep its name, even unused.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    exitArrows?: ExitArrowOptions | false;
  }
}

export const exitArrowsPlugin: Plugin<'line'> = {
  id: 'exitArrows',
  afterDatasetsDraw(chart, _args, pluginOptions) {
    const options = pluginOptions as Partial<ExitArrowOptions>;
    if (!options.arrows?.length || !options.font) return;
    const { ctx, chartArea, scales } = chart;
    options.arrows.forEach((arrow, row) => {
      const x = scales.x.getPixelForValue(arrow.x);
      if (!Number.isFinite(x)) return;
      const top = chartArea.top + 1;
      ctx.save();
      ctx.fillStyle = arrow.color;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x - 6, top + 10);
      ctx.lineTo(x + 6, top + 10);
      ctx.closePath();
      ctx.fill();
      // The label below the arrow, right of it unless that leaves the chart; stacked when there are several.
      ctx.font = options.font ?? '';
      const width = ctx.measureText(arrow.label).width + 6;
      const height = 16;
      const left = x + 8 + width <= chartArea.right ? x + 8 : Math.max(chartArea.left, x - 8 - width);
      const labelTop = top + 12 + row * (height + 2);
      ctx.fillStyle = options.labelBackground ?? 'transparent';
      ctx.fillRect(left, labelTop, width, height);
      ctx.fillStyle = options.textColor ?? arrow.color;
      ctx.textBaseline = 'middle';
      ctx.fillText(arrow.label, left + 3, labelTop + height / 2);
      ctx.restore();
    });
  },
};
