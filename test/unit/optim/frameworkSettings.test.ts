/**
 * Run settings with a framework's semantics: its defaults, what it refuses, and validation that holds for any
 * input (settings restored after a reload are untrusted).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultOptimizerSettings, optimizerSettingsProblem } from '../../../src/core/optim/optimizers';
import { learningRateSequence, scheduleSettingsProblem } from '../../../src/core/optim/schedules';
import { defaultRunSettings, runSettingsProblem } from '../../../src/core/optim/settings';
import { FRAMEWORKS, OPTIMIZER_KINDS, type RunSettings } from '../../../src/core/optim/types';
import { roundForCode } from '../../../src/core/math/round';
import { quadraticLoss, SAMPLE_LOSSES } from '../../../src/core/sampleLosses';
import { compileFormula, readFormula } from '../../../src/core/formula';
import { diagnose, simulate } from '../../../src/core/optim';

describe('framework defaults and checks', () => {
  it('are valid for every kind and framework, and PyTorch stays the default', () => {
    for (const framework of FRAMEWORKS) {
      for (const kind of OPTIMIZER_KINDS) assert.equal(optimizerSettingsProblem(defaultOptimizerSettings(kind, framework), framework), null, `${framework} ${kind}`);
    }
    assert.deepEqual(defaultOptimizerSettings('adam'), defaultOptimizerSettings('adam', 'pytorch'));
    assert.equal(defaultRunSettings().framework, undefined, 'absent: PyTorch’s semantics, as before');
  });

  it("holds each framework's own defaults (frameworks.md)", () => {
    assert.equal(defaultOptimizerSettings('adam', 'keras').eps, 1e-7);
    assert.equal(defaultOptimizerSettings('rmsprop', 'keras').alpha, 0.9);
    assert.equal(defaultOptimizerSettings('rmsprop', 'pytorch').alpha, 0.99);
    assert.equal(defaultOptimizerSettings('adagrad', 'optax').initialAccumulatorValue, 0.1);
    assert.deepEqual(
      FRAMEWORKS.map((framework) => defaultOptimizerSettings('adamw', framework).weightDecay),
      [0.01, 0.004, 1e-4],
    );
  });

  it('refuses what a framework does not have', () => {
    assert.match(optimizerSettingsProblem({ ...defaultOptimizerSettings('momentum'), dampening: 0.5 }, 'keras') ?? '', /Keras’ SGD has no dampening/);
    assert.match(optimizerSettingsProblem({ ...defaultOptimizerSettings('adam'), amsgrad: true }, 'optax') ?? '', /optax’s adam has no amsgrad/);
    assert.match(optimizerSettingsProblem({ ...defaultOptimizerSettings('adam'), epsRoot: 0.1 }) ?? '', /"epsRoot" is optax's/);
    const cycling: RunSettings = {
      ...defaultRunSettings(),
      optimizer: defaultOptimizerSettings('adagrad'),
      schedule: { kind: 'onecycle', maxLr: null, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4, cycleMomentum: true },
    };
    assert.match(runSettingsProblem(cycling) ?? '', /Adagrad has neither/);
    assert.match(runSettingsProblem({ ...defaultRunSettings(), framework: 'jax' as never }) ?? '', /framework must be one of pytorch, keras, optax/);
  });

  it('never throws on malformed settings, and never accepts them', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.constantFrom(...FRAMEWORKS, 'nope'), (optimizer, schedule, framework) => {
        const settings = { ...defaultRunSettings(), optimizer, schedule, framework } as unknown as RunSettings;
        const problem = runSettingsProblem(settings);
        assert.equal(typeof problem, 'string');
      }),
    );
    fc.assert(fc.property(fc.record({ kind: fc.constantFrom('sequential', 'multistep', 'keras-cosine-decay', 'optax-piecewise-constant'), schedules: fc.anything(), milestones: fc.anything(), boundariesAndScales: fc.anything() }), (schedule) => {
      void scheduleSettingsProblem(schedule as never);
    }));
  });
});

describe('schedules read from code scale with η', () => {
  it('equal the code’s values at the code’s η, and scale with η', () => {
    const piecewise = { kind: 'keras-piecewise-constant-decay' as const, boundaries: [1, 3], values: [0.1, 0.05, 0.01] };
    assert.deepEqual(Array.from(learningRateSequence(piecewise, 0.1, 5)), [0.1, 0.1, 0.05, 0.05, 0.01]);
    const doubled = learningRateSequence(piecewise, 0.2, 5);
    [0.2, 0.2, 0.1, 0.1, 0.02].forEach((value, i) => assert.ok(Math.abs(doubled[i]! - value) < 1e-15));
  });
});

describe('values for the editor', () => {
  it('rounds a sweep’s η for code, and keeps a typed one', () => {
    assert.equal(roundForCode(0.017575106248547922), 0.0176);
    assert.equal(roundForCode(0.01234), 0.01234);
    assert.equal(roundForCode(3e-4), 3e-4);
  });

  it('offers samples that read as formulas with their start values, and quadratics of chosen curvature', () => {
    for (const sample of SAMPLE_LOSSES) {
      const read = readFormula(sample.formula);
      assert.ok(read.ok, sample.name);
      assert.deepEqual([...sample.start.keys()].sort(), [...read.formula.variables].sort(), sample.name);
    }
    assert.deepEqual(quadraticLoss(10, 100)?.formula, '0.5*(10*x^2 + 0.1*y^2)');
    assert.equal(quadraticLoss(0, 10), null);
    assert.equal(quadraticLoss(10, 0.5), null);
  });
});

describe('advice under a framework’s semantics', () => {
  it('suggests another optimizer with that framework’s defaults (Keras’ Adam has ε = 1e-7), checked as that framework runs it', () => {
    // A valley 10⁴ times flatter one way than the other: plain gradient descent crawls, Adam does not.
    const formula = compileFormula('(x-3)^2 + 1e-4*y^2');
    for (const framework of FRAMEWORKS) {
      const settings: RunSettings = { learningRate: 0.01, optimizer: defaultOptimizerSettings('gd', framework), schedule: { kind: 'constant' }, maxSteps: 1000, tolerance: 1e-5, framework };
      const next = diagnose(simulate(formula, [-1.5, 2], settings), formula, settings).next;
      assert.ok(next, `${framework}: a suggestion`);
      assert.equal(next.settings.framework, framework);
      assert.deepEqual(next.settings.optimizer, defaultOptimizerSettings(next.settings.optimizer.kind, framework), `${framework}: ${JSON.stringify(next.settings.optimizer)}`);
      assert.equal(next.settings.optimizer.kind, 'adam', framework);
    }
  });
});
