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
  const { trace, diagnosis, stability, settings } = current;
  const n = formula.variables.length;
  const points = input.chartPoints ?? CHART_POINTS;
  const series = [
    seriesOf(formula, 'current', 'current', current, `η = ${formatNumber(settings.learningRate)} · ${OPTIMIZER_LABELS[settings.optimizer.kind]}`, points),
    ...compared.map(({ run, label }) =>
      seriesOf(formula, `compare-${label}`, 'compare', run, `${label} = ${formatNumber(run.settings.learningRate)} · ${OPTIMIZER_LABELS[run.settings.optimizer.kind]}`, points),
    ),
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

function seriesOf(formula: Formula, key: string, role: SeriesRole, run: CompletedRun, label: string, maxPoints: number): SeriesView {
  const { trace, settings, diagnosis } = run;
  const n = formula.variables.length;
  const kept = downsampleSteps(trace.loss, trace.steps, maxPoints);
  return {
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
export function divergedAtOf(run: CompletedRun): number | null {
  return run.diagnosis.divergedAt ?? (run.trace.stop === 'non-finite' ? run.trace.nonFiniteAt : null);
}

/** A log axis needs every loss above zero. */
function allPositive(trace: Trace): boolean {
  for (let t = 0; t <= trace.steps; t += 1) if (!(trace.loss[t] > 0)) return false;
  return true;
}
