/**
 * Losses to try an optimizer on when the training code's own loss is not a formula: the classic test functions of
 * samples/, and a quadratic whose curvature and conditioning one chooses (the critical η of gradient descent on it
 * is 2/L, and κ sets how much slower the flat direction is).
 */

export interface SampleLoss {
  readonly name: string;
  readonly formula: string;
  /** Where a run starts, by variable. */
  readonly start: ReadonlyMap<string, number>;
  /** What it shows about the learning rate. */
  readonly about: string;
}

const sample = (name: string, formula: string, start: [string, number][], about: string): SampleLoss => ({ name, formula, start: new Map(start), about });

export const SAMPLE_LOSSES: readonly SampleLoss[] = [
  sample('Quadratic bowl', 'x^2', [['x', 10]], 'one valley of curvature 2: gradient descent diverges above η = 1'),
  sample('Elongated bowl', '(w - 3)^2 + 0.1*b^2', [['w', 1.5], ['b', -2]], 'curvatures 10× apart: one η is too small along b and large along w'),
  sample('Rosenbrock', '(1 - x)^2 + 100*(y - x^2)^2', [['x', -1.5], ['y', 2]], 'a curved, narrow valley: easy to find, slow to follow'),
  sample('Himmelblau', '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', [['x', 0], ['y', 0]], 'four minima; the run decides which it reaches'),
  sample('Beale', '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2', [['x', 1], ['y', 1]], 'flat plateaus and steep walls'),
  sample('Log-cosh regression', 'log(cosh(w - 3)) + 0.1*b^2', [['w', -4], ['b', 2]], 'quadratic near the fit, linear far from it'),
];

/**
 * ½(L·x² + (L/κ)·y²): largest curvature L, condition number κ (the ratio of the curvatures), started at (1, 1).
 * Null unless L > 0 and κ ≥ 1 are finite.
 */
export function quadraticLoss(curvature: number, condition: number): { formula: string; start: ReadonlyMap<string, number> } | null {
  if (!(Number.isFinite(curvature) && curvature > 0 && Number.isFinite(condition) && condition >= 1)) return null;
  const flat = Number((curvature / condition).toPrecision(12));
  return { formula: `0.5*(${curvature}*x^2 + ${flat}*y^2)`, start: new Map([['x', 1], ['y', 1]]) };
}
