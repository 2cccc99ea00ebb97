/**
 * `gd-lab simulate --file PATH:LINE` and the minibatch options, as outside checks use them: the built
 * `dist/cli.js` run on the samples and on files written for the test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, type CliResult } from '../../support/runCli';

const root = join(__dirname, '..', '..', '..');

function run(...args: string[]): CliResult {
  return runCli(args, { cwd: root });
}

/** The report's parts these tests read (the CLI's JSON, as outside checks see it). */
interface Report {
  variables: string[];
  trace: { step?: number[]; loss: number[]; lr: number[]; batchLoss?: number[]; params: number[][]; downsampled?: boolean };
  final: { step: number; epoch?: number; loss: number };
  settings: { batchSize?: number; shuffle?: boolean; seed?: number };
  data: { rows: number; batchesPerEpoch: number };
  diagnosis: { verdict: string };
}

function json(...args: string[]): Report {
  const result = run(...args, '--json');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Report;
}

function lineOf(file: string, prefix: string): number {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  return lines.findIndex((line) => line.startsWith(prefix)) + 1;
}

describe('gd-lab simulate --file', () => {
  it('reads a formula of numbers at a line with the start value the file gives it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gd-lab-')), 'bowl.py');
    writeFileSync(file, 'import math\n\nx = 10\nloss = x**2\n');
    const report = json('simulate', '--file', `${file}:4`, '--lr', '0.2', '--steps', '40');
    assert.deepEqual(report.variables, ['x']);
    assert.equal(report.trace.loss[0], 100);
    assert.equal(report.trace.batchLoss, undefined);
    assert.equal(report.settings.batchSize, undefined);
  });

  it('reads a def at its first line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gd-lab-')), 'f.py');
    writeFileSync(file, 'def f(w=3.0, b=-1.0):\n    err = w * 2.0 + b - 5\n    return err ** 2\n');
    const report = json('simulate', '--file', `${file}:1`, '--steps', '3');
    assert.deepEqual(report.variables, ['w', 'b']);
    assert.deepEqual(report.trace.params[0], [3, -1]);
  });

  it('reads the linear regression sample with its CSV: full batch by default', () => {
    const line = lineOf('samples/linear_regression.py', 'loss =');
    const report = json('simulate', '--file', `samples/linear_regression.py:${line}`, '--lr', '0.1', '--steps', '50');
    assert.deepEqual(report.variables, ['w[0]', 'w[1]', 'b']);
    assert.deepEqual(report.data.rows, 47);
    assert.equal(report.data.batchesPerEpoch, 1);
    assert.equal(report.trace.loss.length, 51);
    assert.equal(report.trace.batchLoss!.length, 50);
    // The full batch: each update's batch loss is the loss before it.
    assert.deepEqual(report.trace.batchLoss, report.trace.loss.slice(0, 50));
    assert.equal(report.settings.batchSize, 47);
    assert.equal(report.settings.shuffle, false);
    assert.equal(report.settings.seed, 0);
    assert.equal(report.final.epoch, 50);
  });

  it('runs minibatches: batch losses, shuffle on by default, the same seed the same run', () => {
    const line = lineOf('samples/linear_regression.py', 'loss =');
    const args = ['simulate', '--file', `samples/linear_regression.py:${line}`, '--lr', '0.1', '--steps', '60', '--batch-size', '8'];
    const a = json(...args);
    const b = json(...args, '--seed', '0');
    const c = json(...args, '--seed', '1');
    assert.deepEqual(a.settings.batchSize, 8);
    assert.equal(a.settings.shuffle, true);
    assert.equal(a.data.batchesPerEpoch, 6);
    assert.equal(a.final.epoch, 10);
    assert.deepEqual(a.trace.params, b.trace.params);
    assert.notDeepEqual(a.trace.params, c.trace.params);
    const inOrder = json(...args, '--shuffle', 'off');
    assert.equal(inOrder.settings.shuffle, false);
    assert.notDeepEqual(inOrder.trace.params, a.trace.params);
    assert.equal(a.trace.batchLoss!.length, 60);
    assert.ok(a.diagnosis.verdict);
  });

  it('reads the Octave sample with its data file, and says where a noise floor is', () => {
    const line = lineOf('samples/computeCost.m', 'J =');
    const report = json('simulate', '--file', `samples/computeCost.m:${line}`, '--lr', '0.01', '--steps', '600', '--batch-size', '4');
    assert.deepEqual(report.variables, ['theta(1)', 'theta(2)']);
    assert.equal(report.data.rows, 97);
    const text = run('simulate', '--file', `samples/computeCost.m:${line}`, '--lr', '0.01', '--steps', '600', '--batch-size', '4');
    assert.match(text.stdout, /Data {8}97 rows, batches of 4 shuffled each epoch \(seed 0\), 25 updates an epoch/);
    assert.match(text.stdout, /Final {7}step 600 \(epoch 24\)/);
  });

  it('refuses what it cannot read with the file, line and column', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gd-lab-'));
    const file = join(folder, 'missing.py');
    writeFileSync(file, 'import numpy as np\ndata = np.loadtxt("nowhere.csv", delimiter=",")\nw = 0.0\nloss = np.mean((w * data[:, 0]) ** 2)\n');
    const result = run('simulate', '--file', `${file}:4`, '--json');
    assert.equal(result.status, 2);
    const error = JSON.parse(result.stdout).error;
    assert.match(error.message, /The data file nowhere\.csv can’t be read: there is no such file next to the code/);
    assert.deepEqual([error.line, error.column], [2, 19]);
    assert.match(result.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:19: The data file`));
    assert.match(run('simulate', '--file', `${file}:99`).stderr, /has 5 lines; line 99 isn’t one of them/);
    assert.match(run('simulate', '--file', file).stderr, /--file takes PATH:LINE/);
    const comment = run('simulate', '--file', 'samples/computeCost.m:5');
    assert.equal(comment.status, 2);
    assert.match(comment.stderr, /line 5 of samples\/computeCost\.m is a comment, not a formula: give the line of the loss itself/);
  });

  it('refuses minibatch options for a formula without data, and a bad value of one', () => {
    assert.match(run('simulate', 'x^2', '--start', 'x=1', '--batch-size', '4').stderr, /--batch-size applies to a loss over data/);
    const line = lineOf('samples/linear_regression.py', 'loss =');
    assert.match(run('simulate', '--file', `samples/linear_regression.py:${line}`, '--shuffle', 'maybe').stderr, /--shuffle must be on or off/);
    assert.match(run('simulate', '--file', `samples/linear_regression.py:${line}`, '--seed', '-1').stderr, /--seed must be at least 0/);
    assert.match(run('simulate', '--file', `samples/linear_regression.py:${line}`, 'x^2').stderr, /not both/);
  });

  it('streams a long minibatch run: past 100,000 steps the series keeps each bucket’s loss and batch-loss extremes, with their steps; --trace full every step, the same numbers', () => {
    const line = lineOf('samples/linear_regression.py', 'loss =');
    const args = ['simulate', '--file', `samples/linear_regression.py:${line}`, '--lr', '0.05', '--batch-size', '4', '--steps', '120000'];
    const sampled = json(...args);
    const full = json(...args, '--trace', 'full');
    assert.equal(sampled.trace.downsampled, true);
    assert.equal(full.trace.downsampled, false);
    assert.equal(full.trace.loss.length, 120_001);
    assert.equal(full.trace.batchLoss!.length, 120_000);
    assert.equal(full.final.epoch, 10_000);
    assert.deepEqual(sampled.final, full.final);
    const steps = sampled.trace.step!;
    assert.ok(steps.length < 10_000, `${steps.length} states`);
    assert.deepEqual([steps[0], steps.at(-1)], [0, 120_000]);
    // batchLoss, like lr, leaves out the start: batchLoss[k − 1] is the batch loss of the update into step[k].
    assert.equal(sampled.trace.batchLoss!.length, steps.length - 1);
    steps.forEach((t, k) => {
      assert.equal(sampled.trace.loss[k], full.trace.loss[t]);
      if (k > 0) assert.equal(sampled.trace.batchLoss![k - 1], full.trace.batchLoss![t - 1]);
    });
    // The batches' noise keeps its envelope: the highest and lowest batch loss of the run are both in the series.
    const extremes = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
    assert.deepEqual(extremes(sampled.trace.batchLoss!), extremes(full.trace.batchLoss!));
  });

  it('refuses --trace full past 10⁸ numbers counting the batch loss: 14,285,714 steps of a loss over data of 3 variables', () => {
    const line = lineOf('samples/linear_regression.py', 'loss =');
    const result = run('simulate', '--file', `samples/linear_regression.py:${line}`, '--batch-size', '4', '--steps', '14285715', '--json', '--trace', 'full');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--steps 14,285,715 is more than --trace full can print: at most 14,285,714 steps for a loss over data of 3 variables/);
  });
});
