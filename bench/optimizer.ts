/**
 * The optimizer core's speed promises: a 60-η sweep of 1,000 steps each on a 2-variable formula well under
 * 100 ms, and a million-step run fast enough to stream to the panel without freezing anything.
 */
import { compileFormula } from '../src/core/formula';
import { defaultOptimizerSettings, defaultRunSettings, diagnose, simulate, sweepLearningRates, type RunSettings } from '../src/core/optim';
import { measure, printTable, type Variant } from './measure';

const ROSENBROCK = compileFormula('(1 - x)^2 + 100*(y - x^2)^2');
const START = [-1.5, 2];

/** Every run takes all 1,000 steps (early stopping off), so the sweep does the full 60,000 steps. */
const FULL_SWEEP: RunSettings = { ...defaultRunSettings(), maxSteps: 1000, tolerance: 0 };

export function benchOptimizer(): void {
  const variants: Variant[] = [
    { name: 'sweep: 60 η × 1,000 steps, gd', run: (n) => repeat(n, () => sweepLearningRates(ROSENBROCK, START, FULL_SWEEP).points.length) },
    {
      name: 'sweep: 60 η × 1,000 steps, Adam',
      run: (n) => repeat(n, () => sweepLearningRates(ROSENBROCK, START, { ...FULL_SWEEP, optimizer: defaultOptimizerSettings('adam') }).points.length),
    },
    {
      name: 'one run: 1,000,000 steps, gd',
      run: (n) => repeat(n, () => simulate(ROSENBROCK, START, { ...FULL_SWEEP, learningRate: 1e-4, maxSteps: 1_000_000 }).steps),
    },
    {
      name: 'one run: 1,000,000 steps, Adam',
      run: (n) => repeat(n, () => simulate(ROSENBROCK, START, { ...FULL_SWEEP, learningRate: 1e-3, maxSteps: 1_000_000, optimizer: defaultOptimizerSettings('adam') }).steps),
    },
  ];
  const results = measure(variants, { rounds: 5, milliseconds: 300 });
  printTable(
    'Optimizer runs on 2-variable Rosenbrock from (−1.5, 2), diagnosis included in the sweep',
    ['work', 'time each', 'promise'],
    results.map((m, i) => [m.name, `${(1000 / m.perSecond).toFixed(1)} ms`, i < 2 ? (1000 / m.perSecond < 100 ? 'under 100 ms: met' : 'under 100 ms: NOT met') : '']),
  );
}

function repeat(n: number, work: () => number): number {
  let sink = 0;
  for (let i = 0; i < n; i += 1) sink += work();
  return sink;
}

/**
 * The checks a diagnosis runs to decide what to recommend, timed against the same diagnosis without them: the
 * promise is at most 300 ms on top of a run. A budget of work bounds them, the same in the CLI and the panel (which
 * runs them in time slices after showing the run, so however long they take the editor does not wait on them).
 */
export function benchChecks(): void {
  const cases: { name: string; formula: string; start: number[]; settings: RunSettings }[] = [
    { name: 'x², η = 0.2: fine', formula: 'x^2', start: [10], settings: { ...defaultRunSettings(), learningRate: 0.2 } },
    { name: 'x², η = 0.01: converged slowly', formula: 'x^2', start: [10], settings: { ...defaultRunSettings(), learningRate: 0.01 } },
    { name: 'x², η = 2: diverged', formula: 'x^2', start: [10], settings: { ...defaultRunSettings(), learningRate: 2 } },
    { name: 'tanh(x)², η = 0.1: plateau', formula: 'tanh(x)^2', start: [4], settings: { ...defaultRunSettings(), learningRate: 0.1 } },
    {
      name: 'momentum on 0.5(100x² + y²): bounces',
      formula: '0.5*(100*x^2 + y^2)',
      start: [3, -2],
      settings: { ...defaultRunSettings(), learningRate: 0.01, optimizer: defaultOptimizerSettings('momentum') },
    },
    { name: 'Rosenbrock, η = 1e-3: ill-conditioned', formula: '(1 - x)^2 + 100*(y - x^2)^2', start: [-1.5, 2], settings: { ...defaultRunSettings(), learningRate: 1e-3 } },
    {
      name: 'Rosenbrock, η = 5.7e-8: longer runs, other optimizers',
      formula: '(1 - x)^2 + 100*(y - x^2)^2',
      start: [-1.62, -0.55],
      settings: { ...defaultRunSettings(), learningRate: 5.72e-8 },
    },
  ];
  const prepared = cases.map((one) => {
    const formula = compileFormula(one.formula);
    return { ...one, formula, trace: simulate(formula, one.start, one.settings) };
  });
  const variants: Variant[] = prepared.flatMap((one) => [
    { name: `${one.name}: diagnosis with checks`, run: (n: number) => repeat(n, () => diagnose(one.trace, one.formula, one.settings).checks.updates) },
    { name: `${one.name}: without`, run: (n: number) => repeat(n, () => diagnose(one.trace, one.formula, one.settings, { check: false }).steps) },
  ]);
  const results = measure(variants, { rounds: 3, milliseconds: 200 });
  printTable(
    'The checks behind a recommendation (a 1,000-step run)',
    ['diagnosis', 'updates run', 'checks take', 'within 300 ms'],
    prepared.map((one, i) => {
      const withChecks = 1000 / results[2 * i]!.perSecond;
      const without = 1000 / results[2 * i + 1]!.perSecond;
      const checks = Math.max(0, withChecks - without);
      const updates = diagnose(one.trace, one.formula, one.settings).checks.updates;
      return [one.name, updates.toLocaleString('en-US'), `${checks.toFixed(1)} ms`, checks <= 300 ? 'met' : 'NOT met'];
    }),
  );
}
