/**
 * Keras 3 and optax trajectories (test/fixtures/framework-reference.json, copied from the shared reference data),
 * each case's lines read as a user wrote them: recognised by the reader, turned into the core's settings with the
 * framework's semantics, and run. Every parameter, loss and learning rate must match to 1e-9 relative.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import { compileFormula } from '../../../src/core/formula';
import { simulate } from '../../../src/core/optim/simulate';
import type { RunSettings } from '../../../src/core/optim/types';
import { readTrainingCode, runSettingsFromCode, type PythonParser } from '../../../src/core/training';
import { testPythonParser } from '../../support/pythonParser';
import { assertCloseToReference } from '../../support/closeTo';

interface FrameworkCase {
  id: string;
  framework: 'keras' | 'optax';
  import: string;
  schedule: string | null;
  optimizer: string;
  loss: string;
  variables: string[];
  start: number[];
  steps: number;
  trajectory: number[][];
  learning_rates: number[];
  loss_values: number[];
  why: string;
}

const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/framework-reference.json'), 'utf8')) as { cases: FrameworkCase[] };

/** Relative to 1e-9, absolute below a millionth of the case's scale (see reference.test.ts). */

function settingsOf(parser: PythonParser, c: FrameworkCase): RunSettings {
  const code = [c.import, c.schedule ?? '', c.optimizer].join('\n');
  const read = readTrainingCode(parser, code);
  assert.equal(read.optimizers.length, 1, `one optimizer in:\n${code}`);
  const [optimizer] = read.optimizers;
  assert.equal(optimizer!.framework, c.framework);
  const settings = runSettingsFromCode(optimizer!, { maxSteps: c.steps, tolerance: 0 });
  assert.ok(settings.ok, JSON.stringify(settings));
  return settings.settings;
}

describe('Keras 3 and optax reference (framework-reference.json), read from the code as written', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await testPythonParser();
  });

  it('has cases for both frameworks', () => {
    assert.deepEqual([...new Set(file.cases.map((c) => c.framework))].sort(), ['keras', 'optax']);
  });

  for (const c of file.cases) {
    it(`${c.id}: ${c.optimizer}${c.schedule ? ` with ${c.schedule.split('=')[0]!.trim()}` : ''}`, () => {
      const settings = settingsOf(parser, c);
      const trace = simulate(compileFormula(c.loss), c.start, settings);
      assert.equal(trace.steps, c.steps);
      const n = c.variables.length;
      const paramScale = Math.max(...c.start.map(Math.abs), ...c.trajectory.flat().map(Math.abs));
      const lossScale = Math.max(...c.loss_values.map(Math.abs));
      const lrScale = Math.max(...c.learning_rates);
      for (let t = 1; t <= c.steps; t++) {
        for (let i = 0; i < n; i++) assertCloseToReference(trace.params[t * n + i]!, c.trajectory[t - 1]![i]!, paramScale, `${c.variables[i]} after update ${t}`);
        assertCloseToReference(trace.loss[t]!, c.loss_values[t - 1]!, lossScale, `loss after update ${t}`);
        assertCloseToReference(trace.learningRates[t - 1]!, c.learning_rates[t - 1]!, lrScale, `η of update ${t}`);
      }
    });
  }
});
