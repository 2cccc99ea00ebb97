/**
 * `gd-lab simulate "<formula>" --start x=-1.5,y=2 --lr 0.01 [run options] [--json]`, or `--file PATH:LINE` for the
 * formula at a line of a file: one run, its verdict and advice. A loss over data runs in minibatches with
 * `--batch-size`, `--shuffle` and `--seed`.
 */
import { checkBudgetFor, diagnose, endOf, frameworkOf, FULL_TRACE_STEPS, simulate as runSimulation, stabilityAt, startOf, type ScheduleSettings } from '../core/optim';
import { runReportJson } from '../core/report';
import { optimizerListing } from '../core/training';
import { FRAMEWORK_LABELS, OPTIMIZER_LABELS, SCHEDULE_LABELS, SCHEDULE_SETTINGS_LABELS } from '../shared/labels';
import { describeDiagnosis, describeFacts } from '../words/diagnosis';
import { formatCount, formatEpochs, formatNumber } from '../words/format';
import { numberOption, parseArguments, pointOption, UsageError } from './arguments';
import { formulaFromSource } from './formulaSource';
import type { Output } from './io';
import { runSettingsFromFile } from './fromCode';
import { minibatchFromOptions, optionText, refuseStepsBeyondLimits, RUN_OPTIONS, runSettingsFromOptions, traceOption } from './runOptions';
import { sparkline } from './sparkline';

export const SIMULATE_USAGE =
  'gd-lab simulate "<formula>" | --file PATH:LINE  --start x=-1.5,y=2 --lr 0.01 [--optimizer gd|momentum|nesterov|adagrad|rmsprop|adam|adamw] [--framework pytorch|keras|optax] ' +
  '[--momentum 0.9] [--weight-decay 0.01] [--schedule constant|step|exponential|cosine|warmup-cosine|onecycle] [--step-size N] ' +
  '[--gamma G] [--t-max N] [--min-lr X] [--warmup-steps N] [--start-factor F] [--max-lr X] [--pct-start P] [--steps N] [--tol X] ' +
  '[--batch-size B] [--shuffle on|off] [--seed S] [--json [--trace full|downsampled]]\n' +
  '  gd-lab simulate "<formula>" | --file PATH:LINE  --start x=-1.5,y=2 --from train.py:12 [--lr η] [--set name=value,…] [--steps N] [--tol X] [--json [--trace full|downsampled]]';

export async function simulate(args: readonly string[], out: Output): Promise<number> {
  const { positionals, options } = parseArguments(args, { ...RUN_OPTIONS, lr: { value: true }, from: { value: true }, set: { value: true }, trace: { value: true } });
  const json = options.has('json');
  const from = optionText(options, 'from');
  if (from === undefined && options.has('set')) throw new UsageError('--set gives values a training script leaves unknown: use it with --from FILE:LINE');
  const source = await formulaFromSource(positionals, optionText(options, 'file'), SIMULATE_USAGE, json, out);
  if (typeof source === 'number') return source;
  const { formula } = source;
  const lr = optionText(options, 'lr');
  const code = from === undefined ? null : await runSettingsFromFile(options, from);
  const settings = {
    ...(code?.settings ?? runSettingsFromOptions(options, lr === undefined ? undefined : numberOption('lr', lr, { positive: true }))),
    ...minibatchFromOptions(options, formula.data?.rowCount ?? null),
  };
  const trace = traceOption(options);
  refuseStepsBeyondLimits(settings.maxSteps, formula.variables.length, { trace, overData: Boolean(formula.data) });
  const start = pointOption('start', optionText(options, 'start'), formula.variables, source.start);

  const record = runSimulation(formula, start, settings);
  const stability = stabilityAt(formula, start);
  // The checks count work (updates and curvature readings, fewer for a larger formula), not time, so the advice is
  // the same on every machine, and the same as the editor's.
  const diagnosis = diagnose(record, formula, settings, { budget: checkBudgetFor(formula.variables.length, formula.expressions.builder.size) });
  const words = describeDiagnosis(diagnosis, settings, formula.variables);

  if (json) {
    // Every step is printed by running the run again, a piece at a time; a long run prints its downsampled series
    // unless every step is asked for.
    const sampling = trace ?? (record.steps <= FULL_TRACE_STEPS ? 'full' : 'downsampled');
    const data = formula.data ? { rows: formula.data.rowCount, columns: formula.data.columns } : undefined;
    const fromCode = code ? { from: { file: code.path, line: code.optimizer.line, framework: code.optimizer.framework, optimizer: optimizerListing(code.optimizer).optimizer } } : {};
    const report = { objective: formula, start, record, diagnosis, words, stability, settings, extra: fromCode, ...(data ? { data } : {}) };
    await out.stdoutPieces(runReportJson(report, { trace: sampling }));
    out.stdout('\n');
    return 0;
  }
  const point = (params: ArrayLike<number>): string => formula.variables.map((name, i) => `${name} = ${formatNumber(params[i]!, 6)}`).join(', ');
  const { optimizer, schedule } = settings;
  const first = startOf(record);
  const end = endOf(record);
  const curve = sparkline(record.series.step, record.series.loss, record.series.count);
  const perEpoch = record.minibatch?.batchesPerEpoch;
  const epochs = perEpoch ? ` (epoch ${formatEpochs(record.steps / perEpoch)})` : '';
  const full = settings.batchSize === undefined || settings.batchSize === null || settings.batchSize >= (formula.data?.rowCount ?? 0);
  const batches = full
    ? 'full batch'
    : `batches of ${formatCount(settings.batchSize!)} ${settings.shuffle === false ? 'in file order' : `shuffled each epoch (seed ${settings.seed ?? 0})`}, ${formatCount(perEpoch ?? 1)} updates an epoch`;
  out.stdout(
    [
      `Formula     ${formula.display}`,
      ...(source.origin ? [`From        ${source.origin}`] : []),
      ...(code ? [`Code        ${code.description}`] : []),
      ...(formula.data ? [`Data        ${formatCount(formula.data.rowCount)} rows, ${batches}`] : []),
      `Run         ${OPTIMIZER_LABELS[optimizer.kind]}${code || settings.framework ? ` (${FRAMEWORK_LABELS[frameworkOf(settings)]})` : ''}, η = ${formatNumber(settings.learningRate)}, ${scheduleWords(schedule)} schedule, up to ${formatCount(settings.maxSteps)} steps`,
      `Start       ${point(first.params)}  (loss ${formatNumber(first.loss, 6)})`,
      '',
      words.headline,
      words.advice,
      ...(words.ruleOfThumb === null ? [] : [words.ruleOfThumb]),
      '',
      ...(words.action === null ? [] : [`${'Next'.padEnd(12)}${words.action}`]),
      `Final       step ${formatCount(record.steps)}${epochs}: ${point(end.params)}, loss ${formatNumber(end.loss, 6)}${formula.data ? ' on all the data' : ''}`,
      ...describeFacts(diagnosis, settings, formula.variables).map((fact) => `${fact.term.padEnd(11)} ${fact.value}`),
      `Loss        ${curve.line}  (${curve.scale} scale, ${formatNumber(first.loss)} → ${formatNumber(end.loss)})`,
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
