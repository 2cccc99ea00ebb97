/**
 * The numeric meaning of every function a formula may use. Constant folding, the reference evaluator and
 * the generated code all take their numbers from here, so the three never disagree.
 */

export const UNARY_FUNCTIONS = [
  'exp',
  'expm1',
  'log',
  'log10',
  'log2',
  'log1p',
  'sqrt',
  'cbrt',
  'abs',
  'sign',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'sigmoid',
  'softplus',
] as const;
export type UnaryFunction = (typeof UNARY_FUNCTIONS)[number];

export const BINARY_OPERATORS = ['add', 'sub', 'mul', 'div', 'pow', 'max', 'min', 'atan2', 'ge'] as const;
/** `ge` is internal (a ≥ b ? 1 : 0): it selects the branch of max/min in their derivatives. */
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** log(1 + eˣ) without overflow for large x (PyTorch computes it the same stable way). */
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

export const unaryImplementations: Readonly<Record<UnaryFunction, (x: number) => number>> = {
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log10: Math.log10,
  log2: Math.log2,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  abs: Math.abs,
  sign: Math.sign,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  sigmoid,
  softplus,
};

/**
 * xᵖ with PyTorch's special cases for common exponents (x*x for 2, x*x*x for 3, sqrt for ½, reciprocal
 * for −1, …), so a trajectory computed here matches one computed by torch to the last bits.
 */
export function power(base: number, exponent: number): number {
  switch (exponent) {
    case 2:
      return base * base;
    case 3:
      return base * base * base;
    case 0.5:
      return Math.sqrt(base);
    case -1:
      return 1 / base;
    case -2:
      return 1 / (base * base);
    case -0.5:
      return 1 / Math.sqrt(base);
    default:
      return Math.pow(base, exponent);
  }
}

export const binaryImplementations: Readonly<Record<BinaryOperator, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: power,
  max: Math.max,
  min: Math.min,
  atan2: Math.atan2,
  ge: (a, b) => (a >= b ? 1 : 0),
};

/** Helpers the generated code calls by name (everything else is an operator or a `Math` builtin). */
export const generatedCodeHelpers = { softplus } as const;
