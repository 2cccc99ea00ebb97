/**
 * The one number format of every surface (the CLI, the editor, the panel): compact, a few significant digits,
 * a true minus sign (U+2212) for negative values, exponents when tiny or huge, written as people type them into
 * the η field or `--lr` (9.56e-4, not 9.56e−4), and counts with thousands separators.
 */

/** Plain decimals from 1e-3 up to this; beyond either end, exponent notation. */
const PLAIN_UPPER = 1e5;
const PLAIN_LOWER = 1e-3;
const MINUS = '\u2212';

/**
 * `x` in `digits` significant digits (3 by default), without trailing zeros: 0.2, 0.09, 1.1, 9.56e-4, 2.09e5,
 * 1e-5, −0.25. Exponent notation below 0.001 and from 100,000 up, where decimals get long.
 */
export function formatNumber(x: number, digits = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (x === Number.NEGATIVE_INFINITY) return `${MINUS}∞`;
  if (x === 0) return '0';
  const sign = x < 0 ? MINUS : '';
  const magnitude = Math.abs(x);
  const [mantissa, exponent] = magnitude.toExponential(digits - 1).split('e') as [string, string];
  const power = Number(exponent);
  // Decide by the rounded value: 99999.9 rounds to 1.00e5 and 0.00099999 to 0.001.
  const rounded = Number(`${mantissa}e${power}`);
  if (rounded >= PLAIN_UPPER || rounded < PLAIN_LOWER) return `${sign}${stripZeros(mantissa)}e${power}`;
  return sign + stripZeros(rounded.toFixed(Math.max(0, digits - 1 - power)));
}

/** A count (of steps, of runs), with thousands separators: 12,169. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A parameter vector with names: "w = 3, b = 1e-6". */
export function formatPoint(variables: readonly string[], values: readonly number[], digits = 4): string {
  return values.map((value, index) => `${variables[index] ?? `θ${index + 1}`} = ${formatNumber(value, digits)}`).join(', ');
}

function stripZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}

/** Epochs a run covered: whole ones as a count (1,000), a fraction to three digits (68.8). */
export function formatEpochs(epochs: number): string {
  return Number.isInteger(epochs) ? formatCount(epochs) : formatNumber(epochs, 3);
}
