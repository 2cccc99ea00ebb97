/**
 * Numbers as the panel shows them: the one number format of every surface (src/words/format.ts), so the verdict,
 * the facts and the chart ticks print a number as the CLI does: 0.2, 3.14, 9.56e-4, −1.5e8, 12,000 steps.
 */
import { formatCount, formatEpochs, formatNumber, formatPoint } from '../src/words/format';

export { formatEpochs, formatNumber };

/**
 * A loss as the panel states it wherever it shows one (the details' final loss, the player's readout, the loss
 * chart's tooltip): four significant digits, so the same value reads the same in each place.
 */
export function formatLoss(loss: number): string {
  return formatNumber(loss, 4);
}

/** A step count or other integer with thousands separators: 12,000. */
export const formatInteger = formatCount;

/** A parameter vector with names: "w = 3, b = 1e-6". */
export const formatParams = formatPoint;

/** Greek letters spelled as LaTeX names (`\theta` reads as the variable `theta`), shown as the letters. */
const GREEK: ReadonlyMap<string, string> = new Map(Object.entries({
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ',
  varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'ϕ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ',
  Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  ell: 'ℓ',
}));

/** `theta` → θ, `theta_0` → θ_0; other names as they are (`constructor` too: the table is a Map). */
export function displayName(name: string): string {
  const match = /^([A-Za-z]+)(_.*)?$/.exec(name);
  const letter = match ? GREEK.get(match[1]) : undefined;
  return letter ? `${letter}${match?.[2] ?? ''}` : name;
}

/** The formula with its variables shown by displayName: `(theta - 2)^2` → `(θ - 2)^2`. */
export function displayFormula<T extends { display: string; variables: string[] }>(formula: T): T {
  const renamed = formula.variables.filter((name) => displayName(name) !== name);
  if (renamed.length === 0) return formula;
  const pattern = new RegExp(`(?<![\\w.])(${renamed.map((name) => name.replace(/[^\w]/g, '\\$&')).join('|')})(?![\\w(])`, 'g');
  return { ...formula, display: formula.display.replace(pattern, (name) => displayName(name)), variables: formula.variables.map(displayName) };
}
