/**
 * Runs made into the views the panel draws: series downsampled for the charts, the diagnosis with its words,
 * the landscape sampled around the paths. Pure and synchronous; the session and the webview tests' fixtures
 * both build their views here, so the panel is tested on exactly what the host sends.
 */
import type { Formula } from '../../core/formula';
import { sampleLandscape, type Landscape, type LandscapePath } from '../../core/landscape';
import {
  diagnose,
  downsampleSteps,
  simulate,
  stabilityAt,
  type DiagnoseOptions,
  type Diagnosis,
  type RunSettings,
  type Stability,
  type SweepResult,
  type Trace,
} from '../../core/optim';
import type { NoiseRemedy } from '../../core/optim/diagnosis';
import { noiseRemedies, type RemedyKind } from '../../core/optim/noise';
import { isChoosableSchedule } from '../../core/optim/schedules';
import { batchWords, dataFact } from '../../words/noise';
import { OPTIMIZER_LABELS } from '../../shared/labels';
import { describeDiagnosis, describeFacts, type DiagnosisWords } from '../../words/diagnosis';
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

/** A run drawn beside the current one: its trace, settings and verdict (for a line's style). */
export interface ComparedRun {
  readonly settings: RunSettings;
  readonly trace: Trace;
  /** Its verdict, and the step it diverged at when its diagnosis names one (a remedy's check does not). */
  readonly diagnosis: { readonly verdict: Diagnosis['verdict']; readonly divergedAt?: number | null };
}

/** A finished run with what it says: kept whole, for the views and for export. */
export interface CompletedRun {
  readonly settings: RunSettings;
  readonly start: readonly number[];
  readonly trace: Trace;
  readonly diagnosis: Diagnosis;
  readonly words: DiagnosisWords;
  readonly stability: Stability;
}

/** Diagnosis and words for a trace; `options` bound (or skip) the runs that check the recommendation. */
export function completeRun(formula: Formula, trace: Trace, settings: RunSettings, stability: Stability, options?: DiagnoseOptions): CompletedRun {
  const diagnosis = diagnose(trace, formula, settings, options);
  const start = Array.from(trace.params.subarray(0, formula.variables.length));
  return { settings, start, trace, diagnosis, words: describeDiagnosis(diagnosis, settings, formula.variables), stability };
}

/**
 * A whole run with a noisy run's remedies, synchronously, as the session shows it (for tests and fixtures; the
 * session runs the remedies in slices): the run, and the remedies drawn beside it.
 */
export function runWithRemediesSynchronously(formula: Formula, start: readonly number[], settings: RunSettings): { current: CompletedRun; remedies: { run: ComparedRun; label: string }[] } {
  const trace = simulate(formula, start, settings);
  const stability = stabilityAt(formula, start);
  const first = completeRun(formula, trace, settings, stability, { noise: { runRemedies: false } });
  const { noise, cause } = first.diagnosis;
  if (noise === null) return { current: first, remedies: [] };
  const kind = cause === 'noise-floor' ? 'noise-floor' : cause === 'lr-too-large' || cause === 'lr-too-large-for-batch' ? 'diverged' : null;
  if (kind === null) return { current: first, remedies: [] };
  const traces = new Map([...noiseRemedies(kind, settings, noise.rows)].map(([remedy, remedySettings]) => [remedy, simulate(formula, start, remedySettings)] as const));
  const current = completeRun(formula, trace, settings, stability, { noise: { remedyTraces: traces } });
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
  const { trace, diagnosis, stability, settings } = current;
  const n = formula.variables.length;
  const points = input.chartPoints ?? CHART_POINTS;
  const series = [
    seriesOf(formula, 'current', 'current', current, `η = ${formatNumber(settings.learningRate)} · ${OPTIMIZER_LABELS[settings.optimizer.kind]}`, points),
    ...compared.map(({ run, label }) => seriesOf(formula, `compare-${label}`, 'compare', run, label, points)),
    ...pinned,
  ];
  return {
    runId: input.runId,
    phase: input.phase ?? 'settled',
    formula: formulaViewOf(formula, input.origin),
    start: [...input.start],
    settings,
    lossScale: input.lossAxis === 'linear' || !allPositive(trace) ? 'linear' : 'log',
    series,
    overshootSteps: diagnosis.overshootSteps.slice(0, MAX_MARKED_STEPS),
    overshootCount: diagnosis.overshootSteps.length,
    diagnosis: diagnosisViewOf(formula, current),
    stability,
    final: { step: trace.steps, params: Array.from(trace.params.subarray(trace.steps * n, trace.steps * n + n)), loss: trace.loss[trace.steps] },
    stop: trace.stop,
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
  const { settings, trace, diagnosis } = run;
  const batchSize = Math.min(settings.batchSize ?? rows, rows);
  const noise = diagnosis.noise;
  return {
    rows,
    batchSize,
    shuffle: settings.shuffle ?? true,
    seed: settings.seed ?? 0,
    batchesPerEpoch: trace.batchesPerEpoch ?? 1,
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
  const paths: LandscapePath[] = [current, ...compared.filter((run) => run.diagnosis.verdict !== 'diverged')].map(({ trace: t }) => ({
    params: t.params,
    count: t.steps + 1,
  }));
  for (const series of pinned) {
    if (series.verdict === 'diverged' || series.points.params.some((params) => params.length !== n)) continue;
    paths.push({ params: Float64Array.from(series.points.params.flat()), count: series.points.params.length });
  }
  return sampleLandscape(formula, paths, projection ? { projection } : {});
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

function seriesOf(formula: Formula, key: string, role: SeriesRole, run: ComparedRun, label: string, maxPoints: number): SeriesView {
  const { trace, settings, diagnosis } = run;
  const n = formula.variables.length;
  const kept = downsampleSteps(trace.loss, trace.steps, maxPoints);
  return {
    ...(trace.batchLoss && (trace.batchesPerEpoch ?? 1) > 1 ? { batchLoss: batchLossPoints(trace.batchLoss, trace.steps, maxPoints) } : {}),
    key,
    label,
    role,
    learningRate: settings.learningRate,
    optimizer: settings.optimizer.kind,
    verdict: diagnosis.verdict,
    divergedAt: divergedAtOf(run),
    points: {
      step: kept,
      loss: kept.map((t) => trace.loss[t]),
      learningRate: kept.map((t) => (trace.steps === 0 ? settings.learningRate : trace.learningRates[Math.max(0, t - 1)])),
      params: kept.map((t) => Array.from(trace.params.subarray(t * n, t * n + n))),
    },
  };
}

/**
 * The step a run diverged at, as the verdict's headline counts it: where the loss ran away, or the update that
 * overflowed (the trace stops at the last finite state, one before it).
 */
export function divergedAtOf(run: ComparedRun): number | null {
  return run.diagnosis.divergedAt ?? (run.trace.stop === 'non-finite' ? run.trace.nonFiniteAt : null);
}

/** A log axis needs every loss above zero. */
function allPositive(trace: Trace): boolean {
  for (let t = 0; t <= trace.steps; t += 1) if (!(trace.loss[t] > 0)) return false;
  return true;
}

/** The batch losses at their updates' steps (1 … steps), thinned keeping each bucket's extremes. */
function batchLossPoints(batchLoss: Float64Array, steps: number, maxPoints: number): { step: number[]; loss: number[] } {
  // Index t − 1 holds update t's batch loss; downsampleSteps keeps index 0 and the last, so shift by one.
  const kept = steps === 0 ? [] : downsampleSteps(batchLoss, steps - 1, maxPoints);
  return { step: kept.map((k) => k + 1), loss: kept.map((k) => batchLoss[k]!) };
}

/**
 * A noisy run's remedies, as runs drawn beside it (the side by side its advice describes): each remedy the
 * diagnosis judged, with the trace the session ran for it.
 */
export function remediesOf(run: CompletedRun, traces: ReadonlyMap<RemedyKind, Trace>, rows: number): { run: ComparedRun; label: string }[] {
  const remedies = run.diagnosis.cause === 'noise-floor' || run.diagnosis.cause === 'lr-too-large-for-batch' ? run.diagnosis.remedies : [];
  return remedies.flatMap((remedy) => {
    const trace = traces.get(remedy.remedy);
    if (!trace) return [];
    const settings = { ...run.settings, ...remedySettings(remedy) };
    return [{ run: { settings, trace, diagnosis: { verdict: remedy.check.verdict } }, label: remedyLabel(remedy, settings, rows) }];
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
