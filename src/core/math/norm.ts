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
