/**
 * A reference trajectory replayed anywhere (the core, the reader, the CLI) is checked by one loop: what the
 * framework's run says after each update it records, against the replayed run, to the reference tolerance.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertCloseToReference } from './closeTo';

/** What a reference says of a run. */
export interface ReferenceRun {
  readonly variables: readonly string[];
  readonly start: readonly number[];
  /** The updates the parameters and losses are given after (1 is the first). */
  readonly updates: readonly number[];
  readonly params: readonly (readonly number[])[];
  readonly losses?: readonly number[];
  /** The η of updates 1, 2, …: all of them. */
  readonly learningRates: readonly number[];
  /** The momentum of updates 1, 2, …; null: the run must report none; left out: not checked. */
  readonly momenta?: readonly number[] | null;
}

/** The run replayed, as the core's trace or the CLI's JSON gives it. */
export interface ReplayedRun {
  /** The parameters after update t (0: the start). */
  paramsAfter(t: number): ArrayLike<number>;
  /** The loss after update t, at t. */
  readonly loss: ArrayLike<number>;
  /** The η of update t, at t − 1. */
  readonly learningRates: ArrayLike<number>;
  readonly momenta?: ArrayLike<number> | undefined;
}

/** What a PyTorch case of test/fixtures/torch-reference*.json records. */
export interface TorchReferenceCase {
  readonly variables: readonly string[];
  readonly start: readonly number[];
  readonly expected: { readonly step: readonly number[]; readonly params: readonly (readonly number[])[]; readonly loss: readonly number[] };
  readonly lrPerStep: readonly number[];
}

/** A PyTorch case as a ReferenceRun; `momenta` as ReferenceRun's (left out: not checked). */
export function torchReferenceRun(c: TorchReferenceCase, momenta?: readonly number[] | null): ReferenceRun {
  const run = { variables: c.variables, start: c.start, updates: c.expected.step, params: c.expected.params, losses: c.expected.loss, learningRates: c.lrPerStep };
  return momenta === undefined ? run : { ...run, momenta };
}

export function assertReplaysReference(run: ReplayedRun, reference: ReferenceRun): void {
  const { variables, updates } = reference;
  const paramScale = Math.max(...reference.start.map(Math.abs), ...reference.params.flat().map(Math.abs));
  updates.forEach((t, k) => {
    const params = run.paramsAfter(t);
    variables.forEach((name, i) => assertCloseToReference(params[i]!, reference.params[k]![i]!, paramScale, `${name} after update ${t}`));
  });
  if (reference.losses) {
    const losses = reference.losses;
    const lossScale = Math.max(...losses.map(Math.abs), Math.abs(run.loss[0]!));
    updates.forEach((t, k) => assertCloseToReference(run.loss[t]!, losses[k]!, lossScale, `loss after update ${t}`));
  }
  const lrScale = Math.max(...reference.learningRates);
  reference.learningRates.forEach((lr, i) => assertCloseToReference(run.learningRates[i]!, lr, lrScale, `η of update ${i + 1}`));
  if (reference.momenta === null) assert.equal(run.momenta, undefined, 'no momentum reported');
  else reference.momenta?.forEach((m, i) => assertCloseToReference(run.momenta![i]!, m, 1, `momentum of update ${i + 1}`));
}

/** A Keras 3 or optax case of test/fixtures/framework-reference.json (copied from the shared reference data). */
export interface FrameworkCase {
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

export const FRAMEWORK_CASES: readonly FrameworkCase[] = (
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'framework-reference.json'), 'utf8')) as { cases: FrameworkCase[] }
).cases;

/** A framework case as a reference: every update recorded. */
export function frameworkReference(c: FrameworkCase): ReferenceRun {
  return {
    variables: c.variables,
    start: c.start,
    updates: c.trajectory.map((_, t) => t + 1),
    params: c.trajectory,
    losses: c.loss_values,
    learningRates: c.learning_rates,
  };
}
