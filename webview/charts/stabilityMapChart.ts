/**
 * The stability map: each cell the verdict of a run at that η (log axis) and momentum β or Adam's β1, colored as
 * the sweep colors verdicts (a converged cell fainter the more steps it took), with momentum's analytic limit
 * 2(1 + β)/L drawn over it where the curvature gives one, and the current setting marked. A cell is a point the
 * arrow keys reach (Left/Right along η, Up/Down along β); a click or Enter runs that setting.
 */
import type { ChartDataset } from 'chart.js';
import { VERDICTS, type MapParameter, type OptimizerSettings, type Verdict } from '../../src/core/optim/types';
import type { RunSettings } from '../../src/core/optim/types';
import type { MapCellView, StabilityMapView } from '../../src/shared/protocol';
import { OPTIMIZER_LABELS, VERDICT_LABELS } from '../../src/shared/labels';
import { formatNumber } from '../format';
import { countOf } from '../plural';
import type { ChartTheme } from '../theme';
import { cellEdges, type CellGrid } from './cellGridPlugin';
import type { ChartLegendItem, ChartModel, PointDescription } from './model';
import { baseOptions, numericAxis, type ChartPoint } from './setup';
import { VERDICT_STYLES } from './verdictStyle';

export interface StabilityMapInput {
  map: StabilityMapView;
  /** The settings of the run shown now: its η and parameter are marked. */
  current: RunSettings;
  theme: ChartTheme;
  onSimulate(learningRate: number, value: number): void;
}

/** The parameter's name as the axis and the tooltips say it. */
export function parameterName(parameter: MapParameter): string {
  return parameter === 'momentum' ? 'momentum β' : 'β1';
}

/** The map parameter's value in these optimizer settings, or null when the optimizer has no such knob. */
export function parameterValueOf(optimizer: OptimizerSettings, parameter: MapParameter): number | null {
  if (parameter === 'momentum') return optimizer.kind === 'momentum' || optimizer.kind === 'nesterov' ? optimizer.momentum : null;
  return optimizer.kind === 'adam' || optimizer.kind === 'adamw' ? optimizer.beta1 : null;
}

export function stabilityMapChartModel(input: StabilityMapInput): ChartModel {
  const { map, current, theme } = input;
  const columns = map.learningRates.length;
  const symbol = map.parameter === 'momentum' ? 'β' : 'β1';
  const cellAt = (row: number, column: number): MapCellView | undefined => map.cells[row * columns + column];
  const slowest = Math.max(1, ...map.cells.map((cell) => (cell.verdict === 'converged' && cell.convergedAt !== null ? cell.convergedAt : 1)));
  const grid: CellGrid = {
    xEdges: cellEdges(map.learningRates, true),
    yEdges: cellEdges(map.values, false),
    colors: map.cells.map((cell) => cellColor(cell, slowest, theme)),
    crossed: map.cells.map((cell) => cell.verdict === 'diverged'),
    crossColor: theme.background,
  };

  // One dataset per row of invisible points at the cell centres: what the keyboard walks and a click hits.
  const datasets: ChartDataset<'line', ChartPoint[]>[] = map.values.map((value) => ({
    label: `${symbol} = ${formatNumber(value)}`,
    data: map.learningRates.map((learningRate) => ({ x: learningRate, y: value })),
    showLine: false,
    pointRadius: 0,
    pointHoverRadius: 7,
    pointHoverBorderWidth: 2,
    pointHoverBorderColor: theme.focus,
    pointHoverBackgroundColor: 'transparent',
    pointHitRadius: 8,
    order: 2,
  }));
  const rows = datasets.length;
  const legend: ChartLegendItem[] = [];
  for (const verdict of VERDICTS) {
    const count = map.cells.filter((cell) => cell.verdict === verdict).length;
    if (count === 0) continue;
    const label = verdict === 'converged' ? `${VERDICT_LABELS[verdict]} (fainter: more steps)` : VERDICT_LABELS[verdict];
    legend.push({ label: `${label}: ${countOf(count, 'cell')}`, color: theme.foreground, swatch: { kind: 'marker', shape: 'rect', fill: VERDICT_STYLES[verdict].color }, datasets: [], fixed: true });
  }

  const name = OPTIMIZER_LABELS[map.settings.optimizer.kind];
  const boundPoints = map.bound
    ? map.values.flatMap((value, row) => (map.bound?.[row] == null ? [] : [{ x: map.bound[row] as number, y: value }]))
    : [];
  const boundFormula = map.settings.optimizer.kind === 'nesterov' ? '2(1 + β)/((1 + 2β)L)' : '2(1 + β)/L';
  if (boundPoints.length > 0) {
    datasets.push({
      label: `${name}’s limit ${boundFormula}`,
      data: boundPoints,
      borderColor: theme.foreground,
      backgroundColor: theme.foreground,
      borderWidth: 2,
      borderDash: [6, 4],
      pointRadius: 0,
      pointHoverRadius: 0,
      pointHitRadius: 0,
      order: 1,
    });
    legend.push({ label: `${name}’s limit η = ${boundFormula}`, color: theme.foreground, swatch: { kind: 'line', width: 2, dash: [6, 4] }, datasets: [datasets.length - 1], fixed: true });
  }

  const now = parameterValueOf(current.optimizer, map.parameter);
  if (now !== null) {
    datasets.push({
      label: 'Now',
      data: [{ x: current.learningRate, y: now }],
      showLine: false,
      pointStyle: 'circle',
      pointRadius: 7,
      pointHoverRadius: 7,
      pointHitRadius: 0,
      borderWidth: 3,
      borderColor: theme.foreground,
      backgroundColor: 'transparent',
      order: 0,
    });
    legend.push({
      label: `Now: η = ${formatNumber(current.learningRate)}, ${symbol} = ${formatNumber(now)}`,
      color: theme.foreground,
      swatch: { kind: 'marker', shape: 'circle', fill: 'none' },
      datasets: [datasets.length - 1],
      fixed: true,
    });
  }

  const options = baseOptions(theme);
  options.interaction = { mode: 'nearest', intersect: true };
  options.scales = {
    x: numericAxis(theme, 'logarithmic', 'Learning rate η (log scale)', { min: grid.xEdges[0], max: grid.xEdges[grid.xEdges.length - 1], labelBounds: false }),
    y: numericAxis(theme, 'linear', parameterName(map.parameter), { min: grid.yEdges[0], max: grid.yEdges[grid.yEdges.length - 1], labelBounds: false }),
  };
  options.plugins = { ...options.plugins, cellGrid: grid };

  const describePoint = (datasetIndex: number, index: number): PointDescription | null => {
    if (datasetIndex >= rows) return null;
    const cell = cellAt(datasetIndex, index);
    if (!cell) return null;
    return {
      title: `η = ${formatNumber(map.learningRates[index], 3)}, ${symbol} = ${formatNumber(map.values[datasetIndex])}`,
      lines: [
        `${VERDICT_STYLES[cell.verdict].glyph} ${VERDICT_LABELS[cell.verdict]}${cell.convergedAt !== null ? ` (converged at step ${formatNumber(cell.convergedAt, 6)})` : ''}`,
        'Click or press Enter to run this setting',
      ],
    };
  };

  return {
    data: { datasets },
    options,
    legend,
    describePoint,
    // Top row first, so Down moves down the map (to smaller β) and Up moves up.
    navigable: datasets.slice(0, rows).map((_, index) => rows - 1 - index),
    summary: mapSummary(map),
    activate: (datasetIndex, index) => {
      if (datasetIndex < rows && index < columns) input.onSimulate(map.learningRates[index], map.values[datasetIndex]);
    },
  };
}

/** A converged cell: the verdict's color, paler the more steps it took; every other cell its verdict's color. */
function cellColor(cell: MapCellView, slowest: number, theme: ChartTheme): string {
  const color = VERDICT_STYLES[cell.verdict].color;
  if (cell.verdict !== 'converged' || cell.convergedAt === null || slowest <= 1) return color;
  const share = Math.log(Math.max(1, cell.convergedAt)) / Math.log(slowest);
  return mix(color, theme.background, 0.6 * share);
}

/** `color` moved `amount` of the way to `toward` (both #rrggbb; anything else is returned as it is). */
function mix(color: string, toward: string, amount: number): string {
  const a = /^#([0-9a-f]{6})$/i.exec(color);
  const b = /^#([0-9a-f]{6})$/i.exec(toward);
  if (!a || !b) return color;
  const channel = (hex: string, at: number): number => parseInt(hex.slice(at, at + 2), 16);
  const mixed = [0, 2, 4].map((at) => Math.round(channel(a[1], at) * (1 - amount) + channel(b[1], at) * amount));
  return `rgb(${mixed.join(', ')})`;
}

export function mapSummary(map: StabilityMapView): string {
  const symbol = map.parameter === 'momentum' ? 'β' : 'β1';
  const counts = new Map<Verdict, number>();
  for (const cell of map.cells) counts.set(cell.verdict, (counts.get(cell.verdict) ?? 0) + 1);
  const parts = VERDICTS.filter((verdict) => counts.has(verdict)).map((verdict) => `${VERDICT_LABELS[verdict].toLowerCase()} in ${countOf(counts.get(verdict) ?? 0, 'cell')}`);
  const rates = map.learningRates;
  let text =
    `Stability map of ${OPTIMIZER_LABELS[map.settings.optimizer.kind]}: ${map.values.length} values of ${symbol} from ${formatNumber(map.values[0])} to ` +
    `${formatNumber(map.values[map.values.length - 1])} by ${rates.length} learning rates from ${formatNumber(rates[0])} to ${formatNumber(rates[rates.length - 1])}; ${parts.join(', ')}.`;
  const bound = map.bound?.filter((value): value is number => value !== null) ?? [];
  if (bound.length > 0) text += ` The analytic limit runs from η = ${formatNumber(bound[0])} at ${symbol} = ${formatNumber(map.values[0])} to η = ${formatNumber(bound[bound.length - 1])} at ${symbol} = ${formatNumber(map.values[map.values.length - 1])}.`;
  return text;
}
