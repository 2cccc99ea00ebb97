/**
 * `simulate … --from FILE:LINE`: the run settings of the optimizer constructed on that line of a training script,
 * with its framework's semantics and the schedule that drives it; `--set name=value,…` gives what the file leaves
 * unknown, `--lr` the learning rate (it fills an unknown one, or replaces the file's).
 */
import type { RunSettings } from '../core/optim';
import { formatCount, formatNumber } from '../words/format';
import { givenArguments, readPythonLiteral, runSettingsFromCode, type PyValue, type RecognisedOptimizer } from '../core/training';
import { refusalText, semanticsText, unknownArgumentText } from '../words/trainingCode';
import { numberOption, UsageError, type ParsedArguments } from './arguments';
import { fileAndLine, optimizerAt, pythonParser, readTrainingFile } from './trainingCode';

/** Options that choose an optimizer or schedule: with --from, the code chooses them. */
const CHOSEN_BY_CODE = ['optimizer', 'framework', 'momentum', 'weight-decay', 'schedule', 'step-size', 'gamma', 't-max', 'min-lr', 'warmup-steps', 'start-factor', 'max-lr', 'pct-start'];

/** The learning-rate arguments --lr can answer when the file leaves them unknown. */
export const LEARNING_RATE_ARGUMENTS: ReadonlySet<string> = new Set(['lr', 'learning_rate', 'max_lr']);

export interface CodeRun {
  readonly settings: RunSettings;
  readonly optimizer: RecognisedOptimizer;
  readonly path: string;
  /** "train.py:12 AdamW(lr=0.0003) with OneCycleLR (line 13), PyTorch semantics". */
  readonly description: string;
}

export async function runSettingsFromFile(options: ParsedArguments['options'], from: string): Promise<CodeRun> {
  const conflicting = CHOSEN_BY_CODE.find((name) => options.has(name));
  const { path, line } = fileAndLine(from, 'from');
  if (conflicting) throw new UsageError(`--${conflicting} cannot be combined with --from: the optimizer and schedule are the ones ${path}:${line} builds`);
  const file = await readTrainingFile(path);
  const optimizer = optimizerAt(file, line);
  const lr = options.get('lr');
  const learningRate = typeof lr === 'string' ? numberOption('lr', lr, { positive: true }) : undefined;
  const answers = await answersOf(options.get('set'), optimizer);
  if (learningRate !== undefined) {
    for (const unknown of optimizer.unknown) if (LEARNING_RATE_ARGUMENTS.has(unknown.parameter)) answers.set(unknown.name, { type: 'float', value: learningRate });
  }
  const steps = options.get('steps');
  const tol = options.get('tol');
  const result = runSettingsFromCode(optimizer, {
    answers,
    maxSteps: typeof steps === 'string' ? numberOption('steps', steps, { integer: true, min: 0 }) : undefined,
    tolerance: typeof tol === 'string' ? numberOption('tol', tol, { min: 0 }) : undefined,
  });
  const where = `${path}:${optimizer.line}`;
  if (!result.ok) {
    if (result.refused.length > 0) throw new UsageError(`${where} cannot be simulated as written: ${result.refused.map(refusalText).join('; ')}`);
    const asked = result.unknown.map((u) => (LEARNING_RATE_ARGUMENTS.has(u.parameter) ? `--lr (${unknownArgumentText(u)})` : `--set ${u.name}=… (${unknownArgumentText(u)})`));
    throw new UsageError(`${where}: the file does not say ${result.unknown.map((u) => u.name).join(', ')}; give ${asked.join(', ')}`);
  }
  let settings = result.settings;
  if (learningRate !== undefined) settings = { ...settings, learningRate };
  const schedule = settings.schedule;
  if (schedule.kind === 'onecycle' && schedule.totalSteps != null && settings.maxSteps > schedule.totalSteps) {
    throw new UsageError(`--steps ${settings.maxSteps} is past OneCycleLR's total_steps ${schedule.totalSteps} (PyTorch raises ValueError after it)`);
  }
  return { settings, optimizer, path, description: describeRun(where, file.source, optimizer, settings) };
}

/** `--set weight_decay=0.05,betas=(0.9, 0.95)`: values for the unknown arguments, read as Python literals. */
async function answersOf(text: string | true | undefined, optimizer: RecognisedOptimizer): Promise<Map<string, PyValue>> {
  const answers = new Map<string, PyValue>();
  if (typeof text !== 'string') return answers;
  const parser = await pythonParser();
  for (const part of splitTopLevel(text)) {
    const equals = part.indexOf('=');
    const name = part.slice(0, equals).trim();
    if (equals <= 0 || name === '') throw new UsageError(`--set takes name=value pairs separated by commas, such as lr=0.01,weight_decay=0.05; got "${part}"`);
    if (!optimizer.unknown.some((u) => u.name === name)) {
      const unknown = optimizer.unknown.map((u) => u.name);
      throw new UsageError(`--set ${name}: the file already says it, or it is no argument of this optimizer; --set gives what the file leaves unknown (${unknown.length === 0 ? 'nothing here' : unknown.join(', ')})`);
    }
    const value = readPythonLiteral(parser, part.slice(equals + 1).trim());
    if (value === null) throw new UsageError(`--set ${name}: "${part.slice(equals + 1).trim()}" is not a Python constant (a number, True, False, None, a tuple or list of them)`);
    answers.set(name, value);
  }
  return answers;
}

/** Splits at commas outside brackets and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    else if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') parts.push(current);
  return parts;
}

function describeRun(where: string, source: string, optimizer: RecognisedOptimizer, settings: RunSettings): string {
  const call = optimizer.optimizer;
  const schedule = optimizer.schedule ? ` with ${optimizer.schedule.signature.name} (line ${optimizer.schedule.line})` : '';
  return `${where} ${call.signature.name}(${givenArguments(call, source)})${schedule}, ${semanticsText(optimizer.framework)}; η = ${formatNumber(settings.learningRate)}, ${formatCount(settings.maxSteps)} steps`;
}
