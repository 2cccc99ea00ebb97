import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createOptimizer,
  defaultOptimizerSettings,
  optimizerSettingsProblem,
  withOptimizerOverrides,
} from '../../../src/core/optim/optimizers';
import { OPTIMIZER_KINDS } from '../../../src/core/optim/types';

describe('defaultOptimizerSettings', () => {
  it("are torch.optim's defaults (momentum 0.9 for our momentum kinds)", () => {
    assert.deepEqual(defaultOptimizerSettings('gd'), { kind: 'gd', weightDecay: 0 });
    assert.deepEqual(defaultOptimizerSettings('momentum'), { kind: 'momentum', momentum: 0.9, dampening: 0, weightDecay: 0 });
    assert.deepEqual(defaultOptimizerSettings('nesterov'), { kind: 'nesterov', momentum: 0.9, weightDecay: 0 });
    assert.deepEqual(defaultOptimizerSettings('adagrad'), {
      kind: 'adagrad',
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
    });
    assert.deepEqual(defaultOptimizerSettings('rmsprop'), {
      kind: 'rmsprop',
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0,
      centered: false,
    });
    assert.deepEqual(defaultOptimizerSettings('adam'), { kind: 'adam', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false });
    assert.deepEqual(defaultOptimizerSettings('adamw'), { kind: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, amsgrad: false });
  });

  it('are valid for every kind, and fresh objects each time', () => {
    for (const kind of OPTIMIZER_KINDS) assert.equal(optimizerSettingsProblem(defaultOptimizerSettings(kind)), null);
    const a = defaultOptimizerSettings('adam');
    a.beta1 = 0.5;
    assert.equal(defaultOptimizerSettings('adam').beta1, 0.9);
  });
});

describe('withOptimizerOverrides', () => {
  it("lays the CLI's --momentum and --weight-decay over the defaults", () => {
    assert.deepEqual(withOptimizerOverrides(defaultOptimizerSettings('momentum'), { momentum: 0.5, weightDecay: 1e-4 }), {
      kind: 'momentum',
      momentum: 0.5,
      dampening: 0,
      weightDecay: 1e-4,
    });
    assert.deepEqual(withOptimizerOverrides(defaultOptimizerSettings('adamw'), { weightDecay: 0.1, amsgrad: true }), {
      ...defaultOptimizerSettings('adamw'),
      weightDecay: 0.1,
      amsgrad: true,
    });
  });

  it('ignores undefined overrides and leaves the input alone', () => {
    const settings = defaultOptimizerSettings('rmsprop');
    assert.deepEqual(withOptimizerOverrides(settings, { momentum: undefined }), settings);
    withOptimizerOverrides(settings, { momentum: 0.5 });
    assert.equal(settings.momentum, 0);
  });

  it("refuses an option the optimizer doesn't have, naming the ones it has", () => {
    assert.throws(() => withOptimizerOverrides(defaultOptimizerSettings('adam'), { momentum: 0.9 }), /adam has no setting "momentum"; its settings are beta1, beta2, eps, weightDecay, amsgrad/);
    assert.throws(() => withOptimizerOverrides(defaultOptimizerSettings('gd'), { momentum: 0.9 }), RangeError);
  });

  it('refuses values PyTorch would refuse', () => {
    assert.throws(() => withOptimizerOverrides(defaultOptimizerSettings('momentum'), { momentum: -0.1 }), /momentum must be/);
    assert.throws(() => withOptimizerOverrides(defaultOptimizerSettings('adam'), { beta1: 1 }), /beta1 must be in \[0, 1\)/);
    assert.throws(() => withOptimizerOverrides(defaultOptimizerSettings('nesterov'), { momentum: 0 }), /nesterov: momentum must be > 0/);
    assert.throws(() => withOptimizerOverrides(defaultOptimizerSettings('gd'), { weightDecay: Number.NaN }), RangeError);
  });
});

describe('createOptimizer', () => {
  it('refuses invalid settings', () => {
    assert.throws(() => createOptimizer({ kind: 'rmsprop', alpha: -1, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false }, 2), RangeError);
  });

  it('updates in place with the η of each call (plain gradient descent: θ ← θ − ηg)', () => {
    const optimizer = createOptimizer(defaultOptimizerSettings('gd'), 2);
    const params = new Float64Array([1, -2]);
    optimizer.step(params, new Float64Array([0.5, 4]), 0.1);
    assert.deepEqual(Array.from(params), [1 - 0.1 * 0.5, -2 - 0.1 * 4]);
    optimizer.step(params, new Float64Array([1, 1]), 0.5);
    assert.deepEqual(Array.from(params), [0.95 - 0.5, -2.4 - 0.5]);
  });

  it("starts momentum's buffer as the first gradient, undampened, as PyTorch does", () => {
    const optimizer = createOptimizer({ kind: 'momentum', momentum: 0.9, dampening: 0.5, weightDecay: 0 }, 1);
    const params = new Float64Array([0]);
    optimizer.step(params, new Float64Array([1]), 1);
    assert.equal(params[0], -1, 'first update: buf = g');
    optimizer.step(params, new Float64Array([1]), 1);
    assert.equal(params[0], -1 - (0.9 + 0.5), 'then buf = 0.9 buf + (1 − 0.5) g');
  });

  it("takes Adam's first step at full η whatever the gradient's size (bias correction)", () => {
    for (const g of [1e-6, 1, 1e6]) {
      const optimizer = createOptimizer(defaultOptimizerSettings('adam'), 1);
      const params = new Float64Array([0]);
      optimizer.step(params, new Float64Array([g]), 0.01);
      assert.ok(Math.abs(params[0]! + 0.01) < 1e-4 * 0.01 + (0.01 * 1e-8) / g, `g = ${g}: ${params[0]}`);
    }
  });

  it('keeps separate state per optimizer instance', () => {
    const settings = defaultOptimizerSettings('adam');
    const first = createOptimizer(settings, 1);
    const second = createOptimizer(settings, 1);
    const a = new Float64Array([1]);
    const b = new Float64Array([1]);
    first.step(a, new Float64Array([1]), 0.1);
    first.step(a, new Float64Array([1]), 0.1);
    second.step(b, new Float64Array([1]), 0.1);
    second.step(b, new Float64Array([1]), 0.1);
    assert.equal(a[0], b[0]);
  });
});
