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
import { isHighContrast, type ChartTheme } from '../theme';
import { logTickValues, tickLabels } from './ticks';

export { logTickValues };

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
      ticks: { ...ticks, callback: labelOf },
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
    ticks: { ...ticks, precision: limits.integer ? 0 : undefined, callback: labelOf },
  };
}

/** A tick's label, with the digits that tell it from the axis's other ticks (chart.js passes them all). */
function labelOf(value: number | string, index: number, ticks: readonly { value: number }[]): string {
  return tickLabels(ticks.map((tick) => tick.value))[index] ?? String(value);
}

/** True when every value can go on a log axis. */
export function allPositive(values: Iterable<number>): boolean {
  for (const value of values) if (!(value > 0)) return false;
  return true;
}

/** Every chart of the panel: line charts (markers are lines without a line) over {x, y} points. */
export type LineChart = Chart<'line', ChartPoint[]>;
