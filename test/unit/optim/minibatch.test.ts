import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SeededRandom } from '../../../src/core/math/random';
import { BatchSampler, batchesPerEpoch, minibatchSettingsProblem } from '../../../src/core/optim/minibatch';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { runSettingsProblem } from '../../../src/core/optim/settings';
import { simulateTrace as simulate } from '../../../src/core/optim/record/fullTrace';
import type { OptimizerKind, RunSettings } from '../../../src/core/optim/types';
import { lineDataset, meanSquaredError } from '../../support/dataObjectives';

describe('SeededRandom', () => {
  it('is xoshiro128** seeded by SplitMix64: the reference C code’s numbers for seed 42', () => {
    // From the authors' C code (xoshiro128starstar.c, splitmix64.c) compiled with gcc, state s = lo(a), hi(a), lo(b), hi(b).
    const random = new SeededRandom(42);
    assert.deepEqual(
      Array.from({ length: 5 }, () => random.nextUint32()),
      [1776835114, 4165204688, 17111135, 2317295270, 2792088233],
    );
  });

  it('gives the same numbers for the same seed and different ones for another', () => {
    const draw = (seed: number): number[] => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 8 }, () => random.nextUint32());
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
  });

  it('draws whole numbers below n without bias and shuffles into a permutation', () => {
    const random = new SeededRandom(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i += 1) counts[random.below(3)]! += 1;
    for (const count of counts) assert.ok(Math.abs(count - 10_000) < 400, `${counts}`);
    const shuffled = random.shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    assert.deepEqual([...shuffled].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
    assert.notDeepEqual([...shuffled], Array.from({ length: 50 }, (_, i) => i));
  });

  it('refuses a seed that is not a whole number from 0', () => {
    assert.throws(() => new SeededRandom(-1), /whole number/);
    assert.throws(() => new SeededRandom(1.5), /whole number/);
  });
});

describe('BatchSampler', () => {
  const rowsOf = (sampler: BatchSampler, batches: number): number[][] =>
    Array.from({ length: batches }, () => Array.from(sampler.next().rows));

  it('deals batches in file order without shuffling, the last of an epoch smaller (DataLoader, drop_last=False)', () => {
    const sampler = new BatchSampler(7, { batchSize: 3, shuffle: false, seed: 0 });
    assert.equal(sampler.batchesPerEpoch, 3);
    assert.deepEqual(rowsOf(sampler, 4), [[0, 1, 2], [3, 4, 5], [6], [0, 1, 2]]);
  });

  it('shuffles each epoch afresh from the seed: every row once per epoch, the same seed the same batches', () => {
    const a = new BatchSampler(10, { batchSize: 4, shuffle: true, seed: 3 });
    const b = new BatchSampler(10, { batchSize: 4, shuffle: true, seed: 3 });
    const epochs = rowsOf(a, 6);
    assert.deepEqual(rowsOf(b, 6), epochs);
    const first = epochs.slice(0, 3).flat();
    const second = epochs.slice(3, 6).flat();
    assert.deepEqual([...first].sort((x, y) => x - y), Array.from({ length: 10 }, (_, i) => i));
    assert.deepEqual([...second].sort((x, y) => x - y), Array.from({ length: 10 }, (_, i) => i));
    assert.notDeepEqual(first, second);
  });

  it('treats a batch as large as the data as the full batch in file order, shuffle or not', () => {
    for (const shuffle of [false, true]) {
      const sampler = new BatchSampler(5, { batchSize: 50, shuffle, seed: 9 });
      assert.equal(sampler.isFullBatchInOrder, true);
      assert.deepEqual(rowsOf(sampler, 2), [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]);
    }
    assert.equal(batchesPerEpoch(10, null), 1);
    assert.equal(batchesPerEpoch(10, 3), 4);
  });

  it('refuses settings that cannot run', () => {
    assert.match(minibatchSettingsProblem({ batchSize: 0 }) ?? '', /batchSize/);
    assert.match(minibatchSettingsProblem({ seed: -2 }) ?? '', /seed/);
    assert.equal(minibatchSettingsProblem({ batchSize: null, shuffle: true, seed: 0 }), null);
  });
});

describe('minibatch runs', () => {
  const data = lineDataset(23);
  const objective = meanSquaredError(data);
  const settings = (overrides: Partial<RunSettings> = {}): RunSettings => ({
    learningRate: 0.05,
    optimizer: defaultOptimizerSettings('gd'),
    schedule: { kind: 'constant' },
    maxSteps: 40,
    tolerance: 0,
    ...overrides,
  });

  it('records the full-data loss after each update and the loss of the batch each update used', () => {
    const trace = simulate(objective, [0, 0], settings({ batchSize: 5, shuffle: false }));
    assert.equal(trace.steps, 40);
    assert.equal(trace.batchesPerEpoch, 5);
    assert.equal(trace.batchLoss!.length, 40);
    // Update t used batch (t − 1) mod 5 in file order, at the parameters before it.
    const n = 2;
    for (const t of [1, 2, 5, 6, 40]) {
      const index = (t - 1) % 5;
      const rows = Int32Array.from({ length: index === 4 ? 3 : 5 }, (_, r) => index * 5 + r);
      const before = trace.params.subarray((t - 1) * n, t * n);
      const g = new Float64Array(n);
      assert.equal(trace.batchLoss![t - 1], objective.batchValueAndGradient(before, g, rows, rows.length), `batch loss of update ${t}`);
      // Plain SGD: θ_t = θ_{t−1} − η g_batch.
      for (let i = 0; i < n; i += 1) assert.equal(trace.params[t * n + i], before[i]! + -0.05 * g[i]!);
      assert.equal(trace.loss[t], objective.value(trace.params.subarray(t * n, t * n + n)));
    }
  });

  it('with the full batch is the plain run, with the batch loss equal to the loss before each update', () => {
    const plain = simulate({ ...objective, batchValueAndGradient: undefined } as never, [0, 0], settings());
    const full = simulate(objective, [0, 0], settings({ batchSize: null }));
    assert.deepEqual(Array.from(full.params), Array.from(plain.params));
    assert.deepEqual(Array.from(full.batchLoss!), Array.from(full.loss.subarray(0, 40)));
    assert.equal(full.batchesPerEpoch, 1);
  });

  it('is the same run, bit for bit, for the same seed, for every optimizer', () => {
    for (const kind of ['gd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as OptimizerKind[]) {
      const run = (seed: number): Float64Array =>
        simulate(objective, [0, 0], settings({ batchSize: 4, shuffle: true, seed, optimizer: defaultOptimizerSettings(kind), schedule: { kind: 'cosine', tMax: null, minLr: 0 } })).params;
      assert.deepEqual(Array.from(run(11)), Array.from(run(11)), kind);
      assert.notDeepEqual(Array.from(run(11)), Array.from(run(12)), kind);
    }
  });

  it('checks the minibatch settings with the rest', () => {
    assert.match(runSettingsProblem(settings({ batchSize: 2.5 })) ?? '', /batchSize/);
    assert.equal(runSettingsProblem(settings({ batchSize: 8, shuffle: true, seed: 4 })), null);
  });
});
