/**
 * A learning-rate sweep: final loss (or steps to converge) against η on log axes, each run a point shaped and
 * colored by its verdict, a vertical line at the critical η of the sweep's optimizer (2/L for gradient descent,
 * the momentum bound for momentum and Nesterov, none for the adaptive optimizers) and a star at the suggested η.
 * Clicking a point, or Enter on it, simulates that η.
 */
import type { ChartDataset } from 'chart.js';
import { VERDICTS, type SweepPoint, type Verdict } from '../../src/core/optim/types';
import type { SweepView } from '../../src/shared/protocol';
import { formatInteger, formatNumber } from '../format';
import { VERDICT_LABELS } from '../../src/shared/labels';
import { criticalFormula, describeCritical } from '../../src/words/critical';
import { countOf } from '../plural';
import type { SweepMetric } from '../state';
import type { ChartTheme } from '../theme';
import type { ChartLegendItem, ChartModel, PointDescription } from './model';
import { VERDICT_STYLES } from './verdictStyle';
import { allPositive, baseOptions, numericAxis, type ChartPoint } from './setup';

export interface SweepChartInput {
  sweep: SweepView;
  metric: SweepMetric;
  theme: ChartTheme;
  /** The η of the run shown now, marked on the chart (null: none). */
  currentLearningRate: number | null;
  onSimulate(learningRate: number): void;
}

export function sweepValue(point: SweepPoint, metric: SweepMetric): number | null {
  return metric === 'finalLoss' ? point.finalLoss : point.stepsToConverge;
}

export function sweepChartModel(input: SweepChartInput): ChartModel {
  const { sweep, metric, theme } = input;
  const shown = [...sweep.points]
    .filter((point) => sweepValue(point, metric) !== null)
    .sort((a, b) => a.learningRate - b.learningRate);
  const trueValues = shown.map((point) => sweepValue(point, metric) as number);
  const logY = metric === 'finalLoss' && allPositive(trueValues);
  // A diverged run's final loss can be 1e250; drawn as is it flattens everything else. Such points sit on
  // the top edge instead (the tooltip still gives the value).
  const ceiling = metric === 'finalLoss' ? divergedCeiling(shown, logY) : null;
  const plotted = (point: SweepPoint): number => {
    const value = sweepValue(point, metric) as number;
    return ceiling !== null && point.verdict === 'diverged' && value > ceiling ? ceiling : value;
  };
  const values = shown.map(plotted);

  // Dataset 0: every point in η order, drawn as a faint trend line; it is what the arrow keys walk along.
  const datasets: ChartDataset<'line', ChartPoint[]>[] = [
    {
      label: '',
      data: shown.map((point, i) => ({ x: point.learningRate, y: values[i] })),
      borderColor: theme.grid,
      backgroundColor: theme.foreground,
      borderWidth: 1.25,
      pointRadius: 0,
      pointHoverRadius: 7,
      pointHoverBorderWidth: 2,
      pointHoverBorderColor: theme.focus,
      pointHitRadius: 0,
      order: 3,
    },
  ];
  // Which sweep point each verdict dataset's entries are.
  const members: SweepPoint[][] = [shown];
  const legend: ChartLegendItem[] = [];
  for (const verdict of VERDICTS) {
    const ofVerdict = shown.filter((point) => point.verdict === verdict);
    if (ofVerdict.length === 0) continue;
    const style = VERDICT_STYLES[verdict];
    const isCross = style.pointStyle === 'crossRot';
    datasets.push({
      label: VERDICT_LABELS[verdict],
      data: ofVerdict.map((point) => ({ x: point.learningRate, y: plotted(point) })),
      showLine: false,
      pointStyle: style.pointStyle,
      pointRadius: isCross ? 6 : 5,
      pointHoverRadius: 8,
      pointHitRadius: 6,
      // A thin outline in the text color gives every fill at least the text's contrast with the background.
      borderColor: isCross ? style.color : theme.foreground,
      borderWidth: isCross ? 2.5 : 1,
      backgroundColor: style.color,
      order: 1,
    });
    members.push(ofVerdict);
    const offScale = ceiling !== null && ofVerdict.some((point) => (sweepValue(point, metric) as number) > ceiling);
    legend.push({
      label: `${VERDICT_LABELS[verdict]} (${formatInteger(ofVerdict.length)}${offScale ? ', plotted at the top' : ''})`,
      color: isCross ? style.color : theme.foreground,
      swatch: { kind: 'marker', shape: style.pointStyle as 'circle', fill: style.color },
      datasets: [datasets.length - 1],
    });
  }

  const suggested = sweep.suggestedLearningRate;
  const suggestedPoint = suggested === null ? null : nearestByLearningRate(shown, suggested);
  if (suggested !== null && suggestedPoint) {
    datasets.push({
      label: `Suggested η = ${formatNumber(suggested)}`,
      data: [{ x: suggested, y: plotted(suggestedPoint) }],
      showLine: false,
      pointStyle: 'star',
      pointRadius: 12,
      pointHoverRadius: 13,
      borderWidth: 2.5,
      borderColor: theme.foreground,
      backgroundColor: theme.foreground,
      order: 0,
    });
    members.push([suggestedPoint]);
    legend.push({
      label: `Suggested η = ${formatNumber(suggested)}`,
      color: theme.foreground,
      swatch: { kind: 'marker', shape: 'star', fill: theme.foreground },
      datasets: [datasets.length - 1],
    });
  }

  if (input.currentLearningRate !== null) {
    legend.push({ label: `Now: η = ${formatNumber(input.currentLearningRate)}`, color: theme.focus, swatch: { kind: 'line', width: 1.5, dash: [2, 3] }, datasets: [], fixed: true });
  }
  const critical = criticalMark(sweep);
  if (critical.at !== null) {
    legend.push({ label: critical.legend, color: theme.reference, swatch: { kind: 'line', width: 1.5, dash: [5, 4] }, datasets: [], fixed: true });
  } else if (critical.legend) {
    // No line to stand for: the entry only says why there is none.
    legend.push({ label: critical.legend, color: theme.foreground, swatch: { kind: 'none' }, datasets: [], fixed: true });
  }
  const options = baseOptions(theme);
  options.scales = {
    // The whole swept range, whichever metric: switching keeps points and the critical η line in place.
    x: numericAxis(theme, 'logarithmic', 'Learning rate η (log scale)', {
      min: Math.min(...sweep.points.map((point) => point.learningRate)),
      max: Math.max(...sweep.points.map((point) => point.learningRate)),
      labelBounds: false,
    }),
    y: numericAxis(
      theme,
      logY ? 'logarithmic' : 'linear',
      metric === 'finalLoss' ? (logY ? 'Final loss (log scale)' : 'Final loss') : 'Steps to converge',
      // Room above the ceiling so the markers drawn on it are not cut by the chart's edge.
      metric === 'stepsToConverge' ? { min: 0, integer: true } : ceiling !== null ? { max: logY ? ceiling * 4 : ceiling * 1.05 } : {},
    ),
  };
  options.plugins = {
    ...options.plugins,
    referenceLines: {
      lines: [
        ...(critical.at === null ? [] : [{ x: critical.at, label: critical.line, color: theme.reference }]),
        ...(input.currentLearningRate === null ? [] : [{ x: input.currentLearningRate, label: `now: η = ${formatNumber(input.currentLearningRate)}`, color: theme.focus, dash: [2, 3] }]),
      ],
      labelBackground: theme.background,
      font: `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`,
    },
  };

  const pointAt = (datasetIndex: number, index: number): SweepPoint | undefined => members[datasetIndex]?.[index];
  const describePoint = (datasetIndex: number, index: number): PointDescription | null => {
    const point = pointAt(datasetIndex, index);
    return point ? describeSweepPoint(point, sweep.settings.maxSteps) : null;
  };

  return {
    data: { datasets },
    options,
    legend,
    describePoint,
    navigable: [0],
    summary:
      sweepSummary(sweep, metric, shown.length) +
      (ceiling === null ? '' : ' Diverged runs whose final loss is far above the rest are plotted at the top edge.'),
    activate: (datasetIndex, index) => {
      const point = pointAt(datasetIndex, index);
      if (point) input.onSimulate(point.learningRate);
    },
  };
}

/**
 * Where diverged runs are drawn when their final loss dwarfs the rest: three decades (log axis) or half the
 * range (linear) above the highest loss of the runs that did not diverge; null when nothing needs capping.
 */
function divergedCeiling(points: readonly SweepPoint[], logAxis: boolean): number | null {
  const kept = points.filter((point) => point.verdict !== 'diverged').map((point) => point.finalLoss);
  if (kept.length === 0 || kept.length === points.length) return null;
  const high = Math.max(...kept);
  const low = Math.min(...kept);
  const ceiling = logAxis ? high * 1e3 : high + Math.max((high - low) * 0.5, Math.abs(high) * 0.5, 1);
  return points.some((point) => point.verdict === 'diverged' && point.finalLoss > ceiling) ? ceiling : null;
}

function describeSweepPoint(point: SweepPoint, maxSteps: number): PointDescription {
  return {
    title: `η = ${formatNumber(point.learningRate, 4)}`,
    lines: [
      `${VERDICT_STYLES[point.verdict].glyph} ${VERDICT_LABELS[point.verdict]}`,
      `final loss = ${formatNumber(point.finalLoss, 4)}`,
      point.stepsToConverge === null
        ? `did not converge in ${countOf(Math.max(point.steps, maxSteps), 'step')}`
        : `converged in ${countOf(point.stepsToConverge, 'step')}`,
      'Click or press Enter to simulate this η',
    ],
  };
}

function nearestByLearningRate(points: readonly SweepPoint[], learningRate: number): SweepPoint | undefined {
  let best: SweepPoint | undefined;
  for (const point of points) {
    if (!best || Math.abs(Math.log(point.learningRate / learningRate)) < Math.abs(Math.log(best.learningRate / learningRate))) best = point;
  }
  return best;
}

export function sweepSummary(sweep: SweepView, metric: SweepMetric, shownCount: number): string {
  const rates = sweep.points.map((point) => point.learningRate);
  const what = metric === 'finalLoss' ? 'Final loss' : 'Steps to converge';
  const parts = [
    `${what} for ${formatInteger(sweep.points.length)} learning rates from ${formatNumber(Math.min(...rates))} to ${formatNumber(Math.max(...rates))}`,
  ];
  const byVerdict = new Map<Verdict, number[]>();
  for (const point of sweep.points) byVerdict.set(point.verdict, [...(byVerdict.get(point.verdict) ?? []), point.learningRate]);
  const converged = byVerdict.get('converged');
  if (converged) parts.push(`converged for η from ${formatNumber(Math.min(...converged))} to ${formatNumber(Math.max(...converged))}`);
  const diverged = byVerdict.get('diverged');
  if (diverged) parts.push(`diverged from η = ${formatNumber(Math.min(...diverged))}`);
  const { summary } = criticalMark(sweep);
  if (summary) parts.push(summary);
  if (sweep.suggestedLearningRate !== null) parts.push(`suggested η = ${formatNumber(sweep.suggestedLearningRate)}`);
  let text = `${parts.join('; ')}.`;
  if (shownCount < sweep.points.length) text += ` ${countOf(sweep.points.length - shownCount, 'run')} did not converge and ${sweep.points.length - shownCount === 1 ? 'is' : 'are'} not shown.`;
  return text;
}

/** The critical η as the chart shows it: where its line goes (null for none), and the words for it. */
interface CriticalMark {
  at: number | null;
  /** The label on the line. */
  line: string;
  /** The legend entry: the line's, or why there is none ('' for no entry). */
  legend: string;
  /** The clause of the summary ('' for none). */
  summary: string;
}

/**
 * The critical η of the optimizer the sweep ran, computed by the core from the curvature at the start and worded
 * as everywhere else (src/words/critical.ts): 2/L for gradient descent, 2(1 + β)/L for momentum, and for the
 * adaptive optimizers no line but the reason (a curvature limit is not theirs, so drawing one would mislead).
 */
function criticalMark(sweep: SweepView): CriticalMark {
  const critical = describeCritical(sweep.settings.optimizer, sweep.criticalLearningRate);
  if (critical.formula === null || sweep.criticalLearningRate === null) {
    // Nothing curves upward at the start: no limit to draw, and nothing to say beside the points.
    if (sweep.stability.criticalLearningRate === null && criticalFormula(sweep.settings.optimizer) !== null) return { at: null, line: '', legend: '', summary: '' };
    const why = `No critical η: ${critical.reason}`;
    return { at: null, line: '', legend: why, summary: `no critical η (${critical.reason})` };
  }
  return { at: sweep.criticalLearningRate, line: `critical η = ${critical.value}`, legend: `Critical η = ${critical.value}`, summary: `critical η ${critical.value}` };
}
