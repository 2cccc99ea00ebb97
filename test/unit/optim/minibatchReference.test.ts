/**
 * Losses over data, read from their documents as the editor reads them, run in full batches and minibatches, must
 * follow PyTorch's trajectories (test/fixtures/minibatch-reference.json, from gen_minibatch_reference.py): the
 * full-data loss after every update, the loss of every batch, every parameter vector and learning rate, to 1e-9.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { SeededRandom } from '../../../src/core/math/random';
import { readDocumentFormula } from '../../../src/core/documentFormula';
import { simulateTrace as simulate } from '../../../src/core/optim/record/fullTrace';
import type { OptimizerSettings, ScheduleSettings } from '../../../src/core/optim/types';
import { formulaRangeAt } from '../../../src/extension/session/formulaAtCursor';

interface MinibatchCase {
  problem: string;
  document: string;
  line: number;
  language: string;
  files: Record<string, string>;
  variables: string[];
  rows: number;
  optimizerSettings: OptimizerSettings;
  lr: number;
  schedule: ScheduleSettings;
  steps: number;
  batchSize: number | null;
  shuffle: boolean;
  seed: number;
  expected: { loss: number[]; batchLoss: number[]; params: number[][]; lr: number[] };
}

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/minibatch-reference.json'), 'utf8')) as {
  shuffleExample: { seed: number; rows: number; firstEpoch: number[] };
  cases: MinibatchCase[];
};

/** Relative agreement to 1e-9; values a million times below the case's scale compare absolutely (see reference.test.ts). */
function relativeError(actual: number, expected: number, scale: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-6 * scale);
}

function describeCase(c: MinibatchCase): string {
  const batches = c.batchSize === null ? 'full batch' : `batches of ${c.batchSize}${c.shuffle ? `, shuffled (seed ${c.seed})` : ', in order'}`;
  return `${c.problem} · ${c.optimizerSettings.kind} · η ${c.lr} · ${c.schedule.kind} · ${batches} · ${c.steps} steps`;
}

describe('losses over data against PyTorch', () => {
  it('shuffles as the Python reimplementation of the generator does', () => {
    const { seed, rows, firstEpoch } = reference.shuffleExample;
    assert.deepEqual(Array.from(new SeededRandom(seed).shuffle(Int32Array.from({ length: rows }, (_, i) => i))), firstEpoch);
  });

  let worst = 0;
  for (const c of reference.cases) {
    it(describeCase(c), async (t) => {
      const lineStart = c.document.split('\n').slice(0, c.line - 1).reduce((offset, line) => offset + line.length + 1, 0);
      const range = formulaRangeAt(c.document, lineStart);
      const read = await readDocumentFormula(
        { text: c.document, start: range.start, end: range.end, languageId: c.language, defaultStartValue: 1 },
        async (path) => {
          if (!Object.hasOwn(c.files, path)) throw new Error('no such file');
          return c.files[path]!;
        },
      );
      if (!read.ok) assert.fail(read.error.describe());
      const { formula, start } = read;
      assert.deepEqual(formula.variables, c.variables);
      assert.equal(formula.data?.rowCount, c.rows);
      assert.deepEqual(start, c.expected.params[0]);
      const trace = simulate(formula, start, {
        learningRate: c.lr,
        optimizer: c.optimizerSettings,
        schedule: c.schedule,
        maxSteps: c.steps,
        tolerance: 0,
        batchSize: c.batchSize,
        shuffle: c.shuffle,
        seed: c.seed,
      });
      assert.equal(trace.steps, c.steps);
      const n = c.variables.length;
      const paramScale = Math.max(...c.expected.params.flat().map(Math.abs));
      const lossScale = Math.max(...c.expected.loss.map(Math.abs), ...c.expected.batchLoss.map(Math.abs));
      let largest = 0;
      const check = (actual: number, expected: number, scale: number, what: string): void => {
        const error = relativeError(actual, expected, scale);
        largest = Math.max(largest, error);
        assert.ok(error <= 1e-9, `${what}: got ${actual}, PyTorch ${expected} (relative error ${error.toExponential(2)})`);
      };
      for (let step = 0; step <= c.steps; step += 1) {
        check(trace.loss[step]!, c.expected.loss[step]!, lossScale, `loss on all the data after update ${step}`);
        for (let i = 0; i < n; i += 1) check(trace.params[step * n + i]!, c.expected.params[step]![i]!, paramScale, `${c.variables[i]} after update ${step}`);
        if (step > 0) {
          check(trace.batchLoss![step - 1]!, c.expected.batchLoss[step - 1]!, lossScale, `loss of update ${step}’s batch`);
          check(trace.learningRates[step - 1]!, c.expected.lr[step - 1]!, c.lr, `η of update ${step}`);
        }
      }
      worst = Math.max(worst, largest);
      t.diagnostic(`largest relative error ${largest.toExponential(2)}`);
    });
  }

  it('stays within 1e-9 of PyTorch everywhere', (t) => {
    t.diagnostic(`largest relative error over all cases: ${worst.toExponential(2)}`);
    assert.ok(worst <= 1e-9);
  });
});
