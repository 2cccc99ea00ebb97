/**
 * β¹, β², β³, … each correctly rounded to float64, one per `next()`, in constant time and without allocating.
 *
 * Adam's bias corrections are 1 − β^t. PyTorch takes β^t from C's `pow`, which glibc rounds correctly in all
 * but the hardest cases; V8's `Math.pow` (and `**`) is off by one unit in the last place for roughly one t in
 * ten, which is enough to make a trajectory differ from PyTorch's in the last bits. So the power is carried in
 * double-double arithmetic (a float64 pair hi + lo holding about 106 bits) and rounded once: the running
 * product's relative error stays near t × 2⁻¹⁰⁴, far below half a unit of float64, so `hi` is the correctly
 * rounded power except when the exact value lies within that distance of a rounding boundary.
 */
export class PowerSequence {
  private hi = 1;
  private lo = 0;

  constructor(private readonly base: number) {}

  /** The next power: base¹ on the first call, then base², … */
  next(): number {
    // (hi + lo) × base, exactly up to the last partial product, then renormalized so that hi = fl(hi + lo).
    const product = this.hi * this.base;
    const error = twoProductError(this.hi, this.base, product) + this.lo * this.base;
    const sum = product + error;
    this.lo = error - (sum - product);
    this.hi = sum;
    return sum;
  }
}

/**
 * base^n (n a whole number ≥ 0) correctly rounded to float64 as glibc's `pow` gives it, for a base that changes
 * from one call to the next (Adam's β1 under a momentum-cycling schedule, where no sequence can be carried).
 * Binary powering in double-double: about 2 log₂ n roundings of 2⁻¹⁰⁴ each, far below half a unit of float64.
 */
export function correctlyRoundedPower(base: number, n: number): number {
  let resultHi = 1;
  let resultLo = 0;
  let squareHi = base;
  let squareLo = 0;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) [resultHi, resultLo] = doubleDoubleProduct(resultHi, resultLo, squareHi, squareLo);
    if (k > 1) [squareHi, squareLo] = doubleDoubleProduct(squareHi, squareLo, squareHi, squareLo);
  }
  return resultHi + resultLo;
}

/** (aHi + aLo) × (bHi + bLo) as a normalized double-double. */
function doubleDoubleProduct(aHi: number, aLo: number, bHi: number, bLo: number): [number, number] {
  const product = aHi * bHi;
  const error = twoProductError(aHi, bHi, product) + (aHi * bLo + aLo * bHi);
  const sum = product + error;
  return [sum, error - (sum - product)];
}

/** Veltkamp's splitter for float64: 2^27 + 1. */
const SPLITTER = 134217729;

/** The rounding error of `product = fl(a × b)`, exactly (Dekker's TwoProduct, for |a|, |b| well below 1e300). */
function twoProductError(a: number, b: number, product: number): number {
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}
