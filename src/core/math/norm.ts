/**
 * The Euclidean norm ‖v‖ of v[offset … offset + length). The plain sum of squares is exact enough and
 * fast; only when it overflows or underflows (entries beyond 1e154 or below 1e-154) does it rescale,
 * so a huge but finite gradient has a finite norm whenever the norm itself is representable.
 * NaN in, NaN out.
 */
export function euclideanNorm(v: ArrayLike<number>, offset = 0, length = v.length - offset): number {
  let sumOfSquares = 0;
  for (let i = offset; i < offset + length; i++) sumOfSquares += v[i]! * v[i]!;
  if (sumOfSquares < Number.POSITIVE_INFINITY && sumOfSquares > 1e-290) return Math.sqrt(sumOfSquares);
  if (Number.isNaN(sumOfSquares)) return Number.NaN;

  let largest = 0;
  for (let i = offset; i < offset + length; i++) largest = Math.max(largest, Math.abs(v[i]!));
  if (largest === 0 || largest === Number.POSITIVE_INFINITY) return largest;
  let scaled = 0;
  for (let i = offset; i < offset + length; i++) {
    const ratio = v[i]! / largest;
    scaled += ratio * ratio;
  }
  return largest * Math.sqrt(scaled);
}

/**
 * The largest double s ≥ 0 whose square root is at most `bound` (≥ 0), for comparing a norm by its square exactly:
 * Math.sqrt(s) ≤ bound exactly when s ≤ squaresBound(bound), since the root is correctly rounded and so never
 * decreasing. −1 for a negative or NaN bound (no square is within it), ∞ for an infinite one.
 */
export function squaresBound(bound: number): number {
  if (!(bound >= 0)) return -1;
  if (bound === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  let s = bound * bound;
  while (Math.sqrt(s) > bound) s = adjacentDouble(s, -1);
  for (let next = adjacentDouble(s, 1); Math.sqrt(next) <= bound; next = adjacentDouble(s, 1)) s = next;
  return s;
}

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);

/** The double next to `x` (finite or +∞, ≥ 0) upwards (`direction` 1) or downwards (−1; +0 stays). */
function adjacentDouble(x: number, direction: 1 | -1): number {
  if (x === 0) return direction === 1 ? Number.MIN_VALUE : 0;
  bits[0] = x;
  word[0] += BigInt(direction);
  return bits[0]!;
}
