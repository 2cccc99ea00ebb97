/**
 * A recognised optimizer (and its schedule) as the optimizer core's RunSettings: the framework's semantics, each
 * hyper-parameter mapped onto the core's names, the learning rate the run scales (the optimizer's, or the value the
 * schedule is anchored on), and the schedule's own length as the default step limit. Values the file leaves unknown
 * come from `answers`; values the framework itself would refuse are refused here with the framework's rule.
 */
import { DEFAULT_MAX_STEPS, DEFAULT_TOLERANCE, type OptimizerSettings, type RunSettings, type ScheduleSettings, type SequentialScheduleSettings } from '../optim/types';
import { runSettingsProblem } from '../optim/settings';
import { pyValueText, samePyValue, type PyValue } from './constants';
import type { FrameworkRule, RecognisedCall, RecognisedOptimizer, RecognisedSchedule, Refusal, UnknownArgument } from './types';

export interface CodeSettingsOptions {
  /** Values for the unknown arguments, by UnknownArgument.name. */
  readonly answers?: ReadonlyMap<string, PyValue>;
  /** The step limit; by default the schedule's own length (OneCycleLR's total_steps, …) or DEFAULT_MAX_STEPS. */
  readonly maxSteps?: number;
  readonly tolerance?: number;
}

export type CodeSettings =
  | {
      readonly ok: true;
      readonly settings: RunSettings;
      /** The schedule's own length when it has one (the default step limit), else null. */
      readonly scheduleSteps: number | null;
    }
  | { readonly ok: false; readonly unknown: readonly UnknownArgument[]; readonly refused: readonly Refusal[] };

/** Thrown inside the translation to stop at the first refusal. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.why);
  }
}

export function runSettingsFromCode(recognised: RecognisedOptimizer, options: CodeSettingsOptions = {}): CodeSettings {
  const answers = options.answers ?? new Map<string, PyValue>();
  const missing = recognised.unknown.filter((unknown) => !answers.has(unknown.name));
  if (missing.length > 0 || recognised.refused.length > 0) return { ok: false, unknown: missing, refused: recognised.refused };
  try {
    const values = new ArgumentValues(recognised, answers);
    checkAnsweredFeatures(recognised, values);
    const framework = recognised.framework;
    const optimizer = optimizerSettings(recognised, values);
    let learningRate = values.learningRate(recognised.optimizer);
    let schedule: ScheduleSettings = { kind: 'constant' };
    if (recognised.schedule) {
      const read = scheduleSettings(recognised.schedule, values, recognised);
      schedule = read.schedule;
      learningRate = read.learningRate ?? learningRate;
    }
    if (learningRate === null) throw new Refused({ why: 'unknown-schedule', text: 'learning rate' });
    if (!(learningRate > 0)) {
      throw new Refused({ why: 'framework-refuses', call: recognised.optimizer.signature.name, argument: 'learning rate', value: String(learningRate), rule: 'out-of-range' });
    }
    const scheduleSteps = naturalLength(schedule);
    const settings: RunSettings = {
      learningRate,
      optimizer,
      schedule,
      maxSteps: options.maxSteps ?? scheduleSteps ?? DEFAULT_MAX_STEPS,
      tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
      framework,
    };
    const problem = runSettingsProblem(settings);
    if (problem !== null) throw new Refused({ why: 'invalid-settings', message: problem });
    return { ok: true, settings, scheduleSteps };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, unknown: [], refused: [error.refusal] };
    throw error;
  }
}

/** The values of a call's arguments: read from the file, or answered. */
class ArgumentValues {
  constructor(
    private readonly recognised: RecognisedOptimizer,
    private readonly answers: ReadonlyMap<string, PyValue>,
  ) {}

  value(call: RecognisedCall, parameter: string): PyValue {
    const reading = call.arguments.get(parameter);
    if (reading?.state === 'value') return reading.value;
    const unknown = this.recognised.unknown.find((u) => u.call === call.signature.name && u.parameter === parameter);
    const answer = unknown ? this.answers.get(unknown.name) : undefined;
    // An answer is a number typed in; the argument it stands for (a learning rate, a factor) is a float.
    if (answer) return answer.type === 'int' ? { type: 'float', value: answer.value } : answer;
    throw new Refused({ why: 'invalid-settings', message: `${call.signature.name}: ${parameter} is unknown` });
  }

  number(call: RecognisedCall, parameter: string, rule: FrameworkRule = 'type'): number {
    const value = this.value(call, parameter);
    if (value.type === 'int' || value.type === 'float') return value.value;
    if (value.type === 'bool') return value.value ? 1 : 0;
    throw refuse(call, parameter, value, rule);
  }

  /** A number, or null for None. */
  optionalNumber(call: RecognisedCall, parameter: string): number | null {
    return this.value(call, parameter).type === 'none' ? null : this.number(call, parameter);
  }

  integer(call: RecognisedCall, parameter: string): number {
    const value = this.number(call, parameter);
    if (!Number.isInteger(value)) throw refuse(call, parameter, this.value(call, parameter), 'type');
    return value;
  }

  boolean(call: RecognisedCall, parameter: string): boolean {
    const value = this.value(call, parameter);
    if (value.type === 'bool') return value.value;
    if (value.type === 'int' || value.type === 'float') return value.value !== 0;
    throw refuse(call, parameter, value, 'type');
  }

  numbers(call: RecognisedCall, parameter: string): number[] {
    const value = this.value(call, parameter);
    if ((value.type === 'list' || value.type === 'tuple') && value.items.every((item) => item.type === 'int' || item.type === 'float')) {
      return value.items.map((item) => (item as { value: number }).value);
    }
    throw refuse(call, parameter, value, 'type');
  }

  /** The optimizer's own learning rate, or null when a schedule stands in its place. */
  learningRate(call: RecognisedCall): number | null {
    const name = call.signature.framework === 'pytorch' ? 'lr' : 'learning_rate';
    if (call.arguments.get(name)?.state === 'schedule') return null;
    const value = this.value(call, name);
    // Keras: "Argument `learning_rate` should be float, or an instance of LearningRateSchedule" (base_optimizer.py:176-183).
    if (call.signature.framework === 'keras' && value.type !== 'float') throw refuse(call, name, value, 'keras-float-learning-rate');
    return this.number(call, name);
  }
}

/** An answered argument that turns on a feature the simulation does not model (clipnorm=args.clip answered 1.0). */
function checkAnsweredFeatures(recognised: RecognisedOptimizer, values: ArgumentValues): void {
  const calls: RecognisedCall[] = [recognised.optimizer];
  const addSchedule = (schedule: RecognisedSchedule): void => {
    calls.push(schedule);
    schedule.children.forEach(addSchedule);
  };
  if (recognised.schedule) addSchedule(recognised.schedule);
  for (const unknown of recognised.unknown) {
    const call = calls.find((c) => c.signature.name === unknown.call);
    const parameter = call?.signature.parameters.find((p) => p.name === unknown.parameter);
    if (!call || !parameter?.unsupportedUnlessDefault || parameter.default === 'required') continue;
    const value = values.value(call, parameter.name);
    if (!samePyValue(value, parameter.default)) {
      throw new Refused({ why: 'unsupported-argument', call: call.signature.name, argument: parameter.name, value: pyValueText(value), feature: parameter.unsupportedUnlessDefault });
    }
  }
}

function refuse(call: RecognisedCall, argument: string, value: PyValue, rule: FrameworkRule): Refused {
  return new Refused({ why: 'framework-refuses', call: call.signature.name, argument, value: pyValueText(value), rule });
}

function optimizerSettings(recognised: RecognisedOptimizer, values: ArgumentValues): OptimizerSettings {
  const call = recognised.optimizer;
  const n = (parameter: string): number => values.number(call, parameter);
  const b = (parameter: string): boolean => values.boolean(call, parameter);
  switch (call.signature.id) {
    case 'pytorch.SGD': {
      const momentum = n('momentum');
      const dampening = n('dampening');
      const weightDecay = n('weight_decay');
      if (b('nesterov')) {
        // torch/optim/sgd.py: "Nesterov momentum requires a momentum and zero dampening".
        if (!(momentum > 0) || dampening !== 0) throw refuse(call, 'nesterov', { type: 'bool', value: true }, 'torch-nesterov-momentum');
        return { kind: 'nesterov', momentum, weightDecay };
      }
      // Momentum 0 with dampening matters only once a scheduler turns momentum on (OneCycleLR).
      if (momentum === 0 && dampening === 0) return { kind: 'gd', weightDecay };
      return { kind: 'momentum', momentum, dampening, weightDecay };
    }
    case 'pytorch.Adam':
    case 'pytorch.AdamW': {
      const [beta1, beta2] = betas(values, call, 'betas');
      return { kind: call.signature.name === 'Adam' ? 'adam' : 'adamw', beta1, beta2, eps: n('eps'), weightDecay: n('weight_decay'), amsgrad: b('amsgrad') };
    }
    case 'pytorch.RMSprop':
      return { kind: 'rmsprop', alpha: n('alpha'), eps: n('eps'), weightDecay: n('weight_decay'), momentum: n('momentum'), centered: b('centered') };
    case 'pytorch.Adagrad':
      return { kind: 'adagrad', lrDecay: n('lr_decay'), weightDecay: n('weight_decay'), initialAccumulatorValue: n('initial_accumulator_value'), eps: n('eps') };
    case 'keras.SGD': {
      const value = values.value(call, 'momentum');
      // sgd.py:71-72: "`momentum` must be a float between [0, 1]".
      if (value.type !== 'float' || value.value < 0 || value.value > 1) throw refuse(call, 'momentum', value, 'keras-momentum-float');
      const weightDecay = kerasWeightDecay(values, call);
      if (value.value === 0) return { kind: 'gd', weightDecay };
      return b('nesterov') ? { kind: 'nesterov', momentum: value.value, weightDecay } : { kind: 'momentum', momentum: value.value, dampening: 0, weightDecay };
    }
    case 'keras.Adam':
    case 'keras.AdamW':
      return {
        kind: call.signature.name === 'Adam' ? 'adam' : 'adamw',
        beta1: n('beta_1'),
        beta2: n('beta_2'),
        eps: n('epsilon'),
        weightDecay: kerasWeightDecay(values, call),
        amsgrad: b('amsgrad'),
      };
    case 'keras.RMSprop':
      return { kind: 'rmsprop', alpha: n('rho'), eps: n('epsilon'), weightDecay: kerasWeightDecay(values, call), momentum: n('momentum'), centered: b('centered') };
    case 'keras.Adagrad':
      return { kind: 'adagrad', lrDecay: 0, weightDecay: kerasWeightDecay(values, call), initialAccumulatorValue: n('initial_accumulator_value'), eps: n('epsilon') };
    case 'optax.sgd': {
      const momentum = values.optionalNumber(call, 'momentum');
      const weightDecay = chainedDecay(recognised, values);
      if (momentum === null || momentum === 0) return { kind: 'gd', weightDecay };
      return b('nesterov') ? { kind: 'nesterov', momentum, weightDecay } : { kind: 'momentum', momentum, dampening: 0, weightDecay };
    }
    case 'optax.adam':
      return { kind: 'adam', beta1: n('b1'), beta2: n('b2'), eps: n('eps'), weightDecay: chainedDecay(recognised, values), amsgrad: false, epsRoot: n('eps_root') };
    case 'optax.adamw': {
      const weightDecay = values.value(call, 'weight_decay');
      if (weightDecay.type !== 'int' && weightDecay.type !== 'float') throw refuse(call, 'weight_decay', weightDecay, 'type');
      return { kind: 'adamw', beta1: n('b1'), beta2: n('b2'), eps: n('eps'), weightDecay: weightDecay.value, amsgrad: false, epsRoot: n('eps_root') };
    }
    case 'optax.rmsprop':
      return {
        kind: 'rmsprop',
        alpha: n('decay'),
        eps: n('eps'),
        weightDecay: chainedDecay(recognised, values),
        momentum: values.optionalNumber(call, 'momentum') ?? 0,
        centered: b('centered'),
        initialScale: n('initial_scale'),
        epsInSqrt: b('eps_in_sqrt'),
        nesterov: b('nesterov'),
      };
    case 'optax.adagrad':
      return { kind: 'adagrad', lrDecay: 0, weightDecay: chainedDecay(recognised, values), initialAccumulatorValue: n('initial_accumulator_value'), eps: n('eps') };
    default:
      throw new Refused({ why: 'invalid-settings', message: `${call.signature.name} is not an optimizer the lab simulates` });
  }
}

function betas(values: ArgumentValues, call: RecognisedCall, parameter: string): [number, number] {
  const pair = values.numbers(call, parameter);
  if (pair.length !== 2) throw refuse(call, parameter, values.value(call, parameter), 'type');
  return [pair[0]!, pair[1]!];
}

/** Keras' `weight_decay`: None is none. */
function kerasWeightDecay(values: ArgumentValues, call: RecognisedCall): number {
  const value = values.value(call, 'weight_decay');
  // adamw.py: "Argument `weight_decay` must be a float. Received: weight_decay=None".
  if (value.type === 'none' && call.signature.name === 'AdamW') throw refuse(call, 'weight_decay', value, 'type');
  return value.type === 'none' ? 0 : values.number(call, 'weight_decay');
}

/** add_decayed_weights(wd) chained before an optax optimizer: the L2 rule's `weightDecay`. */
function chainedDecay(recognised: RecognisedOptimizer, values: ArgumentValues): number {
  const piece = recognised.chain?.find((p) => p.kind === 'add_decayed_weights');
  if (!piece || piece.kind !== 'add_decayed_weights') return 0;
  const value = values.value(piece.call, 'weight_decay');
  if (value.type !== 'int' && value.type !== 'float') throw refuse(piece.call, 'weight_decay', value, 'type');
  return value.value;
}

/** The schedule's settings, and the learning rate the run takes from it (null: the optimizer's own). */
function scheduleSettings(schedule: RecognisedSchedule, values: ArgumentValues, recognised: RecognisedOptimizer): { schedule: ScheduleSettings; learningRate: number | null } {
  const n = (parameter: string): number => values.number(schedule, parameter);
  const int = (parameter: string): number => values.integer(schedule, parameter);
  const b = (parameter: string): boolean => values.boolean(schedule, parameter);
  switch (schedule.signature.id) {
    case 'pytorch.OneCycleLR': {
      const totalSteps = values.optionalNumber(schedule, 'total_steps');
      const epochs = values.optionalNumber(schedule, 'epochs');
      const perEpoch = values.optionalNumber(schedule, 'steps_per_epoch');
      // lr_scheduler.py OneCycleLR: "You must define either total_steps OR (epochs AND steps_per_epoch)".
      const total = totalSteps ?? (epochs !== null && perEpoch !== null ? epochs * perEpoch : null);
      if (total === null || !Number.isInteger(total) || total <= 0) {
        throw refuse(schedule, 'total_steps', values.value(schedule, 'total_steps'), 'onecycle-length');
      }
      const strategy = values.value(schedule, 'anneal_strategy');
      if (strategy.type !== 'str' || (strategy.value !== 'cos' && strategy.value !== 'linear')) throw refuse(schedule, 'anneal_strategy', strategy, 'type');
      const cycleMomentum = b('cycle_momentum');
      if (cycleMomentum && recognised.optimizer.signature.id === 'pytorch.Adagrad') {
        throw refuse(schedule, 'cycle_momentum', { type: 'bool', value: true }, 'onecycle-momentum');
      }
      const maxLr = values.value(schedule, 'max_lr');
      if (maxLr.type !== 'int' && maxLr.type !== 'float') throw refuse(schedule, 'max_lr', maxLr, 'type');
      return {
        // OneCycleLR replaces the optimizer's lr with its own: the run's η is max_lr.
        learningRate: maxLr.value,
        schedule: {
          kind: 'onecycle',
          maxLr: null,
          pctStart: n('pct_start'),
          divFactor: n('div_factor'),
          finalDivFactor: n('final_div_factor'),
          totalSteps: total,
          annealStrategy: strategy.value,
          threePhase: b('three_phase'),
          cycleMomentum,
          baseMomentum: n('base_momentum'),
          maxMomentum: n('max_momentum'),
        },
      };
    }
    case 'pytorch.SequentialLR': {
      const milestones = values.numbers(schedule, 'milestones');
      const schedules = schedule.children.map((child) => sequentialChild(child, values));
      return { learningRate: null, schedule: { kind: 'sequential', schedules, milestones } };
    }
    case 'pytorch.StepLR':
    case 'pytorch.MultiStepLR':
    case 'pytorch.ExponentialLR':
    case 'pytorch.CosineAnnealingLR':
    case 'pytorch.LinearLR':
      return { learningRate: null, schedule: sequentialChild(schedule, values) };
    case 'keras.ExponentialDecay':
      return {
        learningRate: n('initial_learning_rate'),
        schedule: { kind: 'keras-exponential-decay', initialLearningRate: n('initial_learning_rate'), decaySteps: n('decay_steps'), decayRate: n('decay_rate'), staircase: b('staircase') },
      };
    case 'keras.CosineDecay': {
      const warmupTarget = values.optionalNumber(schedule, 'warmup_target');
      const initial = n('initial_learning_rate');
      return {
        learningRate: warmupTarget ?? initial,
        schedule: { kind: 'keras-cosine-decay', initialLearningRate: initial, decaySteps: n('decay_steps'), alpha: n('alpha'), warmupTarget, warmupSteps: n('warmup_steps') },
      };
    }
    case 'keras.PiecewiseConstantDecay': {
      const valuesList = values.numbers(schedule, 'values');
      return { learningRate: valuesList[0] ?? null, schedule: { kind: 'keras-piecewise-constant-decay', boundaries: values.numbers(schedule, 'boundaries'), values: valuesList } };
    }
    case 'optax.exponential_decay':
      return {
        learningRate: n('init_value'),
        schedule: {
          kind: 'optax-exponential-decay',
          initValue: n('init_value'),
          transitionSteps: int('transition_steps'),
          decayRate: n('decay_rate'),
          transitionBegin: int('transition_begin'),
          staircase: b('staircase'),
          endValue: values.optionalNumber(schedule, 'end_value'),
        },
      };
    case 'optax.cosine_decay_schedule':
      return {
        learningRate: n('init_value'),
        schedule: { kind: 'optax-cosine-decay', initValue: n('init_value'), decaySteps: n('decay_steps'), alpha: n('alpha'), exponent: n('exponent') },
      };
    case 'optax.warmup_cosine_decay_schedule':
      return {
        learningRate: n('peak_value'),
        schedule: {
          kind: 'optax-warmup-cosine-decay',
          initValue: n('init_value'),
          peakValue: n('peak_value'),
          warmupSteps: int('warmup_steps'),
          decaySteps: int('decay_steps'),
          endValue: n('end_value'),
          exponent: n('exponent'),
        },
      };
    case 'optax.piecewise_constant_schedule': {
      const table = values.value(schedule, 'boundaries_and_scales');
      const boundariesAndScales: [number, number][] = [];
      if (table.type === 'dict') {
        for (const [key, scale] of table.entries) {
          if ((key.type !== 'int' && key.type !== 'float') || (scale.type !== 'int' && scale.type !== 'float')) throw refuse(schedule, 'boundaries_and_scales', table, 'type');
          boundariesAndScales.push([key.value, scale.value]);
        }
      } else if (table.type !== 'none') {
        throw refuse(schedule, 'boundaries_and_scales', table, 'type');
      }
      return { learningRate: n('init_value'), schedule: { kind: 'optax-piecewise-constant', initValue: n('init_value'), boundariesAndScales } };
    }
    case 'optax.linear_schedule':
    case 'optax.polynomial_schedule': {
      const initValue = n('init_value');
      const endValue = n('end_value');
      const power = schedule.signature.name === 'linear_schedule' ? 1 : n('power');
      return {
        learningRate: initValue > 0 ? initValue : endValue,
        schedule: { kind: 'optax-polynomial', initValue, endValue, power, transitionSteps: int('transition_steps'), transitionBegin: int('transition_begin') },
      };
    }
    case 'optax.constant_schedule':
      return { learningRate: n('value'), schedule: { kind: 'optax-constant', value: n('value') } };
    case 'optax.cosine_onecycle_schedule':
      return {
        learningRate: n('peak_value'),
        schedule: {
          kind: 'optax-cosine-onecycle',
          transitionSteps: int('transition_steps'),
          peakValue: n('peak_value'),
          pctStart: n('pct_start'),
          divFactor: n('div_factor'),
          finalDivFactor: n('final_div_factor'),
        },
      };
    default:
      throw new Refused({ why: 'unsimulated-schedule', name: schedule.signature.name, line: schedule.line });
  }
}

/** A PyTorch scheduler SequentialLR can chain (and the same ones on their own). */
function sequentialChild(schedule: RecognisedSchedule, values: ArgumentValues): SequentialScheduleSettings {
  const n = (parameter: string): number => values.number(schedule, parameter);
  const int = (parameter: string): number => values.integer(schedule, parameter);
  switch (schedule.signature.id) {
    case 'pytorch.StepLR':
      return { kind: 'step', stepSize: int('step_size'), gamma: n('gamma') };
    case 'pytorch.MultiStepLR':
      return { kind: 'multistep', milestones: values.numbers(schedule, 'milestones'), gamma: n('gamma') };
    case 'pytorch.ExponentialLR':
      return { kind: 'exponential', gamma: n('gamma') };
    case 'pytorch.CosineAnnealingLR':
      return { kind: 'cosine', tMax: int('T_max'), minLr: n('eta_min') };
    case 'pytorch.LinearLR':
      return { kind: 'linear', startFactor: n('start_factor'), endFactor: n('end_factor'), totalIters: int('total_iters') };
    default:
      throw new Refused({ why: 'unsimulated-schedule', name: schedule.signature.name, line: schedule.line });
  }
}

/** The number of steps a schedule is written for, when it says (the step limit a run from code starts with). */
export function naturalLength(schedule: ScheduleSettings): number | null {
  switch (schedule.kind) {
    case 'onecycle':
      return schedule.totalSteps ?? null;
    case 'cosine':
      return schedule.tMax;
    case 'keras-cosine-decay':
      return schedule.decaySteps + (schedule.warmupTarget === null ? 0 : schedule.warmupSteps);
    case 'optax-cosine-decay':
    case 'optax-warmup-cosine-decay':
      return schedule.decaySteps;
    case 'optax-cosine-onecycle':
      return schedule.transitionSteps;
    case 'optax-polynomial':
      return schedule.transitionBegin + schedule.transitionSteps;
    case 'sequential': {
      const last = schedule.schedules[schedule.schedules.length - 1];
      const tail = last ? naturalLength(last) : null;
      return tail === null ? null : (schedule.milestones[schedule.milestones.length - 1] ?? 0) + tail;
    }
    default:
      return null;
  }
}
