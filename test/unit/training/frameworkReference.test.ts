/**
 * Keras 3 and optax trajectories (test/fixtures/framework-reference.json, copied from the shared reference data),
 * each case's lines read as a user wrote them: recognised by the reader, turned into the core's settings with the
 * framework's semantics, and run. Every parameter, loss and learning rate must match to 1e-9 relative.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { compileFormula } from '../../../src/core/formula';
import { simulateTrace } from '../../../src/core/optim/record/fullTrace';
import type { RunSettings } from '../../../src/core/optim/types';
import { readTrainingCode, runSettingsFromCode, type PythonParser } from '../../../src/core/training';
import { testPythonParser } from '../../support/pythonParser';
import { assertReplaysReference, FRAMEWORK_CASES, frameworkReference, type FrameworkCase } from '../../support/referenceReplay';

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
    assert.deepEqual([...new Set(FRAMEWORK_CASES.map((c) => c.framework))].sort(), ['keras', 'optax']);
  });

  for (const c of FRAMEWORK_CASES) {
    it(`${c.id}: ${c.optimizer}${c.schedule ? ` with ${c.schedule.split('=')[0]!.trim()}` : ''}`, () => {
      const settings = settingsOf(parser, c);
      const trace = simulateTrace(compileFormula(c.loss), c.start, settings);
      assert.equal(trace.steps, c.steps);
      const n = c.variables.length;
      const replayed = { paramsAfter: (t: number) => trace.params.subarray(t * n, (t + 1) * n), loss: trace.loss, learningRates: trace.learningRates };
      assertReplaysReference(replayed, frameworkReference(c));
    });
  }
});
