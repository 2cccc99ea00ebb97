/**
 * The run loop's speed promise (issue 12): a whole run — the record the panel and the diagnosis read, and the
 * diagnosis — within 1.5× of a hand-written JavaScript loop that computes the same loss and gradient and updates the
 * parameters. Each hand-written loop is checked first to end where gd-lab's run ends, bit for bit.
 */
import { compileFormula } from '../src/core/formula';
import { defaultOptimizerSettings, defaultRunSettings, diagnose, endOf, simulate, type OptimizerKind, type RunSettings } from '../src/core/optim';
import { formatRate, measure, printTable, type Variant } from './measure';

const ROSENBROCK = compileFormula('(1 - x)^2 + 100*(y - x^2)^2');
const START = [-1.5, 2] as const;
const STEPS = 1_000_000;
const LEARNING_RATE = 1e-4;
const MOMENTUM = 0.9;

function settingsOf(kind: OptimizerKind): RunSettings {
  // Early stopping off: every run takes all its steps.
  return { ...defaultRunSettings(), learningRate: LEARNING_RATE, optimizer: { ...defaultOptimizerSettings(kind) }, maxSteps: STEPS, tolerance: 0 };
}

/** The loss and its gradient, written by hand as someone optimizing it would (the formula bench's). */
function handWrittenValueAndGradient(p: Float64Array, g: Float64Array): number {
  const x = p[0]!;
  const y = p[1]!;
  const a = 1 - x;
  const b = y - x * x;
  g[0] = -2 * a - 400 * x * b;
  g[1] = 200 * b;
  return a * a + 100 * b * b;
}

/** Plain gradient descent on the Rosenbrock function, written by hand; returns where it ended. */
function handWrittenGd(steps: number): Float64Array {
  const p = Float64Array.from(START);
  const g = new Float64Array(2);
  for (let t = 0; t < steps; t += 1) {
    handWrittenValueAndGradient(p, g);
    p[0] -= LEARNING_RATE * g[0]!;
    p[1] -= LEARNING_RATE * g[1]!;
  }
  return p;
}

/** Heavy-ball momentum as torch.optim.SGD does it (the buffer starts as the first gradient), written by hand. */
function handWrittenMomentum(steps: number): Float64Array {
  const p = Float64Array.from(START);
  const g = new Float64Array(2);
  const buffer = new Float64Array(2);
  for (let t = 0; t < steps; t += 1) {
    handWrittenValueAndGradient(p, g);
    buffer[0] = t === 0 ? g[0]! : MOMENTUM * buffer[0]! + g[0]!;
    buffer[1] = t === 0 ? g[1]! : MOMENTUM * buffer[1]! + g[1]!;
    p[0] -= LEARNING_RATE * buffer[0]!;
    p[1] -= LEARNING_RATE * buffer[1]!;
  }
  return p;
}

const HAND_WRITTEN: Partial<Record<OptimizerKind, (steps: number) => Float64Array>> = { gd: handWrittenGd, momentum: handWrittenMomentum };

export function benchRunLoop(): void {
  const rows: string[][] = [];
  const ratios: number[] = [];
  for (const kind of ['gd', 'momentum'] as const) {
    const settings = { ...settingsOf(kind), optimizer: kind === 'momentum' ? { ...defaultOptimizerSettings('momentum'), momentum: MOMENTUM } : defaultOptimizerSettings('gd') };
    const hand = HAND_WRITTEN[kind]!;
    // The same numbers first: otherwise the comparison means nothing.
    const ours = Array.from(endOf(simulate(ROSENBROCK, START, settings)).params);
    const theirs = hand(STEPS);
    if (ours[0] !== theirs[0] || ours[1] !== theirs[1]) throw new Error(`${kind}: the hand-written loop ends at ${theirs}, gd-lab's run at ${ours}`);
    const variants: Variant[] = [
      { name: 'hand-written loop', run: (n) => repeat(n, () => hand(STEPS)[0]) },
      { name: 'gd-lab run (its record)', run: (n) => repeat(n, () => simulate(ROSENBROCK, START, settings).steps) },
      {
        name: 'gd-lab run + diagnosis',
        run: (n) => repeat(n, () => diagnose(simulate(ROSENBROCK, START, settings), ROSENBROCK, settings, { check: false }).steps),
      },
      { name: 'gd-lab run + diagnosis + checks', run: (n) => repeat(n, () => diagnose(simulate(ROSENBROCK, START, settings), ROSENBROCK, settings).steps) },
    ];
    const [handWritten, ...rest] = measure(variants, { rounds: 9, milliseconds: 400 });
    const baseline = handWritten!;
    const time = (perSecond: number): string => `${(1000 / perSecond).toFixed(1)} ms`;
    rows.push([`${kind}: ${baseline.name}`, formatRate(baseline.bestPerSecond * STEPS), time(baseline.bestPerSecond), time(baseline.perSecond), '1.00×', '1.00×']);
    for (const m of rest) {
      const best = baseline.bestPerSecond / m.bestPerSecond;
      const median = baseline.perSecond / m.perSecond;
      if (m.name === 'gd-lab run + diagnosis') ratios.push(best);
      rows.push([`${kind}: ${m.name}`, formatRate(m.bestPerSecond * STEPS), time(m.bestPerSecond), time(m.perSecond), `${best.toFixed(2)}×`, `${median.toFixed(2)}×`]);
    }
  }
  printTable(
    `A whole run of ${STEPS.toLocaleString('en-US')} steps on 2-variable Rosenbrock, η = ${LEARNING_RATE}, against a hand-written loop`,
    ['run', 'steps/s', 'fastest round', 'median round', 'vs hand-written (fastest)', '(median)'],
    rows,
  );
  const worst = Math.max(...ratios);
  console.log(
    `A run with its record and diagnosis, fastest rounds compared: at most ${worst.toFixed(2)}× the hand-written loop's time (promise: within 1.5×) — ${worst <= 1.5 ? 'met' : 'NOT met'}. The checks behind a recommendation are extra runs, bounded on their own (below).`,
  );
}

function repeat(n: number, work: () => number): number {
  let sink = 0;
  for (let i = 0; i < n; i += 1) sink += work();
  return sink;
}
