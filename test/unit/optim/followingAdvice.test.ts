/**
 * Following the advice ends. Over families of problems — random quadratics of condition number 1 to 10⁴, and
 * log-cosh, tanh², Beale, Rosenbrock and logistic losses — a run starts from a too-small and from a too-large η;
 * its recommendation is applied and run, and so on, as a person clicking the verdict's button would. Within a few
 * runs one converges, no setting is visited twice, and every outcome a diagnosis states about another setting is
 * what re-running that setting gives (checked inside `follow`).
 *
 * The seed is fixed so CI sees the same problems every time; GD_LAB_PROPERTY_SEED and GD_LAB_PROPERTY_RUNS explore
 * others.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { compileFormula } from '../../../src/core/formula';
import { criticalLearningRateFor, stabilityAt } from '../../../src/core/optim/stability';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { defaultRunSettings } from '../../../src/core/optim/settings';
import type { OptimizerKind, RunSettings } from '../../../src/core/optim/types';
import { assertNoSettingTwice, follow, type Visit } from './following';

const SEED = Number(process.env.GD_LAB_PROPERTY_SEED ?? 20_240_611);
const RUNS = Number(process.env.GD_LAB_PROPERTY_RUNS ?? 10);
/** Runs a chain may take before one converges: the first run and two applied recommendations. */
const RUNS_TO_CONVERGE = 3;

interface Problem {
  readonly formula: string;
  readonly start: number[];
  /** Where the minimum is, when known: a too-large η is judged by the curvature there, where the run must settle. */
  readonly minimum?: number[];
}

/** Numbers printed in full, so the formula is exactly the problem drawn. */
const n = (x: number): string => (x < 0 ? `(${x})` : String(x));

/** The learning rates a chain starts from: far too small and far too large for this problem and optimizer. */
function extremes(problem: Problem, optimizer: OptimizerKind): { small: number; large: number } {
  const formula = compileFormula(problem.formula);
  const settings = defaultOptimizerSettings(optimizer);
  const critical = criticalLearningRateFor(settings, stabilityAt(formula, problem.start).lipschitz);
  const atMinimum = criticalLearningRateFor(settings, stabilityAt(formula, problem.minimum ?? problem.start).lipschitz);
  // The adaptive optimizers' η is a step length: small and large against the distance to travel.
  if (critical === null) {
    const scale = Math.max(1, Math.hypot(...problem.start));
    return { small: 1e-5 * scale, large: 10 * scale };
  }
  return { small: critical * 1e-4, large: Math.min(critical, atMinimum ?? critical) * 30 };
}

function settingsFor(learningRate: number, optimizer: OptimizerKind): RunSettings {
  return { ...defaultRunSettings(), learningRate: Number(learningRate.toPrecision(3)), optimizer: defaultOptimizerSettings(optimizer) };
}

function converged(visit: Visit): boolean {
  return visit.diagnosis.convergedAt !== null && visit.diagnosis.verdict !== 'stationary';
}

function describeChain(visits: readonly Visit[]): string {
  return visits
    .map((visit) => {
      const d = visit.diagnosis;
      const s = visit.settings;
      return `  ${s.optimizer.kind} η=${s.learningRate} steps=${s.maxSteps} from ${visit.start.join(',')}: ${d.verdict}@${d.convergedAt} ${d.cause}`;
    })
    .join('\n');
}

/** From a too-small and a too-large η, following the advice converges within a few runs, never twice the same setting. */
function assertFollowingEnds(problem: Problem, optimizer: OptimizerKind): void {
  const formula = compileFormula(problem.formula);
  const { small, large } = extremes(problem, optimizer);
  for (const learningRate of [small, large]) {
    const visits = follow(formula, problem.start, settingsFor(learningRate, optimizer), RUNS_TO_CONVERGE + 2);
    const chain = `${problem.formula} from ${problem.start.join(',')}:\n${describeChain(visits)}`;
    assertNoSettingTwice(visits);
    assert.ok(visits.slice(0, RUNS_TO_CONVERGE).some(converged), `no converged run within ${RUNS_TO_CONVERGE} runs:\n${chain}`);
  }
}

/** Log-uniform between `low` and `high`, in three significant digits. */
const logUniform = (low: number, high: number): fc.Arbitrary<number> =>
  fc.integer({ min: 0, max: 1000 }).map((k) => Number((10 ** (Math.log10(low) + (k / 1000) * Math.log10(high / low))).toPrecision(3)));
/** Uniform between `low` and `high`, in hundredths. */
const coordinate = (low: number, high: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.round(low * 100), max: Math.round(high * 100) }).map((k) => k / 100);
/** A start at least `away` from `minimum`. */
const startAwayFrom = (minimum: [number, number], box: [[number, number], [number, number]], away = 0.3): fc.Arbitrary<number[]> =>
  fc
    .tuple(coordinate(...box[0]), coordinate(...box[1]))
    .filter(([x, y]) => Math.hypot(x - minimum[0], y - minimum[1]) > away)
    .map((start) => [...start]);

/** ½ (x, y) R diag(L, L/κ) Rᵀ (x, y)ᵀ around a centre: condition number κ, rotated by θ. */
const quadratics: fc.Arbitrary<Problem> = fc
  .record({
    L: logUniform(0.1, 100),
    κ: logUniform(1, 1e4),
    θ: coordinate(0, Math.PI),
    centre: fc.tuple(coordinate(-3, 3), coordinate(-3, 3)),
    start: fc.tuple(coordinate(-5, 5), coordinate(-5, 5)),
  })
  .filter(({ centre, start }) => Math.hypot(start[0] - centre[0], start[1] - centre[1]) > 0.5)
  .map(({ L, κ, θ, centre, start }) => {
    const [c, s] = [Math.cos(θ), Math.sin(θ)];
    const μ = L / κ;
    const a = Number((L * c * c + μ * s * s).toPrecision(6));
    const b = Number(((L - μ) * c * s).toPrecision(6));
    const d = Number((L * s * s + μ * c * c).toPrecision(6));
    const [u, v] = [`(x - ${n(centre[0])})`, `(y - ${n(centre[1])})`];
    return { formula: `0.5*(${n(a)}*${u}^2 + 2*${n(b)}*${u}*${v} + ${n(d)}*${v}^2)`, start: [...start], minimum: [...centre] };
  });

const options = (): fc.Parameters<[Problem]> => ({ seed: SEED, numRuns: RUNS, endOnFailure: true });

describe('following the advice ends: random quadratics, condition number 1 to 10⁴', () => {
  for (const optimizer of ['gd', 'momentum', 'adam'] as const) {
    it(`with ${optimizer}`, () => {
      fc.assert(
        fc.property(quadratics, (problem) => assertFollowingEnds(problem, optimizer)),
        options(),
      );
    });
  }
});

/** Non-quadratic losses, each family with its own random shape and start. */
const families: Record<string, fc.Arbitrary<Problem>> = {
  'log-cosh': fc
    .record({ a: logUniform(0.3, 10), b: logUniform(0.3, 10), start: startAwayFrom([1, -0.5], [[-6, 6], [-6, 6]]) })
    .map(({ a, b, start }) => ({ formula: `${a}*log(cosh(x - 1)) + ${b}*log(cosh(y + 0.5))`, start, minimum: [1, -0.5] })),
  'tanh²': fc
    .record({ a: logUniform(0.5, 5), start: startAwayFrom([0, 0], [[-3, 3], [-3, 3]]) })
    .map(({ a, start }) => ({ formula: `tanh(${a}*x)^2 + tanh(y)^2`, start, minimum: [0, 0] })),
  Beale: startAwayFrom([3, 0.5], [[1.5, 4], [-0.5, 1]]).map((start) => ({
    formula: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    start,
    minimum: [3, 0.5],
  })),
  Rosenbrock: startAwayFrom([1, 1], [[-2, 2], [-1, 3]]).map((start) => ({ formula: '(1 - x)^2 + 100*(y - x^2)^2', start, minimum: [1, 1] })),
  logistic: fc
    .record({
      points: fc.array(fc.tuple(coordinate(-3, 3).filter((x) => x !== 0), fc.constantFrom(-1, 1)), { minLength: 4, maxLength: 6 }),
      start: fc.tuple(coordinate(-3, 3), coordinate(-3, 3)),
    })
    .map(({ points, start }) => ({
      // Mean logistic loss of w·x + b over the points, with a little L2 so a minimum exists whatever the labels.
      formula: `(${points.map(([x, label]) => `log(1 + exp(${n(-label)}*(w*${n(x)} + b)))`).join(' + ')})/${points.length} + 0.01*(w^2 + b^2)`,
      start: [...start],
    })),
};

describe('following the advice ends: log-cosh, tanh², Beale, Rosenbrock, logistic losses', () => {
  for (const [name, problems] of Object.entries(families)) {
    for (const optimizer of ['gd', 'momentum', 'adam'] as const) {
      it(`${name} with ${optimizer}`, () => {
        fc.assert(
          fc.property(problems, (problem) => assertFollowingEnds(problem, optimizer)),
          options(),
        );
      });
    }
  }
});
