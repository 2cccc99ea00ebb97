/**
 * The values of arguments in training code, as far as they can be read without running anything: literals, names
 * bound once to a constant in the file (`LR = 3e-4`), and simple arithmetic on them (`1e-3 * 4`, `10_000`,
 * `float(MAX_LR) / 25`). Anything else — `args.lr`, `config["lr"]`, a parameter, a name assigned twice — is
 * unknown, with the reason, so that it is asked for rather than guessed.
 */
import type { NameBinding, OtherBinding, PyExpr, PythonModule } from './pythonSyntax';

/** A Python value the reader can hold. Ints and floats stay apart: Keras refuses an int learning rate. */
export type PyValue =
  | { readonly type: 'int' | 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'none' }
  | { readonly type: 'tuple' | 'list'; readonly items: readonly PyValue[] }
  | { readonly type: 'dict'; readonly entries: readonly (readonly [PyValue, PyValue])[] };

/** Why a value cannot be read from the file. */
export type UnknownReason =
  /** An expression that is not a constant: `args.lr`, `cfg["lr"]`, `get_lr()`. */
  | { readonly why: 'not-constant'; readonly text: string }
  /** A parameter of the enclosing function: its caller decides (its default, when it has one, is a hint). */
  | { readonly why: 'parameter'; readonly name: string; readonly function: string; readonly defaultValue: number | null }
  /** Bound more than once in its scope: which value applies depends on the run. */
  | { readonly why: 'reassigned'; readonly name: string; readonly lines: readonly number[] }
  /** Bound by a loop, an augmented assignment, `with … as`, …. */
  | { readonly why: 'bound-otherwise'; readonly name: string; readonly how: OtherBinding; readonly line: number }
  /** Imported from another module. */
  | { readonly why: 'imported'; readonly name: string; readonly from: string }
  /** Not bound in this file at all. */
  | { readonly why: 'undefined'; readonly name: string }
  /** The framework requires the argument and the code leaves it out (torch 1.13's SGD lr, optax's learning_rate). */
  | { readonly why: 'required' }
  /** `*args` or `**kwargs` in the call: values the reader cannot see. */
  | { readonly why: 'splat'; readonly text: string }
  /** Arithmetic Python would refuse (a division by zero). */
  | { readonly why: 'arithmetic'; readonly text: string };

export type Evaluation = { readonly ok: true; readonly value: PyValue } | { readonly ok: false; readonly reason: UnknownReason };

/** What a name means at a place in the file. */
export type Resolution =
  | { readonly kind: 'assignment'; readonly binding: Extract<NameBinding, { kind: 'assignment' }> }
  | { readonly kind: 'import'; readonly qualified: string }
  /** Not bound in the file, but `from m import *` of these modules may bind it. */
  | { readonly kind: 'star'; readonly modules: readonly string[] }
  | { readonly kind: 'unknown'; readonly reason: UnknownReason };

/** Names bound through more than this many hops (`A = B`, `B = C`, …) are unknown: a cycle cannot loop forever. */
const MAX_HOPS = 32;

/**
 * What `name` is bound to when read in `scope`: the innermost scope that binds it decides (class bodies only for
 * code directly in them, as Python resolves names). A single assignment there is followed; anything else is
 * unknown, with the reason.
 */
export function resolveName(module: PythonModule, name: string, scope: number): Resolution {
  const all = module.bindings.get(name) ?? [];
  for (let current: number | null = scope, first = true; current !== null; current = module.scopes[current]!.parent, first = false) {
    const here = module.scopes[current]!;
    if (here.kind === 'class' && !first) continue;
    const bindings = all.filter((binding) => binding.scope === current);
    if (bindings.length === 0) continue;
    const imports = bindings.filter((binding): binding is Extract<NameBinding, { kind: 'import' }> => binding.kind === 'import');
    if (imports.length === bindings.length && imports.every((binding) => binding.qualified === imports[0]!.qualified)) {
      return { kind: 'import', qualified: imports[0]!.qualified };
    }
    if (bindings.length > 1) return { kind: 'unknown', reason: { why: 'reassigned', name, lines: bindings.map((binding) => binding.line + 1) } };
    const binding = bindings[0]!;
    switch (binding.kind) {
      case 'assignment':
        return { kind: 'assignment', binding };
      case 'parameter': {
        const defaultValue = binding.defaultValue === null ? null : numberOf(evaluate(module, binding.defaultValue(), current));
        return { kind: 'unknown', reason: { why: 'parameter', name, function: binding.function, defaultValue } };
      }
      case 'other':
        return { kind: 'unknown', reason: { why: 'bound-otherwise', name, how: binding.how, line: binding.line + 1 } };
      case 'import':
        return { kind: 'import', qualified: binding.qualified };
    }
  }
  const stars = module.starImports.map((star) => star.module);
  return stars.length > 0 ? { kind: 'star', modules: stars } : { kind: 'unknown', reason: { why: 'undefined', name } };
}

/**
 * The dotted name an expression stands for, through imports and aliases (`optim.Adam` after `from torch import
 * optim` is `torch.optim.Adam`); `isKnown` picks among the modules of star imports. Null when it is not a name.
 */
export function qualifiedName(module: PythonModule, expr: PyExpr, scope: number, isKnown: (qualified: string) => boolean, hops = 0): string | null {
  if (hops > MAX_HOPS) return null;
  if (expr.kind === 'attribute') {
    const object = qualifiedName(module, expr.object, scope, isKnown, hops + 1);
    return object === null ? null : `${object}.${expr.name}`;
  }
  if (expr.kind !== 'name') return null;
  const resolution = resolveName(module, expr.name, scope);
  switch (resolution.kind) {
    case 'import':
      return resolution.qualified;
    case 'assignment': {
      // `O = torch.optim` or `Opt = optax.adamw`: an alias by assignment.
      const value = resolution.binding.value();
      return value.kind === 'name' || value.kind === 'attribute' ? qualifiedName(module, value, resolution.binding.scope, isKnown, hops + 1) : null;
    }
    case 'star':
      return resolution.modules.map((m) => `${m}.${expr.name}`).find(isKnown) ?? null;
    case 'unknown':
      return null;
  }
}

/** The value of `expr` read in `scope`, or why it cannot be read. */
export function evaluate(module: PythonModule, expr: PyExpr, scope: number, hops = 0): Evaluation {
  const unknown = (reason: UnknownReason): Evaluation => ({ ok: false, reason });
  const notConstant = (): Evaluation => unknown({ why: 'not-constant', text: module.source.slice(expr.span.start, expr.span.end) });
  switch (expr.kind) {
    case 'int':
    case 'float':
      return { ok: true, value: { type: expr.kind, value: expr.value } };
    case 'str':
    case 'bool':
      return { ok: true, value: { type: expr.kind, value: expr.value } as PyValue };
    case 'none':
      return { ok: true, value: { type: 'none' } };
    case 'tuple':
    case 'list': {
      const items: PyValue[] = [];
      for (const item of expr.items) {
        const evaluated = evaluate(module, item, scope, hops);
        if (!evaluated.ok) return evaluated;
        items.push(evaluated.value);
      }
      return { ok: true, value: { type: expr.kind, items } };
    }
    case 'dict': {
      const entries: (readonly [PyValue, PyValue])[] = [];
      for (const [keyExpr, valueExpr] of expr.entries) {
        const key = evaluate(module, keyExpr, scope, hops);
        if (!key.ok) return key;
        const value = evaluate(module, valueExpr, scope, hops);
        if (!value.ok) return value;
        entries.push([key.value, value.value]);
      }
      return { ok: true, value: { type: 'dict', entries } };
    }
    case 'name': {
      if (hops > MAX_HOPS) return notConstant();
      const resolution = resolveName(module, expr.name, scope);
      switch (resolution.kind) {
        case 'assignment':
          return evaluate(module, resolution.binding.value(), resolution.binding.scope, hops + 1);
        case 'import':
          return unknown({ why: 'imported', name: expr.name, from: resolution.qualified });
        case 'star':
          return unknown({ why: 'imported', name: expr.name, from: `${resolution.modules[0]}.*` });
        case 'unknown':
          return unknown(resolution.reason);
      }
      break;
    }
    case 'unary': {
      const operand = evaluate(module, expr.operand, scope, hops);
      if (!operand.ok) return operand;
      const value = operand.value;
      if ((value.type === 'int' || value.type === 'float') && (expr.operator === '-' || expr.operator === '+')) {
        return { ok: true, value: { type: value.type, value: expr.operator === '-' ? -value.value : value.value } };
      }
      return notConstant();
    }
    case 'binary': {
      const left = evaluate(module, expr.left, scope, hops);
      if (!left.ok) return left;
      const right = evaluate(module, expr.right, scope, hops);
      if (!right.ok) return right;
      const result = arithmetic(expr.operator, left.value, right.value);
      if (result === 'division-by-zero') return unknown({ why: 'arithmetic', text: module.source.slice(expr.span.start, expr.span.end) });
      return result === null ? notConstant() : { ok: true, value: result };
    }
    case 'call': {
      // float(x) and int(x) of a constant, when the file does not rebind float or int.
      if (expr.callee.kind !== 'name' || (expr.callee.name !== 'float' && expr.callee.name !== 'int')) return notConstant();
      if (module.bindings.has(expr.callee.name) || expr.positional.length !== 1 || expr.keywords.length > 0) return notConstant();
      const argument = evaluate(module, expr.positional[0]!, scope, hops);
      if (!argument.ok) return argument;
      const value = argument.value;
      if (value.type !== 'int' && value.type !== 'float') return notConstant();
      return { ok: true, value: expr.callee.name === 'float' ? { type: 'float', value: value.value } : { type: 'int', value: Math.trunc(value.value) } };
    }
    default:
      return notConstant();
  }
}

/** Python's arithmetic on two numbers (ints stay ints where Python keeps them so); null for other operands. */
function arithmetic(operator: string, left: PyValue, right: PyValue): PyValue | null | 'division-by-zero' {
  if ((left.type !== 'int' && left.type !== 'float') || (right.type !== 'int' && right.type !== 'float')) return null;
  const a = left.value;
  const b = right.value;
  const bothInt = left.type === 'int' && right.type === 'int';
  const number = (value: number, integer: boolean): PyValue => ({ type: integer ? 'int' : 'float', value });
  switch (operator) {
    case '+':
      return number(a + b, bothInt);
    case '-':
      return number(a - b, bothInt);
    case '*':
      return number(a * b, bothInt);
    case '/':
      return b === 0 ? 'division-by-zero' : number(a / b, false);
    case '//':
      return b === 0 ? 'division-by-zero' : number(Math.floor(a / b), bothInt);
    case '%':
      return b === 0 ? 'division-by-zero' : number(a - b * Math.floor(a / b), bothInt);
    case '**': {
      // int ** negative int is a float in Python; 0 ** negative raises.
      if (a === 0 && b < 0) return 'division-by-zero';
      return number(a ** b, bothInt && b >= 0);
    }
    default:
      return null;
  }
}

/** Python equality of two values (0 == 0.0 == False aside: numbers compare by value). */
export function samePyValue(a: PyValue, b: PyValue): boolean {
  const isNumber = (v: PyValue): v is Extract<PyValue, { type: 'int' | 'float' }> => v.type === 'int' || v.type === 'float';
  if (isNumber(a) && isNumber(b)) return a.value === b.value;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'bool':
    case 'str':
      return a.value === (b as typeof a).value;
    case 'none':
      return true;
    case 'tuple':
    case 'list': {
      const items = (b as typeof a).items;
      return a.items.length === items.length && a.items.every((item, i) => samePyValue(item, items[i]!));
    }
    case 'dict': {
      const entries = (b as typeof a).entries;
      return a.entries.length === entries.length && a.entries.every(([k, v], i) => samePyValue(k, entries[i]![0]) && samePyValue(v, entries[i]![1]));
    }
    default:
      return false;
  }
}

/** The number in an evaluation, or null. */
export function numberOf(evaluation: Evaluation): number | null {
  return evaluation.ok && (evaluation.value.type === 'int' || evaluation.value.type === 'float') ? evaluation.value.value : null;
}

/** A PyValue as JSON: ints and floats as numbers, None as null, tuples as arrays, dicts as objects keyed by text. */
export function pyValueToJson(value: PyValue): unknown {
  switch (value.type) {
    case 'int':
    case 'float':
    case 'bool':
    case 'str':
      return value.value;
    case 'none':
      return null;
    case 'tuple':
    case 'list':
      return value.items.map(pyValueToJson);
    case 'dict': {
      // Keys come from the file: Object.fromEntries defines each as its own property, so "__proto__" is only data.
      return Object.fromEntries(value.entries.map(([key, entry]) => [String(pyValueToJson(key)), pyValueToJson(entry)]));
    }
  }
}

/** Python's repr of a value, for messages: 3e-4 → 0.0003, True, (0.9, 0.999), 'cos'. */
export function pyValueText(value: PyValue): string {
  switch (value.type) {
    case 'int':
      return String(value.value);
    case 'float':
      return pythonFloatText(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'str':
      return `'${value.value}'`;
    case 'none':
      return 'None';
    case 'tuple':
      return `(${value.items.map(pyValueText).join(', ')}${value.items.length === 1 ? ',' : ''})`;
    case 'list':
      return `[${value.items.map(pyValueText).join(', ')}]`;
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${pyValueText(k)}: ${pyValueText(v)}`).join(', ')}}`;
  }
}

/** A float as Python's repr prints it: always with a point or an exponent (1.0, 0.0003, 1e-05, 1e+16). */
export function pythonFloatText(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // The shortest digits that round-trip, as both JS and Python choose them; Python's switch to an exponent
  // happens below 1e-4 and from 1e16 on.
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}
