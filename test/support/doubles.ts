/**
 * Doubles a few units in the last place from a given one, by stepping its bit pattern: for tests that probe a
 * comparison at and around a boundary. Written here, apart from the code under test (math/norm.ts steps doubles too),
 * so a mistake there is not repeated in what checks it.
 */

/** The double `ulps` steps from `x` (≥ 0, finite) upwards or downwards, never below +0. */
export function stepDouble(x: number, ulps: number): number {
  if (x === 0) return Math.max(0, ulps) * Number.MIN_VALUE;
  const bits = new Float64Array([x]);
  const word = new BigInt64Array(bits.buffer);
  word[0] += BigInt(ulps);
  return Math.max(0, bits[0]!);
}
