/**
 * Property-based checks on random formulas (fast-check): exact derivatives agree with finite differences,
 * the generated code agrees bit for bit with the reference evaluator, what is printed reads back as the
 * same function, and arbitrary text never crashes the reader.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readFormula, type Formula } from '../../../src/core/formula';
import { valueAndGradientBody } from '../../../src/core/formula/compile';
import { evaluate } from '../../../src/core/formula/evaluate';

const VARIABLES = ['x', 'y', 'z'] as const;

/**
 * Random smooth formulas over x, y, z. Operations that could leave their domain or overflow are wrapped so
 * every formula is smooth and moderate on [-2, 2]³: division by 1 + b², log of 1 + a², exp of sin.
 */
const smoothFormula: fc.Arbitrary<string> = fc.letrec<{ node: string; leaf: string; unary: string; binary: string }>((tie) => ({
  node: fc.oneof({ maxDepth: 4, depthIdentifier: 'formula' }, tie('leaf'), tie('unary'), tie('binary')),
  leaf: fc.oneof(
    fc.constantFrom(...VARIABLES),
    fc.integer({ min: 1, max: 9 }).map(String),
    fc.integer({ min: 1, max: 300 }).map((n) => (n / 100).toFixed(2)),
  ),
  unary: fc.tuple(
    fc.constantFrom(
      (a: string) => `sin(${a})`,
      (a: string) => `cos(${a})`,
      (a: string) => `tanh(${a})`,
      (a: string) => `atan(${a})`,
      (a: string) => `sigmoid(${a})`,
      (a: string) => `softplus(${a})`,
      (a: string) => `exp(sin(${a}))`,
      (a: string) => `log(1 + (${a})^2)`,
      (a: string) => `sqrt(1 + (${a})^2)`,
      (a: string) => `-(${a})`,
      (a: string) => `(${a})^2`,
      (a: string) => `(${a})**3`,
    ),
    tie('node'),
  ).map(([wrap, a]) => wrap(a)),
  binary: fc.tuple(
    fc.constantFrom(
      (a: string, b: string) => `(${a}) + (${b})`,
      (a: string, b: string) => `(${a}) - (${b})`,
      (a: string, b: string) => `(${a}) * (${b})`,
      (a: string, b: string) => `(${a}) / (1 + (${b})^2)`,
      (a: string, b: string) => `pow(1.5 + sin(${a}), ${b.length < 8 ? `tanh(${b})` : '2'})`,
    ),
    tie('node'),
    tie('node'),
  ).map(([combine, a, b]) => combine(a, b)),
})).node;

/** Formulas that mention all three variables, so every gradient entry is exercised. */
const formula = smoothFormula.map((text) => `${text} + 0.5*(x - y + z)`);
const point = fc.tuple(...VARIABLES.map(() => fc.double({ min: -2, max: 2, noNaN: true })));

function read(text: string): Formula {
  const result = readFormula(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.describe()}`);
  return result.formula;
}

/** f'(t) by the five-point stencil: O(h⁴) truncation error. */
function fivePoint(f: (t: number) => number, t: number, step: number): number {
  const h = step * Math.max(1, Math.abs(t));
  return (f(t - 2 * h) - 8 * f(t - h) + 8 * f(t + h) - f(t + 2 * h)) / (12 * h);
}

/**
 * Whether finite differences confirm an exact derivative. Two step sizes, because fast oscillation
 * (sin((x + 6)³), 0.01/(1 + (216x)²)) defeats a coarse step and large values defeat a fine one; a wrong derivative fails both.
 */
function confirmed(exact: number, f: (t: number) => number, t: number, scale: number): boolean {
  return [1e-3, 1e-4, 1e-5].some((step) => close(exact, fivePoint(f, t, step), scale));
}

function withCoordinate(p: readonly number[], i: number, value: number): number[] {
  const q = [...p];
  q[i] = value;
  return q;
}

const close = (exact: number, approximate: number, scale: number): boolean =>
  Math.abs(exact - approximate) <= 1e-6 * (1 + Math.abs(exact) + scale);

describe('random formulas (property-based)', () => {
  it('the exact gradient matches central finite differences', () => {
    fc.assert(
      fc.property(formula, point, (text, p) => {
        const f = read(text);
        const value = f.value(p);
        fc.pre(Number.isFinite(value) && Math.abs(value) < 1e6);
        const gradient = f.gradient(p);
        gradient.forEach((exact, i) => {
          const along = (t: number): number => f.value(withCoordinate(p, i, t));
          assert.ok(confirmed(exact, along, p[i], Math.abs(value)), `${text} at ${p}: ∂/∂${f.variables[i]} = ${exact}, finite differences ${fivePoint(along, p[i], 1e-3)}`);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('the exact Hessian matches finite differences of the exact gradient, and is symmetric', () => {
    fc.assert(
      fc.property(formula, point, (text, p) => {
        const f = read(text);
        const value = f.value(p);
        fc.pre(Number.isFinite(value) && Math.abs(value) < 1e6);
        const hessian = f.hessian(p);
        for (let i = 0; i < p.length; i += 1) {
          for (let j = 0; j < p.length; j += 1) {
            assert.equal(hessian[i][j], hessian[j][i], 'symmetric');
            const along = (t: number): number => f.gradient(withCoordinate(p, j, t))[i];
            const scale = Math.abs(value) + Math.abs(f.gradient(p)[i]);
            assert.ok(confirmed(hessian[i][j], along, p[j], scale), `${text} at ${p}: H[${i}][${j}] = ${hessian[i][j]}, finite differences ${fivePoint(along, p[j], 1e-3)}`);
          }
        }
      }),
      { numRuns: 250 },
    );
  });

  it('generated code computes exactly what the reference evaluator computes', () => {
    fc.assert(
      fc.property(formula, point, (text, p) => {
        const f = read(text);
        const { loss, gradient } = f.expressions;
        const g = new Float64Array(p.length);
        const compiled = [f.valueAndGradient(p, g), ...g];
        const interpreted = evaluate([loss, ...gradient], p);
        compiled.forEach((c, i) => assert.ok(Object.is(c, interpreted[i]), `${text}: compiled ${c} vs evaluated ${interpreted[i]}`));
      }),
      { numRuns: 500 },
    );
  });

  it('generated code names nothing but the parameters, temporaries, Math and two helpers', () => {
    fc.assert(
      fc.property(formula, (text) => {
        const { loss, gradient } = read(text).expressions;
        const body = valueAndGradientBody(loss, gradient);
        const words = body.match(/[A-Za-z_$][\w$]*/g) ?? [];
        const allowed = /^(const|return|t\d+|p|g|Math|exp|expm1|log|log10|log2|log1p|sqrt|cbrt|abs|sign|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|pow|max|min|softplus|power|e|NaN|Infinity)$/;
        for (const word of words) assert.match(word, allowed, `unexpected identifier in generated code: ${word}`);
      }),
      { numRuns: 400 },
    );
  });

  it('the printed formula reads back as the same function', () => {
    fc.assert(
      fc.property(formula, point, (text, p) => {
        const original = read(text);
        const reread = read(original.display);
        const a = original.value(p);
        const ordered = reread.variables.map((name) => p[original.variables.indexOf(name)]);
        const b = reread.value(ordered);
        assert.ok(Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)), `${text} printed as ${original.display}: ${a} vs ${b}`);
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary text is read or refused with a place, never thrown', () => {
    const alphabet = fc.constantFrom(
      ...'xyzwθ0123456789.+-*/^()[]{}|,;:=<>!?@#%&$\\_\'" \n\tabcdefghijklmnopqrstuvwxyz'.split(''),
      'sin', 'exp', 'lambda', 'def', 'return', 'function', '**', '\\frac', '\\left(', '\\right)', '=>', 'np.', 'Math.',
      // Vectors read by element: unpacking, destructuring, element names, defaults.
      'const', '...', 'p[0]', 'p(1)', 'p.x', ' = p',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        const result = readFormula(text);
        if (result.ok) {
          assert.ok(result.formula.variables.length > 0);
        } else {
          assert.ok(result.error.message.length > 0);
          assert.ok(result.error.line >= 1 && result.error.column >= 1);
          assert.ok(result.error.offset >= 0 && result.error.offset <= text.length, `offset ${result.error.offset} of ${text.length}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
