/**
 * chart.js, registered with only the parts the panel uses (tree-shaken bundle), and the options every chart
 * shares: no animation (a change of η must redraw at once), theme fonts and colors, hover on the nearest point.
 */
import {
  Chart,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartOptions,
  type ScaleOptions,
} from 'chart.js';
import { formatNumber } from '../format';
import { isHighContrast, type ChartTheme } from '../theme';

// No Legend plugin: legends are HTML (charts/legend.ts).
Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

export { Chart };

export interface ChartPoint {
  x: number;
  y: number;
}

export type AxisKind = 'linear' | 'logarithmic';

/** Options for a chart of the panel; each chart adds its scales and plugins. */
export function baseOptions(theme: ChartTheme): ChartOptions<'line'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    parsing: false,
    color: theme.foreground,
    font: { family: theme.fontFamily, size: Math.max(11, theme.fontSize - 1) },
    interaction: { mode: 'nearest', intersect: false },
    layout: { padding: { top: 4, right: 8, bottom: 0, left: 0 } },
    elements: {
      line: { tension: 0, borderJoinStyle: 'round' },
      point: { hitRadius: 6 },
    },
    plugins: {
      // The panel draws its own HTML tooltip (themed, readable, and in the DOM for tests and screen magnifiers).
      tooltip: { enabled: false },
    },
  };
}

type CartesianAxis = ScaleOptions<'linear'> | ScaleOptions<'logarithmic'>;

export interface AxisLimits {
  min?: number;
  max?: number;
  /** Ticks only at whole numbers (step counts). */
  integer?: boolean;
  /** Label the ends of a fixed range even when they are not round numbers (default true). */
  labelBounds?: boolean;
}

/** A numeric axis in the theme's colors; log axes label only powers of ten so the labels do not crowd. */
export function numericAxis(theme: ChartTheme, kind: AxisKind, title: string, limits: AxisLimits = {}): CartesianAxis {
  const tickFont = { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) };
  const common = {
    min: limits.min,
    max: limits.max,
    title: { display: true, text: title, color: theme.mutedForeground, font: tickFont, padding: 2 },
    // High-contrast themes draw the grid in their full-strength border color; dashes keep it apart from data.
    border: { color: theme.grid, dash: isHighContrast(theme.kind) ? [2, 3] : [] },
    grid: { color: theme.grid, tickColor: theme.grid },
  };
  const ticks = {
    color: theme.foreground,
    font: tickFont,
    maxRotation: 0,
    autoSkipPadding: 10,
    includeBounds: limits.labelBounds ?? true,
  };
  if (kind === 'logarithmic') {
    return {
      ...common,
      type: 'logarithmic',
      ticks: { ...ticks, callback: (value) => formatNumber(Number(value)) },
      // chart.js puts a tick at every 1…9 × 10^k and, over a wide range, at irregular decades; a few evenly
      // spaced decades (or 1-2-5 steps inside a single decade) read better.
      afterBuildTicks: (scale) => {
        const values = logTickValues(scale.min, scale.max);
        if (values.length >= 2) scale.ticks = values.map((value) => ({ value, major: true }));
      },
    };
  }
  return {
    ...common,
    type: 'linear',
    ticks: { ...ticks, precision: limits.integer ? 0 : undefined, callback: (value) => formatNumber(Number(value)) },
  };
}

/** Decades between ticks on a wide log axis. */
const DECADE_STEPS = [1, 2, 3, 5, 10, 20, 25, 50, 100];

/** About six ticks between min and max: whole decades in nice steps, or 1, 2, 5 × 10^k in a narrow range. */
export function logTickValues(min: number, max: number, target = 6): number[] {
  if (!(min > 0) || !(max > min)) return [];
  // Decimal literals, not 10 ** k: 10 ** -5 is 0.000009999999999999999 in floating point.
  const power = (exponent: number, mantissa = 1) => Number(`${mantissa}e${exponent}`);
  const low = Math.ceil(Math.log10(min) - 1e-9);
  const high = Math.floor(Math.log10(max) + 1e-9);
  if (high - low >= 2) {
    const step = DECADE_STEPS.find((candidate) => Math.floor(high / candidate) - Math.ceil(low / candidate) + 1 <= target + 1) ?? Math.ceil((high - low) / target);
    const values: number[] = [];
    for (let exponent = Math.ceil(low / step) * step; exponent <= high; exponent += step) values.push(power(exponent));
    return values;
  }
  const values: number[] = [];
  for (let exponent = low - 1; exponent <= high; exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const value = power(exponent, mantissa);
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) values.push(value);
    }
  }
  return values;
}

/** True when every value can go on a log axis. */
export function allPositive(values: Iterable<number>): boolean {
  for (const value of values) if (!(value > 0)) return false;
  return true;
}

/** Every chart of the panel: line charts (markers are lines without a line) over {x, y} points. */
export type LineChart = Chart<'line', ChartPoint[]>;
