/**
 * The functions and constants a formula may use, under the names each language gives them:
 * `math.exp`, `np.exp`, `Math.exp`, `Math.Exp` (C#), `expf` (C), `std::exp`, `\exp` (LaTeX) are one exp.
 * Anything not listed here is refused by name, so text can never reach the host through a call.
 */
import type { Expr, ExprBuilder } from './expr';
import type { UnaryFunction } from './runtime';

export interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly build: (b: ExprBuilder, args: readonly Expr[]) => Expr;
}

const unary = (fn: UnaryFunction): FunctionSpec => ({ minArgs: 1, maxArgs: 1, build: (b, [x]) => b.unary(fn, x) });
/** max/min take any number of arguments (Python's max(a, b, c)), folded pairwise. */
const variadic = (op: 'max' | 'min'): FunctionSpec => ({
  minArgs: 2,
  maxArgs: Number.POSITIVE_INFINITY,
  build: (b, args) => args.slice(1).reduce((acc, x) => b.binary(op, acc, x), args[0]),
});

/**
 * The tables below are Maps, never plain objects: they are looked up by names from the selection, and a plain
 * object would answer `constructor` or `__proto__` from its prototype.
 */
const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(Object.entries({
  exp: unary('exp'),
  expm1: unary('expm1'),
  exp2: { minArgs: 1, maxArgs: 1, build: (b, [x]) => b.pow(b.constant(2), x) },
  log: unary('log'),
  log10: unary('log10'),
  log2: unary('log2'),
  log1p: unary('log1p'),
  sqrt: unary('sqrt'),
  cbrt: unary('cbrt'),
  abs: unary('abs'),
  sign: unary('sign'),
  sin: unary('sin'),
  cos: unary('cos'),
  tan: unary('tan'),
  cot: { minArgs: 1, maxArgs: 1, build: (b, [x]) => b.div(b.constant(1), b.unary('tan', x)) },
  sec: { minArgs: 1, maxArgs: 1, build: (b, [x]) => b.div(b.constant(1), b.unary('cos', x)) },
  csc: { minArgs: 1, maxArgs: 1, build: (b, [x]) => b.div(b.constant(1), b.unary('sin', x)) },
  asin: unary('asin'),
  acos: unary('acos'),
  atan: unary('atan'),
  atan2: { minArgs: 2, maxArgs: 2, build: (b, [y, x]) => b.binary('atan2', y, x) },
  sinh: unary('sinh'),
  cosh: unary('cosh'),
  tanh: unary('tanh'),
  coth: { minArgs: 1, maxArgs: 1, build: (b, [x]) => b.div(b.constant(1), b.unary('tanh', x)) },
  asinh: unary('asinh'),
  acosh: unary('acosh'),
  atanh: unary('atanh'),
  sigmoid: unary('sigmoid'),
  softplus: unary('softplus'),
  relu: { minArgs: 1, maxArgs: 1, build: (b, [x]) => b.binary('max', b.constant(0), x) },
  square: { minArgs: 1, maxArgs: 1, build: (b, [x]) => b.pow(x, b.constant(2)) },
  hypot: {
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    build: (b, args) => b.unary('sqrt', args.map((x) => b.pow(x, b.constant(2))).reduce((sum, x) => b.add(sum, x))),
  },
  pow: { minArgs: 2, maxArgs: 2, build: (b, [x, p]) => b.pow(x, p) },
  max: variadic('max'),
  min: variadic('min'),
  clip: {
    minArgs: 3,
    maxArgs: 3,
    build: (b, [x, low, high]) => b.binary('min', b.binary('max', x, low), high),
  },
} satisfies Record<string, FunctionSpec>));

const ALIASES: ReadonlyMap<string, string> = new Map(Object.entries({
  ln: 'log',
  fabs: 'abs',
  abs2: 'square',
  arcsin: 'asin',
  arccos: 'acos',
  arctan: 'atan',
  arctan2: 'atan2',
  arcsinh: 'asinh',
  arccosh: 'acosh',
  arctanh: 'atanh',
  power: 'pow',
  float_power: 'pow',
  expit: 'sigmoid',
  logistic: 'sigmoid',
  plogis: 'sigmoid',
  sgn: 'sign',
  clamp: 'clip',
  maximum: 'max',
  minimum: 'min',
  fmax: 'max',
  fmin: 'min',
  amax: 'max',
  amin: 'min',
}));

/** Library prefixes stripped from function and constant names. */
const NAMESPACES = new Set([
  'math', 'cmath', 'np', 'numpy', 'torch', 'jnp', 'jax.numpy', 'jax.nn', 'jax.scipy.special', 'scipy.special',
  'special', 'F', 'torch.nn.functional', 'nn.functional', 'tf', 'tf.math', 'tf.nn', 'Math', 'MathF', 'Mathf',
  'std', 'Base',
]);

export function isNamespace(path: string): boolean {
  return NAMESPACES.has(path.replace(/::/g, '.'));
}

/** C's float and long-double variants: expf, powl, … */
const C_SUFFIXED = /^(exp|expm1|exp2|log|log10|log2|log1p|sqrt|cbrt|fabs|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|pow|hypot|fmax|fmin)[fl]$/;

/** Splits `np.exp` / `std::exp` into namespace and name; plain names have no namespace. */
function splitNamespace(path: string): { namespace: string | null; name: string } {
  const normalized = path.replace(/::/g, '.');
  const dot = normalized.lastIndexOf('.');
  if (dot === -1) return { namespace: null, name: normalized };
  return { namespace: normalized.slice(0, dot), name: normalized.slice(dot + 1) };
}

/** The canonical function a (possibly namespaced) name stands for, or undefined. */
export function resolveFunction(path: string): string | undefined {
  const { namespace, name } = splitNamespace(path);
  if (namespace !== null && !NAMESPACES.has(namespace)) return undefined;
  // C#'s Math.Exp and Mathematica's Exp capitalize; LaTeX's \mathrm{ReLU} too.
  const candidates = name === name.toLowerCase() ? [name] : [name, name.toLowerCase()];
  for (const candidate of candidates) {
    const base = C_SUFFIXED.test(candidate) ? candidate.slice(0, -1) : candidate;
    for (const word of [candidate, base]) {
      if (FUNCTIONS.has(word)) return word;
      const alias = ALIASES.get(word);
      if (alias !== undefined) return alias;
    }
  }
  return undefined;
}

const CONSTANTS: ReadonlyMap<string, number> = new Map(Object.entries({
  pi: Math.PI,
  π: Math.PI,
  PI: Math.PI,
  e: Math.E,
  E: Math.E,
  tau: 2 * Math.PI,
  LN2: Math.LN2,
  LN10: Math.LN10,
  LOG2E: Math.LOG2E,
  LOG10E: Math.LOG10E,
  SQRT2: Math.SQRT2,
  SQRT1_2: Math.SQRT1_2,
}));

/** C's <math.h> constants, which need no namespace. */
const C_CONSTANTS: ReadonlyMap<string, number> = new Map(Object.entries({
  M_PI: Math.PI,
  M_PI_2: Math.PI / 2,
  M_PI_4: Math.PI / 4,
  M_1_PI: 1 / Math.PI,
  M_2_PI: 2 / Math.PI,
  M_E: Math.E,
  M_LN2: Math.LN2,
  M_LN10: Math.LN10,
  M_LOG2E: Math.LOG2E,
  M_LOG10E: Math.LOG10E,
  M_SQRT2: Math.SQRT2,
  M_SQRT1_2: Math.SQRT1_2,
}));

/**
 * The value of a constant name, or undefined. Bare `PI`, `E` and `tau` are only constants behind a
 * library prefix (`Math.PI`, `math.tau`); bare, they are variable names like any other.
 */
export function resolveConstant(path: string): number | undefined {
  const { namespace, name } = splitNamespace(path);
  if (namespace === null) {
    const c = C_CONSTANTS.get(name);
    if (c !== undefined) return c;
    if (name === 'ℯ') return Math.E; // Julia's Euler number
    return name === 'pi' || name === 'π' || name === 'e' ? CONSTANTS.get(name) : undefined;
  }
  if (!NAMESPACES.has(namespace)) return undefined;
  return CONSTANTS.get(name);
}

/** Every name a formula can call, for "did you mean" suggestions. */
export const KNOWN_FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys(), ...ALIASES.keys()];

/** Names whose call would be an attempt to run code: refused where they are written, before anything else. */
const HOST_ACCESS = /^(__\w+__|eval|exec|execfile|compile|open|input|require|import|Function|constructor|prototype|globalThis|global|window|document|process|os|sys|subprocess|child_process|fs|system|getattr|setattr|Deno|Bun|fetch)$/;
/** Calls that print rather than compute. */
const OUTPUT = /^(console|print|printf|println|fprintf|disp|display|cout|puts|echo)$/;
/** Calls that draw random numbers: no loss to descend. */
const RANDOM = /^(random|rand|randn|randint|normal|uniform)$/;
/** Tensor and training methods, not math: `loss.backward()`, `w.item()`, `opt.step()`. */
const TRAINING = /^(backward|item|detach|zero_grad|step|numpy|tolist|cpu|cuda|to|requires_grad_|eval|train)$/;

/**
 * A message refusing a call that is not math — one that reaches for the host (`__import__`, `process.exit`),
 * prints, draws random numbers or drives training — or undefined for any other call.
 */
export function nonMathCallMessage(callee: string): string | undefined {
  const parts = callee.split(/\.|::/);
  const last = parts.at(-1) ?? callee;
  if (parts.some((part) => HOST_ACCESS.test(part))) {
    return `\`${callee}\` isn’t a math function — selected text is never run as code, only read as a formula`;
  }
  if (parts.some((part) => OUTPUT.test(part))) return `\`${callee}\` prints; select the formula itself`;
  if (RANDOM.test(last)) return `\`${callee}\` draws random numbers; a loss here is a formula of its variables`;
  if (parts.length > 1 && TRAINING.test(last)) return `\`${callee}\` is a training method, not math; select the loss formula itself`;
  return undefined;
}

/** The arity and builder of a function `resolveFunction` returned. */
export function functionSpec(canonical: string): FunctionSpec {
  const spec = FUNCTIONS.get(canonical);
  if (spec === undefined) throw new Error(`No function named ${canonical}: resolve the name first`);
  return spec;
}

/** How many arguments a (resolved) function takes. */
export function arityOf(canonical: string): { min: number; max: number } {
  const spec = functionSpec(canonical);
  return { min: spec.minArgs, max: spec.maxArgs };
}

/** Library functions that take arrays: they have no scalar meaning here, and say so. */
export const ARRAY_FUNCTIONS = new Set(['sum', 'mean', 'prod', 'dot', 'matmul', 'norm', 'array', 'tensor', 'linspace', 'zeros', 'ones', 'softmax', 'logsumexp', 'einsum', 'stack', 'cat', 'concatenate']);
