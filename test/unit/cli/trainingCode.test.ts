/**
 * `gd-lab optimizers FILE` and `gd-lab simulate … --from FILE:LINE`, through the built CLI: the listing's contract,
 * and every reference trajectory (PyTorch's training-code cases, Keras', optax's) replayed from its code lines.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, type CliResult } from '../../support/runCli';
import { assertReplaysReference, FRAMEWORK_CASES, frameworkReference, torchReferenceRun, type ReplayedRun } from '../../support/referenceReplay';

const root = join(__dirname, '..', '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'gd-lab-training-code-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function run(...args: string[]): CliResult {
  return runCli(args, { cwd: folder });
}

function json(...args: string[]): unknown {
  const result = run(...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as unknown;
}

/** The run as `simulate --json` gives it. */
interface CliTrace {
  loss: number[];
  lr: number[];
  params: number[][];
  momentum?: number[];
}

function replayed(trace: CliTrace): ReplayedRun {
  return { paramsAfter: (t) => trace.params[t]!, loss: trace.loss, learningRates: trace.lr, momenta: trace.momentum };
}

let files = 0;
function script(code: string): string {
  const name = `train${++files}.py`;
  writeFileSync(join(folder, name), code);
  return name;
}

const PYTORCH_SCRIPT = [
  'import torch',
  'from torch import optim',
  'from torch.optim.lr_scheduler import OneCycleLR',
  '',
  'MAX_LR = 0.1',
  'model = Net()',
  'optimizer = optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.05)',
  'scheduler = OneCycleLR(optimizer, max_lr=MAX_LR, total_steps=10_000)',
  '',
  'def finetune(args):',
  '    opt = torch.optim.SGD(model.head.parameters(), lr=args.lr, momentum=0.9)',
  '    return opt',
].join('\n');

describe('gd-lab optimizers FILE', () => {
  it('lists each optimizer: line, framework, every hyper-parameter with defaults, schedule, unknown', () => {
    const listed = json('optimizers', script(PYTORCH_SCRIPT)) as Record<string, unknown>[];
    assert.equal(listed.length, 2);
    const [adamw, sgd] = listed as [Record<string, unknown>, Record<string, unknown>];
    assert.equal(adamw.line, 7);
    assert.equal(adamw.framework, 'pytorch');
    assert.deepEqual(adamw.optimizer, { kind: 'AdamW', lr: 3e-4, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.05, amsgrad: false, maximize: false, foreach: null, capturable: false });
    assert.deepEqual(adamw.schedule, {
      kind: 'OneCycleLR',
      max_lr: 0.1,
      total_steps: 10000,
      epochs: null,
      steps_per_epoch: null,
      pct_start: 0.3,
      anneal_strategy: 'cos',
      cycle_momentum: true,
      base_momentum: 0.85,
      max_momentum: 0.95,
      div_factor: 25,
      final_div_factor: 10000,
      three_phase: false,
      last_epoch: -1,
      verbose: false,
      line: 8,
    });
    assert.deepEqual(adamw.unknown, []);
    assert.equal(sgd.line, 11);
    assert.equal((sgd.optimizer as Record<string, unknown>).lr, null);
    assert.deepEqual(sgd.unknown, ['lr']);
    assert.equal(sgd.schedule, null);
  });

  it('lists Keras and optax optimizers with their schedules', () => {
    const keras = json(
      'optimizers',
      script('import keras\nschedule = keras.optimizers.schedules.ExponentialDecay(1e-2, decay_steps=1000, decay_rate=0.9)\nopt = keras.optimizers.SGD(schedule, momentum=0.9)'),
    ) as Record<string, unknown>[];
    assert.equal(keras[0]!.framework, 'keras');
    assert.deepEqual((keras[0]!.schedule as Record<string, unknown>).kind, 'ExponentialDecay');
    const optax = json('optimizers', script('import optax as ox\ntx = ox.chain(ox.add_decayed_weights(1e-4), ox.adam(ox.cosine_decay_schedule(1e-3, 5000)))')) as Record<string, unknown>[];
    assert.equal(optax[0]!.framework, 'optax');
    assert.equal((optax[0]!.optimizer as Record<string, unknown>).kind, 'adam');
    assert.deepEqual((optax[0]!.schedule as Record<string, unknown>).kind, 'cosine_decay_schedule');
  });

  it('prints a readable summary, with how to simulate each line', () => {
    const { status, stdout } = run('optimizers', script(PYTORCH_SCRIPT));
    assert.equal(status, 0);
    assert.match(stdout, /:7 {2}AdamW\(lr=0\.0003, weight_decay=0\.05\)\n {4}PyTorch semantics, assigned to optimizer\n {4}schedule: OneCycleLR\(max_lr=0\.1, total_steps=10000\) on line 8/);
    assert.match(stdout, /unknown: lr: args\.lr is only known when the script runs/);
    assert.match(stdout, /simulate: gd-lab simulate "<loss>" --from train\d+\.py:11 --lr …/);
  });

  it('says when a file has none, and refuses a missing file with exit 2', () => {
    const none = run('optimizers', script('print("hello")\n'));
    assert.equal(none.status, 0);
    assert.match(none.stdout, /no PyTorch, Keras or optax optimizer construction recognised/);
    const missing = run('optimizers', 'nowhere.py', '--json');
    assert.equal(missing.status, 2);
    // As every usage error in JSON since main's CLI contract: the message, and no column in a formula.
    assert.deepEqual(JSON.parse(missing.stdout), { error: { message: 'nowhere.py: no such file', column: null } });
  });
});

describe('gd-lab simulate --from FILE:LINE', () => {
  it('runs the optimizer on that line with its schedule: trace.lr is OneCycleLR’s, trace.momentum its momentum', () => {
    const report = json('simulate', 'x^2 + 10*y^2', '--start', 'x=1,y=1', '--from', `${script(PYTORCH_SCRIPT)}:7`, '--steps', '5') as {
      trace: { lr: number[]; momentum: number[] };
      settings: { framework: string; learningRate: number };
      from: { line: number; framework: string };
    };
    assert.equal(report.settings.framework, 'pytorch');
    assert.equal(report.settings.learningRate, 0.1);
    // max_lr / div_factor, as OneCycleLR's cosine at 0 rounds it (PyTorch's own first η is 0.0040000000000000036).
    assert.ok(Math.abs(report.trace.lr[0]! - 0.1 / 25) < 1e-17, String(report.trace.lr[0]));
    assert.equal(report.trace.momentum[0], 0.95);
    assert.deepEqual([report.from.line, report.from.framework], [7, 'pytorch']);
  });

  it('asks for what the file does not say, and takes it from --lr and --set', () => {
    const file = script('import torch\nopt = torch.optim.SGD(p, lr=args.lr, momentum=cfg.momentum)\n');
    const asked = run('simulate', 'x^2', '--start', 'x=1', '--from', `${file}:2`);
    assert.equal(asked.status, 2);
    assert.match(asked.stderr, /the file does not say lr, momentum; give --lr \(lr: args\.lr is only known when the script runs\), --set momentum=… /);
    const report = json('simulate', 'x^2', '--start', 'x=1', '--from', `${file}:2`, '--lr', '0.1', '--set', 'momentum=0.5', '--steps', '3') as {
      settings: { optimizer: unknown; learningRate: number };
    };
    assert.deepEqual(report.settings.optimizer, { kind: 'momentum', momentum: 0.5, dampening: 0, weightDecay: 0 });
    assert.equal(report.settings.learningRate, 0.1);
  });

  it('refuses what cannot be simulated, a line with no optimizer, and options the code decides', () => {
    const file = script('import torch\n\nopt = torch.optim.SGD(p, lr=0.1, maximize=True)\n');
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--from', `${file}:3`).stderr, /cannot be simulated as written: SGD\(maximize=True\): maximize=True ascends the loss/);
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--from', `${file}:2`).stderr, /no optimizer is constructed on line 2; one is on line 3/);
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--from', `${file}:3`, '--optimizer', 'adam').stderr, /--optimizer cannot be combined with --from/);
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--from', `${file}`).stderr, /--from takes FILE:LINE/);
  });
});

describe('reference trajectories replayed through gd-lab simulate --from', () => {
  interface TorchCase {
    name: string;
    code: string;
    expression: string;
    variables: string[];
    start: number[];
    steps: number;
    expected: { step: number[]; params: number[][]; loss: number[] };
    lrPerStep: number[];
    momentumPerStep: number[] | null;
  }
  const torch = JSON.parse(readFileSync(join(root, 'test/fixtures/torch-reference-training-code.json'), 'utf8')) as { cases: TorchCase[] };
  for (const c of torch.cases) {
    it(`PyTorch: ${c.name}`, () => {
      const line = c.code.split('\n').findIndex((text) => /^\w+ = .*(optim\.|Adam|SGD)\w*\(params/.test(text)) + 1;
      const start = c.variables.map((name, i) => `${name}=${c.start[i]}`).join(',');
      const report = json('simulate', c.expression, '--start', start, '--from', `${script(c.code)}:${line}`, '--steps', String(c.steps), '--tol', '0') as { trace: CliTrace };
      assertReplaysReference(replayed(report.trace), torchReferenceRun(c, c.momentumPerStep));
    });
  }

  for (const c of FRAMEWORK_CASES) {
    it(`${c.id}: ${c.optimizer}`, () => {
      const lines = [c.import, c.schedule ?? '', c.optimizer];
      const start = c.variables.map((name, i) => `${name}=${c.start[i]}`).join(',');
      const report = json('simulate', c.loss, '--start', start, '--from', `${script(lines.join('\n'))}:3`, '--steps', String(c.steps), '--tol', '0') as { trace: CliTrace };
      assertReplaysReference(replayed(report.trace), frameworkReference(c));
    });
  }
});

describe('gd-lab simulate --framework: a formula run under Keras 3’s or optax’s rules, without training code', () => {
  const cases = new Map(FRAMEWORK_CASES.map((c) => [c.id, c]));
  // The reference lines whose every setting the run options can say; what they leave out is the framework's default.
  const replays: [id: string, options: string[]][] = [
    ['keras-sgd-defaults', ['--framework', 'keras', '--optimizer', 'gd', '--lr', '0.01']],
    ['keras-sgd-nesterov', ['--framework', 'keras', '--optimizer', 'nesterov', '--momentum', '0.9', '--lr', '0.02']],
    ['keras-adagrad-defaults', ['--framework', 'keras', '--optimizer', 'adagrad', '--lr', '0.1']],
    ['optax-sgd-nesterov', ['--framework', 'optax', '--optimizer', 'nesterov', '--momentum', '0.9', '--lr', '0.02']],
    ['optax-adagrad', ['--framework', 'optax', '--optimizer', 'adagrad', '--lr', '0.5']],
  ];
  for (const [id, options] of replays) {
    it(`${id}: ${options.join(' ')}`, () => {
      const c = cases.get(id);
      assert.ok(c, id);
      const start = c.variables.map((name, i) => `${name}=${c.start[i]}`).join(',');
      const report = json('simulate', c.loss, '--start', start, ...options, '--steps', String(c.steps), '--tol', '0') as { settings: { framework?: string }; trace: CliTrace };
      assert.equal(report.settings.framework, options[1]);
      assertReplaysReference(replayed(report.trace), frameworkReference(c));
    });
  }

  it('says whose rules in the text, keeps PyTorch’s (and the JSON without framework) by default, and refuses others', () => {
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--optimizer', 'adam', '--framework', 'optax').stdout, /^Run {9}Adam \(optax\), η = 0\.01/m);
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--optimizer', 'adam').stdout, /^Run {9}Adam, η = 0\.01/m);
    assert.equal((json('simulate', 'x^2', '--start', 'x=1') as { settings: { framework?: string } }).settings.framework, undefined);
    const keras = json('simulate', 'x^2', '--start', 'x=1', '--optimizer', 'adamw', '--framework', 'keras') as { settings: { optimizer: { eps: number; weightDecay: number } } };
    assert.deepEqual([keras.settings.optimizer.eps, keras.settings.optimizer.weightDecay], [1e-7, 0.004], 'Keras’ AdamW defaults: ε 1e-7, weight decay 0.004');
    const refused = run('simulate', 'x^2', '--start', 'x=1', '--framework', 'jax', '--json');
    assert.equal(refused.status, 2);
    assert.deepEqual(JSON.parse(refused.stdout), { error: { message: '--framework must be one of pytorch, keras, optax; got "jax"', column: null } });
    const sweep = (framework: string[]) => json('sweep', 'x^2', '--start', 'x=1', '--optimizer', 'rmsprop', ...framework, '--count', '5') as { framework?: string; points: { finalLoss: number }[] };
    const kerasSweep = sweep(['--framework', 'keras']);
    assert.equal(kerasSweep.framework, 'keras');
    assert.equal(sweep([]).framework, undefined);
    assert.notDeepEqual(kerasSweep.points, sweep([]).points, 'Keras’ RMSprop (ρ 0.9, ε 1e-7 inside the root) is not PyTorch’s');
    const file = script('import torch\nopt = torch.optim.SGD(params, lr=0.1)\n');
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--from', `${file}:2`, '--framework', 'keras').stderr, /--framework cannot be combined with --from/);
  });
});
