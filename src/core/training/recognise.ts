/**
 * Finds the optimizer constructions in a Python module and what drives them: the arguments bound to each
 * framework's signature (defaults filled), the PyTorch scheduler built on the optimizer later in the file, the
 * Keras or optax schedule passed as its learning rate, optax.chain's pieces. Reads the syntax only.
 */
import { evaluate, qualifiedName, resolveName, pyValueText, samePyValue } from './constants';
import { learningRateValues } from './learningRateInCode';
import type { CallSite, PyCall, PyExpr, PythonModule, Span } from './pythonSyntax';
import {
  REQUIRED,
  isKnownConstructor,
  signatureOf,
  unsimulatedConstructor,
  type ConstructorSignature,
  type ParameterSpec,
} from './signatures';
import type { ArgumentReading, ChainPiece, RecognisedCall, RecognisedOptimizer, RecognisedSchedule, Refusal, UnknownArgument } from './types';

/** Parameters that take a schedule in place of a number: Keras' and optax's learning rate. */
const SCHEDULE_PARAMETERS: ReadonlySet<string> = new Set(['keras.learning_rate', 'optax.learning_rate']);

/** A call resolved to a constructor, with the call whose arguments it takes (the outer one of inject_hyperparams(…)(…)). */
interface ResolvedCall {
  readonly signature: ConstructorSignature;
  readonly call: PyCall;
}

export function recogniseOptimizers(module: PythonModule): RecognisedOptimizer[] {
  const reader = new Reader(module);
  return reader.optimizers();
}

class Reader {
  constructor(private readonly module: PythonModule) {}

  optimizers(): RecognisedOptimizer[] {
    const { module } = this;
    const sites = module.calls.map((site) => ({ site, resolved: this.resolve(site.call, site.scope) }));
    // Optimizers inside optax.chain(…) are read with their chain, not on their own.
    const chained = new Set<number>();
    for (const { site, resolved } of sites) {
      if (resolved?.signature.role !== 'chain') continue;
      for (const piece of site.call.positional) {
        const call = this.callBehind(piece, site.scope);
        if (call) chained.add(call.call.span.start);
      }
    }
    this.schedulerSites = sites.filter(({ resolved, site }) => resolved?.signature.role === 'scheduler' || this.unsimulated(site.call, site.scope)?.role === 'scheduler');
    this.optimizerSites = sites
      .filter(({ resolved }) => resolved?.signature.role === 'optimizer' || resolved?.signature.role === 'chain')
      .map(({ site }) => ({ span: site.call.span, variable: site.assignedTo }));
    const found: RecognisedOptimizer[] = [];
    for (const { site, resolved } of sites) {
      if (!resolved) continue;
      const { signature } = resolved;
      if (signature.role === 'optimizer' && !chained.has(site.call.span.start)) {
        found.push(this.optimizer(resolved, site.scope, site.assignedTo, null, site.call.span));
      } else if (signature.role === 'chain') {
        const chain = this.chain(site.call, site.scope, site.assignedTo);
        if (chain) found.push(chain);
      }
    }
    return found.sort((a, b) => a.span.start - b.span.start);
  }

  private schedulerSites: readonly { site: CallSite; resolved: ResolvedCall | null }[] = [];
  private optimizerSites: readonly { span: Span; variable: string | null }[] = [];

  /** The constructor a call constructs, looking through optax.inject_hyperparams(alias)(…). */
  private resolve(call: PyCall, scope: number): ResolvedCall | null {
    const qualified = qualifiedName(this.module, call.callee, scope, isKnownConstructor);
    if (qualified !== null) {
      const signature = signatureOf(qualified);
      return signature && signature.role !== 'wrapper' ? { signature, call } : null;
    }
    if (call.callee.kind === 'call') {
      const wrapper = call.callee;
      const wrapperName = qualifiedName(this.module, wrapper.callee, scope, isKnownConstructor);
      const inner = wrapper.positional[0];
      if (wrapperName === null || signatureOf(wrapperName)?.role !== 'wrapper' || !inner) return null;
      const innerName = qualifiedName(this.module, inner, scope, isKnownConstructor);
      const signature = innerName === null ? undefined : signatureOf(innerName);
      return signature?.role === 'optimizer' ? { signature, call } : null;
    }
    return null;
  }

  private unsimulated(call: PyCall, scope: number): ReturnType<typeof unsimulatedConstructor> {
    const qualified = qualifiedName(this.module, call.callee, scope, isKnownConstructor);
    return qualified === null ? undefined : unsimulatedConstructor(qualified);
  }

  /** The call an expression is, or stands for through a name bound once (`tx = optax.adamw(…)` then `tx`). */
  private callBehind(expr: PyExpr, scope: number): { call: PyCall; scope: number } | null {
    if (expr.kind === 'call') return { call: expr, scope };
    if (expr.kind !== 'name') return null;
    const resolution = resolveName(this.module, expr.name, scope);
    if (resolution.kind !== 'assignment') return null;
    const value = resolution.binding.value();
    return value.kind === 'call' ? { call: value, scope: resolution.binding.scope } : null;
  }

  private optimizer(
    resolved: ResolvedCall,
    scope: number,
    variable: string | null,
    chain: ChainPiece[] | null,
    span: Span,
    extraRefusals: Refusal[] = [],
  ): RecognisedOptimizer {
    const refused: Refusal[] = [...extraRefusals];
    const optimizer = this.readCall(resolved, scope, refused);
    let schedule: RecognisedSchedule | null = null;
    const framework = resolved.signature.framework;
    if (framework === 'pytorch') {
      schedule = variable === null ? null : this.torchScheduler(variable, span, refused);
    } else {
      const learningRate = optimizer.arguments.get('learning_rate');
      if (learningRate?.state === 'schedule') schedule = learningRate.schedule;
    }
    const recognised = { line: span.line + 1, span, framework, variable, optimizer, chain, schedule, unknown: unknownArguments(optimizer, schedule), refused };
    return { ...recognised, learningRate: learningRateValues(this.module, recognised) };
  }

  /** optax.chain(…): one optimizer, and add_decayed_weights before it (the L2 rule). Null when no optimizer is in it. */
  private chain(call: PyCall, scope: number, variable: string | null): RecognisedOptimizer | null {
    const refused: Refusal[] = [];
    const pieces: ChainPiece[] = [];
    let optimizer: { resolved: ResolvedCall; scope: number } | null = null;
    let optimizers = 0;
    for (const piece of call.positional) {
      const behind = this.callBehind(piece, scope);
      const resolved = behind ? this.resolve(behind.call, behind.scope) : null;
      if (behind && resolved?.signature.role === 'optimizer') {
        optimizers += 1;
        optimizer ??= { resolved, scope: behind.scope };
        pieces.push({ kind: 'optimizer' });
      } else if (behind && resolved?.signature.id === 'optax.add_decayed_weights') {
        pieces.push({ kind: 'add_decayed_weights', call: this.readCall(resolved, behind.scope, refused) });
      } else {
        const name = behind ? this.module.source.slice(behind.call.callee.span.start, behind.call.callee.span.end) : this.textOf(piece);
        pieces.push({ kind: 'other', name });
        refused.push({ why: 'chain-piece', name });
      }
    }
    for (const splat of call.splats) refused.push({ why: 'splat', call: 'chain', text: splat });
    if (optimizer === null) return null;
    if (optimizers !== 1) refused.push({ why: 'chain-optimizers', count: optimizers });
    const decays = pieces.filter((piece) => piece.kind === 'add_decayed_weights');
    const optimizerIndex = pieces.findIndex((piece) => piece.kind === 'optimizer');
    if (decays.length > 1) refused.push({ why: 'chain-decay', placement: 'repeated' });
    else if (decays.length === 1 && optimizerIndex !== -1 && pieces.indexOf(decays[0]!) > optimizerIndex) refused.push({ why: 'chain-decay', placement: 'after-optimizer' });
    else if (decays.length === 1 && optimizer.resolved.signature.id === 'optax.adamw') refused.push({ why: 'chain-decay', placement: 'around-adamw' });
    return this.optimizer(optimizer.resolved, optimizer.scope, variable, pieces, call.span, refused);
  }

  /**
   * The PyTorch scheduler built on `variable` after the optimizer: SequentialLR when one wraps the others, the one
   * scheduler when there is one; several unwrapped ones are refused (which steps is up to the training loop).
   */
  private torchScheduler(variable: string, span: Span, refused: Refusal[]): RecognisedSchedule | null {
    const attached = this.schedulerSites.filter(({ site }) => {
      if (site.call.span.start < span.end) return false;
      const target = site.call.positional[0] ?? site.call.keywords.find((keyword) => keyword.name === 'optimizer')?.value;
      if (!target || normalize(this.textOf(target)) !== normalize(variable)) return false;
      if (target.kind === 'name') {
        // The name, read where the scheduler is built, must be this optimizer.
        const resolution = resolveName(this.module, target.name, site.scope);
        if (resolution.kind === 'assignment') return resolution.binding.valueSpan.start === span.start;
      }
      // `self.optimizer`, or a name bound more than once: the nearest optimizer above with that target.
      return !this.optimizerSites.some(
        (other) => other.variable !== null && normalize(other.variable) === normalize(variable) && other.span.start > span.start && other.span.start < site.call.span.start,
      );
    });
    if (attached.length === 0) return null;
    // Schedulers SequentialLR chains are read as its children, not as schedulers of their own.
    const children = new Set<number>();
    for (const { site, resolved } of attached) {
      if (resolved?.signature.id !== 'pytorch.SequentialLR') continue;
      const list = this.argumentExpr(resolved, 'schedulers');
      if (list?.kind !== 'list' && list?.kind !== 'tuple') continue;
      for (const item of list.items) {
        const behind = this.callBehind(item, site.scope);
        if (behind) children.add(behind.call.span.start);
      }
    }
    const top = attached.filter(({ site }) => !children.has(site.call.span.start));
    if (top.length > 1) {
      refused.push({ why: 'several-schedulers', lines: top.map(({ site }) => site.call.span.line + 1) });
      return null;
    }
    const [{ site, resolved }] = top as [(typeof top)[number]];
    if (!resolved) {
      refused.push({ why: 'unsimulated-schedule', name: this.unsimulated(site.call, site.scope)?.name ?? this.textOf(site.call.callee), line: site.call.span.line + 1 });
      return null;
    }
    return this.readSchedule(resolved, site.scope, refused);
  }

  /** The expression given for a parameter (by position or keyword), or undefined. */
  private argumentExpr(resolved: ResolvedCall, name: string): PyExpr | undefined {
    const { signature, call } = resolved;
    const keyword = call.keywords.find((argument) => argument.name === name);
    if (keyword) return keyword.value;
    const order = [...signature.leading, ...signature.parameters.filter((p) => !p.keywordOnly).map((p) => p.name)];
    const index = order.indexOf(name);
    return index === -1 ? undefined : call.positional[index];
  }

  private readSchedule(resolved: ResolvedCall, scope: number, refused: Refusal[]): RecognisedSchedule {
    const read = this.readCall(resolved, scope, refused);
    const children: RecognisedSchedule[] = [];
    if (resolved.signature.id === 'pytorch.SequentialLR') {
      const list = this.argumentExpr(resolved, 'schedulers');
      for (const item of list?.kind === 'list' || list?.kind === 'tuple' ? list.items : []) {
        const behind = this.callBehind(item, scope);
        const child = behind ? this.resolve(behind.call, behind.scope) : null;
        if (behind && child?.signature.role === 'scheduler' && child.signature.id !== 'pytorch.SequentialLR') {
          children.push(this.readSchedule(child, behind.scope, refused));
        } else {
          const name = behind ? this.unsimulated(behind.call, behind.scope)?.name ?? this.textOf(behind.call.callee) : this.textOf(item);
          refused.push({ why: 'unsimulated-schedule', name, line: (behind?.call.span.line ?? item.span.line) + 1 });
        }
      }
    }
    return { ...read, children };
  }

  /** Binds a call's arguments to the signature and reads their values. */
  private readCall(resolved: ResolvedCall, scope: number, refused: Refusal[]): RecognisedCall {
    const { signature, call } = resolved;
    const given = new Map<string, PyExpr>();
    const name = signature.name;
    const order = [...signature.leading, ...signature.parameters.filter((p) => !p.keywordOnly).map((p) => p.name)];
    call.positional.forEach((expr, index) => {
      if (index < order.length) given.set(order[index]!, expr);
      else refused.push({ why: 'unexpected-argument', call: name, argument: `positional argument ${index + 1}` });
    });
    const known = new Set([...signature.leading, ...signature.parameters.map((p) => p.name)]);
    for (const keyword of call.keywords) {
      // Keras still accepts and ignores `decay` (base_optimizer.py:85-88).
      if (signature.framework === 'keras' && signature.role === 'optimizer' && keyword.name === 'decay') continue;
      if (!known.has(keyword.name) || given.has(keyword.name)) refused.push({ why: 'unexpected-argument', call: name, argument: keyword.name });
      else given.set(keyword.name, keyword.value);
    }
    for (const splat of call.splats) refused.push({ why: 'splat', call: name, text: splat });

    const readings = new Map<string, ArgumentReading>();
    for (const parameter of signature.parameters) {
      const reading = this.readArgument(signature, parameter, given.get(parameter.name), scope, refused);
      readings.set(parameter.name, reading);
      if (parameter.unsupportedUnlessDefault && reading.state === 'value' && parameter.default !== REQUIRED && !samePyValue(reading.value, parameter.default)) {
        refused.push({ why: 'unsupported-argument', call: name, argument: parameter.name, value: pyValueText(reading.value), feature: parameter.unsupportedUnlessDefault });
      }
    }
    return { signature, span: call.span, line: call.span.line + 1, arguments: readings, argumentsSpan: call.argumentsSpan, scope };
  }

  private readArgument(signature: ConstructorSignature, parameter: ParameterSpec, expr: PyExpr | undefined, scope: number, refused: Refusal[]): ArgumentReading {
    if (expr === undefined) {
      return parameter.default === REQUIRED ? { state: 'unknown', reason: { why: 'required' }, expr: null } : { state: 'value', value: parameter.default, expr: null };
    }
    if (signature.id === 'pytorch.SequentialLR' && parameter.name === 'schedulers') {
      // The schedulers themselves are read as children; the argument lists their names.
      const items = expr.kind === 'list' || expr.kind === 'tuple' ? expr.items : [];
      return { state: 'value', value: { type: 'list', items: items.map((item) => ({ type: 'str', value: this.textOf(item) })) }, expr };
    }
    if (SCHEDULE_PARAMETERS.has(`${signature.framework}.${parameter.name}`)) {
      const behind = this.callBehind(expr, scope);
      if (behind) {
        const resolved = this.resolve(behind.call, behind.scope);
        if (resolved?.signature.role === 'schedule') return { state: 'schedule', schedule: this.readSchedule(resolved, behind.scope, refused), expr };
        const unsimulated = this.unsimulated(behind.call, behind.scope);
        if (unsimulated) {
          refused.push({ why: 'unsimulated-schedule', name: unsimulated.name, line: behind.call.span.line + 1 });
          return { state: 'unknown', reason: { why: 'not-constant', text: this.textOf(expr) }, expr };
        }
      }
      if (expr.kind === 'other' && /^lambda\b/.test(expr.text)) {
        refused.push({ why: 'unknown-schedule', text: expr.text });
      }
    }
    const evaluation = evaluate(this.module, expr, scope);
    return evaluation.ok ? { state: 'value', value: evaluation.value, expr } : { state: 'unknown', reason: evaluation.reason, expr };
  }

  private textOf(expr: { span: Span }): string {
    return this.module.source.slice(expr.span.start, expr.span.end);
  }
}

/** The unknown arguments of the optimizer and its schedule (inert ones aside), qualified only where names clash. */
function unknownArguments(optimizer: RecognisedCall, schedule: RecognisedSchedule | null): UnknownArgument[] {
  const unknown: Omit<UnknownArgument, 'name'>[] = [];
  const collect = (call: RecognisedCall): void => {
    for (const parameter of call.signature.parameters) {
      const reading = call.arguments.get(parameter.name);
      if (reading?.state === 'unknown' && !parameter.inert) unknown.push({ call: call.signature.name, parameter: parameter.name, reason: reading.reason });
    }
  };
  const collectSchedule = (s: RecognisedSchedule): void => {
    collect(s);
    s.children.forEach(collectSchedule);
  };
  collect(optimizer);
  if (schedule) collectSchedule(schedule);
  const counts = new Map<string, number>();
  for (const u of unknown) counts.set(u.parameter, (counts.get(u.parameter) ?? 0) + 1);
  return unknown.map((u) => ({ ...u, name: (counts.get(u.parameter) ?? 0) > 1 ? `${u.call}.${u.parameter}` : u.parameter }));
}

function normalize(text: string): string {
  return text.replace(/\s+/g, '');
}
