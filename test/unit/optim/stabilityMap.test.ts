/** The stability map: verdicts over η × momentum β (or Adam's β1), each cell a run the diagnosis reads. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileFormula, readFormulaInDocument } from '../../../src/core/formula';
import {
  cellSettings,
  criticalLearningRateFor,
  defaultOptimizerSettings,
  defaultRunSettings,
  diagnose,
  mapCategory,
  runStabilityMapInSlices,
  runStabilityRows,
  simulate,
  stabilityAt,
  stabilityBound,
  stabilityMapAxes,
  type OptimizerKind,
  type RunSettings,
} from '../../../src/core/optim';
import { StabilityMapWorkers } from '../../../src/extension/stabilityMap/workerPool';

const quadratic = compileFormula('x^2');
const start = [10];
const stability = stabilityAt(quadratic, start);
const settingsOf = (kind: OptimizerKind, learningRate = 0.1): RunSettings => ({ ...defaultRunSettings(), learningRate, optimizer: defaultOptimizerSettings(kind) });

describe('the stability map’s grid', () => {
  it('spans η in whole decades around 2/L by the optimizer’s β in steps of 0.05', () => {
    const axes = stabilityMapAxes(settingsOf('momentum'), stability);
    assert.ok(axes);
    assert.equal(axes.parameter, 'momentum');
    assert.equal(axes.learningRates.length, 40);
    assert.equal(axes.learningRates[0], 1e-3);
    assert.equal(axes.learningRates[39], 10);
    assert.deepEqual(axes.values, Array.from({ length: 20 }, (_, j) => Number((j * 0.05).toFixed(2))));
  });

  it('maps Adam’s β1 over 1e−4 … 10, Nesterov from β = 0.05, and nothing for one-knob optimizers', () => {
    const adam = stabilityMapAxes(settingsOf('adam'), stability);
    assert.equal(adam?.parameter, 'beta1');
    assert.deepEqual([adam?.learningRates[0], adam?.learningRates.at(-1)], [1e-4, 10]);
    const nesterov = stabilityMapAxes(settingsOf('nesterov'), stability);
    assert.equal(nesterov?.values[0], 0.05);
    assert.equal(nesterov?.values.length, 19);
    for (const kind of ['gd', 'adagrad', 'rmsprop'] as const) assert.equal(stabilityMapAxes(settingsOf(kind), stability), null, kind);
  });

  it('widens η by decades to hold the current η', () => {
    const axes = stabilityMapAxes(settingsOf('momentum', 300), stability);
    assert.equal(axes?.learningRates.at(-1), 1000);
  });
});

describe('the stability map’s cells', () => {
  const settings = settingsOf('momentum');
  const axes = stabilityMapAxes(settings, stability)!;
  const cells = runStabilityRows(quadratic, start, settings, stability, axes, axes.values.map((_, row) => row));

  it('is the verdict of each cell’s own run, as the diagnosis and the sweep read it', () => {
    assert.equal(cells.length, 800);
    for (const [row, column] of [[0, 0], [18, 25], [19, 39], [10, 30]]) {
      const cell = cellSettings(settings, 'momentum', axes.learningRates[column], axes.values[row]);
      const diagnosis = diagnose(simulate(quadratic, start, cell), quadratic, cell, { check: false });
      assert.deepEqual(cells[row * 40 + column], { verdict: diagnosis.verdict, convergedAt: diagnosis.convergedAt }, `row ${row}, column ${column}`);
    }
  });

  it('on a quadratic, diverges beyond momentum’s limit 2(1 + β)/L and not below it', () => {
    const bound = stabilityBound(settings, stability, axes);
    assert.ok(bound);
    axes.values.forEach((beta, row) => {
      assert.ok(Math.abs(bound[row]! - (2 * (1 + beta)) / 2) < 1e-12, `the limit at β = ${beta}`);
      axes.learningRates.forEach((learningRate, column) => {
        const verdict = cells[row * 40 + column].verdict;
        if (learningRate > bound[row]! * 1.1) assert.equal(verdict, 'diverged', `η = ${learningRate}, β = ${beta}`);
        if (learningRate < bound[row]! * 0.9) assert.notEqual(verdict, 'diverged', `η = ${learningRate}, β = ${beta}`);
      });
    });
    assert.deepEqual(bound, axes.values.map((beta) => criticalLearningRateFor({ ...settings.optimizer, momentum: beta } as never, stability.lipschitz)));
  });

  it('sorts cells into converged (fast), slow, oscillating and diverged', () => {
    const categories = new Set(cells.map(mapCategory));
    for (const category of ['fast', 'slow', 'oscillating', 'diverged'] as const) assert.ok(categories.has(category), category);
    assert.equal(mapCategory({ verdict: 'needs-more-steps', convergedAt: null }), 'slow');
    assert.equal(mapCategory({ verdict: 'too-slow', convergedAt: null }), 'slow');
    assert.equal(stabilityBound(settingsOf('adam'), stability, stabilityMapAxes(settingsOf('adam'), stability)!), null);
  });

  it('gives the same cells row by row in any order, in time slices, and on worker threads', async () => {
    const odd = runStabilityRows(quadratic, start, settings, stability, axes, [19, 1]);
    assert.deepEqual(odd, [...cells.slice(19 * 40, 20 * 40), ...cells.slice(40, 80)]);
    assert.deepEqual(await runStabilityMapInSlices(quadratic, start, settings, stability, axes, { sliceMilliseconds: 2 }), cells);
    let cancelled = false;
    assert.equal(await runStabilityMapInSlices(quadratic, start, settings, stability, axes, { sliceMilliseconds: 1, isCancelled: () => (cancelled = !cancelled) }), null);

    const script = join(import.meta.dirname, '..', '..', '..', 'dist', 'stabilityMapWorker.js');
    assert.ok(existsSync(script), 'dist/stabilityMapWorker.js is missing: run `node esbuild.mjs` first.');
    const workers = new StabilityMapWorkers(script, 2);
    try {
      const job = { formula: quadratic, start, settings, stability, axes, isCancelled: () => false };
      assert.deepEqual(await workers.run(job), cells);
      assert.equal(await workers.run({ ...job, isCancelled: () => true }), null, 'a map replaced meanwhile is dropped');
    } finally {
      workers.dispose();
    }
  });
});

describe('the stability map of a loss over data', () => {
  // y = 2x − 1 + noise over 40 rows, in batches of 4: the cells are minibatch runs, judged on all the data.
  const xs = Array.from({ length: 40 }, (_, i) => (i - 20) / 10);
  const ys = xs.map((x, i) => 2 * x - 1 + 0.3 * Math.sin(7 * i));
  const text = `import numpy as np\nx = np.array([${xs.join(', ')}])\ny = np.array([${ys.join(', ')}])\nw = 0.0\nb = 0.0\nloss = np.mean((w * x + b - y) ** 2)\n`;
  const read = readFormulaInDocument({ text, start: text.indexOf('loss ='), end: text.length - 1, files: new Map() });
  assert.ok(read.ok);
  const formula = read.formula;
  const dataStart = [0, 0];
  const dataStability = stabilityAt(formula, dataStart);
  const minibatch: RunSettings = { ...settingsOf('momentum', 0.05), maxSteps: 300, batchSize: 4, shuffle: true, seed: 0 };
  const dataAxes = stabilityMapAxes(minibatch, dataStability, { columns: 10, rows: 4 })!;
  const cells = runStabilityRows(formula, dataStart, minibatch, dataStability, dataAxes, dataAxes.values.map((_, row) => row));

  it('reads each cell as the panel’s verdict reads its run: on all the data, against the best value', () => {
    assert.ok(formula.data !== null);
    assert.ok(cells.some((cell) => cell.verdict === 'converged'), 'a minibatch run that settles within the tolerance of the best value is converged');
    assert.ok(cells.some((cell) => cell.verdict === 'oscillating'), 'a noise floor');
    for (const [index, cell] of cells.entries()) {
      const row = Math.floor(index / 10);
      const settings = cellSettings(minibatch, 'momentum', dataAxes.learningRates[index % 10], dataAxes.values[row]);
      const diagnosis = diagnose(simulate(formula, dataStart, settings), formula, settings, { check: false, noise: { runRemedies: false } });
      assert.deepEqual(cell, { verdict: diagnosis.verdict, convergedAt: diagnosis.convergedAt }, `cell ${index}`);
    }
  });

  it('runs in the extension host, leaving the worker threads to the formulas they can read', async () => {
    assert.deepEqual(await runStabilityMapInSlices(formula, dataStart, minibatch, dataStability, dataAxes, { sliceMilliseconds: 2 }), cells);
    const script = join(import.meta.dirname, '..', '..', '..', 'dist', 'stabilityMapWorker.js');
    const workers = new StabilityMapWorkers(script, 1);
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      assert.deepEqual(await workers.runner({ formula, start: dataStart, settings: minibatch, stability: dataStability, axes: dataAxes, isCancelled: () => false }), cells);
      assert.deepEqual(warnings, [], 'the workers were not asked, so none failed');
    } finally {
      console.warn = warn;
      workers.dispose();
    }
  });
});
