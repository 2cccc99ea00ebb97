/**
 * `gd-lab optimizers FILE [--json]`: the optimizer constructions recognised in a Python training script, each with
 * its framework, every hyper-parameter (the framework's defaults filled in), the schedule that drives it, and what
 * the file leaves unknown.
 */
import { FRAMEWORK_LABELS, SCHEDULE_SETTINGS_LABELS } from '../shared/labels';
import { formatCount } from '../words/format';
import { givenArguments, optimizerListing, runSettingsFromCode, type RecognisedOptimizer, type RecognisedSchedule } from '../core/training';
import { refusalText, semanticsText, unknownArgumentText } from '../words/trainingCode';
import { parseArguments, UsageError } from './arguments';
import { LEARNING_RATE_ARGUMENTS } from './fromCode';
import { toJson, type Output } from './io';
import { readTrainingFile } from './trainingCode';

export const OPTIMIZERS_USAGE = 'gd-lab optimizers FILE [--json]';

export async function optimizers(args: readonly string[], out: Output): Promise<number> {
  const { positionals, options } = parseArguments(args, { json: { value: false } });
  if (positionals.length !== 1) throw new UsageError(`optimizers takes one Python file: ${OPTIMIZERS_USAGE}`);
  const file = await readTrainingFile(positionals[0]!);
  const { optimizers: found, unsimulated, hasErrors } = file.code;
  if (options.has('json')) {
    out.stdout(
      `${toJson(
        found.map((optimizer) => {
          const settings = runSettingsFromCode(optimizer);
          return {
            ...optimizerListing(optimizer),
            refused: [...optimizer.refused, ...(settings.ok ? [] : settings.refused)].map(refusalText),
            // The optimizer core's settings the line runs as, when the file fixes every value (else null).
            settings: settings.ok ? settings.settings : null,
          };
        }),
      )}\n`,
    );
    return 0;
  }
  const lines: string[] = [];
  if (found.length === 0) lines.push(`${file.path}: no PyTorch, Keras or optax optimizer construction recognised`);
  for (const optimizer of found) lines.push(...describe(file.path, file.source, optimizer), '');
  for (const other of unsimulated) lines.push(`${file.path}:${other.line}  ${FRAMEWORK_LABELS[other.framework]} ${other.name}: not simulated (the lab simulates SGD, Adam, AdamW, RMSprop and Adagrad)`);
  if (hasErrors) lines.push(`(${file.path} has syntax errors: what was read may be partial)`);
  out.stdout(`${lines.join('\n').replace(/\n+$/, '')}\n`);
  return 0;
}

/** The human-readable block for one optimizer. */
function describe(path: string, source: string, optimizer: RecognisedOptimizer): string[] {
  const call = optimizer.optimizer;
  const head = `${path}:${optimizer.line}  ${call.signature.name}(${givenArguments(call, source)})`;
  const lines = [head, `    ${semanticsText(optimizer.framework)}${optimizer.variable ? `, assigned to ${optimizer.variable}` : ''}`];
  if (optimizer.chain) lines.push(`    in optax.chain(${optimizer.chain.map((piece) => (piece.kind === 'optimizer' ? call.signature.name : piece.kind === 'add_decayed_weights' ? 'add_decayed_weights' : piece.name)).join(', ')})`);
  if (optimizer.schedule) lines.push(`    schedule: ${scheduleText(optimizer.schedule, source)}`);
  for (const unknown of optimizer.unknown) lines.push(`    unknown: ${unknownArgumentText(unknown)}`);
  const settings = runSettingsFromCode(optimizer);
  const refused = [...optimizer.refused, ...(settings.ok ? [] : settings.refused)];
  for (const refusal of refused) lines.push(`    cannot simulate: ${refusalText(refusal)}`);
  if (settings.ok) {
    const { schedule, maxSteps } = settings.settings;
    const scheduleWords = schedule.kind === 'constant' ? 'constant η' : SCHEDULE_SETTINGS_LABELS[schedule.kind];
    lines.push(`    simulate: gd-lab simulate "<loss>" --from ${path}:${optimizer.line}  (η = ${settings.settings.learningRate}, ${scheduleWords}, ${formatCount(maxSteps)} steps)`);
  } else if (optimizer.unknown.length > 0 && refused.length === 0) {
    const learningRate = optimizer.unknown.filter((u) => LEARNING_RATE_ARGUMENTS.has(u.parameter));
    const others = optimizer.unknown.filter((u) => !LEARNING_RATE_ARGUMENTS.has(u.parameter));
    const given = [...(learningRate.length > 0 ? ['--lr …'] : []), ...(others.length > 0 ? [`--set ${others.map((u) => `${u.name}=…`).join(',')}`] : [])];
    lines.push(`    simulate: gd-lab simulate "<loss>" --from ${path}:${optimizer.line} ${given.join(' ')}`);
  }
  return lines;
}

function scheduleText(schedule: RecognisedSchedule, source: string): string {
  const own = `${schedule.signature.name}(${givenArguments(schedule, source)}) on line ${schedule.line}`;
  return schedule.children.length === 0 ? own : `${own}: ${schedule.children.map((child) => `${child.signature.name}(${givenArguments(child, source)})`).join(', then ')}`;
}
