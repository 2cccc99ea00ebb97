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
  startDiagnosis,
  startOf,
  type DiagnoseOptions,
  type Diagnosis,
  type DiagnosisChecks,
  type RunRecord,
  type RunSettings,
  type SampledStates,
  type Stability,
  type SweepResult,
} from '../../core/optim';
import type { NoiseRemedy } from '../../core/optim/diagnosis';
import { noiseRemedies, type RemedyKind } from '../../core/optim/noise';
import { isChoosableSchedule } from '../../core/optim/schedules';
import { batchWords, dataFact } from '../../words/noise';
import { OPTIMIZER_LABELS } from '../../shared/labels';
import { describeDiagnosis, describeDiagnosisBeforeChecks, describeFacts, type DiagnosisWords } from '../../words/diagnosis';
import { formatNumber } from '../../words/format';
import {
  MAX_MARKED_STEPS,
  type DiagnosisView,
  type FormulaView,
  type LossScale,
  type MinibatchView,
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

/** A run drawn beside the current one: its record, settings and verdict (for a line's style). */
export interface ComparedRun {
  readonly settings: RunSettings;
  readonly record: RunRecord;
  /** Its verdict, and the step it diverged at when its diagnosis names one (a remedy's check does not). */
  readonly diagnosis: { readonly verdict: Diagnosis['verdict']; readonly divergedAt?: number | null };
}

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

/**
 * A run's record judged at once, with the checks behind its advice as work still to run (null when there are none:
 * a minibatch run, or `check: false`). Until they finish, the run's words have its headline but no advice yet
 * (describeDiagnosisBeforeChecks); `withChecks` makes it the checked run.
 */
export function startCompletedRun(
  formula: Formula,
  record: RunRecord,
  settings: RunSettings,
  stability: Stability,
  options?: DiagnoseOptions,
): { readonly run: CompletedRun; readonly checks: DiagnosisChecks | null } {
  const { unchecked, checks } = startDiagnosis(record, formula, settings, options);
  const start = Array.from(startOf(record).params);
  const words = checks === null ? describeDiagnosis(unchecked, settings, formula.variables) : describeDiagnosisBeforeChecks(unchecked, settings, formula.variables);
  return { run: { settings, start, record, diagnosis: unchecked, words, stability }, checks };
}

/** `run` with the diagnosis its checks gave, and its words. */
export function withChecks(formula: Formula, run: CompletedRun, diagnosis: Diagnosis): CompletedRun {
  return { ...run, diagnosis, words: describeDiagnosis(diagnosis, run.settings, formula.variables) };
}

/**
 * A whole run with a noisy run's remedies, synchronously, as the session shows it (for tests and fixtures; the
 * session runs the remedies in slices): the run, and the remedies drawn beside it.
 */
export function runWithRemediesSynchronously(formula: Formula, start: readonly number[], settings: RunSettings): { current: CompletedRun; remedies: { run: ComparedRun; label: string }[] } {
  const record = simulate(formula, start, settings);
  const stability = stabilityAt(formula, start);
  const first = completeRun(formula, record, settings, stability, { noise: { runRemedies: false } });
  const { noise, cause } = first.diagnosis;
  if (noise === null) return { current: first, remedies: [] };
  const kind = cause === 'noise-floor' ? 'noise-floor' : cause === 'lr-too-large' || cause === 'lr-too-large-for-batch' ? 'diverged' : null;
  if (kind === null) return { current: first, remedies: [] };
  const traces = new Map([...noiseRemedies(kind, settings, noise.rows)].map(([remedy, remedySettings]) => [remedy, simulate(formula, start, remedySettings)] as const));
  const current = completeRun(formula, record, settings, stability, { noise: { remedyTraces: traces } });
  return { current, remedies: remediesOf(current, traces, noise.rows) };
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
  /**
   * Runs beside the current one, with their legend words: η÷10 and η×10 after Compare, the batch sizes or the
   * schedules compared, and a noisy run's remedies as they were checked.
   */
  readonly compared?: readonly { readonly run: ComparedRun; readonly label: string }[];
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
    ...compared.map(({ run, label }) => seriesOf(formula, `compare-${label}`, 'compare', run, label, points)),
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
    ...(formula.data ? { minibatch: minibatchViewOf(formula.data.rowCount, current) } : {}),
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
            // A remedy's schedule is one the panel offers (cosine annealing to 0).
            ...(change.schedule === undefined || !isChoosableSchedule(change.schedule) ? {} : { schedule: change.schedule.kind }),
            ...(change.batchSize === undefined ? {} : { batchSize: change.batchSize }),
          },
    facts: [...dataFacts(formula, run), ...describeFacts(diagnosis, settings, formula.variables)],
    criticalLearningRate: diagnosis.criticalLearningRate,
    criticalLearningRateAtStart: diagnosis.criticalLearningRateAtStart,
  };
}

/** For a loss over data: its rows and how they are dealt, worded (the panel shows it with the facts). */
function dataFacts(formula: Formula, run: CompletedRun): { term: string; value: string }[] {
  if (!formula.data) return [];
  const view = minibatchViewOf(formula.data.rowCount, run);
  return [{ term: 'Data', value: dataFact(view.rows, view.batchSize, view.shuffle, view.seed, view.batchesPerEpoch) }];
}

function minibatchViewOf(rows: number, run: CompletedRun): MinibatchView {
  const { settings, record, diagnosis } = run;
  const batchSize = Math.min(settings.batchSize ?? rows, rows);
  const noise = diagnosis.noise;
  return {
    rows,
    batchSize,
    shuffle: settings.shuffle ?? true,
    seed: settings.seed ?? 0,
    batchesPerEpoch: record.minibatch?.batchesPerEpoch ?? 1,
    bestLoss: noise?.bestLoss ?? null,
    floor: noise?.floor ?? null,
    tolerance: noise?.tolerance ?? null,
  };
}

/** The legend's words for η÷10 and η×10 after Compare: "η÷10 = 0.01 · Adam". */
export function learningRateLabel(word: string, settings: RunSettings): string {
  return `${word} = ${formatNumber(settings.learningRate)} · ${OPTIMIZER_LABELS[settings.optimizer.kind]}`;
}

/**
 * The loss surface around every run on the charts that stayed bounded: the current run, bounded comparisons and
 * pinned runs, so none of their paths runs off the map. A diverged run would stretch the map to its far-away
 * steps and hide the others; it is drawn up to the map's edge instead.
 */
export function landscapeOf(
  formula: Formula,
  current: CompletedRun,
  compared: readonly ComparedRun[] = [],
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
function seriesOf(formula: Formula, key: string, role: SeriesRole, run: ComparedRun, label: string, maxPoints: number): SeriesView {
  const { record, settings, diagnosis } = run;
  const series = record.series;
  const n = formula.variables.length;
  // The series already keeps each bucket's extremes; fewer points keep the extremes of bigger buckets.
  const kept = downsampleSteps(series.loss, series.count - 1, maxPoints);
  return {
    ...(series.batchLoss && (record.minibatch?.batchesPerEpoch ?? 1) > 1 ? { batchLoss: batchLossPoints(series, maxPoints) } : {}),
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
export function divergedAtOf(run: ComparedRun): number | null {
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

/**
 * The batch losses of the states a record kept after the start (every update of a short run; each bucket's extremes of
 * loss and batch loss for a long one), thinned keeping each bucket's extremes.
 */
function batchLossPoints(series: SampledStates, maxPoints: number): { step: number[]; loss: number[] } {
  // State 0 is the start, which no batch led to; downsampleSteps keeps index 0 and the last, so shift by one.
  const batchLoss = series.batchLoss!.subarray(1, series.count);
  const kept = batchLoss.length === 0 ? [] : downsampleSteps(batchLoss, batchLoss.length - 1, maxPoints);
  return { step: kept.map((k) => series.step[k + 1]!), loss: kept.map((k) => batchLoss[k]!) };
}

/**
 * A noisy run's remedies, as runs drawn beside it (the side by side its advice describes): each remedy the
 * diagnosis judged, with the trace the session ran for it.
 */
export function remediesOf(run: CompletedRun, traces: ReadonlyMap<RemedyKind, RunRecord>, rows: number): { run: ComparedRun; label: string }[] {
  const remedies = run.diagnosis.cause === 'noise-floor' || run.diagnosis.cause === 'lr-too-large-for-batch' ? run.diagnosis.remedies : [];
  return remedies.flatMap((remedy) => {
    const record = traces.get(remedy.remedy);
    if (!record) return [];
    const settings = { ...run.settings, ...remedySettings(remedy) };
    return [{ run: { settings, record, diagnosis: { verdict: remedy.check.verdict } }, label: remedyLabel(remedy, settings, rows) }];
  });
}

/** The settings a remedy changes. */
function remedySettings(remedy: NoiseRemedy): Partial<RunSettings> {
  const { change } = remedy;
  return {
    ...(change.learningRate === undefined ? {} : { learningRate: change.learningRate }),
    ...(change.schedule === undefined ? {} : { schedule: change.schedule }),
    ...(change.batchSize === undefined ? {} : { batchSize: change.batchSize }),
  };
}

function remedyLabel(remedy: NoiseRemedy, settings: RunSettings, rows: number): string {
  switch (remedy.remedy) {
    case 'cosine':
      return 'remedy: cosine annealing to 0';
    case 'larger-batch':
      return `remedy: ${batchWords(settings.batchSize ?? rows, rows)}`;
    case 'smaller-lr':
      return `remedy: η = ${formatNumber(settings.learningRate)}`;
    case 'full-batch':
      return `check: the full batch at η = ${formatNumber(settings.learningRate)}`;
  }
}
