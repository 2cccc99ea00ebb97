/**
 * The constructors the reader recognises, as data: each framework's own name, where it can be imported from, its
 * parameters in order with the framework's defaults, and the values of a parameter the simulation cannot reproduce.
 * Signatures are those of torch 1.13 (torch/optim/*.py, torch/optim/lr_scheduler.py), Keras 3
 * (keras/src/optimizers/*.py, schedules/learning_rate_schedule.py at keras-team/keras@3422977a5e38) and optax
 * (optax/_src/alias.py, optax/schedules/_schedule.py, optax/transforms/_adding.py at google-deepmind/optax@2edbcbe2390d).
 */
import type { Framework } from '../optim/types';
import type { PyValue } from './constants';

/** A parameter the framework requires (torch 1.13's SGD `lr`, optax's `learning_rate`). */
export const REQUIRED = 'required' as const;

/** What the simulation does not model, named by what it is. */
export type UnsupportedFeature =
  | 'maximize'
  | 'gradient-clipping'
  | 'moving-average'
  | 'loss-scaling'
  | 'gradient-accumulation'
  | 'weight-decay-mask'
  | 'scheduled-weight-decay'
  | 'resumed-scheduler'
  | 'nesterov-adam'
  | 'bias-correction'
  | 'accumulator-dtype';

export interface ParameterSpec {
  readonly name: string;
  readonly default: PyValue | typeof REQUIRED;
  /** After `*`: only by keyword. */
  readonly keywordOnly?: boolean;
  /** The feature a value other than the default turns on, which the simulation does not model. */
  readonly unsupportedUnlessDefault?: UnsupportedFeature;
  /** Read but not simulated because it changes nothing in float64 (foreach, fused, a name, a dtype). */
  readonly inert?: boolean;
}

export type ConstructorRole = 'optimizer' | 'scheduler' | 'schedule' | 'chain' | 'transform' | 'wrapper';

export interface ConstructorSignature {
  /** `pytorch.AdamW`, `keras.CosineDecay`, `optax.adamw`: unique. */
  readonly id: string;
  readonly framework: Framework;
  readonly role: ConstructorRole;
  /** The framework's own name for it: the `kind` of the recognised object. */
  readonly name: string;
  /** Dotted names it is reached by, after imports are followed. */
  readonly qualifiedNames: readonly string[];
  /** Leading positional parameters that are not hyper-parameters: a torch optimizer's `params`, a scheduler's `optimizer`. */
  readonly leading: readonly string[];
  readonly parameters: readonly ParameterSpec[];
}

const int = (value: number): PyValue => ({ type: 'int', value });
const float = (value: number): PyValue => ({ type: 'float', value });
const bool = (value: boolean): PyValue => ({ type: 'bool', value });
const none: PyValue = { type: 'none' };
const str = (value: string): PyValue => ({ type: 'str', value });
const pair = (a: number, b: number): PyValue => ({ type: 'tuple', items: [float(a), float(b)] });
const param = (name: string, value: PyValue | typeof REQUIRED, extra: Partial<ParameterSpec> = {}): ParameterSpec => ({ name, default: value, ...extra });

const TORCH_OPTIM = 'torch.optim';
const TORCH_SCHEDULER = 'torch.optim.lr_scheduler';
const KERAS_MODULES = ['keras.optimizers', 'tensorflow.keras.optimizers'];
const KERAS_SCHEDULE_MODULES = ['keras.optimizers.schedules', 'tensorflow.keras.optimizers.schedules'];

function torchOptimizer(name: string, file: string, parameters: ParameterSpec[]): ConstructorSignature {
  return {
    id: `pytorch.${name}`,
    framework: 'pytorch',
    role: 'optimizer',
    name,
    qualifiedNames: [`${TORCH_OPTIM}.${name}`, `${TORCH_OPTIM}.${file}.${name}`],
    leading: ['params'],
    parameters,
  };
}

const maximize = param('maximize', bool(false), { keywordOnly: true, unsupportedUnlessDefault: 'maximize' });
const inert = (name: string, value: PyValue, keywordOnly = true): ParameterSpec => param(name, value, { keywordOnly, inert: true });

/** torch 1.13's optimizers (torch/optim/sgd.py:93-95, adam.py:70-73, adamw.py:75-78, rmsprop.py:70-72, adagrad.py:52-63). */
const TORCH_OPTIMIZERS: ConstructorSignature[] = [
  torchOptimizer('SGD', 'sgd', [
    param('lr', REQUIRED),
    param('momentum', int(0)),
    param('dampening', int(0)),
    param('weight_decay', int(0)),
    param('nesterov', bool(false)),
    maximize,
    inert('foreach', none),
    inert('differentiable', bool(false)),
  ]),
  torchOptimizer('Adam', 'adam', [
    param('lr', float(1e-3)),
    param('betas', pair(0.9, 0.999)),
    param('eps', float(1e-8)),
    param('weight_decay', int(0)),
    param('amsgrad', bool(false)),
    inert('foreach', none),
    maximize,
    inert('capturable', bool(false)),
    inert('differentiable', bool(false)),
    inert('fused', bool(false)),
  ]),
  torchOptimizer('AdamW', 'adamw', [
    param('lr', float(1e-3)),
    param('betas', pair(0.9, 0.999)),
    param('eps', float(1e-8)),
    param('weight_decay', float(1e-2)),
    param('amsgrad', bool(false)),
    maximize,
    inert('foreach', none),
    inert('capturable', bool(false)),
  ]),
  torchOptimizer('RMSprop', 'rmsprop', [
    param('lr', float(1e-2)),
    param('alpha', float(0.99)),
    param('eps', float(1e-8)),
    param('weight_decay', int(0)),
    param('momentum', int(0)),
    param('centered', bool(false)),
    inert('foreach', none, false),
    param('maximize', bool(false), { unsupportedUnlessDefault: 'maximize' }),
    inert('differentiable', bool(false), false),
  ]),
  torchOptimizer('Adagrad', 'adagrad', [
    param('lr', float(1e-2)),
    param('lr_decay', int(0)),
    param('weight_decay', int(0)),
    param('initial_accumulator_value', int(0)),
    param('eps', float(1e-10)),
    inert('foreach', none, false),
    maximize,
  ]),
];

function torchScheduler(name: string, parameters: ParameterSpec[]): ConstructorSignature {
  return {
    id: `pytorch.${name}`,
    framework: 'pytorch',
    role: 'scheduler',
    name,
    qualifiedNames: [`${TORCH_SCHEDULER}.${name}`],
    leading: ['optimizer'],
    parameters: [
      ...parameters,
      // A scheduler resumed from a checkpoint starts mid-way: the simulation starts at the beginning.
      param('last_epoch', int(-1), { unsupportedUnlessDefault: 'resumed-scheduler' }),
      inert('verbose', bool(false), false),
    ],
  };
}

/** torch 1.13's schedulers (torch/optim/lr_scheduler.py). */
const TORCH_SCHEDULERS: ConstructorSignature[] = [
  torchScheduler('StepLR', [param('step_size', REQUIRED), param('gamma', float(0.1))]),
  torchScheduler('MultiStepLR', [param('milestones', REQUIRED), param('gamma', float(0.1))]),
  torchScheduler('ExponentialLR', [param('gamma', REQUIRED)]),
  torchScheduler('CosineAnnealingLR', [param('T_max', REQUIRED), param('eta_min', int(0))]),
  torchScheduler('LinearLR', [param('start_factor', float(1 / 3)), param('end_factor', float(1.0)), param('total_iters', int(5))]),
  torchScheduler('OneCycleLR', [
    param('max_lr', REQUIRED),
    param('total_steps', none),
    param('epochs', none),
    param('steps_per_epoch', none),
    param('pct_start', float(0.3)),
    param('anneal_strategy', str('cos')),
    param('cycle_momentum', bool(true)),
    param('base_momentum', float(0.85)),
    param('max_momentum', float(0.95)),
    param('div_factor', float(25.0)),
    param('final_div_factor', float(1e4)),
    param('three_phase', bool(false)),
  ]),
  torchScheduler('SequentialLR', [param('schedulers', REQUIRED), param('milestones', REQUIRED)]),
];

/** Keras' base optimizer arguments (keras/src/optimizers/base_optimizer.py:68-82), after each optimizer's own. */
function kerasBase(withWeightDecay: boolean): ParameterSpec[] {
  return [
    ...(withWeightDecay ? [param('weight_decay', none)] : []),
    param('clipnorm', none, { unsupportedUnlessDefault: 'gradient-clipping' }),
    param('clipvalue', none, { unsupportedUnlessDefault: 'gradient-clipping' }),
    param('global_clipnorm', none, { unsupportedUnlessDefault: 'gradient-clipping' }),
    param('use_ema', bool(false), { unsupportedUnlessDefault: 'moving-average' }),
    inert('ema_momentum', float(0.99), false),
    inert('ema_overwrite_frequency', none, false),
    param('loss_scale_factor', none, { unsupportedUnlessDefault: 'loss-scaling' }),
    param('gradient_accumulation_steps', none, { unsupportedUnlessDefault: 'gradient-accumulation' }),
    inert('name', none, false),
  ];
}

/** A Keras 3 optimizer or schedule, reached from keras' modules and tensorflow.keras'. */
function keras(name: string, role: 'optimizer' | 'schedule', parameters: ParameterSpec[]): ConstructorSignature {
  const modules = role === 'optimizer' ? KERAS_MODULES : KERAS_SCHEDULE_MODULES;
  return { id: `keras.${name}`, framework: 'keras', role, name, qualifiedNames: modules.map((module) => `${module}.${name}`), leading: [], parameters };
}

/** The moment estimates' arguments of Keras' Adam and AdamW, the same in both and in this order. */
const KERAS_ADAM_MOMENTS: readonly ParameterSpec[] = [param('beta_1', float(0.9)), param('beta_2', float(0.999)), param('epsilon', float(1e-7)), param('amsgrad', bool(false))];

/** Keras 3's optimizers (keras/src/optimizers/sgd.py:43-77, adam.py:43-79, adamw.py:56, rmsprop.py, adagrad.py:37-39). */
const KERAS_OPTIMIZERS: ConstructorSignature[] = [
  keras('SGD', 'optimizer', [param('learning_rate', float(0.01)), param('momentum', float(0.0)), param('nesterov', bool(false)), ...kerasBase(true)]),
  keras('Adam', 'optimizer', [param('learning_rate', float(0.001)), ...KERAS_ADAM_MOMENTS, ...kerasBase(true)]),
  // AdamW is Adam with its weight decay, given right after the learning rate and defaulting to 0.004.
  keras('AdamW', 'optimizer', [param('learning_rate', float(0.001)), param('weight_decay', float(0.004)), ...KERAS_ADAM_MOMENTS, ...kerasBase(false)]),
  keras('RMSprop', 'optimizer', [
    param('learning_rate', float(0.001)),
    param('rho', float(0.9)),
    param('momentum', float(0.0)),
    param('epsilon', float(1e-7)),
    param('centered', bool(false)),
    ...kerasBase(true),
  ]),
  keras('Adagrad', 'optimizer', [
    param('learning_rate', float(0.001)),
    param('initial_accumulator_value', float(0.1)),
    param('epsilon', float(1e-7)),
    ...kerasBase(true),
  ]),
];

/** Keras 3's schedules (keras/src/optimizers/schedules/learning_rate_schedule.py:141-160, 241-255, 671-695). */
const KERAS_SCHEDULES: ConstructorSignature[] = [
  keras('ExponentialDecay', 'schedule', [
    param('initial_learning_rate', REQUIRED),
    param('decay_steps', REQUIRED),
    param('decay_rate', REQUIRED),
    param('staircase', bool(false)),
    inert('name', str('ExponentialDecay'), false),
  ]),
  keras('CosineDecay', 'schedule', [
    param('initial_learning_rate', REQUIRED),
    param('decay_steps', REQUIRED),
    param('alpha', float(0.0)),
    inert('name', str('CosineDecay'), false),
    param('warmup_target', none),
    param('warmup_steps', int(0)),
  ]),
  keras('PiecewiseConstantDecay', 'schedule', [param('boundaries', REQUIRED), param('values', REQUIRED), inert('name', str('PiecewiseConstant'), false)]),
];

function optax(name: string, role: ConstructorRole, parameters: ParameterSpec[], modules: readonly string[] = ['optax']): ConstructorSignature {
  return { id: `optax.${name}`, framework: 'optax', role, name, qualifiedNames: modules.map((module) => `${module}.${name}`), leading: [], parameters };
}

const OPTAX_SCHEDULE_MODULES = ['optax', 'optax.schedules'];

/** optax's optimizers, chain pieces and schedules (optax/_src/alias.py, transforms/_adding.py, schedules/_schedule.py). */
const OPTAX_CONSTRUCTORS: ConstructorSignature[] = [
  optax('sgd', 'optimizer', [
    param('learning_rate', REQUIRED),
    param('momentum', none),
    param('nesterov', bool(false)),
    param('accumulator_dtype', none, { unsupportedUnlessDefault: 'accumulator-dtype' }),
  ]),
  optax('adam', 'optimizer', [
    param('learning_rate', REQUIRED),
    param('b1', float(0.9)),
    param('b2', float(0.999)),
    param('eps', float(1e-8)),
    param('eps_root', float(0.0)),
    inert('mu_dtype', none, false),
    param('nesterov', bool(false), { keywordOnly: true, unsupportedUnlessDefault: 'nesterov-adam' }),
  ]),
  optax('adamw', 'optimizer', [
    param('learning_rate', REQUIRED),
    param('b1', float(0.9)),
    param('b2', float(0.999)),
    param('eps', float(1e-8)),
    param('eps_root', float(0.0)),
    inert('mu_dtype', none, false),
    param('weight_decay', float(1e-4)),
    param('mask', none, { unsupportedUnlessDefault: 'weight-decay-mask' }),
    param('nesterov', bool(false), { keywordOnly: true, unsupportedUnlessDefault: 'nesterov-adam' }),
  ]),
  optax('rmsprop', 'optimizer', [
    param('learning_rate', REQUIRED),
    param('decay', float(0.9)),
    param('eps', float(1e-8)),
    param('initial_scale', float(0.0)),
    param('eps_in_sqrt', bool(true)),
    param('centered', bool(false)),
    param('momentum', none),
    param('nesterov', bool(false)),
    param('bias_correction', bool(false), { unsupportedUnlessDefault: 'bias-correction' }),
  ]),
  optax('adagrad', 'optimizer', [param('learning_rate', REQUIRED), param('initial_accumulator_value', float(0.1)), param('eps', float(1e-7))]),
  optax('chain', 'chain', []),
  optax('add_decayed_weights', 'transform', [param('weight_decay', float(0.0)), param('mask', none, { unsupportedUnlessDefault: 'weight-decay-mask' })]),
  optax('inject_hyperparams', 'wrapper', []),
  optax(
    'exponential_decay',
    'schedule',
    [
      param('init_value', REQUIRED),
      param('transition_steps', REQUIRED),
      param('decay_rate', REQUIRED),
      param('transition_begin', int(0)),
      param('staircase', bool(false)),
      param('end_value', none),
    ],
    OPTAX_SCHEDULE_MODULES,
  ),
  optax(
    'cosine_decay_schedule',
    'schedule',
    [param('init_value', REQUIRED), param('decay_steps', REQUIRED), param('alpha', float(0.0)), param('exponent', float(1.0))],
    OPTAX_SCHEDULE_MODULES,
  ),
  optax(
    'warmup_cosine_decay_schedule',
    'schedule',
    [
      param('init_value', REQUIRED),
      param('peak_value', REQUIRED),
      param('warmup_steps', REQUIRED),
      param('decay_steps', REQUIRED),
      param('end_value', float(0.0)),
      param('exponent', float(1.0)),
    ],
    OPTAX_SCHEDULE_MODULES,
  ),
  optax('piecewise_constant_schedule', 'schedule', [param('init_value', REQUIRED), param('boundaries_and_scales', none)], OPTAX_SCHEDULE_MODULES),
  optax(
    'linear_schedule',
    'schedule',
    [param('init_value', REQUIRED), param('end_value', REQUIRED), param('transition_steps', REQUIRED), param('transition_begin', int(0))],
    OPTAX_SCHEDULE_MODULES,
  ),
  optax(
    'polynomial_schedule',
    'schedule',
    [
      param('init_value', REQUIRED),
      param('end_value', REQUIRED),
      param('power', REQUIRED),
      param('transition_steps', REQUIRED),
      param('transition_begin', int(0)),
    ],
    OPTAX_SCHEDULE_MODULES,
  ),
  optax('constant_schedule', 'schedule', [param('value', REQUIRED)], OPTAX_SCHEDULE_MODULES),
  optax(
    'cosine_onecycle_schedule',
    'schedule',
    [
      param('transition_steps', REQUIRED),
      param('peak_value', REQUIRED),
      param('pct_start', float(0.3)),
      param('div_factor', float(25.0)),
      param('final_div_factor', float(1e4)),
    ],
    OPTAX_SCHEDULE_MODULES,
  ),
];

export const SIGNATURES: readonly ConstructorSignature[] = [...TORCH_OPTIMIZERS, ...TORCH_SCHEDULERS, ...KERAS_OPTIMIZERS, ...KERAS_SCHEDULES, ...OPTAX_CONSTRUCTORS];

/**
 * Constructors of these frameworks that the lab recognises but does not simulate, by qualified name: an optimizer
 * line using one gets no lens, and `gd-lab optimizers` says why in its text output.
 */
const UNSIMULATED: readonly { readonly framework: Framework; readonly role: 'optimizer' | 'scheduler' | 'schedule'; readonly modules: readonly string[]; readonly names: readonly string[] }[] = [
  { framework: 'pytorch', role: 'optimizer', modules: [TORCH_OPTIM], names: ['Adadelta', 'Adamax', 'ASGD', 'LBFGS', 'NAdam', 'RAdam', 'Rprop', 'SparseAdam'] },
  {
    framework: 'pytorch',
    role: 'scheduler',
    modules: [TORCH_SCHEDULER],
    names: ['ReduceLROnPlateau', 'CosineAnnealingWarmRestarts', 'CyclicLR', 'LambdaLR', 'MultiplicativeLR', 'ConstantLR', 'PolynomialLR', 'ChainedScheduler'],
  },
  { framework: 'keras', role: 'optimizer', modules: KERAS_MODULES, names: ['Adadelta', 'Adafactor', 'Adamax', 'Ftrl', 'Lamb', 'Lion', 'LossScaleOptimizer', 'Muon', 'Nadam'] },
  { framework: 'keras', role: 'schedule', modules: KERAS_SCHEDULE_MODULES, names: ['CosineDecayRestarts', 'InverseTimeDecay', 'PolynomialDecay'] },
  {
    framework: 'optax',
    role: 'optimizer',
    modules: ['optax'],
    names: ['adabelief', 'adadelta', 'adafactor', 'adamax', 'adamaxw', 'adan', 'amsgrad', 'fromage', 'lamb', 'lars', 'lion', 'nadam', 'nadamw', 'noisy_sgd', 'novograd', 'optimistic_gradient_descent', 'polyak_sgd', 'radam', 'rprop', 'sign_sgd', 'signum', 'sm3', 'yogi', 'lbfgs'],
  },
  {
    framework: 'optax',
    role: 'schedule',
    modules: OPTAX_SCHEDULE_MODULES,
    names: ['join_schedules', 'linear_onecycle_schedule', 'piecewise_interpolate_schedule', 'sgdr_schedule', 'warmup_constant_schedule', 'warmup_exponential_decay_schedule'],
  },
];

export interface UnsimulatedConstructor {
  readonly framework: Framework;
  readonly role: 'optimizer' | 'scheduler' | 'schedule';
  readonly name: string;
}

const BY_QUALIFIED_NAME = new Map<string, ConstructorSignature>(SIGNATURES.flatMap((signature) => signature.qualifiedNames.map((name) => [name, signature] as const)));
const UNSIMULATED_BY_QUALIFIED_NAME = new Map<string, UnsimulatedConstructor>(
  UNSIMULATED.flatMap(({ framework, role, modules, names }) => modules.flatMap((module) => names.map((name) => [`${module}.${name}`, { framework, role, name }] as const))),
);

/** The last names of every constructor above: a call whose callee ends in one is worth reading. */
export const CANDIDATE_NAMES: ReadonlySet<string> = new Set([
  ...SIGNATURES.map((signature) => signature.name),
  ...[...UNSIMULATED_BY_QUALIFIED_NAME.values()].map((constructor) => constructor.name),
]);

export function signatureOf(qualified: string): ConstructorSignature | undefined {
  return BY_QUALIFIED_NAME.get(qualified);
}

export function unsimulatedConstructor(qualified: string): UnsimulatedConstructor | undefined {
  return UNSIMULATED_BY_QUALIFIED_NAME.get(qualified);
}

/** True when the dotted name is a constructor this module knows, simulated or not. */
export function isKnownConstructor(qualified: string): boolean {
  return BY_QUALIFIED_NAME.has(qualified) || UNSIMULATED_BY_QUALIFIED_NAME.has(qualified);
}
