/**
 * Every trajectory PyTorch recorded must come out of the optimizer core: parameters and loss at every recorded
 * step and the learning rate of every update, in all three reference files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { createOptimizer, defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { simulate } from '../../../src/core/optim/simulate';
import type { OptimizerKind, OptimizerSettings, ScheduleSettings } from '../../../src/core/optim/types';
import { referenceObjective } from '../../support/referenceObjectives';

interface ReferenceCase {
  function: string;
  expression: string;
  variables: string[];
  start: number[];
  optimizer: OptimizerKind;
  /** Only in the extra file: the complete settings. The others use torch's defaults, which are ours. */
  optimizerSettings?: OptimizerSettings;
  lr: number;
  /** Partial in the shared files (the generator fills in its defaults), complete in the extra file. */
  schedule: (Partial<ScheduleSettings> & { kind: ScheduleSettings['kind'] }) | null;
  steps: number;
  expected: { step: number[]; params: number[][]; loss: number[] };
  lrPerStep: number[];
}

/** What gen_torch_reference.py passes to PyTorch when a schedule leaves a setting out. */
const GENERATOR_SCHEDULE_DEFAULTS = { minLr: 0, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4 };

/**
 * Relative agreement to 1e-9, except for values a million times smaller than the case's own scale, which are
 * compared absolutely (to 1e-15 of the scale). Why: a loss near its minimum is a difference of terms of the
 * size of the scale (himmelblau's x² + y − 11 at a root), so its last bits are round-off of that cancellation,
 * about ε × scale in absolute terms, however the update rules are implemented. Relative error there measures
 * the cancellation, not the optimizer.
 */
function assertClose(actual: number, expected: number, scale: number, what: string): void {
  const allowed = 1e-9 * Math.max(Math.abs(expected), 1e-6 * scale);
  assert.ok(
    Math.abs(actual - expected) <= allowed,
    `${what}: got ${actual}, PyTorch ${expected} (difference ${Math.abs(actual - expected)}, allowed ${allowed})`,
  );
}

function loadCases(file: string): ReferenceCase[] {
  return (JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures', file), 'utf8')) as { cases: ReferenceCase[] }).cases;
}

function caseName(c: ReferenceCase): string {
  const schedule = c.schedule === null ? '' : ` ${JSON.stringify(c.schedule)}`;
  const settings = c.optimizerSettings === undefined ? '' : ` ${JSON.stringify(c.optimizerSettings)}`;
  return `${c.function} from (${c.start.join(', ')}) · ${c.optimizer}${settings} · η ${c.lr}${schedule} · ${c.steps} steps`;
}

function checkCase(c: ReferenceCase): void {
  const optimizer = c.optimizerSettings ?? defaultOptimizerSettings(c.optimizer);
  const schedule = (c.schedule === null ? { kind: 'constant' } : { ...GENERATOR_SCHEDULE_DEFAULTS, ...c.schedule }) as ScheduleSettings;
  const trace = simulate(referenceObjective(c), c.start, {
    learningRate: c.lr,
    optimizer,
    schedule,
    maxSteps: c.steps,
    tolerance: 0,
  });
  assert.equal(trace.stop, 'max-steps');
  assert.equal(trace.steps, c.steps);

  const n = c.variables.length;
  const paramScale = Math.max(...c.start.map(Math.abs), ...c.expected.params.flat().map(Math.abs));
  const lossScale = Math.max(...c.expected.loss.map(Math.abs), Math.abs(trace.loss[0]!));
  c.expected.step.forEach((t, k) => {
    for (let i = 0; i < n; i++) {
      assertClose(trace.params[t * n + i]!, c.expected.params[k]![i]!, paramScale, `${c.variables[i]} after step ${t}`);
    }
    assertClose(trace.loss[t]!, c.expected.loss[k]!, lossScale, `loss after step ${t}`);
  });

  assert.equal(trace.learningRates.length, c.lrPerStep.length);
  const lrScale = Math.max(...c.lrPerStep);
  c.lrPerStep.forEach((lr, i) => assertClose(trace.learningRates[i]!, lr, lrScale, `η of update ${i + 1}`));
}

for (const file of ['torch-reference.json', 'torch-reference-held-out.json', 'torch-reference-extra.json']) {
  describe(`PyTorch reference: ${file}`, () => {
    const cases = loadCases(file);
    it('has cases', () => assert.ok(cases.length > 0));
    for (const c of cases) it(caseName(c), () => checkCase(c));
  });
}

/** Optimizer lines as training code writes them (gen_training_code_reference.py), with the settings they mean. */
interface TrainingCodeCase extends ReferenceCase {
  name: string;
  code: string;
  optimizerSettings: OptimizerSettings;
  schedule: ScheduleSettings;
  /** The momentum or Adam's β1 of each update when the scheduler cycles it, else null. */
  momentumPerStep: number[] | null;
}

describe('PyTorch reference: torch-reference-training-code.json (MultiStepLR, LinearLR, SequentialLR, OneCycleLR in full)', () => {
  const cases = loadCases('torch-reference-training-code.json') as TrainingCodeCase[];
  it('has cases, some cycling momentum', () => {
    assert.ok(cases.length > 0);
    assert.ok(cases.some((c) => c.momentumPerStep !== null));
  });
  for (const c of cases) {
    it(c.name, () => {
      checkCase(c);
      const trace = simulate(referenceObjective(c), c.start, {
        learningRate: c.lr,
        optimizer: c.optimizerSettings,
        schedule: c.schedule,
        maxSteps: c.steps,
        tolerance: 0,
      });
      if (c.momentumPerStep === null) {
        assert.equal(trace.momenta, undefined, 'no momentum is recorded when the schedule leaves it alone');
        return;
      }
      assert.ok(trace.momenta, 'the momentum of each update is recorded');
      assert.equal(trace.momenta.length, c.steps);
      c.momentumPerStep.forEach((momentum, i) => assertClose(trace.momenta![i]!, momentum, 1, `momentum of update ${i + 1}`));
    });
  }
});

/** An optimizer fed fixed gradients and learning rates by hand, with PyTorch's parameters after every update. */
interface UpdateRuleCase {
  optimizerSettings: OptimizerSettings;
  start: number[];
  gradients: number[][];
  learningRates: number[];
  params: number[][];
}

describe('PyTorch update rules, bit for bit (torch-reference-extra.json)', () => {
  // No loss is involved, so nothing but the update rules decides the result, and the file was made with
  // PyTorch's portable kernels: the same operations in the same order give identical float64 numbers.
  const file = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/torch-reference-extra.json'), 'utf8')) as {
    updateRules: UpdateRuleCase[];
  };
  it('covers every optimizer kind', () => {
    const kinds = new Set(file.updateRules.map((c) => c.optimizerSettings.kind));
    assert.deepEqual([...kinds].sort(), ['adagrad', 'adam', 'adamw', 'gd', 'momentum', 'nesterov', 'rmsprop']);
  });
  for (const c of file.updateRules) {
    it(JSON.stringify(c.optimizerSettings), () => {
      const optimizer = createOptimizer(c.optimizerSettings, c.start.length);
      const params = Float64Array.from(c.start);
      c.gradients.forEach((gradient, t) => {
        optimizer.step(params, Float64Array.from(gradient), c.learningRates[t]!);
        assert.deepEqual(Array.from(params), c.params[t], `parameters after update ${t + 1}`);
      });
    });
  }
});
