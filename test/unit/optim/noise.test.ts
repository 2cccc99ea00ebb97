import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { readFormulaInDocument } from '../../../src/core/formula';

import { bestLoss } from '../../../src/core/optim/bestLoss';
import { diagnose } from '../../../src/core/optim/diagnose';
import { judgeNoise, TOLERANCE_SHARE } from '../../../src/core/optim/noise';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { simulate } from '../../../src/core/optim/simulate';
import { sweepLearningRates } from '../../../src/core/optim/sweep';
import type { RunSettings } from '../../../src/core/optim/types';
import { describeDiagnosis, describeFacts } from '../../../src/words/diagnosis';
import { lineDataset, meanSquaredError } from '../../support/dataObjectives';

const objective = meanSquaredError(lineDataset(64));
const start = [0, 0];
const settings = (overrides: Partial<RunSettings>): RunSettings => ({
  learningRate: 0.05,
  optimizer: defaultOptimizerSettings('gd'),
  schedule: { kind: 'constant' },
  maxSteps: 600,
  tolerance: 1e-5,
  batchSize: 4,
  shuffle: true,
  seed: 0,
  ...overrides,
});
const run = (overrides: Partial<RunSettings>) => {
  const s = settings(overrides);
  const trace = simulate(objective, start, s);
  const diagnosis = diagnose(trace, objective, s);
  return { trace, diagnosis, words: describeDiagnosis(diagnosis, s, objective.variables), facts: describeFacts(diagnosis, s, objective.variables) };
};

describe('the best value of a loss over data', () => {
  it('is the least-squares fit (Newton’s method reaches the normal equations’ solution)', () => {
    const best = bestLoss(objective, [0, 0]);
    const g = new Float64Array(2);
    objective.valueAndGradient(best.params, g);
    assert.ok(Math.hypot(...g) < 1e-9, `gradient at the best point: ${[...g]}`);
    assert.ok(best.loss < objective.value([1.9, -0.9]));
  });
});

describe('judging a minibatch run (noise.ts)', () => {
  it('finds a noise floor at a constant η and runs its remedies: a schedule, a larger batch, a smaller η', () => {
    const s = settings({ learningRate: 0.3 });
    const noise = judgeNoise(simulate(objective, start, s), objective, s, false);
    assert.equal(noise.cause, 'noise-floor');
    assert.ok(noise.floor - noise.bestLoss > noise.tolerance);
    assert.equal(noise.tolerance, TOLERANCE_SHARE * noise.bestLoss);
    assert.deepEqual(noise.checks.map((c) => c.remedy), ['cosine', 'larger-batch', 'smaller-lr']);
    const cosine = noise.checks.find((c) => c.remedy === 'cosine')!;
    assert.equal(cosine.settings.schedule.kind, 'cosine');
    assert.equal(cosine.trace.steps, 600);
    assert.ok(cosine.floor < noise.floor, 'annealing η lowers the floor');
    assert.equal(noise.checks.find((c) => c.remedy === 'larger-batch')!.settings.batchSize, 16);
  });

  it('is the same judgement for the same seed', () => {
    const s = settings({ learningRate: 0.3 });
    const a = judgeNoise(simulate(objective, start, s), objective, s, false);
    const b = judgeNoise(simulate(objective, start, s), objective, s, false);
    assert.equal(a.floor, b.floor);
    assert.deepEqual(a.checks.map((c) => c.floor), b.checks.map((c) => c.floor));
  });
});

describe('the diagnosis of a minibatch run', () => {
  it('a noise floor: oscillating, with the remedies as data and the first that reaches the best value as the next change', () => {
    const { diagnosis, words, facts } = run({ learningRate: 0.3 });
    assert.equal(diagnosis.verdict, 'oscillating');
    assert.equal(diagnosis.cause, 'noise-floor');
    assert.deepEqual(diagnosis.overshootSteps, []);
    if (diagnosis.cause !== 'noise-floor') return;
    assert.deepEqual(diagnosis.remedies.map((r) => r.remedy), ['cosine', 'larger-batch', 'smaller-lr']);
    assert.deepEqual(diagnosis.remedies[0]!.change, { schedule: { kind: 'cosine', tMax: null, minLr: 0 } });
    assert.deepEqual(diagnosis.remedies[1]!.change, { batchSize: 16 });
    assert.deepEqual(diagnosis.remedies[2]!.change, { learningRate: 0.03 });
    const reached = diagnosis.remedies.find((r) => r.reached)!;
    assert.deepEqual(diagnosis.next?.change, reached.change);
    assert.equal(diagnosis.next?.check.verdict, 'converged');
    assert.match(words.headline, /^Oscillating at a noise floor: the loss on all the data settled at [\d.]+, above its best [\d.]+$/);
    assert.match(words.advice, /Where each settles, run with the same data and seed — cosine annealing of η to 0 over the run: [\d.]+, within the tolerance; batches of 16: [\d.]+/);
    assert.match(words.action ?? '', /^Use cosine annealing of η to 0 over the run: converges in \d+ steps$/);
    assert.match(words.ruleOfThumb ?? '', /decay η with a schedule, or a larger batch/);
    assert.ok(facts.some((fact) => fact.term === 'Best value' && /Newton’s method on all the data/.test(fact.value)));
  });

  it('converged: settled within the tolerance of the best value', () => {
    const { diagnosis, words } = run({ learningRate: 0.3, schedule: { kind: 'cosine', tMax: null, minLr: 0 } });
    assert.equal(diagnosis.verdict, 'converged');
    assert.equal(diagnosis.cause, 'fine');
    assert.ok(diagnosis.convergedAt !== null && diagnosis.convergedAt < 600);
    assert.ok(diagnosis.noise!.floor - diagnosis.noise!.bestLoss <= diagnosis.noise!.tolerance);
    assert.match(words.headline, /^Converged at step \d+ \(epoch [\d.]+\): the loss on all the data settled at its best$/);
    assert.match(words.advice, /within \S+ of its best value \S+ \(Newton’s method on all the data\): the tolerance, 1% of it/);
  });

  it('η too large for the batch: the full batch at the same η does not diverge (checked), a smaller η is the next change', () => {
    const { diagnosis, words } = run({ learningRate: 0.45, batchSize: 1 });
    assert.equal(diagnosis.verdict, 'diverged');
    assert.equal(diagnosis.cause, 'lr-too-large-for-batch');
    if (diagnosis.cause !== 'lr-too-large-for-batch') return;
    const full = diagnosis.remedies.find((r) => r.remedy === 'full-batch')!;
    assert.notEqual(full.check.verdict, 'diverged');
    assert.deepEqual(diagnosis.next?.change, { learningRate: 0.045 });
    assert.match(words.headline, /^Diverged at step \d+: η = 0\.45 is too large for batches of 1$/);
    assert.match(words.advice, /The full batch at η = 0\.45 does not diverge \(checked: it settles at/);
  });

  it('η too large for any batch: lr-too-large, the full batch diverging too', () => {
    const { diagnosis, words } = run({ learningRate: 3 });
    assert.equal(diagnosis.cause, 'lr-too-large');
    assert.match(words.headline, /too large even for the full batch/);
  });

  it('leaves full-batch runs to the ordinary diagnosis', () => {
    const s = settings({ batchSize: null, learningRate: 0.3 });
    assert.equal(diagnose(simulate(objective, start, s), objective, s).noise, null);
  });
});

describe('a sweep of minibatch runs', () => {
  it('judges each η on all the data: still descending, converged, at a noise floor, diverged, from small η to large', () => {
    const result = sweepLearningRates(objective, start, settings({ maxSteps: 400 }), { from: 1e-3, to: 10, count: 24 });
    const verdicts = result.points.map((point) => point.verdict);
    const order = ['needs-more-steps', 'converged', 'oscillating', 'diverged'];
    for (const verdict of order.slice(1)) assert.ok(verdicts.includes(verdict as never), verdicts.join(' '));
    // Ordered as η grows: each verdict's runs come after the ones before it in `order`.
    const ranks = verdicts.map((verdict) => order.indexOf(verdict));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    const suggested = result.points.find((point) => point.learningRate === result.suggestedLearningRate);
    assert.equal(suggested?.verdict, 'converged');
  });
});

describe('a noise floor is not mistaken for descent', () => {
  /** The regression the walkthrough's minibatch step writes out, read from the manifest as VS Code runs it. */
  function walkthroughRegression() {
    // The step's description lives in package.nls.json, named from package.json as %key%.
    const root = join(import.meta.dirname, '..', '..', '..');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: { steps: { id: string; description: string }[] }[] };
    };
    const strings = new Map(Object.entries(JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>));
    const key = manifest.contributes.walkthroughs[0]!.steps.find((one) => one.id === 'minibatches')!.description.replace(/^%|%$/g, '');
    const step = { description: strings.get(key)! };
    const link = /\[Open a Regression over Data\]\(command:runCommands\?([^)]*)\)/.exec(step.description)![1]!;
    const commands = (JSON.parse(decodeURIComponent(link)) as { commands: (string | { command: string; args?: { snippet?: string } })[] }).commands;
    const snippet = commands.flatMap((one) => (typeof one === 'object' && one.command === 'editor.action.insertSnippet' ? [one.args!.snippet!] : []))[0]!.replace('$0', '');
    const read = readFormulaInDocument({ text: snippet, start: snippet.indexOf('loss ='), end: snippet.indexOf('\n', snippet.indexOf('loss =')), files: new Map() });
    assert.ok(read.ok);
    return read.formula;
  }

  it('reads the walkthrough’s regression in batches of 4 at η = 0.2 as a noise floor for every seed and length, and a tiny η as still falling', () => {
    const formula = walkthroughRegression();
    const at = (overrides: Partial<RunSettings>) => {
      const s = settings(overrides);
      return diagnose(simulate(formula, [0, 0], s), formula, s, { check: false, noise: { runRemedies: false } });
    };
    for (const seed of [0, 1, 2, 3]) {
      for (const maxSteps of [300, 1000, 3000]) {
        const diagnosis = at({ learningRate: 0.2, maxSteps, seed });
        assert.equal(diagnosis.cause, 'noise-floor', `seed ${seed}, ${maxSteps} steps: ${diagnosis.cause}`);
      }
    }
    for (const learningRate of [3e-5, 3e-4]) assert.equal(at({ learningRate, maxSteps: 1000 }).verdict, 'needs-more-steps', `η = ${learningRate}`);
  });
});
