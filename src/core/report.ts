/**
 * A run as data to keep: the JSON the CLI prints with `--json` and the panel exports, and the CSV export.
 * One shape for both, so a file saved from the panel reads like the CLI's output. The words (headline, advice,
 * rule of thumb) come from src/words: the core only places them.
 *
 * A report is written a piece at a time (traceText.ts): its trace is either every step, written by running the run
 * again (it was never kept), or the chart's series the record kept. Memory stays what the run's record takes, however
 * long the run.
 */
import type { Objective } from './objective';
import type { Diagnosis } from './optim/diagnosis';
import { keptStates, rerunStates, type StateSource } from './optim/record/rerun';
import { endOf, type RunRecord } from './optim/record/runRecord';
import { createSchedule, cyclesMomentum } from './optim/schedules';
import { peakSteers } from './optim/steering';
import type { RunSettings, Stability } from './optim/types';
import { columnJson, spliceJson, traceCsv, type TraceColumn, type ValueOfUpdate } from './traceText';

export interface RunReportInput {
  /** The loss, to run the run again for its whole trace. */
  readonly objective: Objective;
  readonly start: readonly number[];
  readonly record: RunRecord;
  readonly diagnosis: Diagnosis;
  /** The diagnosis in words. */
  readonly words: { readonly headline: string; readonly advice: string; readonly ruleOfThumb: string | null };
  readonly stability: Stability;
  readonly settings: RunSettings;
  /** The formula as understood (plain math) and as selected. */
  readonly formula?: { readonly display: string; readonly source: string };
  /** More top-level fields, after the others (the CLI's `from`: the training code a run was read from). */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** For a loss over data: its rows and the columns it reads. */
  readonly data?: { readonly rows: number; readonly columns: readonly string[] };
}

/**
 * What a report's trace holds: every step (`full`), or the series the run kept (`downsampled`: the start, the end,
 * and the lowest and highest loss of each of about 2,000 equal stretches of steps — and of the batch loss, for a
 * minibatch run; every step of a run of up to 4,096).
 */
export type TraceSampling = 'full' | 'downsampled';

export interface ReportOptions {
  readonly trace: TraceSampling;
  /** Spaces to indent with, as JSON.stringify's third argument (default: none, one line). */
  readonly indent?: number;
}

/** The trace's keys, in order, and the column each writes. */
const TRACE_COLUMNS: readonly (readonly [key: string, column: TraceColumn])[] = [
  ['step', 'step'],
  ['loss', 'loss'],
  ['lr', 'learningRate'],
  ['params', 'params'],
];

/**
 * `{ variables, trace: { step, loss, lr, params, downsampled }, final, diagnosis, stability, settings }`, in pieces:
 * `trace.step[k]` is the step of `trace.loss[k]` and `trace.params[k]` (0 is the start; every step unless
 * `downsampled`), and `trace.lr[k−1]` is the η of the update that led to `trace.step[k]` (so with every step,
 * index t is after update t and lr[t−1] is the η update t used).
 */
export function* runReportJson(input: RunReportInput, options: ReportOptions): Generator<string> {
  const source = traceSource(input, options.trace);
  const gap = ' '.repeat(options.indent ?? 0);
  // A schedule that cycles momentum (PyTorch's OneCycleLR) adds `trace.momentum`, the momentum (or Adam's β1) of each
  // update, as `lr`: a function of the update alone, so it is read from the schedule again, not kept.
  const columns: (readonly [key: string, column: TraceColumn])[] = [...TRACE_COLUMNS];
  // A loss over data adds `trace.batchLoss`, the loss of each update's batch, as `lr`.
  if (source.batchLoss) columns.push(['batchLoss', 'batchLoss']);
  if (cyclesMomentum(input.settings.schedule)) columns.push(['momentum', 'momentum']);
  const streamed = new Map(
    columns.map(([key, column]) => [key, (indent: string) => columnJson(source, column, indent, gap, column === 'momentum' ? momentumOfUpdate(input.settings) : undefined)] as const),
  );
  yield* spliceJson(
    (placeholder) =>
      reportFields(input, {
        ...Object.fromEntries(columns.map(([key]) => [key, placeholder(key)])),
        downsampled: !source.everyStep,
      }),
    gap,
    streamed,
  );
}

/** The momentum the schedule of `settings` sets for each update (0 where it sets none), asked in increasing order. */
function momentumOfUpdate(settings: RunSettings): ValueOfUpdate {
  const schedule = createSchedule(settings.schedule, settings.learningRate, settings.maxSteps);
  let update = 0;
  let momentum = 0;
  return (wanted) => {
    for (; update < wanted; update++) {
      schedule.next();
      momentum = schedule.momentum() ?? 0;
    }
    return momentum;
  };
}

/** `step,learning_rate,loss,<variables…>`: every step, one row each, written by running the run again. */
export function runReportCsv(input: RunReportInput): Generator<string> {
  return traceCsv(traceSource(input, 'full'), input.record.variables);
}

/** Where the trace's states come from: the run again, or the record's series. */
function traceSource(input: RunReportInput, sampling: TraceSampling): StateSource {
  const { objective, start, settings, record } = input;
  return sampling === 'full' ? rerunStates(objective, start, settings, record.steps) : keptStates(record.series);
}

/** The report with `trace` as given. */
function reportFields(input: RunReportInput, trace: Record<string, unknown>): Record<string, unknown> {
  const { record, diagnosis, words, stability, settings } = input;
  const variables = record.variables;
  const named = (point: ArrayLike<number>): Record<string, number> => Object.fromEntries(variables.map((name, i) => [name, point[i]!]));
  const next = diagnosis.next;
  const change = next?.change;
  const end = endOf(record);
  // A one-cycle schedule with its own peak is steered by max_lr, not η: a suggested steering η is then for the peak.
  const byPeak = peakSteers(settings);
  return {
    variables,
    trace,
    final: {
      step: record.steps,
      ...(record.minibatch ? { epoch: record.steps / record.minibatch.batchesPerEpoch } : {}),
      params: named(end.params),
      loss: end.loss,
    },
    diagnosis: {
      verdict: diagnosis.verdict,
      cause: diagnosis.cause,
      headline: words.headline,
      advice: words.ruleOfThumb === null ? words.advice : `${words.advice} ${words.ruleOfThumb}`,
      ruleOfThumb: words.ruleOfThumb,
      convergedAt: diagnosis.convergedAt,
      divergedAt: diagnosis.divergedAt,
      overshootSteps: diagnosis.overshootSteps,
      overshootCount: diagnosis.overshootCount,
      // The suggestion: what changes (each null when it does not), and what running all of it together gave.
      suggestedLr: change?.learningRate !== undefined && !byPeak ? change.learningRate : null,
      suggestedMaxLr: change?.learningRate !== undefined && byPeak ? change.learningRate : null,
      suggestedMaxSteps: change?.maxSteps ?? null,
      suggestedOptimizer: change?.optimizer?.kind ?? null,
      suggestedStart: change?.start === undefined ? null : named(change.start),
      suggestionCheck: next === null ? null : { verdict: next.check.verdict, convergedAt: next.check.convergedAt, steps: next.check.steps },
      localMinimum: diagnosis.cause === 'local-minimum' ? { point: named(diagnosis.lower.point), loss: diagnosis.lower.loss } : null,
      // A minibatch run's remedies: a schedule (cosine annealing), a batch size (null: the full batch).
      ...(change?.schedule === undefined ? {} : { suggestedSchedule: change.schedule }),
      ...(change?.batchSize === undefined ? {} : { suggestedBatchSize: change.batchSize }),
      // A minibatch run, judged on all the data: its best value, where it settled, the tolerance, and the remedies run.
      ...(diagnosis.noise === null
        ? {}
        : {
            noise: diagnosis.noise,
            remedies: (diagnosis.cause === 'noise-floor' || diagnosis.cause === 'lr-too-large-for-batch' ? diagnosis.remedies : []).map((remedy) => ({
              remedy: remedy.remedy,
              change: remedy.change,
              floor: remedy.floor,
              reached: remedy.reached,
              verdict: remedy.check.verdict,
              convergedAt: remedy.check.convergedAt,
            })),
          }),
      // The run's own optimizer's limit, from the curvature met along the path and at its end, and at the start
      // alone (stability.criticalLr is plain gradient descent's 2/L at the start).
      criticalLr: diagnosis.criticalLearningRate,
      criticalLrAtStart: diagnosis.criticalLearningRateAtStart,
      checks: {
        status: diagnosis.checks.status,
        updates: diagnosis.checks.updates,
        runs: diagnosis.checks.tried.map((run) => ({
          lr: run.learningRate,
          optimizer: run.optimizer,
          maxSteps: run.maxSteps,
          otherStart: run.otherStart,
          verdict: run.check.verdict,
          convergedAt: run.check.convergedAt,
          steps: run.check.steps,
        })),
      },
    },
    stability: { lipschitz: stability.lipschitz, criticalLr: stability.criticalLearningRate, eigenvalues: stability.eigenvalues },
    settings,
    ...(input.data ? { data: { ...input.data, batchesPerEpoch: record.minibatch?.batchesPerEpoch ?? 1 } } : {}),
    ...(input.formula ? { formula: input.formula } : {}),
    ...input.extra,
  };
}
