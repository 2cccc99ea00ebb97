/**
 * Where the learning rate lives in training code, and the edit that writes a new one there: the `lr=` /
 * `learning_rate=` argument, OneCycleLR's `max_lr` (which replaces the optimizer's lr), or the value a Keras or
 * optax schedule is anchored on — through a constant when the argument names one (`LR = 3e-4` is edited, not the
 * call). A schedule written with several absolute values (a warmup's start and peak, an end value, piecewise values)
 * has every one of them scaled by the same factor, so that the code after the edit runs exactly the schedule the
 * lab simulated at the new η.
 */
import { evaluate, numberOf, resolveName } from './constants';
import type { PyExpr, PythonModule } from './pythonSyntax';
import type { ArgumentReading, RecognisedCall, RecognisedOptimizer, RecognisedSchedule } from './types';

/** Where one learning-rate value is written. */
export type WriteTarget =
  /** Replace this text (a literal, an expression, or a constant's value), which now stands for `value`, with the new number. */
  | { readonly kind: 'replace'; readonly start: number; readonly end: number; readonly value: number; readonly style: NumberStyle; readonly constant: string | null }
  /** The argument is left to its default: add `keyword=value` to the call. */
  | { readonly kind: 'insert'; readonly offset: number; readonly keyword: string; readonly separator: string }
  /** The value is not written in this file (`args.lr`), or not as a number. */
  | { readonly kind: 'unwritable'; readonly text: string };

/** How the number was written, kept when it is rewritten: 3e-4 stays in exponent form, 0.001 in decimals. */
export type NumberStyle = 'exponent' | 'decimal';

export interface LearningRateValue {
  readonly call: string;
  readonly parameter: string;
  /** True for the value that is the run's η itself; the others scale with it. */
  readonly anchor: boolean;
  readonly target: WriteTarget;
  /** 1-based line of what the edit changes. */
  readonly line: number;
}

/** The learning-rate values of a recognised optimizer, anchor first. Empty when the learning rate is not in the file. */
export function learningRateValues(module: PythonModule, recognised: Omit<RecognisedOptimizer, 'learningRate'>): LearningRateValue[] {
  const { optimizer, schedule } = recognised;
  const found: LearningRateValue[] = [];
  const add = (call: RecognisedCall, parameter: string, anchor: boolean): void => {
    const reading = call.arguments.get(parameter);
    if (!reading) return;
    // Of a list of values (PiecewiseConstantDecay's), the first is the anchor and the rest scale with it.
    targetsOf(module, call, parameter, reading).forEach((target, index) => {
      found.push({ call: call.signature.name, parameter, anchor: anchor && index === 0, target: target.target, line: target.line });
    });
  };
  if (!schedule || schedule.signature.framework === 'pytorch') {
    if (schedule?.signature.id === 'pytorch.OneCycleLR') add(schedule, 'max_lr', true);
    else add(optimizer, optimizer.signature.framework === 'pytorch' ? 'lr' : 'learning_rate', true);
    return found;
  }
  for (const [parameter, anchor] of scaledParameters(schedule)) add(schedule, parameter, anchor);
  return found;
}

/** A schedule's absolute values, and which one is its anchor (see optaxScheduleAnchor, kerasScheduleAnchor). */
function scaledParameters(schedule: RecognisedSchedule): [string, boolean][] {
  const isNone = (parameter: string): boolean => {
    const reading = schedule.arguments.get(parameter);
    return reading?.state === 'value' && reading.value.type === 'none';
  };
  const isZero = (parameter: string): boolean => {
    const reading = schedule.arguments.get(parameter);
    return reading?.state === 'value' && (reading.value.type === 'int' || reading.value.type === 'float') && reading.value.value === 0;
  };
  switch (schedule.signature.id) {
    case 'keras.ExponentialDecay':
      return [['initial_learning_rate', true]];
    case 'keras.CosineDecay':
      return isNone('warmup_target') ? [['initial_learning_rate', true]] : [['warmup_target', true], ['initial_learning_rate', false]];
    case 'keras.PiecewiseConstantDecay':
      return [['values', true]];
    case 'optax.exponential_decay':
      return [['init_value', true], ['end_value', false]];
    case 'optax.cosine_decay_schedule':
    case 'optax.piecewise_constant_schedule':
      return [['init_value', true]];
    case 'optax.warmup_cosine_decay_schedule':
      return [['peak_value', true], ['init_value', false], ['end_value', false]];
    case 'optax.linear_schedule':
    case 'optax.polynomial_schedule':
      return isZero('init_value') ? [['end_value', true]] : [['init_value', true], ['end_value', false]];
    case 'optax.constant_schedule':
      return [['value', true]];
    case 'optax.cosine_onecycle_schedule':
      return [['peak_value', true]];
    default:
      return [];
  }
}

function targetsOf(module: PythonModule, call: RecognisedCall, parameter: string, reading: ArgumentReading): { target: WriteTarget; line: number }[] {
  if (reading.state === 'schedule') return [];
  const { expr } = reading;
  if (expr === null) {
    if (reading.state === 'unknown') return [{ target: { kind: 'unwritable', text: parameter }, line: call.line }];
    // Left to its default: None (an absent end value) is not a learning rate; a number is, and is added.
    if (reading.value.type !== 'int' && reading.value.type !== 'float') return [];
    const { argumentsSpan } = call;
    const inside = module.source.slice(argumentsSpan.start + 1, argumentsSpan.end - 1);
    const trimmed = inside.replace(/\s+$/, '');
    const separator = trimmed === '' || trimmed.endsWith(',') ? (trimmed.endsWith(',') ? ' ' : '') : ', ';
    return [{ target: { kind: 'insert', offset: argumentsSpan.start + 1 + trimmed.length, keyword: parameter, separator }, line: argumentsSpan.endLine + 1 }];
  }
  if (reading.state === 'value' && reading.value.type === 'none') return [];
  if (expr.kind === 'list' || expr.kind === 'tuple') {
    return expr.items.flatMap((item) => [targetOfExpr(module, item, call.scope)]);
  }
  return [targetOfExpr(module, expr, call.scope)];
}

/** The text to replace for one value: the literal, or what a constant it names is assigned. */
function targetOfExpr(module: PythonModule, expr: PyExpr, scope: number, hops = 0): { target: WriteTarget; line: number } {
  const text = module.source.slice(expr.span.start, expr.span.end);
  const value = numberOf(evaluate(module, expr, scope));
  if (value === null) return { target: { kind: 'unwritable', text }, line: expr.span.line + 1 };
  if (expr.kind === 'name' && hops < 8) {
    const resolution = resolveName(module, expr.name, scope);
    if (resolution.kind === 'assignment') {
      const inner = targetOfExpr(module, resolution.binding.value(), resolution.binding.scope, hops + 1);
      if (inner.target.kind === 'replace') return { target: { ...inner.target, constant: inner.target.constant ?? expr.name }, line: inner.line };
      return inner;
    }
  }
  const style = /[eE]/.test(text) && !/^0[xX]/.test(text) ? 'exponent' : 'decimal';
  return { target: { kind: 'replace', start: expr.span.start, end: expr.span.end, value, style, constant: null }, line: expr.span.line + 1 };
}

/** One text edit: replace [start, end) with `text` (an insertion when start = end). */
export interface CodeEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type LearningRateEdits =
  | { readonly ok: true; readonly edits: readonly CodeEdit[]; readonly values: readonly LearningRateValue[] }
  | { readonly ok: false; readonly why: 'not-in-file'; readonly text: string }
  | { readonly ok: false; readonly why: 'no-learning-rate' };

/**
 * The edits that make the code's learning rate `to`, where it is now `from` (the η read from the code): the anchor
 * becomes `to` exactly as written, the schedule's other absolute values scale by to/from. Every value must be
 * writable, or no edit is made (a half-scaled schedule would be neither the code's nor the lab's).
 */
export function learningRateEdits(values: readonly LearningRateValue[], from: number, to: number): LearningRateEdits {
  if (values.length === 0) return { ok: false, why: 'no-learning-rate' };
  const unwritable = values.find((value) => value.target.kind === 'unwritable');
  if (unwritable && unwritable.target.kind === 'unwritable') return { ok: false, why: 'not-in-file', text: unwritable.target.text };
  const edits = new Map<string, CodeEdit>();
  for (const value of values) {
    const { target } = value;
    if (target.kind === 'unwritable') continue;
    if (target.kind === 'insert') {
      // Only an argument left to its default is inserted, and only the anchor's default is a learning rate to set.
      if (!value.anchor) continue;
      edits.set(`${target.offset}:${target.offset}`, { start: target.offset, end: target.offset, text: `${target.separator}${target.keyword}=${pythonNumberText(to, 'decimal')}` });
      continue;
    }
    // The others keep their ratio to η; an expression (`1e-3 * 4`) is rewritten as the number it now stands for.
    if (!value.anchor && target.value === 0) continue;
    const next = value.anchor ? to : roundScaled(target.value * (to / from));
    edits.set(`${target.start}:${target.end}`, { start: target.start, end: target.end, text: pythonNumberText(next, target.style) });
  }
  return { ok: true, edits: [...edits.values()].sort((a, b) => a.start - b.start), values };
}

/** A scaled value rounded to 12 significant digits: 0.1 × 3 is 0.3 in the code, not 0.30000000000000004. */
function roundScaled(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * A learning rate as Python source: always a float (Keras refuses an int learning_rate), in exponent form when the
 * code wrote it so (3e-4 → 1e-3) or when it is tiny, else in decimals (0.001).
 */
export function pythonNumberText(value: number, style: NumberStyle): string {
  if (style === 'exponent' || (value !== 0 && Math.abs(value) < 1e-4)) {
    const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
    return `${mantissa}e${exponent.replace('+', '')}`;
  }
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}
