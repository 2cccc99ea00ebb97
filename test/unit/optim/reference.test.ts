/**
 * Every trajectory PyTorch recorded must come out of the optimizer core: parameters and loss at every recorded
 * step and the learning rate of every update, in all three reference files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { createOptimizer, defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { simulateTrace } from '../../../src/core/optim/record/fullTrace';
import type { OptimizerKind, OptimizerSettings, ScheduleSettings } from '../../../src/core/optim/types';
import { referenceObjective } from '../../support/referenceObjectives';
import { assertReplaysReference, torchReferenceRun } from '../../support/referenceReplay';

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

function loadCases(file: string): ReferenceCase[] {
  return (JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures', file), 'utf8')) as { cases: ReferenceCase[] }).cases;
}

function caseName(c: ReferenceCase): string {
  const schedule = c.schedule === null ? '' : ` ${JSON.stringify(c.schedule)}`;
  const settings = c.optimizerSettings === undefined ? '' : ` ${JSON.stringify(c.optimizerSettings)}`;
  return `${c.function} from (${c.start.join(', ')}) · ${c.optimizer}${settings} · η ${c.lr}${schedule} · ${c.steps} steps`;
}

/** Replays a case in the core; `momenta` (training-code cases): the momentum of each update, or null for none. */
function checkCase(c: ReferenceCase, momenta?: number[] | null): void {
  const optimizer = c.optimizerSettings ?? defaultOptimizerSettings(c.optimizer);
  const schedule = (c.schedule === null ? { kind: 'constant' } : { ...GENERATOR_SCHEDULE_DEFAULTS, ...c.schedule }) as ScheduleSettings;
  const trace = simulateTrace(referenceObjective(c), c.start, {
    learningRate: c.lr,
    optimizer,
    schedule,
    maxSteps: c.steps,
    tolerance: 0,
  });
  assert.equal(trace.stop, 'max-steps');
  assert.equal(trace.steps, c.steps);
  assert.equal(trace.learningRates.length, c.lrPerStep.length);
  if (momenta) assert.equal(trace.momenta?.length, c.steps, 'the momentum of each update is recorded');

  const n = c.variables.length;
  assertReplaysReference(
    { paramsAfter: (t) => trace.params.subarray(t * n, t * n + n), loss: trace.loss, learningRates: trace.learningRates, momenta: trace.momenta },
    torchReferenceRun(c, momenta),
  );
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
    it(c.name, () => checkCase(c, c.momentumPerStep));
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
