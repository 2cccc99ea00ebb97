/** Small objectives for the diagnosis tests: stationary points of each kind and a loss with no minimum. */
import type { Objective } from '../../../src/core/objective';

/** a·x² + b·y² (+ c·x⁴): minima, maxima, saddles and flat directions by the signs of a, b, c. */
export function quadratic2d(a: number, b: number, c = 0): Objective {
  return {
    variables: ['x', 'y'],
    value: (p) => a * p[0]! * p[0]! + b * p[1]! * p[1]! + c * p[0]! ** 4,
    valueAndGradient(p, g) {
      g[0] = 2 * a * p[0]! + 4 * c * p[0]! ** 3;
      g[1] = 2 * b * p[1]!;
      return a * p[0]! * p[0]! + b * p[1]! * p[1]! + c * p[0]! ** 4;
    },
    hessian: (p) => [
      [2 * a + 12 * c * p[0]! ** 2, 0],
      [0, 2 * b],
    ],
  };
}

/** −x²: falls without bound on both sides. */
export const negativeSquare: Objective = {
  variables: ['x'],
  value: (p) => -p[0]! * p[0]!,
  valueAndGradient(p, g) {
    g[0] = -2 * p[0]!;
    return -p[0]! * p[0]!;
  },
  hessian: () => [[-2]],
};
