/**
 * A run as data to keep: the JSON the CLI prints with `--json` and the panel exports, and the CSV export.
 * One shape for both, so a file saved from the panel reads like the CLI's output.
 */
import type { Advice } from './optim/advice';
import type { RunDiagnosis } from './optim/diagnose';
import type { RunSettings, Stability, Trace } from './optim/types';

export interface RunReportInput {
  readonly variables: readonly string[];
  readonly trace: Trace;
  readonly diagnosis: RunDiagnosis;
  readonly advice: Advice;
  readonly stability: Stability;
  readonly settings: RunSettings;
  /** The formula as understood (plain math) and as selected. */
  readonly formula?: { readonly display: string; readonly source: string };
}

/**
 * `{ variables, trace: { loss, lr, params }, final, diagnosis, stability }`: trace.loss[0] and params[0] are the
 * start, index t is after update t, and lr[t−1] is the η update t used.
 */
export function runReport(input: RunReportInput): Record<string, unknown> {
  const { variables, trace, diagnosis, advice, stability, settings } = input;
  const n = variables.length;
  const params = Array.from({ length: trace.steps + 1 }, (_, t) => Array.from(trace.params.subarray(t * n, t * n + n)));
  const last = params[trace.steps];
  return {
    variables,
    trace: { loss: Array.from(trace.loss.subarray(0, trace.steps + 1)), lr: Array.from(trace.learningRates.subarray(0, trace.steps)), params },
    final: {
      step: trace.steps,
      params: Object.fromEntries(variables.map((name, i) => [name, last[i]])),
      loss: trace.loss[trace.steps],
    },
    diagnosis: {
      verdict: diagnosis.verdict,
      headline: advice.headline,
      advice: advice.advice,
      convergedAt: diagnosis.convergedAt,
      divergedAt: diagnosis.divergedAt,
      overshootSteps: diagnosis.overshootSteps,
      suggestedLr: diagnosis.suggestedLearningRate,
      // A one-cycle schedule with its own peak is steered by max_lr, not η: the suggestion is then for the peak.
      suggestedMaxLr: diagnosis.suggestedMaxLearningRate,
      // The run's own optimizer's limit (stability.criticalLr is plain gradient descent's 2/L).
      criticalLr: diagnosis.criticalLearningRate,
    },
    stability: { lipschitz: stability.lipschitz, criticalLr: stability.criticalLearningRate, eigenvalues: stability.eigenvalues },
    settings,
    ...(input.formula ? { formula: input.formula } : {}),
  };
}

/** `step,learning_rate,loss,<variables…>`: one row per recorded state; the η column is the η of the update that led there. */
export function runCsv(variables: readonly string[], trace: Trace): string {
  const n = variables.length;
  const header = ['step', 'learning_rate', 'loss', ...variables.map(csvField)].join(',');
  const rows = [header];
  for (let t = 0; t <= trace.steps; t += 1) {
    const learningRate = t === 0 ? '' : String(trace.learningRates[t - 1]);
    const params = Array.from(trace.params.subarray(t * n, t * n + n), String);
    rows.push([String(t), learningRate, String(trace.loss[t]), ...params].join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Quotes a CSV field when it needs it (a variable named `w[0]` is fine; one with a comma is not). */
function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
