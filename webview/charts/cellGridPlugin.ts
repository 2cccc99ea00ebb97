/**
 * A chart.js plugin painting a grid of colored cells behind the data: the stability map's verdicts. Cell edges
 * sit halfway between neighbouring grid values (geometric halfway on a log axis), so every cell is centred on the
 * setting it ran. A diverged cell also gets a small cross when cells are large enough for one, so the edge of
 * divergence reads without color.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

export interface CellGrid {
  /** Cell boundaries along x and y, in data units, increasing: columns + 1 and rows + 1 of them. */
  xEdges: readonly number[];
  yEdges: readonly number[];
  /** Row-major fill colors (CSS). */
  colors: readonly string[];
  /** Row-major: draw a cross in the cell. */
  crossed: readonly boolean[];
  crossColor: string;
}

declare module 'chart.js' {
  // Merging into chart.js's interface: the type parameter must keep its name, even unused.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    cellGrid?: CellGrid | false;
  }
}

export const cellGridPlugin: Plugin<'line'> = {
  id: 'cellGrid',
  beforeDatasetsDraw(chart, _args, pluginOptions) {
    const grid = pluginOptions as Partial<CellGrid>;
    if (!grid.xEdges || !grid.yEdges || !grid.colors) return;
    const { ctx, chartArea, scales } = chart as unknown as Chart;
    const xs = grid.xEdges.map((edge) => scales.x.getPixelForValue(edge));
    const ys = grid.yEdges.map((edge) => scales.y.getPixelForValue(edge));
    const columns = xs.length - 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
    ctx.clip();
    for (let row = 0; row < ys.length - 1; row++) {
      const top = Math.min(ys[row], ys[row + 1]);
      const height = Math.abs(ys[row + 1] - ys[row]);
      for (let column = 0; column < columns; column++) {
        const index = row * columns + column;
        const color = grid.colors[index];
        if (!color) continue;
        const left = xs[column];
        const width = xs[column + 1] - left;
        ctx.fillStyle = color;
        // Half a pixel of overlap: no hairline gaps between cells.
        ctx.fillRect(left, top, width + 0.5, height + 0.5);
        if (grid.crossed?.[index] && width >= 7 && height >= 7) {
          const size = Math.min(width, height) * 0.25;
          const cx = left + width / 2;
          const cy = top + height / 2;
          ctx.strokeStyle = grid.crossColor ?? '#000';
          ctx.lineWidth = 1.25;
          ctx.beginPath();
          ctx.moveTo(cx - size, cy - size);
          ctx.lineTo(cx + size, cy + size);
          ctx.moveTo(cx + size, cy - size);
          ctx.lineTo(cx - size, cy + size);
          ctx.stroke();
        }
      }
    }
    ctx.restore();
  },
};

/** Edges halfway between grid values, and half a step beyond each end (in log units when `logarithmic`). */
export function cellEdges(values: readonly number[], logarithmic: boolean): number[] {
  const forward = (value: number): number => (logarithmic ? Math.log(value) : value);
  const back = (value: number): number => (logarithmic ? Math.exp(value) : value);
  const t = values.map(forward);
  if (t.length === 1) return [back(t[0] - 0.5), back(t[0] + 0.5)];
  const edges = [t[0] - (t[1] - t[0]) / 2];
  for (let i = 1; i < t.length; i++) edges.push((t[i - 1] + t[i]) / 2);
  edges.push(t[t.length - 1] + (t[t.length - 1] - t[t.length - 2]) / 2);
  return edges.map(back);
}
