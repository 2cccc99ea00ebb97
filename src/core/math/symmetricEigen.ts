/**
 * Eigenvalues and eigenvectors of a small real symmetric matrix by the cyclic Jacobi method.
 *
 * Hessians here are tiny (one row per variable of a formula someone typed), and Jacobi is the method that
 * is simple, unconditionally convergent on symmetric matrices, and accurate to round-off in every
 * eigenvalue, small ones included: exactly what telling a minimum from a saddle needs.
 */

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  readonly values: number[];
  /** Unit eigenvectors: `vectors[i]` belongs to `values[i]`. */
  readonly vectors: number[][];
}

/** Sweeps over all off-diagonal pairs; Jacobi converges quadratically, so real matrices need fewer than 10. */
const MAX_SWEEPS = 100;

/**
 * Decomposes A = V diag(λ) Vᵀ. The matrix is read as (A + Aᵀ)/2, so a Hessian whose mixed partials
 * differ by round-off is still accepted. Throws a RangeError for a non-square or non-finite matrix.
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigen {
  const n = matrix.length;
  for (const row of matrix) {
    if (row.length !== n) throw new RangeError(`symmetricEigen needs a square matrix; got a row of ${row.length} in ${n}×${n}`);
    for (const entry of row) {
      if (!Number.isFinite(entry)) throw new RangeError('symmetricEigen needs finite entries');
    }
  }

  // Scale to entries of at most 1 so squares neither overflow nor underflow; eigenvalues scale back linearly.
  let scale = 0;
  for (const row of matrix) for (const entry of row) scale = Math.max(scale, Math.abs(entry));
  if (scale === 0) {
    return { values: new Array<number>(n).fill(0), vectors: identity(n) };
  }

  const a: number[][] = [];
  for (let i = 0; i < n; i++) {
    a.push([]);
    for (let j = 0; j < n; j++) a[i]!.push((matrix[i]![j]! + matrix[j]![i]!) / 2 / scale);
  }
  // Columns of v accumulate the rotations: they end up as the eigenvectors.
  const v = identity(n);

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let offDiagonal = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const square = a[i]![j]! * a[i]![j]!;
        total += square;
        if (i !== j) offDiagonal += square;
      }
    }
    // Converged when what is left off the diagonal is round-off compared with the whole matrix.
    if (offDiagonal <= Number.EPSILON * Number.EPSILON * total) break;

    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(a, v, p, q);
    }
  }

  const order = a.map((_, i) => i).sort((i, j) => a[i]![i]! - a[j]![j]!);
  return {
    values: order.map((i) => a[i]![i]! * scale),
    vectors: order.map((i) => v.map((row) => row[i]!)),
  };
}

/** One Jacobi rotation in the (p, q) plane that zeroes a[p][q], applied to a (both sides) and to v (right). */
function rotate(a: number[][], v: number[][], p: number, q: number): void {
  const apq = a[p]![q]!;
  if (apq === 0) return;
  const app = a[p]![p]!;
  const aqq = a[q]![q]!;
  // t = tan φ for the rotation angle φ, the smaller root of t² + 2θt − 1 = 0 (keeps the rotation small).
  const theta = (aqq - app) / (2 * apq);
  const t =
    Math.abs(theta) > 1e150
      ? 1 / (2 * theta) // θ² would overflow; this is the root's limit
      : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;

  a[p]![p] = app - t * apq;
  a[q]![q] = aqq + t * apq;
  a[p]![q] = 0;
  a[q]![p] = 0;
  for (let k = 0; k < a.length; k++) {
    if (k !== p && k !== q) {
      const akp = a[k]![p]!;
      const akq = a[k]![q]!;
      a[k]![p] = a[p]![k] = c * akp - s * akq;
      a[k]![q] = a[q]![k] = s * akp + c * akq;
    }
    const vkp = v[k]![p]!;
    const vkq = v[k]![q]!;
    v[k]![p] = c * vkp - s * vkq;
    v[k]![q] = s * vkp + c * vkq;
  }
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}
