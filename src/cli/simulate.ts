/**
 * `gd-lab simulate "<formula>" --start x=-1.5,y=2 --lr 0.01 [run options] [--json]`: one run, its verdict and advice.
 */
import { readFormula } from '../core/formula';
import { checkUpdatesFor, diagnose, frameworkOf, simulate as runSimulation, stabilityAt, type ScheduleSettings } from '../core/optim';
import { runReport } from '../core/report';
import { optimizerListing } from '../core/training';
import { FRAMEWORK_LABELS, OPTIMIZER_LABELS, SCHEDULE_LABELS, SCHEDULE_SETTINGS_LABELS } from '../shared/labels';
import { describeDiagnosis, describeFacts } from '../words/diagnosis';
import { formatCount, formatNumber } from '../words/format';
import { numberOption, parseArguments, pointOption, UsageError } from './arguments';
import { reportFormulaError } from './errors';
import { toJson, type Output } from './io';
import { runSettingsFromFile } from './fromCode';
import { optionText, refuseStepsBeyondLimits, RUN_OPTIONS, runSettingsFromOptions } from './runOptions';
import { sparkline } from './sparkline';

export const SIMULATE_USAGE =
  'gd-lab simulate "<formula>" --start x=-1.5,y=2 --lr 0.01 [--optimizer gd|momentum|nesterov|adagrad|rmsprop|adam|adamw] [--framework pytorch|keras|optax] ' +
  '[--momentum 0.9] [--weight-decay 0.01] [--schedule constant|step|exponential|cosine|warmup-cosine|onecycle] [--step-size N] ' +
  '[--gamma G] [--t-max N] [--min-lr X] [--warmup-steps N] [--start-factor F] [--max-lr X] [--pct-start P] [--steps N] [--tol X] [--json]\n' +
  '  gd-lab simulate "<formula>" --start x=-1.5,y=2 --from train.py:12 [--lr η] [--set name=value,…] [--steps N] [--tol X] [--json]';

/**
 * Wall time the checks may take, a safety net only: their update budget keeps them to tens of milliseconds for the
 * formulas people select, at most about 150 ms.
 */
const CHECK_MILLISECONDS = 1000;

export async function simulate(args: readonly string[], out: Output): Promise<number> {
  const { positionals, options } = parseArguments(args, { ...RUN_OPTIONS, lr: { value: true }, from: { value: true }, set: { value: true } });
  const json = options.has('json');
  if (positionals.length !== 1) throw new UsageError(`simulate takes one formula (in quotes): ${SIMULATE_USAGE}`);
  const from = optionText(options, 'from');
  if (from === undefined && options.has('set')) throw new UsageError('--set gives values a training script leaves unknown: use it with --from FILE:LINE');
  const read = readFormula(positionals[0]);
  if (!read.ok) return reportFormulaError(read.error, json, out);
  const formula = read.formula;
  const lr = optionText(options, 'lr');
  const code = from === undefined ? null : await runSettingsFromFile(options, from);
  const settings = code?.settings ?? runSettingsFromOptions(options, lr === undefined ? undefined : numberOption('lr', lr, { positive: true }));
  refuseStepsBeyondLimits(settings.maxSteps, formula.variables.length, { printed: json });
  const start = pointOption('start', optionText(options, 'start'), formula.variables, formula.startValues);

  const trace = runSimulation(formula, start, settings);
  const stability = stabilityAt(formula, start);
  // The checks count updates (fewer for a larger formula), not time, so the advice is the same on every machine;
  // the time is only a safety net.
  const diagnosis = diagnose(trace, formula, settings, { budget: { updates: checkUpdatesFor(formula.expressions.builder.size), milliseconds: CHECK_MILLISECONDS } });
  const words = describeDiagnosis(diagnosis, settings, formula.variables);

  if (json) {
    const report = runReport({ variables: formula.variables, trace, diagnosis, words, stability, settings });
    const momenta = trace.momenta ? { ...(report.trace as object), momentum: Array.from(trace.momenta) } : report.trace;
    const source = code ? { from: { file: code.path, line: code.optimizer.line, framework: code.optimizer.framework, optimizer: optimizerListing(code.optimizer).optimizer } } : {};
    out.stdout(`${toJson({ ...report, trace: momenta, ...source })}\n`);
    return 0;
  }
  const n = formula.variables.length;
  const point = (t: number): string => formula.variables.map((name, i) => `${name} = ${formatNumber(trace.params[t * n + i], 6)}`).join(', ');
  const { optimizer, schedule } = settings;
  const curve = sparkline(trace.loss, trace.steps + 1);
  out.stdout(
    [
      `Formula     ${formula.display}`,
      ...(code ? [`Code        ${code.description}`] : []),
      `Run         ${OPTIMIZER_LABELS[optimizer.kind]}${code || settings.framework ? ` (${FRAMEWORK_LABELS[frameworkOf(settings)]})` : ''}, η = ${formatNumber(settings.learningRate)}, ${scheduleWords(schedule)} schedule, up to ${formatCount(settings.maxSteps)} steps`,
      `Start       ${point(0)}  (loss ${formatNumber(trace.loss[0], 6)})`,
      '',
      words.headline,
      words.advice,
      ...(words.ruleOfThumb === null ? [] : [words.ruleOfThumb]),
      '',
      ...(words.action === null ? [] : [`${'Next'.padEnd(12)}${words.action}`]),
      `Final       step ${formatCount(trace.steps)}: ${point(trace.steps)}, loss ${formatNumber(trace.loss[trace.steps], 6)}`,
      ...describeFacts(diagnosis, settings, formula.variables).map((fact) => `${fact.term.padEnd(11)} ${fact.value}`),
      `Loss        ${curve.line}  (${curve.scale} scale, ${formatNumber(trace.loss[0])} → ${formatNumber(trace.loss[trace.steps])})`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** "cosine annealing" for a schedule one chooses, the code's own name ("OneCycleLR") for one read from code. */
function scheduleWords(schedule: ScheduleSettings): string {
  return Object.hasOwn(SCHEDULE_LABELS, schedule.kind)
    ? SCHEDULE_LABELS[schedule.kind as keyof typeof SCHEDULE_LABELS].toLowerCase()
    : SCHEDULE_SETTINGS_LABELS[schedule.kind];
}
