/**
 * Every dialect the engine promises to read, checked by value and by exact gradient against
 * hand-written JavaScript for the same formula.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFormula } from '../../../src/core/formula';
import { reads as check, sigmoid, sq, type Reading } from './readings';

type Case = Reading;

const quadratic: Pick<Case, 'value' | 'gradient'> = {
  value: ([w, b]) => sq(w - 3) + 0.5 * sq(b),
  gradient: ([w, b]) => [2 * (w - 3), b],
};
const bowl: Pick<Case, 'value' | 'gradient'> = {
  value: ([x, y]) => x * x + y * y,
  gradient: ([x, y]) => [2 * x, 2 * y],
};

const dialects: Record<string, Case[]> = {
  Python: [
    { source: 'loss = (w - 3)**2 + 0.5*b**2', variables: ['w', 'b'], at: [1.5, -2], ...quadratic, name: 'loss' },
    { source: 'loss = (w - 3)**2 + 0.5*b**2  # quadratic bowl', variables: ['w', 'b'], at: [0.25, 4], ...quadratic },
    { source: 'def f(x, y): return x**2 + y**2', variables: ['x', 'y'], at: [1.5, -2], ...bowl, name: 'f' },
    {
      source: 'def f(x: float = 10.0, y: float = -2) -> float:\n    """Bowl."""\n    return x**2 + y**2\n',
      variables: ['x', 'y'],
      at: [0.5, 3],
      ...bowl,
      startValues: { x: 10, y: -2 },
    },
    {
      source: 'def loss(self, w, b):\n    err = w * 2.0 + b - 5\n    return err ** 2  # squared error',
      variables: ['w', 'b'],
      at: [1, 0.5],
      value: ([w, b]) => sq(2 * w + b - 5),
      gradient: ([w, b]) => [4 * (2 * w + b - 5), 2 * (2 * w + b - 5)],
    },
    { source: 'lambda t: (t - 1)**2', variables: ['t'], at: [3], value: ([t]) => sq(t - 1), gradient: ([t]) => [2 * (t - 1)] },
    {
      source: 'f = lambda x, y=2: math.exp(-x**2) + np.sin(y)',
      variables: ['x', 'y'],
      at: [0.7, 1.1],
      value: ([x, y]) => Math.exp(-x * x) + Math.sin(y),
      gradient: ([x, y]) => [-2 * x * Math.exp(-x * x), Math.cos(y)],
      startValues: { y: 2 },
    },
    {
      source: 'loss = numpy.log(1 + torch.exp(w)) + jnp.tanh(b) + abs(w - b)',
      variables: ['w', 'b'],
      at: [0.3, -0.4],
      value: ([w, b]) => Math.log(1 + Math.exp(w)) + Math.tanh(b) + Math.abs(w - b),
      gradient: ([w, b]) => [sigmoid(w) + 1, 1 - sq(Math.tanh(b)) - 1],
    },
    {
      source: 'x = 10\nloss = x**2',
      variables: ['x'],
      at: [4],
      value: ([x]) => x * x,
      gradient: ([x]) => [2 * x],
      startValues: { x: 10 },
      name: 'loss',
    },
    {
      source: 'loss = (self.w - 3) ** 2',
      variables: ['w'],
      at: [1],
      value: ([w]) => sq(w - 3),
      gradient: ([w]) => [2 * (w - 3)],
    },
    {
      source: 'loss = (w[0] - 1)**2 + 3*(w[1] + 2)**2',
      variables: ['w[0]', 'w[1]'],
      at: [0, 0],
      value: ([a, b]) => sq(a - 1) + 3 * sq(b + 2),
      gradient: ([a, b]) => [2 * (a - 1), 6 * (b + 2)],
    },
    {
      source: 'loss = torch.sigmoid(w) + F.softplus(b) + (w - 3).pow(2)',
      variables: ['w', 'b'],
      at: [0.5, -1],
      value: ([w, b]) => sigmoid(w) + Math.log1p(Math.exp(b)) + sq(w - 3),
      gradient: ([w, b]) => [sigmoid(w) * (1 - sigmoid(w)) + 2 * (w - 3), sigmoid(b)],
    },
  ],
  'JavaScript / TypeScript / Java / C#': [
    {
      source: 'const loss = Math.pow(w - 1, 2) + Math.exp(-b) + Math.abs(w);',
      variables: ['w', 'b'],
      at: [2, 0.5],
      value: ([w, b]) => sq(w - 1) + Math.exp(-b) + Math.abs(w),
      gradient: ([w, b]) => [2 * (w - 1) + 1, -Math.exp(-b)],
      name: 'loss',
    },
    { source: 'let cost: number = (w - 3) ** 2 + 0.5 * b ** 2;', variables: ['w', 'b'], at: [1, 1], ...quadratic, name: 'cost' },
    { source: '(x) => x * x', variables: ['x'], at: [3], value: ([x]) => x * x, gradient: ([x]) => [2 * x] },
    { source: 'const f = (x: number, y: number): number => x ** 2 + y ** 2;', variables: ['x', 'y'], at: [1, 2], ...bowl, name: 'f' },
    { source: 'function f(a, b) { return a * a + b * b; }', variables: ['a', 'b'], at: [-1, 2], ...bowl },
    {
      source: 'function loss(w: number, b = 0.5): number {\n  const err = 2 * w + b - 1;\n  return err * err;\n}',
      variables: ['w', 'b'],
      at: [0.2, 0.3],
      value: ([w, b]) => sq(2 * w + b - 1),
      gradient: ([w, b]) => [4 * (2 * w + b - 1), 2 * (2 * w + b - 1)],
      startValues: { b: 0.5 },
    },
    {
      source: 'public static double f(double x, double y) { return Math.pow(x, 2) + Math.sqrt(1 + y * y); }',
      variables: ['x', 'y'],
      at: [1.5, 2],
      value: ([x, y]) => x * x + Math.sqrt(1 + y * y),
      gradient: ([x, y]) => [2 * x, y / Math.sqrt(1 + y * y)],
    },
    {
      source: 'double Loss(double w) => Math.Pow(w - 3, 2) + Math.Exp(w);',
      variables: ['w'],
      at: [1],
      value: ([w]) => sq(w - 3) + Math.exp(w),
      gradient: ([w]) => [2 * (w - 3) + Math.exp(w)],
    },
  ],
  'C / C++': [
    {
      source: 'double f = pow(x, 2) + fabs(y) + exp(x * y);',
      variables: ['x', 'y'],
      at: [0.5, 1.5],
      value: ([x, y]) => x * x + Math.abs(y) + Math.exp(x * y),
      gradient: ([x, y]) => [2 * x + y * Math.exp(x * y), 1 + x * Math.exp(x * y)],
      name: 'f',
    },
    {
      source: 'const double loss = std::pow(w - 1.0, 2) + 0.5f * std::log(1.0 + b * b); // regularized',
      variables: ['w', 'b'],
      at: [2, 1],
      value: ([w, b]) => sq(w - 1) + 0.5 * Math.log(1 + b * b),
      gradient: ([w, b]) => [2 * (w - 1), b / (1 + b * b)],
    },
    {
      source: 'double f(double x) {\n  /* a bowl */\n  return sqrtf(x * x + 1) + powf(x, 3);\n}',
      variables: ['x'],
      at: [2],
      value: ([x]) => Math.sqrt(x * x + 1) + x * x * x,
      gradient: ([x]) => [x / Math.sqrt(x * x + 1) + 3 * x * x],
    },
  ],
  'MATLAB / Octave / Julia / R': [
    {
      source: 'f = @(x) x.^2 + 3*x; % anonymous',
      variables: ['x'],
      at: [2],
      value: ([x]) => x * x + 3 * x,
      gradient: ([x]) => [2 * x + 3],
    },
    {
      source: 'function y = f(x, z)\n  y = x.^2 .* z + 1;\nend',
      variables: ['x', 'z'],
      at: [2, 3],
      value: ([x, z]) => x * x * z + 1,
      gradient: ([x, z]) => [2 * x * z, x * x],
    },
    {
      source: 'f(w) = 2w^2 - 3w',
      variables: ['w'],
      at: [1.5],
      value: ([w]) => 2 * w * w - 3 * w,
      gradient: ([w]) => [4 * w - 3],
      name: 'f',
    },
    {
      source: 'loss(w, b) = (w - 3)^2 + 0.5b^2  # Julia one-liner',
      variables: ['w', 'b'],
      at: [0, 2],
      ...quadratic,
    },
    {
      source: 'function f(x::Float64)\n    return (x - 1)^2\nend',
      variables: ['x'],
      at: [4],
      value: ([x]) => sq(x - 1),
      gradient: ([x]) => [2 * (x - 1)],
    },
    {
      source: 'f <- function(b) (b - 2)^2',
      variables: ['b'],
      at: [5],
      value: ([b]) => sq(b - 2),
      gradient: ([b]) => [2 * (b - 2)],
      name: 'f',
    },
    {
      source: 'loss <- function(w, b) {\n  (w - 3)^2 + 0.5 * b^2\n}',
      variables: ['w', 'b'],
      at: [1, -1],
      ...quadratic,
    },
    { source: 'loss <- (w - 3)^2 + 0.5*b^2', variables: ['w', 'b'], at: [4, 4], ...quadratic, name: 'loss' },
  ],
  'LaTeX (as in Markdown)': [
    {
      source: '$L(\\theta) = (\\theta - 2)^2$',
      variables: ['theta'],
      at: [5],
      value: ([t]) => sq(t - 2),
      gradient: ([t]) => [2 * (t - 2)],
      name: 'L',
    },
    {
      source: '$$ f(x, y) = \\frac{1}{2}\\left(x - 1\\right)^{2} + \\sqrt{y^2 + 1} $$',
      variables: ['x', 'y'],
      at: [3, 2],
      value: ([x, y]) => 0.5 * sq(x - 1) + Math.sqrt(y * y + 1),
      gradient: ([x, y]) => [x - 1, y / Math.sqrt(y * y + 1)],
    },
    {
      source: '$2\\theta\\lambda + e^{-x_1^2}$',
      variables: ['theta', 'lambda', 'x_1'],
      at: [0.5, 1.5, 0.8],
      value: ([t, l, x]) => 2 * t * l + Math.exp(-x * x),
      gradient: ([t, l, x]) => [2 * l, 2 * t, -2 * x * Math.exp(-x * x)],
    },
    {
      source: '$\\sin x \\cos y + \\ln(1 + x^2) - \\tan(y) \\cdot \\exp(x) \\times 2$',
      variables: ['x', 'y'],
      at: [0.4, 0.3],
      value: ([x, y]) => Math.sin(x) * Math.cos(y) + Math.log(1 + x * x) - Math.tan(y) * Math.exp(x) * 2,
      gradient: ([x, y]) => [
        Math.cos(x) * Math.cos(y) + (2 * x) / (1 + x * x) - Math.tan(y) * Math.exp(x) * 2,
        -Math.sin(x) * Math.sin(y) - (1 + sq(Math.tan(y))) * Math.exp(x) * 2,
      ],
    },
    {
      source: '\\[ J(w_0, w_1) = \\log\\left(1 + e^{w_0 + 2 w_1}\\right) \\]',
      variables: ['w_0', 'w_1'],
      at: [0.1, -0.3],
      value: ([a, b]) => Math.log(1 + Math.exp(a + 2 * b)),
      gradient: ([a, b]) => [sigmoid(a + 2 * b), 2 * sigmoid(a + 2 * b)],
    },
    {
      source: '$\\frac12 \\|x\\| $'.replace('\\|x\\|', '\\lvert x \\rvert + |y - 1|'),
      variables: ['x', 'y'],
      at: [-2, 3],
      value: ([x, y]) => 0.5 * Math.abs(x) + Math.abs(y - 1),
      gradient: ([x, y]) => [0.5 * Math.sign(x), Math.sign(y - 1)],
    },
    {
      source: '$\\mathcal{L}(\\mathbf{w}) = \\sin^2 w + \\cos^{2}(w) + \\mathrm{e}^{w}$',
      variables: ['w'],
      at: [0.9],
      value: ([w]) => sq(Math.sin(w)) + sq(Math.cos(w)) + Math.exp(w),
      gradient: ([w]) => [Math.exp(w)],
    },
  ],
  'Plain math': [
    { source: 'x^2 + 2y^2', variables: ['x', 'y'], at: [1.5, -2], value: ([x, y]) => x * x + 2 * y * y, gradient: ([x, y]) => [2 * x, 4 * y] },
    {
      source: '100(y-x^2)^2 + (1-x)^2',
      variables: ['y', 'x'],
      at: [2, -1.5],
      value: ([y, x]) => 100 * sq(y - x * x) + sq(1 - x),
      gradient: ([y, x]) => [200 * (y - x * x), -400 * x * (y - x * x) - 2 * (1 - x)],
    },
    {
      source: 'f(x1, x2) = x1^2 + x2^2',
      variables: ['x1', 'x2'],
      at: [3, 4],
      ...bowl,
    },
    {
      source: 'x² + 3y³ − 2·x·y',
      variables: ['x', 'y'],
      at: [1.5, 0.5],
      value: ([x, y]) => x * x + 3 * y * y * y - 2 * x * y,
      gradient: ([x, y]) => [2 * x - 2 * y, 9 * y * y - 2 * x],
    },
  ],
};

describe('dialects: value and exact gradient', () => {
  for (const [dialect, cases] of Object.entries(dialects)) {
    describe(dialect, () => {
      for (const c of cases) it(c.source.replace(/\s+/g, ' '), () => check(c));
    });
  }
});

describe('functions and constants', () => {
  const f = (source: string, value: (x: number) => number, derivative: (x: number) => number, at = 0.4): Case => ({
    source,
    variables: ['x'],
    at: [at],
    value: ([x]) => value(x),
    gradient: ([x]) => [derivative(x)],
  });
  const cases: Case[] = [
    f('exp(x)', Math.exp, Math.exp),
    f('log(x)', Math.log, (x) => 1 / x),
    f('ln(x)', Math.log, (x) => 1 / x),
    f('log10(x)', Math.log10, (x) => 1 / (x * Math.LN10)),
    f('log2(x)', Math.log2, (x) => 1 / (x * Math.LN2)),
    f('sqrt(x)', Math.sqrt, (x) => 0.5 / Math.sqrt(x)),
    f('abs(x)', Math.abs, Math.sign, -0.7),
    f('sin(x)', Math.sin, Math.cos),
    f('cos(x)', Math.cos, (x) => -Math.sin(x)),
    f('tan(x)', Math.tan, (x) => 1 / sq(Math.cos(x))),
    f('asin(x)', Math.asin, (x) => 1 / Math.sqrt(1 - x * x)),
    f('acos(x)', Math.acos, (x) => -1 / Math.sqrt(1 - x * x)),
    f('atan(x)', Math.atan, (x) => 1 / (1 + x * x)),
    f('sinh(x)', Math.sinh, Math.cosh),
    f('cosh(x)', Math.cosh, Math.sinh),
    f('tanh(x)', Math.tanh, (x) => 1 - sq(Math.tanh(x))),
    f('pow(x, 3)', (x) => x ** 3, (x) => 3 * x * x),
    f('pow(2, x)', (x) => 2 ** x, (x) => 2 ** x * Math.LN2),
    f('x^x', (x) => x ** x, (x) => x ** x * (Math.log(x) + 1)),
    f('min(x, 0.2) + max(x, 1)', (x) => Math.min(x, 0.2) + Math.max(x, 1), () => 0),
    f('min(x, 2) + max(x, -1)', (x) => Math.min(x, 2) + Math.max(x, -1), () => 2),
    f('sigmoid(x)', sigmoid, (x) => sigmoid(x) * (1 - sigmoid(x))),
    f('softplus(x)', (x) => Math.log1p(Math.exp(x)), sigmoid),
    f('sin^2(x) + cos²(x) + x', (x) => sq(Math.sin(x)) + sq(Math.cos(x)) + x, () => 1),
    f('pi*x + e', (x) => Math.PI * x + Math.E, () => Math.PI),
    f('Math.PI * x + Math.E', (x) => Math.PI * x + Math.E, () => Math.PI),
  ];
  for (const c of cases) it(c.source, () => check(c));

  it('softplus does not overflow where exp would', () => {
    const result = readFormula('softplus(x)');
    assert.ok(result.ok);
    assert.equal(result.formula.value([1000]), 1000);
    assert.deepEqual(result.formula.gradient([1000]), [1]);
  });
});

describe('variable order', () => {
  it('follows a signature when there is one', () => {
    const result = readFormula('def f(y, x): return x + 2*y');
    assert.ok(result.ok);
    assert.deepEqual(result.formula.variables, ['y', 'x']);
  });
  it('follows first appearance otherwise, through local definitions', () => {
    const result = readFormula('err = w*x - y\nloss = err**2 + b');
    assert.ok(result.ok);
    assert.deepEqual(result.formula.variables, ['w', 'x', 'y', 'b']);
  });
  it('keeps signature parameters the body does not use (their gradient is zero)', () => {
    const result = readFormula('def f(x, y): return x**2');
    assert.ok(result.ok);
    assert.deepEqual(result.formula.variables, ['x', 'y']);
    assert.deepEqual(result.formula.gradient([3, 4]), [6, 0]);
  });
  it('lets a parameter named like a constant shadow it', () => {
    const result = readFormula('def f(e): return e**2');
    assert.ok(result.ok);
    assert.deepEqual(result.formula.variables, ['e']);
    assert.equal(result.formula.value([3]), 9);
  });
});

describe('Hessian', () => {
  it('is exact for Rosenbrock', () => {
    const result = readFormula('(1 - x)^2 + 100*(y - x^2)^2');
    assert.ok(result.ok);
    const [x, y] = [1.5, -2];
    assert.deepEqual(result.formula.hessian([x, y]), [
      [2 - 400 * (y - x * x) + 800 * x * x, -400 * x],
      [-400 * x, 200],
    ]);
  });
});
