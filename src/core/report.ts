/**
 * A run as data to keep: the JSON the CLI prints with `--json` and the panel exports, and the CSV export.
 * One shape for both, so a file saved from the panel reads like the CLI's output. The words (headline, advice,
 * rule of thumb) come from src/words: the core only places them.
 */
import type { Diagnosis } from './optim/diagnosis';
import { peakSteers } from './optim/steering';
import type { RunSettings, Stability, Trace } from './optim/types';

export interface RunReportInput {
  readonly variables: readonly string[];
  readonly trace: Trace;
  readonly diagnosis: Diagnosis;
  /** The diagnosis in words. */
  readonly words: { readonly headline: string; readonly advice: string; readonly ruleOfThumb: string | null };
  readonly stability: Stability;
  readonly settings: RunSettings;
  /** The formula as understood (plain math) and as selected. */
  readonly formula?: { readonly display: string; readonly source: string };
  /** For a loss over data: its rows and the columns it reads. */
  readonly data?: { readonly rows: number; readonly columns: readonly string[] };
}

/**
 * `{ variables, trace: { loss, lr, params }, final, diagnosis, stability, settings }`: trace.loss[0] and params[0]
 * are the start, index t is after update t, and lr[t−1] is the η update t used. For a loss over data, trace.loss is
 * on all the data, trace.batchLoss[t−1] the loss of the batch update t used, final.epoch the epochs the run covered,
 * and `data` the rows and columns read.
 */
export function runReport(input: RunReportInput): Record<string, unknown> {
  const { variables, trace, diagnosis, words, stability, settings } = input;
  const n = variables.length;
  const params = Array.from({ length: trace.steps + 1 }, (_, t) => Array.from(trace.params.subarray(t * n, t * n + n)));
  const last = params[trace.steps];
  const named = (point: readonly number[]): Record<string, number> => Object.fromEntries(variables.map((name, i) => [name, point[i]]));
  const next = diagnosis.next;
  const change = next?.change;
  // A one-cycle schedule with its own peak is steered by max_lr, not η: a suggested steering η is then for the peak.
  const byPeak = peakSteers(settings);
  return {
    variables,
    trace: {
      loss: Array.from(trace.loss.subarray(0, trace.steps + 1)),
      lr: Array.from(trace.learningRates.subarray(0, trace.steps)),
      params,
      ...(trace.batchLoss ? { batchLoss: Array.from(trace.batchLoss.subarray(0, trace.steps)) } : {}),
    },
    final: {
      step: trace.steps,
      ...(trace.batchesPerEpoch ? { epoch: trace.steps / trace.batchesPerEpoch } : {}),
      params: named(last),
      loss: trace.loss[trace.steps],
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
    ...(input.data ? { data: { ...input.data, batchesPerEpoch: trace.batchesPerEpoch ?? 1 } } : {}),
    ...(input.formula ? { formula: input.formula } : {}),
  };
}

/** `step,learning_rate,loss,<variables…>`: one row per recorded state; the η column is the η of the update that led there. */
export function runCsv(variables: readonly string[], trace: Trace): string {
  const n = variables.length;
  // A loss over data adds the loss of the batch that led to each row (its update's).
  const batch = trace.batchLoss;
  const header = ['step', 'learning_rate', 'loss', ...(batch ? ['batch_loss'] : []), ...variables.map(csvField)].join(',');
  const rows = [header];
  for (let t = 0; t <= trace.steps; t += 1) {
    const learningRate = t === 0 ? '' : String(trace.learningRates[t - 1]);
    const params = Array.from(trace.params.subarray(t * n, t * n + n), String);
    const batchLoss = batch ? [t === 0 ? '' : String(batch[t - 1])] : [];
    rows.push([String(t), learningRate, String(trace.loss[t]), ...batchLoss, ...params].join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Quotes a CSV field when it needs it (a variable named `w[0]` is fine; one with a comma is not). */
function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
