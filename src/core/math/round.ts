/** Rounding for values people read and type. */

/**
 * `x` rounded to `digits` significant digits, as the nearest float64 to that decimal: η × 10 of 0.011 is
 * 0.11000000000000001 in binary arithmetic, and 0.11 here.
 */
export function roundSignificant(x: number, digits: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(digits)) : x;
}

/** `x` (> 0) cut down to `digits` significant digits, never rounded up: 8.6047e-4 → 8.6e-4 for 2 digits. */
export function roundDownSignificant(x: number, digits: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x;
  // Truncate the decimal digits (15 of them are exact enough to decide), rather than scaling in binary.
  const [mantissa, exponent] = x.toExponential(15).split('e') as [string, string];
  const kept = mantissa.slice(0, digits === 1 ? 1 : digits + 1);
  return Number(`${kept}e${exponent}`);
}

/**
 * A learning rate as it is written into code: as it is when a person typed it (six significant digits or fewer),
 * else, for one a sweep computed on its log grid (0.017575106248547922), three significant digits (0.0176): the
 * precision the sweep resolves, and what the button that writes it says.
 */
export function roundForCode(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = x.toExponential().split('e')[0]!.replace(/[-.]/g, '').length;
  return digits <= 6 ? x : roundSignificant(x, 3);
}
