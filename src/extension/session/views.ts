/**
 * Runs made into the views the panel draws: series downsampled for the charts, the diagnosis with its words,
 * the landscape sampled around the paths. Pure and synchronous; the session and the webview tests' fixtures
 * both build their views here, so the panel is tested on exactly what the host sends.
 */
import type { Formula } from '../../core/formula';
import { regionOfPath, sampleLandscape, type Landscape, type VisitedRegion } from '../../core/landscape';
import {
  diagnose,
  downsampleSteps,
  endOf,
  indexOfStep,
  simulate,
  stabilityAt,
  startOf,
  type DiagnoseOptions,
  type Diagnosis,
  type RunRecord,
  type RunSettings,
  type Stability,
  type SweepResult,
} from '../../core/optim';
import { OPTIMIZER_LABELS } from '../../shared/labels';
import { describeDiagnosis, describeFacts, type DiagnosisWords } from '../../words/diagnosis';
import { formatNumber } from '../../words/format';
import {
  MAX_MARKED_STEPS,
  type DiagnosisView,
  type FormulaView,
  type LossScale,
  type PanelRestoreState,
  type RunPhase,
  type RunView,
  type SeriesRole,
  type SeriesView,
  type SweepView,
  type TrainingView,
} from '../../shared/protocol';

/** The loss axis a panel starts with: 'auto' is logarithmic while the loss stays positive. */
export type LossAxis = 'auto' | LossScale;

/** Points per series on the charts; longer runs keep each bucket's extremes (see downsampleSteps). */
export const CHART_POINTS = 2000;

/**
 * A finished run with what it says, for the views and for export: its record (what the run kept, the same size
 * however long it ran; an export runs it again for every step).
 */
export interface CompletedRun {
  readonly settings: RunSettings;
  readonly start: readonly number[];
  readonly record: RunRecord;
  readonly diagnosis: Diagnosis;
  readonly words: DiagnosisWords;
  readonly stability: Stability;
}

/** Diagnosis and words for a run's record; `options` bound (or skip) the runs that check the recommendation. */
export function completeRun(formula: Formula, record: RunRecord, settings: RunSettings, stability: Stability, options?: DiagnoseOptions): CompletedRun {
  const diagnosis = diagnose(record, formula, settings, options);
  const start = Array.from(startOf(record).params);
  return { settings, start, record, diagnosis, words: describeDiagnosis(diagnosis, settings, formula.variables), stability };
}

/** A whole run, synchronously (for tests and fixtures; the session runs in slices). */
export function runSynchronously(formula: Formula, start: readonly number[], settings: RunSettings): CompletedRun {
  return completeRun(formula, simulate(formula, start, settings), settings, stabilityAt(formula, start));
}

export interface RunViewInput {
  readonly runId: number;
  readonly formula: Formula;
  readonly origin: string | null;
  readonly start: readonly number[];
  readonly lossAxis: LossAxis;
  readonly current: CompletedRun;
  /** η÷10 and η×10 after Compare, with their legend words. */
  readonly compared?: readonly { readonly run: CompletedRun; readonly label: string }[];
  readonly pinned?: readonly SeriesView[];
  readonly projection?: readonly [number, number];
  readonly restore: PanelRestoreState;
  readonly chartPoints?: number;
  /** 'live' while a slider or the start is dragged (default 'settled'). */
  readonly phase?: RunPhase;
  /** The landscape to show instead of sampling one (a live run keeps the last, so a drag stays quick). */
  readonly landscape?: Landscape | null;
  /** The training-code optimizer the run simulates. */
  readonly training?: TrainingView | null;
}

export function runViewOf(input: RunViewInput): RunView {
  const { formula, current, compared = [], pinned = [] } = input;
  const { record, diagnosis, stability, settings } = current;
  const points = input.chartPoints ?? CHART_POINTS;
  const series = [
    seriesOf(formula, 'current', 'current', current, `η = ${formatNumber(settings.learningRate)} · ${OPTIMIZER_LABELS[settings.optimizer.kind]}`, points),
    ...compared.map(({ run, label }) =>
      seriesOf(formula, `compare-${label}`, 'compare', run, `${label} = ${formatNumber(run.settings.learningRate)} · ${OPTIMIZER_LABELS[run.settings.optimizer.kind]}`, points),
    ),
    ...pinned,
  ];
  const end = endOf(record);
  return {
    runId: input.runId,
    phase: input.phase ?? 'settled',
    formula: formulaViewOf(formula, input.origin),
    start: [...input.start],
    settings,
    // A log axis needs every loss above zero.
    lossScale: input.lossAxis === 'linear' || !(record.counts.lowestLoss > 0) ? 'linear' : 'log',
    series,
    overshootSteps: diagnosis.overshootSteps.slice(0, MAX_MARKED_STEPS),
    overshootCount: diagnosis.overshootCount,
    diagnosis: diagnosisViewOf(formula, current),
    stability,
    final: { step: record.steps, params: Array.from(end.params), loss: end.loss },
    stop: record.stop,
    constantLearningRate: settings.schedule.kind === 'constant',
    landscape: input.landscape !== undefined ? input.landscape : landscapeOf(formula, current, compared.map(({ run }) => run), pinned, input.projection),
    restore: input.restore,
    ...(input.training ? { training: input.training } : {}),
  };
}

/** The diagnosis as the panel shows it: worded, with its recommendation as a button. */
export function diagnosisViewOf(formula: Formula, run: CompletedRun): DiagnosisView {
  const { diagnosis, words, settings } = run;
  const next = diagnosis.next;
  const change = next?.change;
  return {
    verdict: diagnosis.verdict,
    cause: diagnosis.cause,
    convergedAt: diagnosis.convergedAt,
    divergedAt: diagnosis.divergedAt,
    directionFlips: diagnosis.directionFlips,
    headline: words.headline,
    advice: words.advice,
    ruleOfThumb: words.ruleOfThumb,
    recommendation:
      words.action === null || change === undefined
        ? null
        : {
            label: words.action,
            ...(change.learningRate === undefined ? {} : { learningRate: change.learningRate }),
            ...(change.maxSteps === undefined ? {} : { maxSteps: change.maxSteps }),
            ...(change.optimizer === undefined ? {} : { optimizer: change.optimizer.kind }),
            ...(change.start === undefined ? {} : { start: [...change.start] }),
          },
    facts: describeFacts(diagnosis, settings, formula.variables),
    criticalLearningRate: diagnosis.criticalLearningRate,
    criticalLearningRateAtStart: diagnosis.criticalLearningRateAtStart,
  };
}

/**
 * The loss surface around every run on the charts that stayed bounded: the current run, bounded comparisons and
 * pinned runs, so none of their paths runs off the map. A diverged run would stretch the map to its far-away
 * steps and hide the others; it is drawn up to the map's edge instead.
 */
export function landscapeOf(
  formula: Formula,
  current: CompletedRun,
  compared: readonly CompletedRun[] = [],
  pinned: readonly SeriesView[] = [],
  projection?: readonly [number, number],
): Landscape {
  const n = formula.variables.length;
  const regions: VisitedRegion[] = [current, ...compared.filter((run) => run.diagnosis.verdict !== 'diverged')].map(({ record }) => regionOf(record));
  for (const series of pinned) {
    const count = series.points.params.length;
    if (series.verdict === 'diverged' || count === 0 || series.points.params.some((params) => params.length !== n)) continue;
    regions.push(regionOfPath(series.points.params.flat(), count, n));
  }
  return sampleLandscape(formula, regions, projection ? { projection } : {});
}

export function sweepViewOf(
  runId: number,
  formula: Formula,
  origin: string | null,
  start: readonly number[],
  settings: RunSettings,
  result: SweepResult,
): SweepView {
  return {
    runId,
    formula: formulaViewOf(formula, origin),
    start: [...start],
    settings,
    points: [...result.points],
    suggestedLearningRate: result.suggestedLearningRate,
    stability: result.stability,
    criticalLearningRate: result.criticalLearningRate,
  };
}

export function formulaViewOf(formula: Formula, origin: string | null): FormulaView {
  return { source: formula.source, display: formula.display, variables: [...formula.variables], origin };
}

/** A run's series for the charts: the states its record kept (every step of a short run), at most `maxPoints`. */
function seriesOf(formula: Formula, key: string, role: SeriesRole, run: CompletedRun, label: string, maxPoints: number): SeriesView {
  const { record, settings, diagnosis } = run;
  const series = record.series;
  const n = formula.variables.length;
  // The series already keeps each bucket's extremes; fewer points keep the extremes of bigger buckets.
  const kept = downsampleSteps(series.loss, series.count - 1, maxPoints);
  return {
    key,
    label,
    role,
    learningRate: settings.learningRate,
    optimizer: settings.optimizer.kind,
    verdict: diagnosis.verdict,
    divergedAt: divergedAtOf(run),
    points: {
      step: kept.map((k) => series.step[k]!),
      loss: kept.map((k) => series.loss[k]!),
      // The start is drawn at the first update's η (the η chart starts where the schedule does).
      learningRate: kept.map((k) => (k === 0 ? firstLearningRate(record, settings) : series.learningRate[k]!)),
      params: kept.map((k) => Array.from(series.params.subarray(k * n, k * n + n))),
    },
  };
}

/**
 * The step a run diverged at, as the verdict's headline counts it: where the loss ran away, or the update that
 * overflowed (the trace stops at the last finite state, one before it).
 */
export function divergedAtOf(run: CompletedRun): number | null {
  return run.diagnosis.divergedAt ?? (run.record.stop === 'non-finite' ? run.record.nonFiniteAt : null);
}

/** The η of the first update, or the run's η when there was none. */
function firstLearningRate(record: RunRecord, settings: RunSettings): number {
  const first = indexOfStep(record.path, 1);
  return first < 0 ? settings.learningRate : record.path.learningRate[first]!;
}

/** Where a run went, as its record counted it. */
function regionOf(record: RunRecord): VisitedRegion {
  return { low: record.counts.low, high: record.counts.high, last: endOf(record).params };
}
