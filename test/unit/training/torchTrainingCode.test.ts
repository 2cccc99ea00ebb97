/**
 * The PyTorch training-code cases (torch-reference-training-code.json): the lines that PyTorch ran, read by the
 * reader, must give exactly the settings the reference test runs against PyTorch's trajectories
 * (test/unit/optim/reference.test.ts), so code → settings → trajectory matches PyTorch to 1e-9.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import type { OptimizerSettings, ScheduleSettings } from '../../../src/core/optim/types';
import { readTrainingCode, runSettingsFromCode, type PythonParser } from '../../../src/core/training';
import { testPythonParser } from '../../support/pythonParser';

interface TrainingCodeCase {
  name: string;
  code: string;
  lr: number;
  steps: number;
  optimizerSettings: OptimizerSettings;
  schedule: ScheduleSettings;
}

const { cases } = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/torch-reference-training-code.json'), 'utf8')) as { cases: TrainingCodeCase[] };

describe('PyTorch training code read into the settings PyTorch ran (torch-reference-training-code.json)', () => {
  let parser: PythonParser;
  before(async () => {
    parser = await testPythonParser();
  });

  for (const c of cases) {
    it(c.name, () => {
      const read = readTrainingCode(parser, c.code);
      assert.equal(read.optimizers.length, 1);
      const [optimizer] = read.optimizers;
      assert.deepEqual(optimizer!.unknown, []);
      assert.deepEqual(optimizer!.refused, []);
      const settings = runSettingsFromCode(optimizer!, { maxSteps: c.steps, tolerance: 0 });
      assert.ok(settings.ok, JSON.stringify(settings));
      assert.deepEqual(
        { learningRate: settings.settings.learningRate, optimizer: settings.settings.optimizer, schedule: settings.settings.schedule, framework: settings.settings.framework },
        { learningRate: c.lr, optimizer: c.optimizerSettings, schedule: c.schedule, framework: 'pytorch' },
      );
    });
  }
});
