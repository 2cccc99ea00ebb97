import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { PowerSequence } from '../../../src/core/math/powerSequence';
import { symmetricEigen } from '../../../src/core/math/symmetricEigen';

const close = (actual: number, expected: number, tolerance: number, what = ''): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what} ${actual} ≠ ${expected} (±${tolerance})`);

/** ‖A v − λ v‖∞ for every eigenpair, relative to the largest entry of A. */
function worstResidual(matrix: number[][], values: number[], vectors: number[][]): number {
  const scale = Math.max(1e-300, ...matrix.flat().map(Math.abs));
  let worst = 0;
  values.forEach((λ, k) => {
    const v = vectors[k]!;
    matrix.forEach((row, i) => {
      const av = row.reduce((sum, a, j) => sum + a * v[j]!, 0);
      worst = Math.max(worst, Math.abs(av - λ * v[i]!) / scale);
    });
  });
  return worst;
}

describe('symmetricEigen', () => {
  it('reads a diagonal matrix off, ascending, with unit vectors', () => {
    const { values, vectors } = symmetricEigen([
      [3, 0, 0],
      [0, -1, 0],
      [0, 0, 2],
    ]);
    assert.deepEqual(values, [-1, 2, 3]);
    assert.deepEqual(vectors.map((v) => v.map(Math.abs)), [
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('solves a 2×2 matrix: [[2, 1], [1, 2]] has 1 and 3 along the diagonals', () => {
    const { values, vectors } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    close(values[0]!, 1, 1e-15);
    close(values[1]!, 3, 1e-15);
    close(Math.abs(vectors[0]![0]!), Math.SQRT1_2, 1e-15);
    close(vectors[0]![0]! * vectors[0]![1]!, -0.5, 1e-15, 'λ = 1 along (1, −1)');
    close(vectors[1]![0]! * vectors[1]![1]!, 0.5, 1e-15, 'λ = 3 along (1, 1)');
  });

  it('solves the second-difference matrix: 2 − √2, 2, 2 + √2', () => {
    const { values } = symmetricEigen([
      [2, -1, 0],
      [-1, 2, -1],
      [0, -1, 2],
    ]);
    [2 - Math.SQRT2, 2, 2 + Math.SQRT2].forEach((λ, i) => close(values[i]!, λ, 1e-14));
  });

  it('finds the Rosenbrock Hessian at (−1.5, 2): trace 2102, determinant 20400', () => {
    const { values } = symmetricEigen([
      [1902, 600],
      [600, 200],
    ]);
    close(values[0]! + values[1]!, 2102, 1e-12);
    close(values[0]! * values[1]!, 20400, 1e-8);
    close(values[0]!, (2102 - Math.sqrt(2102 ** 2 - 4 * 20400)) / 2, 1e-12);
  });

  it('handles 1×1, zero, tiny and huge matrices', () => {
    assert.deepEqual(symmetricEigen([[-4]]).values, [-4]);
    assert.deepEqual(symmetricEigen([]).values, []);
    assert.deepEqual(symmetricEigen([
      [0, 0],
      [0, 0],
    ]).values, [0, 0]);
    const tiny = symmetricEigen([
      [2e-200, 1e-200],
      [1e-200, 2e-200],
    ]).values;
    close(tiny[0]!, 1e-200, 1e-214);
    close(tiny[1]!, 3e-200, 1e-214);
    const huge = symmetricEigen([
      [2e200, 1e200],
      [1e200, 2e200],
    ]).values;
    close(huge[1]!, 3e200, 1e186);
  });

  it('reads a slightly asymmetric matrix as its symmetric part', () => {
    const { values } = symmetricEigen([
      [2, 1 + 1e-12],
      [1 - 1e-12, 2],
    ]);
    close(values[0]!, 1, 1e-14);
  });

  it('rejects non-square and non-finite matrices', () => {
    assert.throws(() => symmetricEigen([[1, 2]]), RangeError);
    assert.throws(() => symmetricEigen([[Number.NaN]]), RangeError);
    assert.throws(() => symmetricEigen([[1, Infinity], [Infinity, 1]]), RangeError);
  });

  const symmetricMatrix = fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((entries) =>
      Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => entries[Math.min(i, j) * n + Math.max(i, j)]!)),
    ),
  );

  it('property: A v = λ v and Σλ = trace, eigenvalues ascending, eigenvectors orthonormal', () => {
    fc.assert(
      fc.property(symmetricMatrix, (matrix) => {
        const n = matrix.length;
        const { values, vectors } = symmetricEigen(matrix);
        const scale = Math.max(1, ...matrix.flat().map(Math.abs));
        assert.ok(worstResidual(matrix, values, vectors) <= 1e-12, 'A v = λ v');
        const trace = matrix.reduce((sum, row, i) => sum + row[i]!, 0);
        close(values.reduce((a, b) => a + b, 0), trace, 1e-12 * n * scale, 'Σλ = trace');
        for (let i = 1; i < n; i++) assert.ok(values[i - 1]! <= values[i]!, 'ascending');
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const dot = vectors[i]!.reduce((sum, x, k) => sum + x * vectors[j]![k]!, 0);
            close(dot, i === j ? 1 : 0, 1e-12, `v${i}·v${j}`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: the Frobenius norm is preserved (Σλ² = Σ a²)', () => {
    fc.assert(
      fc.property(symmetricMatrix, (matrix) => {
        const { values } = symmetricEigen(matrix);
        const frobenius = matrix.flat().reduce((sum, a) => sum + a * a, 0);
        close(values.reduce((sum, λ) => sum + λ * λ, 0), frobenius, 1e-12 * Math.max(1, frobenius));
      }),
      { numRuns: 300 },
    );
  });
});

/** β^t rounded correctly to float64, from exact integer arithmetic (β = m·2^e with m a 53-bit integer). */
function exactPower(base: number, t: number): number {
  const [mantissa, exponent] = decompose(base);
  let power = 1n;
  for (let i = 0; i < t; i++) power *= mantissa;
  // Keep the top 53 bits, round half to even, and scale back by the powers of two left over.
  const bits = power.toString(2).length;
  const drop = bits - 53;
  if (drop <= 0) return Number(power) * 2 ** (exponent * t);
  let kept = power >> BigInt(drop);
  const remainder = power - (kept << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (remainder > half || (remainder === half && (kept & 1n) === 1n)) kept += 1n;
  return Number(kept) * 2 ** (drop + exponent * t);
}

function decompose(x: number): [bigint, number] {
  let exponent = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    exponent -= 1;
  }
  return [BigInt(m), exponent];
}

describe('PowerSequence', () => {
  it("gives Adam's β powers correctly rounded (where `**` is off by an ulp about one time in ten)", () => {
    for (const base of [0.9, 0.999, 0.8, 0.99, 0.95]) {
      const powers = new PowerSequence(base);
      for (let t = 1; t <= 150; t++) assert.equal(powers.next(), exactPower(base, t), `${base}^${t}`);
    }
  });

  it('property: correctly rounded for any β in (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.9999, noNaN: true }), fc.integer({ min: 1, max: 60 }), (base, t) => {
        const powers = new PowerSequence(base);
        let value = 0;
        for (let i = 0; i < t; i++) value = powers.next();
        assert.equal(value, exactPower(base, t));
      }),
      { numRuns: 200 },
    );
  });

  it('is exact for powers of two and zero', () => {
    const half = new PowerSequence(0.5);
    for (let t = 1; t <= 60; t++) assert.equal(half.next(), 2 ** -t);
    const zero = new PowerSequence(0);
    assert.equal(zero.next(), 0);
    assert.equal(zero.next(), 0);
  });
});
