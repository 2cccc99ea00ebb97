/**
 * `gd-lab sweep "<formula>" --start … [--from 1e-5 --to 10 --count 60] [run options] [--json]`: the same run
 * at log-spaced η, with the suggested η and the critical η of the optimizer swept (2/L for gradient descent,
 * the momentum bound for momentum and Nesterov, none for the adaptive optimizers).
 */
import { readFormula } from '../core/formula';
import { DEFAULT_SWEEP, sweepLearningRates } from '../core/optim';
import { OPTIMIZER_LABELS, VERDICT_LABELS } from '../shared/labels';
import { describeCritical } from '../words/critical';
import { formatCount, formatNumber } from '../words/format';
import { numberOption, parseArguments, pointOption, UsageError } from './arguments';
import { reportFormulaError } from './errors';
import { toJson, type Output } from './io';
import { optionText, refuseStepsBeyondLimits, RUN_OPTIONS, runSettingsFromOptions } from './runOptions';

export const SWEEP_USAGE = 'gd-lab sweep "<formula>" --start x=-1.5,y=2 [--from 1e-5 --to 10 --count 60] [--optimizer …] [--framework pytorch|keras|optax] [--steps N] [--json]';

export function sweep(args: readonly string[], out: Output): number {
  const spec = { ...RUN_OPTIONS, from: { value: true }, to: { value: true }, count: { value: true } };
  const { positionals, options } = parseArguments(args, spec);
  const json = options.has('json');
  if (positionals.length !== 1) throw new UsageError(`sweep takes one formula (in quotes): ${SWEEP_USAGE}`);
  const read = readFormula(positionals[0]);
  if (!read.ok) return reportFormulaError(read.error, json, out);
  const formula = read.formula;
  const given = (name: string): string | undefined => optionText(options, name);
  const from = given('from') === undefined ? DEFAULT_SWEEP.from : numberOption('from', given('from')!, { positive: true });
  const to = given('to') === undefined ? DEFAULT_SWEEP.to : numberOption('to', given('to')!, { positive: true });
  const count = given('count') === undefined ? DEFAULT_SWEEP.count : numberOption('count', given('count')!, { integer: true, min: 1 });
  if (count > 10_000) throw new UsageError(`--count must be at most 10000, got ${count}`);
  if (from > to) throw new UsageError(`--from (${from}) must not be above --to (${to})`);
  const settings = runSettingsFromOptions(options);
  // Each run of the sweep keeps its trace while it runs; only the points are printed.
  refuseStepsBeyondLimits(settings.maxSteps, formula.variables.length, { printed: false });
  const start = pointOption('start', given('start'), formula.variables, formula.startValues);

  const result = sweepLearningRates(formula, start, settings, { from, to, count });
  const { stability } = result;
  if (json) {
    out.stdout(
      `${toJson({
        variables: formula.variables,
        points: result.points.map((p) => ({ lr: p.learningRate, finalLoss: p.finalLoss, stepsToConverge: p.stepsToConverge, steps: p.steps, verdict: p.verdict })),
        suggestedLr: result.suggestedLearningRate,
        // stability.criticalLr stays plain gradient descent's 2/L (as in `simulate --json`); criticalLr is the
        // swept optimizer's own limit, null for the adaptive ones.
        stability: { lipschitz: stability.lipschitz, criticalLr: stability.criticalLearningRate },
        optimizer: settings.optimizer.kind,
        // Whose rules the optimizer followed, when --framework chose one (absent: PyTorch's, as before).
        ...(settings.framework ? { framework: settings.framework } : {}),
        criticalLr: result.criticalLearningRate,
      })}\n`,
    );
    return 0;
  }
  const rows = result.points.map((p) => [
    formatNumber(p.learningRate),
    formatNumber(p.finalLoss, 4),
    p.stepsToConverge === null ? '—' : formatCount(p.stepsToConverge),
    VERDICT_LABELS[p.verdict] + (p.learningRate === result.suggestedLearningRate ? '   ← suggested' : ''),
  ]);
  const header = ['η', 'final loss', 'converged at', 'verdict'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]))).join('   ');
  out.stdout(
    [
      `Formula     ${formula.display}`,
      `Sweep       ${OPTIMIZER_LABELS[settings.optimizer.kind]}, ${count} values of η from ${formatNumber(from)} to ${formatNumber(to)}, up to ${formatCount(settings.maxSteps)} steps each`,
      '',
      line(header),
      ...rows.map(line),
      '',
      result.suggestedLearningRate === null
        ? 'Suggested   none: no η in the range was stable'
        : `Suggested   η = ${formatNumber(result.suggestedLearningRate)} (the stable η reaching the lowest loss fastest)`,
      `Critical η  ${criticalLine(describeCritical(settings.optimizer, result.criticalLearningRate), stability.lipschitz)}`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** "2/L = 1 (L = 2, the largest curvature at the start)", or "none: …" and why. */
function criticalLine(critical: ReturnType<typeof describeCritical>, lipschitz: number): string {
  const L = `L = ${formatNumber(lipschitz, 4)}, the largest curvature at the start`;
  return critical.formula === null ? `${critical.value}: ${critical.reason} (${L})` : `${critical.value} (${L})`;
}
