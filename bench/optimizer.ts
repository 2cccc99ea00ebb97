/**
 * The optimizer core's speed promises: a 60-η sweep of 1,000 steps each on a 2-variable formula well under
 * 100 ms, and a million-step run fast enough to stream to the panel without freezing anything.
 */
import { compileFormula } from '../src/core/formula';
import { defaultOptimizerSettings, defaultRunSettings, simulate, sweepLearningRates, type RunSettings } from '../src/core/optim';
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
