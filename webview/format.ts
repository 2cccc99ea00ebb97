/**
 * Numbers as the panel shows them: short, with a true minus sign (U+2212) and exponents for the very
 * large and very small, so 4.9e−12 and 0.2 both read at a glance.
 */

const MINUS = '\u2212';

/** A value in at most `significant` significant digits: 0.2, 3.14, 12300, 4.9e−12, −1.5e+8. */
export function formatNumber(value: number, significant = 3): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : `${MINUS}∞`;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  let text: string;
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    text = String(Number(value.toPrecision(significant)));
  } else {
    const [mantissa, exponent] = value.toExponential(significant - 1).split('e');
    const trimmedMantissa = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    text = `${trimmedMantissa}e${exponent.replace('+', '')}`;
  }
  return text.replace(/-/g, MINUS);
}

/** A step count or other integer with thousands separators: 12,000. */
export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A parameter vector with names: "w = 3, b = 1e−6". */
export function formatParams(variables: readonly string[], params: readonly number[]): string {
  return params.map((value, index) => `${variables[index] ?? `θ${index + 1}`} = ${formatNumber(value, 4)}`).join(', ');
}

/** Greek letters spelled as LaTeX names (`\theta` reads as the variable `theta`), shown as the letters. */
const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ',
  varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'ϕ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ',
  Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  ell: 'ℓ',
};

/** `theta` → θ, `theta_0` → θ_0; other names as they are. */
export function displayName(name: string): string {
  const match = /^([A-Za-z]+)(_.*)?$/.exec(name);
  const letter = match ? GREEK[match[1]] : undefined;
  return letter ? `${letter}${match?.[2] ?? ''}` : name;
}

/** The formula with its variables shown by displayName: `(theta - 2)^2` → `(θ - 2)^2`. */
export function displayFormula<T extends { display: string; variables: string[] }>(formula: T): T {
  const renamed = formula.variables.filter((name) => displayName(name) !== name);
  if (renamed.length === 0) return formula;
  const pattern = new RegExp(`(?<![\\w.])(${renamed.map((name) => name.replace(/[^\w]/g, '\\$&')).join('|')})(?![\\w(])`, 'g');
  return { ...formula, display: formula.display.replace(pattern, (name) => displayName(name)), variables: formula.variables.map(displayName) };
}

/** η as the user can edit it again in a text field: plain ASCII, full precision, no separators. */
export function formatEditableNumber(value: number): string {
  return String(value);
}
