/**
 * Objectives for the functions the PyTorch reference files name. The reference trajectories run through the
 * formula engine, compiling each case's `expression` exactly as the extension and the CLI would; the
 * hand-written objectives below (value, exact gradient, exact Hessian) serve the optimizer's own unit tests,
 * independently of the engine.
 */
import { compileFormula } from '../../src/core/formula';
import type { Objective } from '../../src/core/objective';

/** The objective a reference case means: its `expression`, compiled, with the variables the case names. */
export function referenceObjective(testCase: { function: string; expression: string; variables: string[] }): Objective {
  const formula = compileFormula(testCase.expression);
  if (formula.variables.join(',') !== testCase.variables.join(',')) {
    throw new Error(`"${testCase.expression}" reads as variables ${formula.variables.join(', ')}, the case names ${testCase.variables.join(', ')}`);
  }
  return formula;
}

/** Builds an Objective from plain functions; the gradient writer returns nothing, the value comes from `value`. */
function objective(
  variables: string[],
  value: (p: ArrayLike<number>) => number,
  gradient: (p: ArrayLike<number>, out: Float64Array) => void,
  hessian: (p: ArrayLike<number>) => number[][],
): Objective {
  return {
    variables,
    value,
    valueAndGradient(params, out) {
      gradient(params, out);
      return value(params);
    },
    hessian,
  };
}

export const REFERENCE_OBJECTIVES: Readonly<Record<string, Objective>> = {
  // x^2
  quadratic1d: objective(
    ['x'],
    (p) => p[0]! * p[0]!,
    (p, g) => {
      g[0] = 2 * p[0]!;
    },
    () => [[2]],
  ),

  // x^2 + 2*y^2
  bowl2d: objective(
    ['x', 'y'],
    (p) => p[0]! * p[0]! + 2 * (p[1]! * p[1]!),
    (p, g) => {
      g[0] = 2 * p[0]!;
      g[1] = 4 * p[1]!;
    },
    () => [
      [2, 0],
      [0, 4],
    ],
  ),

  // (1 - x)^2 + 100*(y - x^2)^2
  rosenbrock: objective(
    ['x', 'y'],
    (p) => {
      const a = 1 - p[0]!;
      const b = p[1]! - p[0]! * p[0]!;
      return a * a + 100 * (b * b);
    },
    (p, g) => {
      const x = p[0]!;
      const b = p[1]! - x * x;
      g[0] = -2 * (1 - x) - 400 * x * b;
      g[1] = 200 * b;
    },
    (p) => {
      const x = p[0]!;
      const y = p[1]!;
      return [
        [2 - 400 * y + 1200 * x * x, -400 * x],
        [-400 * x, 200],
      ];
    },
  ),

  // (1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2
  beale: objective(
    ['x', 'y'],
    (p) => {
      const { a, b, c } = bealeTerms(p[0]!, p[1]!);
      return a * a + b * b + c * c;
    },
    (p, g) => {
      const x = p[0]!;
      const y = p[1]!;
      const { a, b, c } = bealeTerms(x, y);
      g[0] = 2 * (a * (y - 1) + b * (y * y - 1) + c * (y * y * y - 1));
      g[1] = 2 * (a * x + b * 2 * x * y + c * 3 * x * y * y);
    },
    (p) => {
      const x = p[0]!;
      const y = p[1]!;
      const { a, b, c } = bealeTerms(x, y);
      const [ax, bx, cx] = [y - 1, y * y - 1, y * y * y - 1];
      const [ay, by, cy] = [x, 2 * x * y, 3 * x * y * y];
      const xx = 2 * (ax * ax + bx * bx + cx * cx);
      const xy = 2 * (ax * ay + a + bx * by + b * 2 * y + cx * cy + c * 3 * y * y);
      const yy = 2 * (ay * ay + by * by + b * 2 * x + cy * cy + c * 6 * x * y);
      return [
        [xx, xy],
        [xy, yy],
      ];
    },
  ),

  // (x^2 + y - 11)^2 + (x + y^2 - 7)^2
  himmelblau: objective(
    ['x', 'y'],
    (p) => {
      const u = p[0]! * p[0]! + p[1]! - 11;
      const v = p[0]! + p[1]! * p[1]! - 7;
      return u * u + v * v;
    },
    (p, g) => {
      const x = p[0]!;
      const y = p[1]!;
      const u = x * x + y - 11;
      const v = x + y * y - 7;
      g[0] = 4 * x * u + 2 * v;
      g[1] = 2 * u + 4 * y * v;
    },
    (p) => {
      const x = p[0]!;
      const y = p[1]!;
      return [
        [12 * x * x + 4 * y - 42, 4 * x + 4 * y],
        [4 * x + 4 * y, 4 * x + 12 * y * y - 26],
      ];
    },
  ),

  // log(cosh(w - 3)) + 0.1*b^2
  logcosh: objective(
    ['w', 'b'],
    (p) => Math.log(Math.cosh(p[0]! - 3)) + 0.1 * (p[1]! * p[1]!),
    (p, g) => {
      g[0] = Math.tanh(p[0]! - 3);
      g[1] = 0.2 * p[1]!;
    },
    (p) => {
      const t = Math.tanh(p[0]! - 3);
      return [
        [1 - t * t, 0],
        [0, 0.2],
      ];
    },
  ),

  // exp(0.1*x) + sin(x) + 0.05*x^2
  expsin: objective(
    ['x'],
    (p) => Math.exp(0.1 * p[0]!) + Math.sin(p[0]!) + 0.05 * (p[0]! * p[0]!),
    (p, g) => {
      g[0] = 0.1 * Math.exp(0.1 * p[0]!) + Math.cos(p[0]!) + 0.1 * p[0]!;
    },
    (p) => [[0.01 * Math.exp(0.1 * p[0]!) - Math.sin(p[0]!) + 0.1]],
  ),
};

function bealeTerms(x: number, y: number): { a: number; b: number; c: number } {
  return { a: 1.5 - x + x * y, b: 2.25 - x + x * y * y, c: 2.625 - x + x * y * y * y };
}
