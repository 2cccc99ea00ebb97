/** The stability map: verdicts over η × momentum β (or Adam's β1), each cell a run the diagnosis reads. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileFormula } from '../../../src/core/formula';
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
