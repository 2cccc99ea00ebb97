/**
 * The CLI as a terminal (and outside checks) use it: the built `dist/cli.js`, spawned, its stdout, stderr
 * and exit code checked. PyTorch's reference trajectories are replayed through it end to end.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, type CliResult } from '../../support/runCli';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(...args: string[]): CliResult {
  return runCli(args);
}

function json(...args: string[]): Record<string, unknown> {
  const result = run(...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON object on stdout');
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

describe('gd-lab inspect', () => {
  it('prints variables, value, gradient and Hessian as one JSON object', () => {
    assert.deepEqual(json('inspect', '(1 - x)^2 + 100*(y - x^2)^2', '--at', 'x=1.5,y=-2'), {
      variables: ['x', 'y'],
      value: 0.25 + 100 * (-2 - 2.25) ** 2,
      gradient: { x: -2 * (1 - 1.5) - 400 * 1.5 * (-2 - 2.25), y: 200 * (-2 - 2.25) },
      hessian: [
        [2 - 400 * (-2 - 2.25) + 800 * 2.25, -600],
        [-600, 200],
      ],
    });
  });

  it('prints a readable summary without --json', () => {
    const { status, stdout } = run('inspect', 'def f(w, b): return (w - 3)**2 + b**2', '--at', 'w=1,b=2');
    assert.equal(status, 0);
    assert.match(stdout, /Variables\s+w, b/);
    assert.match(stdout, /Gradient\s+∂\/∂w = -4, ∂\/∂b = 4/);
  });

  it('refuses an unreadable formula with exit 2, one line on stderr, and the error object', () => {
    const plain = run('inspect', 'x + foo(x)', '--at', 'x=1');
    assert.equal(plain.status, 2);
    assert.equal(plain.stdout, '');
    assert.equal(plain.stderr.trim().split('\n').length, 1);
    assert.match(plain.stderr, /Unknown function `foo`.*column 5/);
    const withJson = run('inspect', "__import__('os')", '--json');
    assert.equal(withJson.status, 2);
    assert.deepEqual(JSON.parse(withJson.stdout), {
      error: { message: '`__import__` isn’t a math function — selected text is never run as code, only read as a formula', column: 1 },
    });
  });
});

describe('errors and output', () => {
  it('reports a character whole, with its column in characters', () => {
    const result = run('inspect', 'x + 👍🏽 + 😀', '--json');
    assert.equal(result.status, 2);
    assert.deepEqual(JSON.parse(result.stdout), { error: { message: 'Unexpected character `👍🏽`', column: 5 } });
    assert.equal(result.stderr, 'gd-lab: Unexpected character `👍🏽` (column 5)\n');
  });

  it('gives usage errors in JSON the same keys, with column null', () => {
    for (const args of [['inspect', 'x^2', '--at', 'y=1'], ['simulate', 'x^2', '--start', 'x=1', '--steps', 'many'], ['sweep', 'x^2', '--bogus'], ['nonsense', 'x']]) {
      const result = run(...args, '--json');
      assert.equal(result.status, 2, args.join(' '));
      const { error } = JSON.parse(result.stdout) as { error: { message: string; column: null } };
      assert.deepEqual(Object.keys(error), ['message', 'column']);
      assert.equal(error.column, null);
    }
  });

  it('stops quietly when the reader closes the pipe early', () => {
    // Far more than a pipe holds, so the write meets the closed pipe (EPIPE).
    const script = `"${process.execPath}" "${cli}" simulate "x^2" --start x=1 --steps 100000 --tol 0 --json | head -c 100; echo " status=\${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    assert.equal(result.stdout.length, 100);
    assert.equal(result.stderr, ' status=0\n', 'no stack trace, exit code 0');
  });
});

describe('gd-lab simulate', () => {
  it('prints the run as specified: trace, final, diagnosis, stability', () => {
    const report = json('simulate', 'x^2', '--start', 'x=10', '--lr', '0.2', '--steps', '30', '--tol', '0') as {
      variables: string[];
      trace: { loss: number[]; lr: number[]; params: number[][] };
      final: { step: number; params: Record<string, number>; loss: number };
      diagnosis: { verdict: string; advice: string; convergedAt: number | null; overshootSteps: number[] };
      stability: { lipschitz: number; criticalLr: number };
    };
    assert.deepEqual(report.variables, ['x']);
    assert.equal(report.trace.loss.length, 31);
    assert.equal(report.trace.lr.length, 30);
    assert.deepEqual(report.trace.params[0], [10]);
    assert.deepEqual(report.trace.params[1], [6]);
    assert.equal(report.trace.loss[1], 36);
    assert.equal(report.final.step, 30);
    assert.deepEqual(Object.keys(report.final.params), ['x']);
    assert.equal(report.diagnosis.verdict, 'converged');
    assert.equal(typeof report.diagnosis.advice, 'string');
    assert.deepEqual(report.diagnosis.overshootSteps, []);
    assert.deepEqual(report.stability, { ...report.stability, lipschitz: 2, criticalLr: 1 });
  });

  it('reads the worked example right: 0.2 converges, 0.9 overshoots but settles, 1.1 diverges, 0.001 creeps', () => {
    const verdict = (lr: string, steps: string): { verdict: string; convergedAt: number | null; divergedAt: number | null } =>
      (json('simulate', 'x^2', '--start', 'x=10', '--lr', lr, '--steps', steps) as { diagnosis: { verdict: string; convergedAt: number | null; divergedAt: number | null } }).diagnosis;
    const right = verdict('0.2', '1000');
    assert.equal(right.verdict, 'converged');
    assert.ok(right.convergedAt !== null && right.convergedAt >= 15 && right.convergedAt <= 40, `converged at ${right.convergedAt}`);
    const bouncing = verdict('0.9', '1000');
    assert.equal(bouncing.verdict, 'oscillating');
    assert.ok(bouncing.convergedAt !== null);
    const large = verdict('1.1', '1000');
    assert.equal(large.verdict, 'diverged');
    assert.equal(large.divergedAt, 1);
    assert.equal(verdict('0.001', '200').verdict, 'too-slow');
  });

  it('prints the verdict, the advice, the rule of thumb, the one change to make, the facts and a sparkline without --json', () => {
    const { status, stdout } = run('simulate', 'x^2', '--start', 'x=10', '--lr', '1.1', '--steps', '30');
    assert.equal(status, 0);
    assert.match(stdout, /^Diverged at step 1: the loss grew every step$/m);
    assert.match(stdout, /η = 1\.1 is too large\. It is above the critical η 2\/L ≈ 1 \(L = 2, the largest curvature met\)\. With η = 0\.5 it converges at step 1\.$/m);
    assert.match(stdout, /^Rule of thumb: bouncing or growing → η ÷ 10\. Checked: η ÷ 10 = 0\.11 is still descending after 30 steps\.$/m);
    assert.match(stdout, /^Next {8}Use η = 0\.5: converges in 1 step$/m);
    assert.match(stdout, /^Critical η {2}2\/L = 1 \(L = 2, the largest curvature met along the path\); η is 1\.1× this$/m);
    assert.match(stdout, /^Checked {5}\d+ runs: η = 0\.11: still descending · η = 0\.5: converged at step 1 ·/m);
    assert.match(stdout, /Loss\s+[▁▂▃▄▅▆▇█]{10,}/);
  });

  it('adds the decision to the JSON: cause, the checked change and what running it gave, the critical η met and at the start', () => {
    type Diagnosis = Record<string, unknown> & { suggestionCheck: unknown; checks: { status: string; runs: unknown[] } };
    const slow = (json('simulate', 'x^2', '--start', 'x=10', '--lr', '0.01') as { diagnosis: Diagnosis }).diagnosis;
    const { verdict, cause, convergedAt, suggestedLr, suggestedMaxLr, suggestedMaxSteps, suggestedOptimizer, suggestedStart, suggestionCheck, localMinimum, criticalLr, criticalLrAtStart } = slow;
    assert.deepEqual(
      { verdict, cause, convergedAt, suggestedLr, suggestedMaxLr, suggestedMaxSteps, suggestedOptimizer, suggestedStart, suggestionCheck, localMinimum, criticalLr, criticalLrAtStart },
      {
        verdict: 'converged',
        cause: 'lr-too-small',
        convergedAt: 719,
        suggestedLr: 0.5,
        suggestedMaxLr: null,
        suggestedMaxSteps: null,
        suggestedOptimizer: null,
        suggestedStart: null,
        suggestionCheck: { verdict: 'converged', convergedAt: 1, steps: 1 },
        localMinimum: null,
        criticalLr: 1,
        criticalLrAtStart: 1,
      },
    );
    assert.equal(slow.checks.status, 'done');
    assert.ok(slow.checks.runs.length > 3);

    // Several changes at once: another optimizer at its own η.
    const valley = (json('simulate', '(1 - x)^2 + 100*(y - x^2)^2', '--start', 'x=-1.5,y=2', '--lr', '1e-3') as { diagnosis: Diagnosis }).diagnosis;
    assert.deepEqual(
      [valley.cause, valley.suggestedLr, valley.suggestedOptimizer, valley.suggestedMaxSteps, valley.suggestionCheck],
      ['ill-conditioned', 2, 'adam', null, { verdict: 'converged', convergedAt: 745, steps: 745 }],
    );

    // A lower minimum: where, and what gets there.
    const local = (json('simulate', '(x^2 - 1)^2 + 0.3*x', '--start', 'x=2', '--lr', '0.01') as { diagnosis: Diagnosis & { localMinimum: { point: { x: number }; loss: number } } }).diagnosis;
    assert.equal(local.cause, 'local-minimum');
    assert.ok(Math.abs(local.localMinimum.point.x + 1.0356) < 1e-3 && Math.abs(local.localMinimum.loss + 0.3054) < 1e-3, JSON.stringify(local.localMinimum));
    assert.deepEqual([local.suggestedLr, local.suggestionCheck], [0.1, { verdict: 'converged', convergedAt: 10, steps: 10 }]);

    // No minimum: no η.
    const none = (json('simulate', 'x^2 - y^2', '--start', 'x=1,y=1', '--lr', '0.4') as { diagnosis: Diagnosis }).diagnosis;
    assert.deepEqual([none.cause, none.suggestedLr, none.suggestionCheck], ['no-minimum', null, null]);

    // The critical η met along the path, and the start's.
    const logCosh = (json('simulate', 'log(cosh(x))', '--start', 'x=5', '--lr', '3') as { diagnosis: { criticalLr: number; criticalLrAtStart: number } }).diagnosis;
    assert.ok(Math.abs(logCosh.criticalLr - 2) < 1e-6 && Math.abs(logCosh.criticalLrAtStart - 11_014.2) < 0.1);
  });

  it('gives the run’s own critical η and a one-cycle peak suggestion in the JSON, beside 2/L', () => {
    type Report = { diagnosis: { suggestedLr: number | null; suggestedMaxLr: number | null; criticalLr: number | null }; stability: { criticalLr: number | null } };
    const momentum = json('simulate', 'x^2', '--start', 'x=10', '--lr', '0.1', '--optimizer', 'momentum') as Report;
    assert.equal(momentum.diagnosis.criticalLr, 1.9);
    assert.equal(momentum.stability.criticalLr, 1);
    assert.equal((json('simulate', 'x^2', '--start', 'x=10', '--lr', '0.1', '--optimizer', 'adam') as Report).diagnosis.criticalLr, null);
    // η does not steer a one-cycle schedule with its own max_lr: the suggestion is for the peak.
    const peaked = json('simulate', 'x^2', '--start', 'x=10', '--schedule', 'onecycle', '--max-lr', '50', '--steps', '100') as Report;
    assert.equal(peaked.diagnosis.suggestedLr, null);
    assert.equal(peaked.diagnosis.suggestedMaxLr, 0.5);
  });

  it('words the critical η for the run’s own optimizer, as the sweep and the panel do', () => {
    const critical = (...args: string[]): string =>
      run('simulate', 'x^2', '--start', 'x=10', '--lr', '0.1', '--steps', '20', ...args).stdout.split('\n').find((line) => line.startsWith('Critical'))!;
    assert.equal(critical('--optimizer', 'momentum'), 'Critical η  2(1 + β)/L = 1.9 (L = 2, the largest curvature met along the path); η is 0.0526× this');
    assert.equal(critical('--optimizer', 'adam'), 'Critical η  none: Adam scales each step by the gradient’s size, so the curvature sets no limit');
    // Weight decay curves every direction by its amount: a limit even for a loss with no curvature of its own.
    const linear = (...args: string[]): string =>
      run('simulate', '3*x', '--start', 'x=1', '--lr', '0.1', '--steps', '5', '--weight-decay', '1', ...args).stdout.split('\n').find((line) => line.startsWith('Critical'))!;
    assert.equal(linear(), 'Critical η  2/(L + weight decay) = 2 (L = 0, the largest curvature met along the path); η is 0.05× this');
    assert.equal(linear('--optimizer', 'momentum'), 'Critical η  2(1 + β)/(L + weight decay) = 3.8 (L = 0, the largest curvature met along the path); η is 0.0263× this');
  });

  it('refuses a step limit a run cannot take, or --trace full cannot print, naming the limit', () => {
    const refused = (args: string[], message: RegExp): void => {
      const result = run('simulate', 'x^2 + y^2', '--start', 'x=1,y=1', ...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stdout, args.includes('--json') ? `${JSON.stringify({ error: { message: result.stderr.slice('gd-lab: '.length, -1), column: null } })}\n` : '');
      assert.match(result.stderr, message);
    };
    refused(['--steps', '1e12'], /^gd-lab: --steps 1,000,000,000,000 is more than a run may take: at most 1,000,000,000 steps\n$/);
    refused(['--steps', '1000000001', '--json'], /at most 1,000,000,000 steps/);
    refused(
      ['--steps', '20000001', '--json', '--trace', 'full'],
      /^gd-lab: --steps 20,000,001 is more than --trace full can print: at most 20,000,000 steps for a formula of 2 variables \(every step is printed; without --trace full, --json prints every step up to 100,000 and the downsampled series beyond\)\n$/,
    );
    refused(['--trace', 'full'], /^gd-lab: --trace applies to --json: it says what of the trace to print\n$/);
    refused(['--json', '--trace', 'some'], /--trace must be one of full, downsampled; got "some"/);
    const sweep = run('sweep', 'x^2', '--start', 'x=1', '--steps', '2000000000');
    assert.equal(sweep.status, 2);
    assert.match(sweep.stderr, /--steps 2,000,000,000 is more than a run may take: at most 1,000,000,000 steps/);
    // A run's memory does not grow with its length: a formula of 100 variables takes any step limit (this converges early).
    const many = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const wide = run('simulate', many.map((v) => `${v}^2`).join(' + '), '--start', many.map((v) => `${v}=1`).join(','), '--lr', '0.4', '--steps', '1000000000');
    assert.equal(wide.status, 0, wide.stderr);
    // At the limits the run is made (these converge early).
    assert.equal((json('simulate', 'x^2 + y^2', '--start', 'x=1,y=1', '--lr', '0.4', '--steps', '20000000', '--trace', 'full') as { diagnosis: { verdict: string } }).diagnosis.verdict, 'converged');
    assert.equal(run('simulate', 'x^2 + y^2', '--start', 'x=1,y=1', '--lr', '0.4', '--steps', '1000000000').status, 0);
  });

  it('prints every step up to 100,000 steps, the downsampled series with its steps beyond, and every step with --trace full', () => {
    interface Traced {
      trace: { step: number[]; loss: number[]; lr: number[]; params: number[][]; downsampled: boolean };
      final: { step: number; loss: number };
      diagnosis: { overshootSteps: number[]; overshootCount: number };
    }
    // x² at η = 0.999 bounces between ±x, shrinking slowly: the loss never rises, the path reverses every step.
    const args = ['simulate', 'x^2 + 0.001*y^2', '--start', 'x=1,y=1', '--lr', '0.999', '--tol', '0'];
    const short = json(...args, '--steps', '100000') as unknown as Traced;
    assert.equal(short.trace.downsampled, false);
    assert.equal(short.trace.step.length, 100_001);
    assert.deepEqual(short.trace.step.slice(0, 3), [0, 1, 2]);
    assert.equal(short.trace.lr.length, 100_000);
    const long = json(...args, '--steps', '100001') as unknown as Traced;
    assert.equal(long.trace.downsampled, true);
    const { step, loss, lr, params } = long.trace;
    assert.ok(step.length <= 2 + 2 * 2048 && step.length > 2000, `${step.length} points`);
    assert.equal(step[0], 0);
    assert.equal(step.at(-1), 100_001);
    assert.ok(step.every((t, k) => k === 0 || t > step[k - 1]!), 'steps increase');
    assert.equal(loss.length, step.length);
    assert.equal(params.length, step.length);
    assert.equal(lr.length, step.length - 1, 'lr[k − 1] is the η of the update that led to step[k]');
    assert.equal(long.final.step, 100_001);
    assert.equal(loss.at(-1), long.final.loss);
    // The same run, every step: the series is made of its states, bit for bit.
    const full = json(...args, '--steps', '100001', '--trace', 'full') as unknown as Traced;
    assert.equal(full.trace.downsampled, false);
    assert.equal(full.trace.step.length, 100_002);
    step.forEach((t, k) => {
      assert.equal(loss[k], full.trace.loss[t]);
      assert.deepEqual(params[k], full.trace.params[t]);
      if (k > 0) assert.equal(lr[k - 1], full.trace.lr[t - 1]);
    });
    // --trace downsampled asks for the series of a short run too: every step of a run of up to 4,096.
    const small = json('simulate', 'x^2', '--start', 'x=10', '--lr', '0.2', '--steps', '30', '--tol', '0', '--trace', 'downsampled') as unknown as Traced;
    assert.equal(small.trace.step.length, 31);
    assert.equal(small.trace.downsampled, false);
  });

  const start = ['--start', 'x=1,y=1'];
  const bad: [string, string[], RegExp][] = [
    ['an unknown optimizer', [...start, '--optimizer', 'sgdd'], /--optimizer must be one of gd, momentum/],
    ['a negative η', [...start, '--lr', '-0.1'], /--lr must be a positive number, got -0\.1/],
    ['a missing start value', ['--start', 'x=1'], /--start: missing a value for y/],
    ['a non-number', [...start, '--steps', 'many'], /--steps must be a number, got "many"/],
    ['a start value for no variable', ['--start', 'x=1,y=2,z=3'], /"z" is not a variable/],
    ['an option of another schedule', [...start, '--gamma', '0.5'], /--gamma applies to --schedule step or exponential/],
    ['an unknown option', [...start, '--learning-rate', '0.1'], /Unknown option --learning-rate/],
    ['momentum for Adam', [...start, '--optimizer', 'adam', '--momentum', '0.5'], /--momentum applies to/],
    ['a start where the loss is not finite', ['--start', 'x=-1,y=1', '--lr', '0.1'], /--start: The loss is not finite at the start point/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with exit 2, naming the argument, printing nothing else`, () => {
      const result = run('simulate', 'log(x) + y^2', ...args);
      assert.equal(result.status, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, message);
    });
  }
});

describe('gd-lab sweep', () => {
  it('sweeps 60 log-spaced η from 1e-5 to 10 and suggests a stable one below the critical η', () => {
    const report = json('sweep', 'x^2', '--start', 'x=10') as {
      points: { lr: number; finalLoss: number; stepsToConverge: number | null; verdict: string }[];
      suggestedLr: number;
      stability: { criticalLr: number };
      optimizer: string;
      criticalLr: number;
    };
    assert.equal(report.points.length, 60);
    assert.equal(report.points[0].lr, 1e-5);
    assert.equal(report.points[59].lr, 10);
    assert.equal(report.stability.criticalLr, 1);
    assert.equal(report.optimizer, 'gd');
    assert.equal(report.criticalLr, 1);
    assert.ok(report.suggestedLr > 0.1 && report.suggestedLr < 1, `suggested ${report.suggestedLr}`);
    assert.equal(report.points.at(-1)!.verdict, 'diverged');
  });

  it('gives the swept optimizer’s own critical η in criticalLr, keeping 2/L in stability.criticalLr', () => {
    const sweep = (optimizer: string): { optimizer: string; criticalLr: number | null; stability: { lipschitz: number; criticalLr: number } } =>
      json('sweep', 'x^2', '--start', 'x=10', '--optimizer', optimizer, '--count', '3', '--from', '0.1', '--to', '1') as never;
    const momentum = sweep('momentum');
    assert.equal(momentum.optimizer, 'momentum');
    assert.ok(Math.abs(momentum.criticalLr! - 1.9) < 1e-12, `momentum: ${momentum.criticalLr}`);
    assert.deepEqual(momentum.stability, { lipschitz: 2, criticalLr: 1 });
    assert.ok(Math.abs(sweep('nesterov').criticalLr! - 1.9 / 2.8) < 1e-12);
    for (const optimizer of ['adagrad', 'rmsprop', 'adam', 'adamw']) {
      const adaptive = sweep(optimizer);
      assert.equal(adaptive.criticalLr, null, optimizer);
      assert.deepEqual(adaptive.stability, { lipschitz: 2, criticalLr: 1 }, optimizer);
    }
  });

  it('words the critical η for the optimizer swept', () => {
    const critical = (...args: string[]): string => {
      const { status, stdout } = run('sweep', 'x^2', '--start', 'x=10', '--count', '3', '--from', '0.1', '--to', '1', ...args);
      assert.equal(status, 0);
      return stdout.split('\n').find((line) => line.startsWith('Critical'))!;
    };
    assert.match(run('sweep', 'x^2', '--start', 'x=10', '--count', '3', '--optimizer', 'momentum').stdout, /^Sweep {7}Momentum, 3 values of η/m);
    assert.equal(critical(), 'Critical η  2/L = 1 (L = 2, the largest curvature at the start)');
    assert.equal(critical('--weight-decay', '0.5'), 'Critical η  2/(L + weight decay) = 0.8 (L = 2, the largest curvature at the start)');
    assert.equal(critical('--optimizer', 'momentum'), 'Critical η  2(1 + β)/L = 1.9 (L = 2, the largest curvature at the start)');
    assert.equal(
      critical('--optimizer', 'adam'),
      'Critical η  none: Adam scales each step by the gradient’s size, so the curvature sets no limit (L = 2, the largest curvature at the start)',
    );
    assert.equal(run('sweep', '-x^2', '--start', 'x=1', '--count', '2', '--optimizer', 'momentum').stdout.split('\n').find((line) => line.startsWith('Critical')), 'Critical η  none: no positive curvature (L = −2, the largest curvature at the start)');
  });

  it('prints a table without --json', () => {
    const { status, stdout } = run('sweep', '(w - 3)**2 + b**2', '--start', 'w=0,b=1', '--count', '5', '--from', '0.01', '--to', '10');
    assert.equal(status, 0);
    assert.match(stdout, /← suggested/);
    assert.equal(stdout.split('\n').filter((l) => /^\s*[\d.e-]+\s{3,}\S/.test(l)).length, 5);
  });
});

describe('long formulas', () => {
  const chain = (count: number, operator: string, names: string[]): string => Array.from({ length: count }, (_, i) => names[i % names.length]).join(operator);

  it('reads chains of thousands of terms instead of failing with an internal error', () => {
    assert.deepEqual(json('inspect', chain(1800, '*', ['x', 'y']), '--at', 'x=1,y=1'), { variables: ['x', 'y'], value: 1, gradient: { x: 900, y: 900 }, hessian: [[900 * 899, 900 * 900], [900 * 900, 900 * 899]] });
    assert.deepEqual(json('inspect', chain(1200, '/', ['x']), '--at', 'x=1'), { variables: ['x'], value: 1, gradient: { x: -1198 }, hessian: [[1198 * 1199]] });
    assert.deepEqual(json('inspect', chain(2000, '+', ['x']), '--at', 'x=1'), { variables: ['x'], value: 2000, gradient: { x: 2000 }, hessian: [[0]] });
    const simulated = run('simulate', chain(2000, '+', ['x']), '--start', 'x=1', '--lr', '1e-4');
    assert.equal(simulated.status, 0, simulated.stderr);
  });

  it('refuses what is too large or too deep with exit 2 and a message with a column', () => {
    const large = run('inspect', chain(3000, '*', Array.from({ length: 100 }, (_, i) => `v${i}`)), '--json');
    assert.equal(large.status, 2);
    assert.deepEqual(JSON.parse(large.stdout), { error: { message: 'The formula is too large: its exact gradient and Hessian would need more than 200,000 terms', column: 1 } });
    const deep = run('inspect', `${'('.repeat(300)}x${')'.repeat(300)}`);
    assert.equal(deep.status, 2);
    assert.match(deep.stderr, /^gd-lab: The formula is nested too deeply \(column 201\)\n$/);
  });
});

describe('names an object inherits, in every command', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']) {
    it(`takes ${name} as an ordinary variable in inspect, simulate and sweep, and their --at and --start`, () => {
      assert.deepEqual(json('inspect', `${name}^2`, '--at', `${name}=3`), { variables: [name], value: 9, gradient: { [name]: 6 }, hessian: [[2]] });
      assert.deepEqual(json('inspect', `def f(${name}=3): return ${name}**2`), { variables: [name], value: 9, gradient: { [name]: 6 }, hessian: [[2]] });
      const text = run('inspect', `${name}^2`, '--at', `${name}=3`);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, new RegExp(`At {9}${name} = 3\n`));
      const missing = run('inspect', `${name}^2`);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, new RegExp(`--at: missing a value for ${name}`));
      const simulated = json('simulate', `(${name} - 1)^2 + x^2`, '--start', `${name}=3,x=1`, '--lr', '0.1') as { variables: string[]; final: { params: Record<string, number> }; diagnosis: { verdict: string } };
      assert.deepEqual(simulated.variables, [name, 'x']);
      assert.equal(simulated.diagnosis.verdict, 'converged');
      assert.ok(Object.hasOwn(simulated.final.params, name) && Math.abs(simulated.final.params[name] - 1) < 1e-3, JSON.stringify(simulated.final));
      const swept = json('sweep', `(${name} - 1)^2`, '--start', `${name}=3`, '--count', '3') as { variables: string[]; points: unknown[] };
      assert.deepEqual(swept.variables, [name]);
      assert.equal(swept.points.length, 3);
    });
  }

  it('refuses --constructor, --__proto__ and friends as unknown options', () => {
    for (const option of ['--constructor', '--__proto__', '--toString=1', '--hasOwnProperty', '--valueOf']) {
      const result = run('simulate', 'x^2', '--start', 'x=1', option);
      assert.equal(result.status, 2, option);
      assert.match(result.stderr, new RegExp(`Unknown option ${option.replace(/=.*/, '')}`), option);
    }
    assert.match(run('inspect', 'x^2', '--at', 'x=1', '--constructor').stderr, /Unknown option --constructor/);
  });
});

interface ReferenceCase {
  expression: string;
  variables: string[];
  start: number[];
  optimizer: string;
  lr: number;
  schedule: null | { kind: string; stepSize?: number; gamma?: number; tMax?: number | null; minLr?: number; warmupSteps?: number; startFactor?: number; maxLr?: number | null; pctStart?: number };
  steps: number;
  expected: { step: number[]; params: number[][]; loss: number[] };
  lrPerStep: number[];
}

/** The CLI options that ask for a reference case's schedule. */
function scheduleArguments(schedule: ReferenceCase['schedule']): string[] {
  if (!schedule || schedule.kind === 'constant') return [];
  const args = ['--schedule', schedule.kind];
  const add = (option: string, value: number | null | undefined): void => {
    if (value !== undefined && value !== null) args.push(`--${option}`, String(value));
  };
  add('step-size', schedule.stepSize);
  add('gamma', schedule.gamma);
  add('t-max', schedule.tMax);
  add('min-lr', schedule.minLr);
  add('warmup-steps', schedule.warmupSteps);
  add('start-factor', schedule.startFactor);
  add('max-lr', schedule.maxLr);
  add('pct-start', schedule.pctStart);
  return args;
}

const close = (actual: number, expected: number): boolean => Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(expected), 1e-3);

describe('PyTorch reference trajectories, replayed through the CLI', () => {
  for (const file of ['torch-reference.json', 'torch-reference-held-out.json']) {
    const { cases } = JSON.parse(readFileSync(join(root, 'test', 'fixtures', file), 'utf8')) as { cases: ReferenceCase[] };
    for (const c of cases) {
      const name = `${file}: ${c.expression} · ${c.optimizer} η=${c.lr}${c.schedule ? ` · ${c.schedule.kind}` : ''} · ${c.steps} steps`;
      it(name, () => {
        const start = c.variables.map((v, i) => `${v}=${c.start[i]}`).join(',');
        const report = json('simulate', c.expression, '--start', start, '--optimizer', c.optimizer, '--lr', String(c.lr), '--steps', String(c.steps), '--tol', '0', ...scheduleArguments(c.schedule)) as {
          trace: { loss: number[]; lr: number[]; params: number[][] };
        };
        c.lrPerStep.forEach((lr, t) => assert.ok(close(report.trace.lr[t], lr), `η of update ${t + 1}: ${report.trace.lr[t]} vs ${lr}`));
        c.expected.step.forEach((step, k) => {
          c.expected.params[k].forEach((p, i) => assert.ok(close(report.trace.params[step][i], p), `${c.variables[i]} after step ${step}: ${report.trace.params[step][i]} vs ${p}`));
          assert.ok(close(report.trace.loss[step], c.expected.loss[k]), `loss after step ${step}: ${report.trace.loss[step]} vs ${c.expected.loss[k]}`);
        });
      });
    }
  }
});
