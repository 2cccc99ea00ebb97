/**
 * "Use η = … in code": the edits that write a learning rate into training code. After the edits, the code read again
 * must run exactly what the lab simulated at that η — the same settings as the original with η changed.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { learningRateSequence } from '../../../src/core/optim/schedules';
import { learningRateEdits, readTrainingCode, runSettingsFromCode, type CodeEdit, type PythonParser } from '../../../src/core/training';
import { testPythonParser } from '../../support/pythonParser';

let parser: PythonParser;
before(async () => {
  parser = await testPythonParser();
});

function apply(source: string, edits: readonly CodeEdit[]): string {
  let result = source;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function settingsOf(source: string) {
  const [optimizer] = readTrainingCode(parser, source).optimizers;
  assert.ok(optimizer, `an optimizer in:\n${source}`);
  const result = runSettingsFromCode(optimizer, { maxSteps: 200 });
  assert.ok(result.ok, JSON.stringify(result));
  return { optimizer, settings: result.settings };
}

/** Writes η into `source` and returns the new source; checks the code now runs the scaled schedule. */
function write(source: string, η: number): string {
  const { optimizer, settings } = settingsOf(source);
  const edits = learningRateEdits(optimizer.learningRate, settings.learningRate, η);
  assert.ok(edits.ok, JSON.stringify(edits));
  const edited = apply(source, edits.edits);
  const after = settingsOf(edited).settings;
  assert.equal(after.learningRate, η, `η after the edit:\n${edited}`);
  // The code after the edit runs what the lab ran at η: the same η per step, to round-off of the rewritten values.
  const simulated = learningRateSequence(settings.schedule, η, 200);
  const written = learningRateSequence(after.schedule, after.learningRate, 200);
  simulated.forEach((rate, i) => assert.ok(Math.abs(rate - written[i]!) <= 1e-11 * Math.max(rate, 1e-12), `η of update ${i + 1}: ${rate} vs ${written[i]}`));
  assert.deepEqual(after.optimizer, settings.optimizer);
  return edited;
}

describe('Use η in code', () => {
  it('replaces the lr= literal, keeping how it was written', () => {
    assert.equal(write('import torch\nopt = torch.optim.Adam(p, lr=3e-4)', 1e-3), 'import torch\nopt = torch.optim.Adam(p, lr=1e-3)');
    assert.equal(write('import torch\nopt = torch.optim.SGD(p, lr=0.1, momentum=0.9)', 0.02), 'import torch\nopt = torch.optim.SGD(p, lr=0.02, momentum=0.9)');
    assert.equal(write('import torch\nopt = torch.optim.SGD(p, 0.1)', 0.5), 'import torch\nopt = torch.optim.SGD(p, 0.5)');
  });

  it('edits the constant the argument names, not the call', () => {
    const source = 'import torch\nLR = 3e-4  # tuned\nopt = torch.optim.AdamW(model.parameters(), lr=LR)';
    assert.equal(write(source, 5e-4), 'import torch\nLR = 5e-4  # tuned\nopt = torch.optim.AdamW(model.parameters(), lr=LR)');
  });

  it('replaces arithmetic with the number', () => {
    assert.equal(write('import torch\nopt = torch.optim.SGD(p, lr=1e-3 * 4)', 0.01), 'import torch\nopt = torch.optim.SGD(p, lr=1e-2)');
  });

  it('adds learning_rate= when the code leaves the default, as a float (Keras refuses an int)', () => {
    assert.equal(write('import keras\nopt = keras.optimizers.Adam()', 2), 'import keras\nopt = keras.optimizers.Adam(learning_rate=2.0)');
    assert.equal(write('import keras\nopt = keras.optimizers.Adam(beta_1=0.8)', 0.01), 'import keras\nopt = keras.optimizers.Adam(beta_1=0.8, learning_rate=0.01)');
  });

  it("writes OneCycleLR's max_lr, which is the run's η", () => {
    const source = 'import torch\nopt = torch.optim.SGD(p, lr=0.1)\nsched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.3, total_steps=200)';
    assert.equal(write(source, 0.6), 'import torch\nopt = torch.optim.SGD(p, lr=0.1)\nsched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.6, total_steps=200)');
  });

  it("scales a schedule's other absolute values with η, so the code runs the schedule the lab ran", () => {
    assert.equal(
      write('import optax\ns = optax.warmup_cosine_decay_schedule(1e-5, 1e-3, 100, 1000, end_value=1e-4)\ntx = optax.adam(s)', 2e-3),
      'import optax\ns = optax.warmup_cosine_decay_schedule(2e-5, 2e-3, 100, 1000, end_value=2e-4)\ntx = optax.adam(s)',
    );
    assert.equal(
      write('import keras\nopt = keras.optimizers.SGD(keras.optimizers.schedules.PiecewiseConstantDecay([10, 30], [0.1, 0.05, 0.01]))', 0.2),
      'import keras\nopt = keras.optimizers.SGD(keras.optimizers.schedules.PiecewiseConstantDecay([10, 30], [0.2, 0.1, 0.02]))',
    );
    assert.equal(
      write('import keras\ns = keras.optimizers.schedules.CosineDecay(0.0, 100, warmup_target=0.1, warmup_steps=10)\nopt = keras.optimizers.SGD(s)', 0.05),
      'import keras\ns = keras.optimizers.schedules.CosineDecay(0.0, 100, warmup_target=0.05, warmup_steps=10)\nopt = keras.optimizers.SGD(s)',
    );
  });

  it('refuses to write where the value is not in the file', () => {
    const source = 'import torch\nopt = torch.optim.SGD(p, lr=args.lr)';
    const [optimizer] = readTrainingCode(parser, source).optimizers;
    const result = runSettingsFromCode(optimizer!, { answers: new Map([['lr', { type: 'float', value: 0.1 }]]) });
    assert.ok(result.ok);
    assert.deepEqual(learningRateEdits(optimizer!.learningRate, 0.1, 0.2), { ok: false, why: 'not-in-file', text: 'args.lr' });
  });
});
