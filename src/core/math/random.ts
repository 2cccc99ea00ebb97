/**
 * The seeded random numbers minibatches are shuffled with: the same seed gives the same numbers on every
 * machine and every run, bit for bit, so a shuffled run can be repeated, compared and checked against PyTorch
 * (test/fixtures/gen_minibatch_reference.py implements the same three steps in Python).
 *
 * 1. Seeding: SplitMix64 (Steele, Lea and Flood; the seeding generator the xoshiro authors recommend) starts
 *    from the seed, a whole number 0 ≤ seed < 2⁶⁴, and its first two outputs a and b give the state:
 *    s0 = low 32 bits of a, s1 = high 32 bits of a, s2 = low of b, s3 = high of b.
 * 2. Numbers: xoshiro128** 1.1 (Blackman and Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), 32 bits each.
 * 3. A whole number below n: draw x until x ≥ 2³² mod n, then x mod n (unbiased rejection, as OpenBSD's
 *    arc4random_uniform).
 * A shuffle of 0…n−1 is Fisher–Yates from the top: for i = n−1 down to 1, swap element i with element
 * `below(i + 1)`. Each epoch shuffles the identity 0…n−1 afresh, continuing the same stream of numbers.
 */

const MASK_64 = (1n << 64n) - 1n;

/** SplitMix64's outputs from `seed`, as BigInts (used only to seed, four times per generator). */
function* splitMix64(seed: bigint): Generator<bigint> {
  let state = seed & MASK_64;
  for (;;) {
    state = (state + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    yield z ^ (z >> 31n);
  }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed`: a whole number, 0 ≤ seed < 2⁶⁴ (a JavaScript number is exact up to 2⁵³). */
  constructor(seed: number | bigint) {
    if (typeof seed === 'number' && !(Number.isSafeInteger(seed) && seed >= 0)) {
      throw new RangeError(`The seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (got ${seed})`);
    }
    const outputs = splitMix64(BigInt(seed));
    const a = outputs.next().value as bigint;
    const b = outputs.next().value as bigint;
    this.s0 = Number(a & 0xffffffffn);
    this.s1 = Number(a >> 32n);
    this.s2 = Number(b & 0xffffffffn);
    this.s3 = Number(b >> 32n);
  }

  /** The next 32-bit number, 0 ≤ x < 2³². */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A whole number 0 ≤ k < n, every one equally likely (1 ≤ n ≤ 2³²). */
  below(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 32)) throw new RangeError(`below(n) needs a whole n from 1 to 2^32 (got ${n})`);
    // 2³² mod n, without 64-bit arithmetic: (2³² − n) mod n.
    const threshold = (2 ** 32 - n) % n;
    for (;;) {
      const x = this.nextUint32();
      if (x >= threshold) return x % n;
    }
  }

  /** Shuffles `values` in place (Fisher–Yates from the top) and returns it. */
  shuffle<T extends { length: number; [index: number]: number }>(values: T): T {
    for (let i = values.length - 1; i >= 1; i -= 1) {
      const j = this.below(i + 1);
      const swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }
}
