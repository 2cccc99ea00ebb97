/**
 * The loss per step of every series (current run emphasized), with the current run's overshoots (steps where
 * the loss went up) and its divergence marked, and reference lines where it converged or diverged.
 */
import type { ChartDataset } from 'chart.js';
import type { LossScale, RunView, SeriesView } from '../../src/shared/protocol';
import { formatInteger, formatLoss, formatNumber, formatParams } from '../format';
import { countOf } from '../plural';
import type { ChartTheme } from '../theme';
import { clipAtCeiling, finiteCeiling } from './clipDiverged';
import type { ExitArrow } from './exitArrowsPlugin';
import type { ChartLegendItem, ChartModel, PointDescription } from './model';
import type { ReferenceLine } from './referenceLines';
import { SeriesColors } from './seriesStyle';
import { smoothed } from './smoothing';
import { fadeColor } from '../theme';
import { allPositive, baseOptions, numericAxis, type ChartPoint } from './setup';

export interface LossChartInput {
  run: RunView;
  theme: ChartTheme;
  scale: LossScale;
  colors: SeriesColors;
  hiddenSeries: ReadonlySet<string>;
  /** The user clicked a series in the legend. */
  onToggleSeries(key: string): void;
  /** How much to smooth the batch loss of a minibatch run (0: raw), as TensorBoard does. */
  smoothing?: number;
}

/** Whether the run can be drawn on a log axis, and the axis to use for the user's choice (null: the run's). */
export function lossScaleFor(run: RunView, choice: LossScale | null): { scale: LossScale; logPossible: boolean } {
  const logPossible = run.series.every((series) => allPositive(series.points.loss));
  const wanted = choice ?? run.lossScale;
  return { scale: wanted === 'log' && logPossible ? 'log' : 'linear', logPossible };
}

/** Where a step lies on a series' kept points: its index, or the nearest kept step (points may be thinned). */
export function indexOfStep(steps: readonly number[], step: number): number {
  let low = 0;
  let high = steps.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (steps[middle] < step) low = middle + 1;
    else high = middle;
  }
  if (low > 0 && Math.abs(steps[low - 1] - step) < Math.abs(steps[low] - step)) return low - 1;
  return low;
}

/** Tooltip lines for a kept point of a series: η, loss and the named parameters. */
export function describeTracePoint(series: SeriesView, variables: readonly string[], index: number, withLabel: boolean): PointDescription {
  const points = series.points;
  return {
    title: `Step ${formatInteger(points.step[index])}${withLabel ? ` · ${series.label}` : ''}`,
    lines: [
      `η = ${formatNumber(points.learningRate[index], 4)}`,
      `loss = ${formatLoss(points.loss[index])}`,
      formatParams(variables, points.params[index]),
    ],
  };
}

type MarkerKind =
  | { kind: 'series'; series: SeriesView }
  | { kind: 'overshoot'; steps: number[] }
  | { kind: 'divergence'; step: number }
  | { kind: 'batch'; series: SeriesView; values: number[]; smoothedBy: number | null }
  | { kind: 'best'; loss: number };

export function lossChartModel(input: LossChartInput): ChartModel {
  const { run, theme, scale, colors, hiddenSeries } = input;
  const current = run.series[0];
  const variables = run.formula.variables;
  colors.assign(run.series, theme.series.length);
  const showSeriesNames = run.series.length > 1;

  const datasets: ChartDataset<'line', ChartPoint[]>[] = [];
  const kinds: MarkerKind[] = [];
  const legend: ChartLegendItem[] = [];
  // A diverged run beside finite ones is cut where it leaves their range (an arrow marks where and says when),
  // so its 1e300 does not flatten the curves being compared.
  const logAxis = scale === 'log';
  const ceiling = finiteCeiling(
    run.series.filter((series) => !hiddenSeries.has(series.key)).map((series) => ({ loss: series.points.loss, diverged: series.verdict === 'diverged' })),
    logAxis,
  );
  const arrows: ExitArrow[] = [];

  run.series.forEach((series, index) => {
    const style = colors.styleOf(series, theme);
    const points = series.points;
    const few = points.step.length <= 80;
    let data = points.step.map((step, i) => ({ x: step, y: points.loss[i] }));
    if (ceiling !== null && series.verdict === 'diverged' && !hiddenSeries.has(series.key)) {
      const clipped = clipAtCeiling(data, ceiling, logAxis);
      data = clipped.data;
      if (clipped.exit) {
        const when = series.divergedAt === null ? 'diverged' : `diverged at step ${formatInteger(series.divergedAt)}`;
        arrows.push({ ...clipped.exit, label: showSeriesNames ? `${series.label}: ${when}` : when, color: style.color });
      }
    }
    datasets.push({
      label: series.label,
      data,
      borderColor: style.color,
      backgroundColor: style.color,
      borderWidth: style.width,
      borderDash: style.dash,
      pointRadius: few ? (series.role === 'current' ? 2.5 : 1.5) : 0,
      pointHoverRadius: 5,
      pointHitRadius: 5,
      hidden: hiddenSeries.has(series.key),
      // Other runs are drawn over the current one (thinner and dashed, so both show): a run pinned just now
      // lies exactly on it.
      order: index === 0 ? 2 : 1,
    });
    kinds.push({ kind: 'series', series });
    legend.push({
      label: series.label,
      color: style.color,
      swatch: { kind: 'line', width: style.width, dash: style.dash },
      datasets: [datasets.length - 1],
      onToggle: () => input.onToggleSeries(series.key),
    });
  });

  // A minibatch run: the loss of each update's batch, light, and smoothed over it; the loss on all the data (the
  // curve above, the one the verdict judges) stays the strong line.
  const batch = current.batchLoss;
  if (batch && batch.step.length > 0 && !hiddenSeries.has(current.key)) {
    const style = colors.styleOf(current, theme);
    const weight = input.smoothing ?? 0;
    const raw = batch.loss;
    datasets.push({
      label: 'Batch loss',
      data: batch.step.map((step, i) => ({ x: step, y: raw[i] })),
      borderColor: fadeColor(style.color, 0.28),
      backgroundColor: fadeColor(style.color, 0.28),
      borderWidth: 1,
      pointRadius: 0,
      pointHitRadius: 3,
      order: 3,
    });
    kinds.push({ kind: 'batch', series: current, values: raw, smoothedBy: null });
    legend.push({ label: 'Batch loss', color: fadeColor(style.color, 0.4), swatch: { kind: 'line', width: 1, dash: [] }, datasets: [datasets.length - 1] });
    if (weight > 0) {
      const values = smoothed(raw, weight);
      datasets.push({
        label: `Batch loss, smoothed (${formatNumber(weight, 2)})`,
        data: batch.step.map((step, i) => ({ x: step, y: values[i] })),
        borderColor: fadeColor(style.color, 0.75),
        backgroundColor: fadeColor(style.color, 0.75),
        borderWidth: 1.5,
        borderDash: [5, 3],
        pointRadius: 0,
        pointHitRadius: 3,
        order: 2,
      });
      kinds.push({ kind: 'batch', series: current, values, smoothedBy: weight });
      legend.push({ label: datasets[datasets.length - 1].label ?? '', color: fadeColor(style.color, 0.75), swatch: { kind: 'line', width: 1.5, dash: [5, 3] }, datasets: [datasets.length - 1] });
    }
  }
  const best = run.minibatch?.bestLoss;
  if (best !== null && best !== undefined && batch && (scale !== 'log' || best > 0)) {
    const lastKept = Math.max(1, ...run.series.map((series) => series.points.step[series.points.step.length - 1]));
    datasets.push({
      label: `Best value ${formatLoss(best)} (all the data)`,
      data: [{ x: 0, y: best }, { x: lastKept, y: best }],
      borderColor: theme.convergence,
      backgroundColor: theme.convergence,
      borderWidth: 1,
      borderDash: [2, 3],
      pointRadius: 0,
      pointHitRadius: 0,
      order: 4,
    });
    kinds.push({ kind: 'best', loss: best });
    legend.push({ label: datasets[datasets.length - 1].label ?? '', color: theme.convergence, swatch: { kind: 'line', width: 1, dash: [2, 3] }, datasets: [datasets.length - 1] });
  }

  // Overshoots: at the kept point of each step where the loss rose (or the nearest one when thinned).
  const overshootSteps = run.overshootSteps.filter((step) => step <= current.points.step[current.points.step.length - 1]);
  if (overshootSteps.length > 0) {
    datasets.push({
      label: `Overshoot: loss rose (${countOf(run.overshootCount, 'step')})`,
      data: overshootSteps.map((step) => ({ x: step, y: current.points.loss[indexOfStep(current.points.step, step)] })),
      showLine: false,
      pointStyle: 'triangle',
      // Many overshoots (every step, when oscillating) would bury the curve under big markers.
      pointRadius: overshootSteps.length > 30 ? 3.5 : 5,
      pointHoverRadius: 7,
      // An outline in the text color keeps the marker visible whatever the theme's orange is.
      borderColor: theme.foreground,
      borderWidth: 0.75,
      backgroundColor: theme.overshoot,
      order: 0,
    });
    kinds.push({ kind: 'overshoot', steps: overshootSteps });
    legend.push({
      label: datasets[datasets.length - 1].label ?? '',
      color: theme.foreground,
      swatch: { kind: 'marker', shape: 'triangle', fill: theme.overshoot },
      datasets: [datasets.length - 1],
    });
  }

  const divergedAt = current.divergedAt ?? run.diagnosis.divergedAt;
  const currentClipped = ceiling !== null && current.verdict === 'diverged';
  if (divergedAt !== null && !currentClipped) {
    const index = indexOfStep(current.points.step, divergedAt);
    datasets.push({
      label: `Diverged at step ${formatInteger(divergedAt)}`,
      data: [{ x: current.points.step[index], y: current.points.loss[index] }],
      showLine: false,
      pointStyle: 'crossRot',
      pointRadius: 9,
      pointHoverRadius: 10,
      borderWidth: 3,
      borderColor: theme.divergence,
      backgroundColor: theme.divergence,
      order: 0,
    });
    kinds.push({ kind: 'divergence', step: divergedAt });
    legend.push({
      label: datasets[datasets.length - 1].label ?? '',
      color: theme.divergence,
      swatch: { kind: 'marker', shape: 'crossRot', fill: 'none' },
      datasets: [datasets.length - 1],
    });
  }

  const lines: ReferenceLine[] = [];
  if (run.diagnosis.convergedAt !== null) {
    lines.push({ x: run.diagnosis.convergedAt, label: `converged · step ${formatInteger(run.diagnosis.convergedAt)}`, color: theme.convergence });
  }
  if (divergedAt !== null) lines.push({ x: divergedAt, label: `diverged · step ${formatInteger(divergedAt)}`, color: theme.divergence });

  const lastStep = Math.max(1, ...run.series.map((series) => series.points.step[series.points.step.length - 1]));
  const options = baseOptions(theme);
  const font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
  options.scales = {
    x: numericAxis(theme, 'linear', 'Step', { min: 0, max: lastStep, integer: true, labelBounds: false }),
    y: numericAxis(theme, scale === 'log' ? 'logarithmic' : 'linear', scale === 'log' ? 'Loss (log scale)' : 'Loss', lossAxisLimits(run, ceiling, hiddenSeries, logAxis)),
  };
  options.plugins = {
    ...options.plugins,
    referenceLines: { lines, labelBackground: theme.background, font },
    exitArrows: { arrows, font, labelBackground: theme.background, textColor: theme.foreground },
  };

  const describePoint = (datasetIndex: number, index: number): PointDescription | null => {
    const kind = kinds[datasetIndex];
    if (!kind) return null;
    if (kind.kind === 'series') return describeTracePoint(kind.series, variables, index, showSeriesNames);
    if (kind.kind === 'best') return { title: 'Best value', lines: [`loss on all the data = ${formatLoss(kind.loss)}`, 'found by Newton’s method on all the data'] };
    if (kind.kind === 'batch') {
      const step = kind.series.batchLoss!.step[index];
      const what = kind.smoothedBy === null ? 'batch loss' : `batch loss, smoothed (${formatNumber(kind.smoothedBy, 2)})`;
      return { title: `Update ${formatInteger(step)}`, lines: [`${what} = ${formatLoss(kind.values[index])}`, 'the loss of the batch this update used'] };
    }
    if (kind.kind === 'overshoot') {
      const step = kind.steps[index];
      const at = indexOfStep(current.points.step, step);
      // The rise is known only when the step before was kept too (runs may be thinned).
      const before = current.points.step[at] === step && current.points.step[at - 1] === step - 1 ? current.points.loss[at - 1] : null;
      const base = describeTracePoint(current, variables, at, false);
      return {
        title: `Step ${formatInteger(step)} · overshoot`,
        lines: [
          before === null ? 'the loss rose on this step' : `loss rose from ${formatLoss(before)} to ${formatLoss(current.points.loss[at])}`,
          ...base.lines.slice(0, 1),
          ...base.lines.slice(2),
        ],
      };
    }
    const at = indexOfStep(current.points.step, kind.step);
    return { ...describeTracePoint(current, variables, at, false), title: `Diverged at step ${formatInteger(kind.step)}` };
  };

  return {
    data: { datasets },
    options,
    // A single run needs no entry of its own: its markers (overshoot, divergence) and other runs do.
    legend: run.series.length > 1 ? legend : legend.filter((item) => !item.onToggle),
    describePoint,
    navigable: datasets.map((_, index) => index).filter((index) => kinds[index].kind === 'series'),
    summary: lossSummary(run) + (arrows.length > 0 ? ` Runs that diverged are cut where they leave the range of the others (${arrows.map((arrow) => arrow.label).join('; ')}).` : ''),
    playhead: {
      dataset: 0,
      mark: (index) => {
        const step = current.points.step[index];
        const loss = current.points.loss[index];
        return step === undefined || loss === undefined ? null : { at: { x: step, y: loss }, rule: true, color: theme.foreground, fill: theme.background };
      },
    },
  };
}

/**
 * The loss axis's top: the finite runs' ceiling when a diverged run is clipped; on a log axis whose losses reach
 * near the largest double, the highest loss itself (chart.js would round the top up to the next power of ten,
 * 1e309, which is Infinity, and lose the axis); otherwise chart.js's own.
 */
function lossAxisLimits(run: RunView, ceiling: number | null, hiddenSeries: ReadonlySet<string>, logAxis: boolean): { max?: number } {
  if (ceiling !== null) return { max: ceiling };
  if (!logAxis) return {};
  let highest = 0;
  for (const series of run.series) if (!hiddenSeries.has(series.key)) for (const loss of series.points.loss) if (loss > highest) highest = loss;
  return highest > 1e300 ? { max: highest } : {};
}

export function lossSummary(run: RunView): string {
  const points = run.series[0].points;
  const first = points.loss[0];
  const last = run.final.loss;
  const direction = last < first ? 'fell' : last > first ? 'rose' : 'stayed';
  const change =
    direction === 'stayed'
      ? `Loss stayed at ${formatNumber(first)}`
      : `Loss ${direction} from ${formatNumber(first)} to ${formatNumber(last)}`;
  const parts = [`${change} in ${countOf(run.final.step, 'step')}`];
  if (run.diagnosis.convergedAt !== null) parts.push(`converged at step ${formatInteger(run.diagnosis.convergedAt)}`);
  const divergedAt = run.series[0].divergedAt ?? run.diagnosis.divergedAt;
  if (divergedAt !== null) parts.push(`diverged at step ${formatInteger(divergedAt)}`);
  let text = `${parts.join('; ')}.`;
  if (run.overshootCount > 0) text += ` The loss went up on ${countOf(run.overshootCount, 'step')} (marked with triangles).`;
  const others = run.series.slice(1).map((series) => series.label);
  if (others.length > 0) text += ` Also shown: ${others.join('; ')}.`;
  return text;
}
