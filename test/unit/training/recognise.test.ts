/**
 * Recognising optimizer lines in Python training code: the import spellings people use, constants and arithmetic,
 * what stays unknown (and why), the schedule that drives each optimizer, the defaults filled in, and what is refused.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { optimizerListing, readTrainingCode, runSettingsFromCode, type PythonParser, type RecognisedOptimizer, type TrainingCode } from '../../../src/core/training';
import { refusalText, unknownArgumentText } from '../../../src/words/trainingCode';
import { testPythonParser } from '../../support/pythonParser';

let parser: PythonParser;
before(async () => {
  parser = await testPythonParser();
});

function read(code: string): TrainingCode {
  return readTrainingCode(parser, code);
}

/** The one optimizer in `code`. */
function only(code: string): RecognisedOptimizer {
  const { optimizers } = read(code);
  assert.equal(optimizers.length, 1, `one optimizer in:\n${code}\nfound ${optimizers.length}`);
  return optimizers[0]!;
}

/** The listing as JSON sees it (null-prototype objects become plain ones). */
function listing(optimizer: RecognisedOptimizer): Record<string, unknown> {
  return JSON.parse(JSON.stringify(optimizerListing(optimizer))) as Record<string, unknown>;
}

function settings(code: string, maxSteps?: number) {
  const result = runSettingsFromCode(only(code), { maxSteps });
  assert.ok(result.ok, JSON.stringify(result));
  return result.settings;
}

describe('import spellings', () => {
  const spellings: [string, string, string][] = [
    ['import torch\nopt = torch.optim.Adam(model.parameters(), lr=0.1)', 'pytorch', 'Adam'],
    ['from torch import optim\nopt = optim.AdamW(params, lr=0.1)', 'pytorch', 'AdamW'],
    ['import torch.optim as optim\nopt = optim.SGD(params, lr=0.1)', 'pytorch', 'SGD'],
    ['from torch.optim import RMSprop\nopt = RMSprop(params, lr=0.1)', 'pytorch', 'RMSprop'],
    ['from torch.optim import Adagrad as AG\nopt = AG(params, lr=0.1)', 'pytorch', 'Adagrad'],
    ['from torch.optim import *\nopt = Adam(params, lr=0.1)', 'pytorch', 'Adam'],
    ['import torch.optim\nopt = torch.optim.sgd.SGD(params, lr=0.1)', 'pytorch', 'SGD'],
    ['import keras\nopt = keras.optimizers.Adam(learning_rate=0.1)', 'keras', 'Adam'],
    ['from tensorflow import keras\nopt = keras.optimizers.RMSprop(0.01)', 'keras', 'RMSprop'],
    ['import tensorflow as tf\nopt = tf.keras.optimizers.SGD(learning_rate=0.1)', 'keras', 'SGD'],
    ['from keras.optimizers import AdamW\nopt = AdamW(learning_rate=0.1)', 'keras', 'AdamW'],
    ['from keras import optimizers\nopt = optimizers.Adagrad(learning_rate=0.1)', 'keras', 'Adagrad'],
    ['import optax\ntx = optax.adam(1e-3)', 'optax', 'adam'],
    ['import optax as ox\ntx = ox.sgd(learning_rate=0.1, momentum=0.9)', 'optax', 'sgd'],
    ['from optax import adamw\ntx = adamw(1e-3)', 'optax', 'adamw'],
  ];
  for (const [code, framework, kind] of spellings) {
    it(code.split('\n').join(' · '), () => {
      const optimizer = only(code);
      assert.equal(optimizer.framework, framework);
      assert.equal(optimizer.optimizer.signature.name, kind);
      assert.equal(optimizer.line, 2);
    });
  }

  it('keeps `import torch` when the file also imports from torch', () => {
    const code = 'import torch\nfrom torch import optim\nfrom torch.optim.lr_scheduler import StepLR\nopt = torch.optim.SGD(p, lr=0.1)\ns = StepLR(opt, 10)';
    assert.equal(only(code).schedule?.signature.name, 'StepLR');
  });

  it('does not take a look-alike from another library for an optimizer', () => {
    assert.equal(read('from mylib import Adam\nopt = Adam(params, lr=0.1)').optimizers.length, 0);
    assert.equal(read('import torch\nclass Adam: pass\nopt = Adam(params, lr=0.1)').optimizers.length, 0);
    assert.equal(read('import torch\nopt = SGD(params, lr=0.1)  # never imported').optimizers.length, 0);
  });

  it('finds optimizers built inline and inside functions and classes', () => {
    const code = [
      'import keras, torch',
      'model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-4), loss="mse")',
      'class Module:',
      '    def configure_optimizers(self):',
      '        optimizer = torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9)',
      '        return optimizer',
    ].join('\n');
    const { optimizers } = read(code);
    assert.deepEqual(optimizers.map((o) => [o.line, o.framework, o.optimizer.signature.name, o.variable]), [
      [2, 'keras', 'Adam', null],
      [5, 'pytorch', 'SGD', 'optimizer'],
    ]);
  });

  it('does not parse a file that mentions no framework', () => {
    assert.deepEqual(read('x = 1\ndef f(x):\n    return x**2\n'), { optimizers: [], unsimulated: [], hasErrors: false });
  });
});

describe('values: literals, constants and arithmetic', () => {
  it('reads keyword and positional arguments, constants, arithmetic and 10_000', () => {
    const code = [
      'import torch',
      'BASE_LR = 1e-3',
      'BATCH = 256',
      'LR = BASE_LR * BATCH / 64',
      'STEPS = 10_000',
      'opt = torch.optim.AdamW(params, LR, (0.9, 0.95), weight_decay=0.05)',
      'sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=float(LR), total_steps=STEPS)',
    ].join('\n');
    const run = settings(code);
    assert.deepEqual(run.optimizer, { kind: 'adamw', beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.05, amsgrad: false });
    assert.equal(run.learningRate, 4e-3);
    assert.equal(run.maxSteps, 10_000, "the schedule's own length is the step limit");
    assert.equal(run.schedule.kind, 'onecycle');
  });

  it('fills in every hyper-parameter the code leaves out with the framework’s default', () => {
    assert.deepEqual(listing(only('import torch\nopt = torch.optim.AdamW(params, lr=3e-4, weight_decay=0.05)')), {
      line: 2,
      framework: 'pytorch',
      variable: 'opt',
      optimizer: {
        kind: 'AdamW',
        lr: 3e-4,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weight_decay: 0.05,
        amsgrad: false,
        maximize: false,
        foreach: null,
        capturable: false,
      },
      schedule: null,
      unknown: [],
    });
    const keras = listing(only('import keras\nopt = keras.optimizers.Adam()'));
    assert.deepEqual(Object.entries(keras.optimizer as object).slice(0, 6), [
      ['kind', 'Adam'],
      ['learning_rate', 0.001],
      ['beta_1', 0.9],
      ['beta_2', 0.999],
      ['epsilon', 1e-7],
      ['amsgrad', false],
    ]);
    const optaxRmsprop = listing(only('import optax\ntx = optax.rmsprop(0.01)')).optimizer as Record<string, unknown>;
    assert.equal(optaxRmsprop.decay, 0.9);
    assert.equal(optaxRmsprop.eps_in_sqrt, true);
  });

  it('reads the defaults per framework into the core: Keras RMSprop ρ 0.9 ε 1e-7, optax adagrad from 0.1', () => {
    assert.deepEqual(settings('import keras\nopt = keras.optimizers.RMSprop()').optimizer, {
      kind: 'rmsprop',
      alpha: 0.9,
      eps: 1e-7,
      weightDecay: 0,
      momentum: 0,
      centered: false,
    });
    assert.deepEqual(settings('import optax\ntx = optax.adagrad(0.1)').optimizer, {
      kind: 'adagrad',
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0.1,
      eps: 1e-7,
    });
    assert.equal(settings('import keras\nopt = keras.optimizers.AdamW()').optimizer.weightDecay, 0.004);
    assert.equal(settings('import optax\ntx = optax.adamw(1e-3)').optimizer.weightDecay, 1e-4);
    assert.equal(settings('import torch\nopt = torch.optim.AdamW(p)').optimizer.weightDecay, 0.01);
  });
});

describe('unknown values are asked for, never guessed', () => {
  it('names each unknown argument with its reason', () => {
    const code = [
      'import torch',
      'def train(args, momentum=0.9):',
      '    wd = 0.01',
      '    wd = 0.02',
      '    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=momentum, weight_decay=wd, dampening=cfg["d"])',
    ].join('\n');
    const optimizer = only(code);
    assert.deepEqual(optimizer.unknown.map((u) => u.name), ['lr', 'momentum', 'dampening', 'weight_decay']);
    assert.deepEqual(optimizer.unknown.map(unknownArgumentText), [
      'lr: args.lr is only known when the script runs',
      'momentum: momentum is a parameter of train() (its default is 0.9)',
      'dampening: cfg["d"] is only known when the script runs',
      'weight_decay: wd is assigned more than once (lines 3, 4)',
    ]);
    const listed = listing(optimizer);
    assert.equal((listed.optimizer as Record<string, unknown>).lr, null);
    assert.deepEqual(listed.unknown, ['lr', 'momentum', 'dampening', 'weight_decay']);
  });

  it("asks for torch 1.13's required SGD lr and optax's learning_rate", () => {
    assert.deepEqual(only('import torch\nopt = torch.optim.SGD(params)').unknown.map(unknownArgumentText), ['lr: it is required and not given']);
    assert.deepEqual(only('import optax\ntx = optax.sgd()').unknown.map((u) => u.name), ['learning_rate']);
  });

  it('runs once the unknowns are answered, and not before', () => {
    const optimizer = only('import torch\nopt = torch.optim.Adam(params, lr=config.lr)\nsched = torch.optim.lr_scheduler.StepLR(opt, step_size=N)');
    assert.deepEqual(optimizer.unknown.map((u) => u.name), ['lr', 'step_size']);
    const unanswered = runSettingsFromCode(optimizer);
    assert.equal(unanswered.ok, false);
    const answered = runSettingsFromCode(optimizer, {
      answers: new Map([
        ['lr', { type: 'float', value: 0.01 }],
        ['step_size', { type: 'int', value: 30 }],
      ]),
    });
    assert.ok(answered.ok, JSON.stringify(answered));
    assert.equal(answered.settings.learningRate, 0.01);
    assert.deepEqual(answered.settings.schedule, { kind: 'step', stepSize: 30, gamma: 0.1 });
  });

  it('qualifies an unknown name shared by the optimizer and its schedule', () => {
    const optimizer = only('import keras\nopt = keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.ExponentialDecay(a, b, c), momentum=m)');
    assert.deepEqual(optimizer.unknown.map((u) => u.name), ['momentum', 'initial_learning_rate', 'decay_steps', 'decay_rate']);
  });
});

describe('the schedule that drives the optimizer', () => {
  it('a PyTorch scheduler built on the optimizer on a later line, not one on another optimizer', () => {
    const code = [
      'import torch',
      'gen_opt = torch.optim.Adam(g.parameters(), lr=2e-4)',
      'disc_opt = torch.optim.Adam(d.parameters(), lr=1e-4)',
      'gen_sched = torch.optim.lr_scheduler.ExponentialLR(gen_opt, gamma=0.99)',
    ].join('\n');
    const [gen, disc] = read(code).optimizers;
    assert.equal(gen!.schedule?.signature.name, 'ExponentialLR');
    assert.equal(disc!.schedule, null);
  });

  it('self.optimizer scheduled in another method', () => {
    const code = [
      'import torch',
      'class Trainer:',
      '    def __init__(self):',
      '        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1, momentum=0.9)',
      '    def fit(self):',
      '        self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=100)',
    ].join('\n');
    const optimizer = only(code);
    assert.deepEqual(settings(code).schedule, { kind: 'cosine', tMax: 100, minLr: 0 });
    assert.equal(optimizer.schedule?.line, 6);
  });

  it('SequentialLR with its schedulers, not the schedulers alone; several unwrapped schedulers are refused', () => {
    const sequential = [
      'import torch',
      'from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR, SequentialLR',
      'opt = torch.optim.SGD(params, lr=0.1)',
      'warmup = LinearLR(opt, start_factor=0.1, total_iters=10)',
      'sched = SequentialLR(opt, [warmup, CosineAnnealingLR(opt, T_max=90)], milestones=[10])',
    ].join('\n');
    assert.deepEqual(settings(sequential).schedule, {
      kind: 'sequential',
      schedules: [
        { kind: 'linear', startFactor: 0.1, endFactor: 1, totalIters: 10 },
        { kind: 'cosine', tMax: 90, minLr: 0 },
      ],
      milestones: [10],
    });
    assert.equal(settings(sequential).maxSteps, 100, 'the last milestone plus the cosine’s T_max');
    const two = only('import torch\nopt = torch.optim.SGD(p, lr=0.1)\na = torch.optim.lr_scheduler.StepLR(opt, 10)\nb = torch.optim.lr_scheduler.ExponentialLR(opt, 0.9)');
    assert.deepEqual(two.refused.map(refusalText), [
      'several schedulers are built on this optimizer (lines 3, 4); which of them step depends on the training loop — combine them with SequentialLR to simulate',
    ]);
  });

  it('refuses a scheduler it does not simulate, by name', () => {
    const optimizer = only('import torch\nopt = torch.optim.SGD(p, lr=0.1)\ns = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, "min")');
    assert.deepEqual(optimizer.refused.map(refusalText), ['ReduceLROnPlateau (line 3) is not a schedule the lab simulates']);
  });

  it('a Keras schedule passed as the learning rate, inline or by name', () => {
    const byName = [
      'from keras.optimizers.schedules import CosineDecay',
      'import keras',
      'lr_schedule = CosineDecay(initial_learning_rate=0.0, decay_steps=1000, warmup_target=1e-3, warmup_steps=100)',
      'opt = keras.optimizers.AdamW(learning_rate=lr_schedule)',
    ].join('\n');
    const run = settings(byName);
    assert.deepEqual(run.schedule, { kind: 'keras-cosine-decay', initialLearningRate: 0, decaySteps: 1000, alpha: 0, warmupTarget: 1e-3, warmupSteps: 100 });
    assert.equal(run.learningRate, 1e-3, 'η is the peak the warmup reaches');
    assert.equal(run.maxSteps, 1100, 'decay_steps after the warmup');
    assert.equal(run.framework, 'keras');
    assert.deepEqual((listing(only(byName)).optimizer as Record<string, unknown>).learning_rate, { schedule: 'CosineDecay' });
  });

  it('an optax schedule, optax.chain with add_decayed_weights before the optimizer, and inject_hyperparams', () => {
    const chained = [
      'import optax',
      'schedule = optax.warmup_cosine_decay_schedule(0.0, 3e-4, warmup_steps=500, decay_steps=10_000)',
      'tx = optax.chain(optax.add_decayed_weights(1e-4), optax.sgd(schedule, momentum=0.9))',
    ].join('\n');
    const run = settings(chained);
    assert.deepEqual(run.optimizer, { kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 1e-4 });
    assert.equal(run.schedule.kind, 'optax-warmup-cosine-decay');
    assert.equal(run.maxSteps, 10_000);
    assert.equal(only(chained).line, 3);
    const injected = settings('import optax\ntx = optax.inject_hyperparams(optax.adamw)(learning_rate=1e-3, weight_decay=0.05)');
    assert.equal(injected.optimizer.kind, 'adamw');
    assert.equal(injected.optimizer.weightDecay, 0.05);
  });

  it('reads an optax optimizer used in a chain with the chain, once', () => {
    const code = 'import optax\nbase = optax.adam(1e-3)\ntx = optax.chain(optax.add_decayed_weights(0.01), base)';
    const optimizer = only(code);
    assert.equal(optimizer.line, 3);
    assert.equal(settings(code).optimizer.weightDecay, 0.01);
  });
});

describe('what is refused, with the reason', () => {
  const refused = (code: string): string[] => only(code).refused.map(refusalText);

  it('arguments the simulation does not model', () => {
    assert.deepEqual(refused('import keras\nopt = keras.optimizers.Adam(1e-3, clipnorm=1.0)'), ['Adam(clipnorm=1.0): gradient clipping is not simulated']);
    assert.deepEqual(refused('import torch\nopt = torch.optim.SGD(p, lr=0.1, maximize=True)'), ['SGD(maximize=True): maximize=True ascends the loss']);
    assert.deepEqual(refused('import optax\ntx = optax.chain(optax.clip_by_global_norm(1.0), optax.adamw(1e-3))'), [
      'optax.chain(…, optax.clip_by_global_norm, …): optax.clip_by_global_norm is not simulated',
    ]);
    assert.deepEqual(refused('import optax\ntx = optax.chain(optax.adam(1e-3), optax.add_decayed_weights(1e-4))'), [
      'add_decayed_weights after the optimizer adds wd·θ to each step unscaled by η, pushing the weights away from zero; put it before the optimizer (or use adamw)',
    ]);
    assert.deepEqual(refused('import torch\nopt = torch.optim.Adam(p, lr=0.1, momentum=0.9)'), ['Adam takes no momentum (it would raise TypeError)']);
    assert.deepEqual(refused('import torch\nopt = torch.optim.Adam(p, **cfg)'), [
      'Adam(**cfg): arguments passed through **cfg are only known when the script runs; write them out to simulate',
    ]);
  });

  it("what the framework itself raises on: Keras' int learning rate, torch's Nesterov without momentum, OneCycleLR on Adagrad", () => {
    const rejected = (code: string): string[] => {
      const result = runSettingsFromCode(only(code));
      assert.ok(!result.ok);
      return result.refused.map(refusalText);
    };
    assert.deepEqual(rejected('import keras\nopt = keras.optimizers.SGD(learning_rate=1)'), [
      'SGD(learning_rate=1): Keras raises ValueError: learning_rate must be a float (write 1.0, not 1) or a schedule',
    ]);
    assert.deepEqual(rejected('import keras\nopt = keras.optimizers.SGD(0.1, momentum=1)'), [
      'SGD(momentum=1): Keras raises ValueError: momentum must be a float in [0, 1] (write 0.0, not 0)',
    ]);
    assert.deepEqual(rejected('import torch\nopt = torch.optim.SGD(p, lr=0.1, nesterov=True)'), [
      'SGD(nesterov=True): PyTorch raises ValueError: Nesterov momentum needs a momentum > 0 and zero dampening',
    ]);
    assert.deepEqual(rejected('import torch\nopt = torch.optim.Adagrad(p)\ns = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)'), [
      'OneCycleLR(cycle_momentum=True): PyTorch raises ValueError: OneCycleLR cycles momentum by default and Adagrad has none (pass cycle_momentum=False)',
    ]);
  });

  it('lists optimizers of these frameworks it does not simulate', () => {
    const code = read('import torch, optax\nopt = torch.optim.NAdam(p)\ntx = optax.lion(1e-4)');
    assert.deepEqual(code.optimizers, []);
    assert.deepEqual(code.unsimulated, [
      { line: 2, framework: 'pytorch', name: 'NAdam' },
      { line: 3, framework: 'optax', name: 'lion' },
    ]);
  });
});

describe('reading is safe', () => {
  it('never runs the file: code that would do harm, or fail, is only read', () => {
    const code = [
      'import os, torch',
      'os.system("rm -rf /")',
      'LR = __import__("os").getenv("LR")',
      'raise SystemExit(1)',
      'opt = torch.optim.SGD(p, lr=LR)',
    ].join('\n');
    const optimizer = only(code);
    assert.deepEqual(optimizer.unknown.map(unknownArgumentText), ['lr: __import__("os").getenv("LR") is only known when the script runs']);
  });

  it('reads a file mid-edit (a syntax error elsewhere) and says so', () => {
    const code = read('import torch\nopt = torch.optim.Adam(p, lr=0.1)\ndef broken(:\n');
    assert.equal(code.hasErrors, true);
    assert.equal(code.optimizers.length, 1);
  });

  it('survives self-reference and very deep expressions', () => {
    assert.deepEqual(only('import torch\nA = B\nB = A\nopt = torch.optim.SGD(p, lr=A)').unknown.map((u) => u.name), ['lr']);
    const deep = `${'('.repeat(3000)}0.1${')'.repeat(3000)}`;
    assert.equal(only(`import torch\nopt = torch.optim.SGD(p, lr=${deep})`).optimizer.line, 2);
  });

  it('keeps names from the file as data (a constant named __proto__ or constructor)', () => {
    const code = 'import torch\n__proto__ = 0.5\nconstructor = 0.25\nopt = torch.optim.SGD(p, lr=__proto__ * constructor)';
    assert.equal(settings(code).learningRate, 0.125);
  });
});
