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

/** η as the user can edit it again in a text field: plain ASCII, full precision, no separators. */
export function formatEditableNumber(value: number): string {
  return String(value);
}
