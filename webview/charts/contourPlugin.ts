/**
 * A chart.js plugin painting a loss grid as filled level bands behind the data (the optimizer's path), with
 * thin lines where bands meet and a color bar with level values in the right padding.
 *
 * The grid is resampled to the chart area's device pixels: the transformed loss (the level scale's position,
 * computed once per grid node) is bilinearly interpolated, then cut into bands; that keeps band edges smooth
 * at any grid resolution. The raster is cached until the grid, the area or the scales change.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';
import { formatNumber } from '../format';
import { LevelScale, rgbToCss } from './colormap';

export interface ContourLayer {
  xs: readonly number[];
  ys: readonly number[];
  /** Row-major: loss[j * xs.length + i] at (xs[i], ys[j]); null where the loss is not finite. */
  loss: readonly (number | null)[];
  /** Color-bar text. */
  labelColor: string;
  font: string;
  /** Width reserved on the right for the color bar (the chart's layout padding must leave it free). */
  colorBarWidth: number;
}

declare module 'chart.js' {
  // Merging into chart.js's interface: the type parameter must keep its name, even unused.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    contour?: ContourLayer | false;
  }
}

interface Raster {
  key: string;
  canvas: HTMLCanvasElement;
  levels: LevelScale;
}

const rasters = new WeakMap<ContourLayer['loss'], Raster>();

export const contourPlugin: Plugin<'line'> = {
  id: 'contour',
  beforeDatasetsDraw(chart, _args, pluginOptions) {
    const layer = pluginOptions as Partial<ContourLayer>;
    if (!layer.xs || !layer.ys || !layer.loss) return;
    const raster = rasterFor(chart as unknown as Chart, layer as ContourLayer);
    if (!raster) return;
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(raster.canvas, chartArea.left, chartArea.top, chartArea.width, chartArea.height);
    ctx.restore();
    drawColorBar(chart as unknown as Chart, layer as ContourLayer, raster.levels);
  },
};

/** The fractional index of `value` in the increasing `grid`, clamped to its ends. */
function fractionalIndex(grid: readonly number[], value: number): number {
  const last = grid.length - 1;
  if (value <= grid[0]) return 0;
  if (value >= grid[last]) return last;
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (grid[middle] <= value) low = middle;
    else high = middle;
  }
  return low + (value - grid[low]) / (grid[high] - grid[low]);
}

function rasterFor(chart: Chart, layer: ContourLayer): Raster | null {
  const { chartArea } = chart;
  const ratio = chart.currentDevicePixelRatio || 1;
  const width = Math.max(1, Math.round(chartArea.width * ratio));
  const height = Math.max(1, Math.round(chartArea.height * ratio));
  const xScale = chart.scales.x;
  const yScale = chart.scales.y;
  const key = [width, height, xScale.min, xScale.max, yScale.min, yScale.max].join();
  const cached = rasters.get(layer.loss);
  if (cached?.key === key) return cached;

  const levels = LevelScale.fit(layer.loss);
  if (!levels) return null;
  const columns = layer.xs.length;
  // The level position at each grid node (NaN where the loss is not finite).
  const nodes = Float64Array.from(layer.loss, (value) => (value === null ? NaN : levels.position(value)));
  const columnAt = Float64Array.from({ length: width }, (_, px) =>
    fractionalIndex(layer.xs, xScale.getValueForPixel(chartArea.left + (px + 0.5) / ratio) ?? NaN),
  );
  const rowAt = Float64Array.from({ length: height }, (_, py) =>
    fractionalIndex(layer.ys, yScale.getValueForPixel(chartArea.top + (py + 0.5) / ratio) ?? NaN),
  );

  const bands = new Int16Array(width * height).fill(-1);
  for (let py = 0; py < height; py++) {
    const row = rowAt[py];
    const j0 = Math.floor(row);
    const j1 = Math.min(j0 + 1, layer.ys.length - 1);
    const fy = row - j0;
    for (let px = 0; px < width; px++) {
      const column = columnAt[px];
      const i0 = Math.floor(column);
      const i1 = Math.min(i0 + 1, columns - 1);
      const fx = column - i0;
      const position =
        (nodes[j0 * columns + i0] * (1 - fx) + nodes[j0 * columns + i1] * fx) * (1 - fy) +
        (nodes[j1 * columns + i0] * (1 - fx) + nodes[j1 * columns + i1] * fx) * fy;
      if (!Number.isNaN(position)) bands[py * width + px] = levels.bandAt(position);
    }
  }

  const colors = Array.from({ length: levels.bands }, (_, band) => levels.colorOfBand(band));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return null;
  const image = context.createImageData(width, height);
  const pixels = image.data;
  for (let index = 0; index < bands.length; index++) {
    const band = bands[index];
    if (band < 0) continue; // not finite: leave it clear
    const [r, g, b] = colors[band];
    // A pixel where the band changes from its left or upper neighbour is part of a level line: darker.
    const px = index % width;
    const isEdge = (px > 0 && bands[index - 1] !== band) || (index >= width && bands[index - width] !== band);
    const shade = isEdge ? 0.55 : 1;
    pixels[index * 4] = r * shade;
    pixels[index * 4 + 1] = g * shade;
    pixels[index * 4 + 2] = b * shade;
    pixels[index * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  const raster = { key, canvas, levels };
  rasters.set(layer.loss, raster);
  return raster;
}

/** Bands stacked bottom (low) to top (high), with the loss at some band edges. */
function drawColorBar(chart: Chart, layer: ContourLayer, levels: LevelScale): void {
  const { ctx, chartArea } = chart;
  const barWidth = 10;
  const left = chartArea.right + 10;
  if (left + barWidth > chart.width) return;
  const bandHeight = chartArea.height / levels.bands;
  ctx.save();
  for (let band = 0; band < levels.bands; band++) {
    ctx.fillStyle = rgbToCss(levels.colorOfBand(band));
    ctx.fillRect(left, chartArea.bottom - (band + 1) * bandHeight, barWidth, Math.ceil(bandHeight));
  }
  ctx.strokeStyle = layer.labelColor;
  ctx.lineWidth = 1;
  ctx.strokeRect(left - 0.5, chartArea.top - 0.5, barWidth + 1, chartArea.height + 1);
  ctx.fillStyle = layer.labelColor;
  ctx.font = layer.font;
  ctx.textBaseline = 'middle';
  const labelEvery = Math.max(1, Math.ceil(levels.bands / Math.max(1, Math.floor(chartArea.height / 28))));
  for (let band = 0; band <= levels.bands; band += labelEvery) {
    const y = chartArea.bottom - band * bandHeight;
    ctx.fillText(formatNumber(levels.levelValue(band), 2), left + barWidth + 4, y);
  }
  ctx.restore();
}
