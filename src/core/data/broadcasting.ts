/**
 * NumPy's broadcasting rule, written once: the shapes are aligned at the right (a missing axis counts as a 1), and
 * each pair of axes must be equal or have a 1, which stretches to the other. MATLAB's implicit expansion and
 * Julia's dot broadcasting are the same rule.
 *
 * It serves two kinds of shape: the lengths of concrete arrays (arrayMath.ts, the data preparation above a loss) and
 * the axes of the tensors a loss over data is lowered to (formula/data/tensor.ts), one of which may be the data's
 * rows. An axis is anything compared by identity, and the number 1 is the axis that stretches: a rows axis then
 * matches only itself or a 1, with no special case here.
 */

/**
 * The shape `a` and `b` broadcast to. A pair of axes that do not fit goes to `incompatible`, which throws the
 * caller's own error (each caller names shapes in its own words, and the caller's caller gives it its place).
 */
export function broadcastShapes<Axis extends number | string>(
  a: readonly Axis[],
  b: readonly Axis[],
  incompatible: (x: Axis | 1, y: Axis | 1) => never,
): (Axis | 1)[] {
  const length = Math.max(a.length, b.length);
  const shape: (Axis | 1)[] = [];
  for (let k = 0; k < length; k += 1) {
    const x = a[a.length - length + k] ?? 1;
    const y = b[b.length - length + k] ?? 1;
    if (x === y || y === 1) shape.push(x);
    else if (x === 1) shape.push(y);
    else incompatible(x, y);
  }
  return shape;
}
