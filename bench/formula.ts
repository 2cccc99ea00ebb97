/**
 * The formula engine's speed promise: a gradient step on the compiled 2-variable Rosenbrock runs within
 * 1.5× of a hand-written JavaScript function, with mathjs's compile/evaluate beside it for scale.
 */
import * as math from 'mathjs';
import { compileFormula } from '../src/core/formula';
import { formatRate, measure, printTable, type Variant } from './measure';

const ROSENBROCK = '(1 - x)^2 + 100*(y - x^2)^2';
const LEARNING_RATE = 1e-4;

/** Written by hand, as someone optimizing it would. */
function handWrittenValueAndGradient(p: ArrayLike<number>, g: Float64Array): number {
  const x = p[0];
  const y = p[1];
  const a = 1 - x;
  const b = y - x * x;
  g[0] = -2 * a - 400 * x * b;
  g[1] = 200 * b;
  return a * a + 100 * b * b;
}

// One loop per variant (not one shared loop called with different functions), so each call site stays
// monomorphic and no variant pays for the others' types.
function stepsHandWritten(n: number): number {
  const p = new Float64Array([-1.5, 2]);
  const g = new Float64Array(2);
  let loss = 0;
  for (let i = 0; i < n; i += 1) {
    loss = handWrittenValueAndGradient(p, g);
    p[0] -= LEARNING_RATE * g[0];
    p[1] -= LEARNING_RATE * g[1];
  }
  return loss;
}

const compiled = compileFormula(ROSENBROCK);
const compiledValueAndGradient = compiled.valueAndGradient;
function stepsCompiled(n: number): number {
  const p = new Float64Array([-1.5, 2]);
  const g = new Float64Array(2);
  let loss = 0;
  for (let i = 0; i < n; i += 1) {
    loss = compiledValueAndGradient(p, g);
    p[0] -= LEARNING_RATE * g[0];
    p[1] -= LEARNING_RATE * g[1];
  }
  return loss;
}

const mathLoss = math.compile(ROSENBROCK);
const mathGradient = ['x', 'y'].map((v) => math.derivative(ROSENBROCK, v).compile());
function stepsMathjs(n: number): number {
  const scope = { x: -1.5, y: 2 };
  let loss = 0;
  for (let i = 0; i < n; i += 1) {
    loss = mathLoss.evaluate(scope) as number;
    const gx = mathGradient[0].evaluate(scope) as number;
    const gy = mathGradient[1].evaluate(scope) as number;
    scope.x -= LEARNING_RATE * gx;
    scope.y -= LEARNING_RATE * gy;
  }
  return loss;
}

export function benchFormula(): { ratio: number } {
  const variants: Variant[] = [
    { name: 'hand-written JavaScript', run: stepsHandWritten },
    { name: 'gd-lab compiled formula', run: stepsCompiled },
    { name: 'mathjs compile/evaluate', run: stepsMathjs },
  ];
  const [hand, ours, mathjs] = measure(variants);
  const rows = [hand, ours, mathjs].map((m) => [m.name, formatRate(m.perSecond), `${(hand.perSecond / m.perSecond).toFixed(2)}×`]);
  printTable(`Gradient steps on 2-variable Rosenbrock, ${ROSENBROCK} (value + exact gradient + update)`, ['implementation', 'steps/s', 'time vs hand-written'], rows);
  const ratio = hand.perSecond / ours.perSecond;
  console.log(`Compiled formula: ${ratio.toFixed(2)}× the hand-written time (promise: within 1.5×) — ${ratio <= 1.5 ? 'met' : 'NOT met'}.`);
  return { ratio };
}

/** Reading cost, which the editor pays once per Simulate or edit: parse, differentiate, compile (and the Hessian). */
export function benchReading(): void {
  const rosenbrock20 = Array.from({ length: 19 }, (_, i) => `100*(x${i + 1} - x${i}**2)**2 + (1 - x${i})**2`).join(' + ');
  const pythonDef = 'def loss(w=3.0, b=-1.0):\n    """Squared error."""\n    err = w * 2.0 + b - 5\n    return err ** 2 + 0.1 * (w**2 + b**2)';
  const latex = '$$ J(w, b) = \\log\\cosh(w - 3) + \\frac{1}{10} b^2 $$';
  // As long as formulas get: chains flat in the text but thousands deep as trees, read without recursion.
  const chain = (count: number, operator: string, names: string[]): string => Array.from({ length: count }, (_, i) => names[i % names.length]).join(operator);
  const cases: [string, string][] = [
    ['2-variable Rosenbrock', ROSENBROCK],
    ['Python def with a local', pythonDef],
    ['LaTeX display equation', latex],
    ['20-variable Rosenbrock', rosenbrock20],
    ['x+x+… 10,000 terms (size limit)', chain(10_000, '+', ['x'])],
    ['x*y*x*y… 1,800 factors', chain(1800, '*', ['x', 'y'])],
  ];
  const variants: Variant[] = cases.map(([name, source]) => ({
    name,
    run: (n) => {
      let sink = 0;
      for (let i = 0; i < n; i += 1) {
        const formula = compileFormula(source);
        sink += formula.hessian(formula.variables.map(() => 0.5))[0][0];
      }
      return sink;
    },
  }));
  const results = measure(variants, { rounds: 5, milliseconds: 150 });
  printTable('Reading a formula: parse, exact gradient and Hessian, compile (once per Simulate or edit)', ['formula', 'time each'], results.map((m) => [m.name, `${(1000 / m.perSecond).toFixed(2)} ms`]));
}
