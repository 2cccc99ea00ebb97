/**
 * The landscape's colors and levels. Colors: viridis (van der Walt & Smith, matplotlib), perceptually uniform
 * and readable with the common color-vision deficiencies and in grayscale; dark is low, so valleys are dark.
 * Levels: spaced geometrically from the minimum, so that many thin bands sit in the valley where the path ends
 * and few wide ones on the walls, where losses are large and nothing interesting happens.
 */

/** viridis sampled at ten evenly spaced points; values in between are interpolated linearly. */
const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x48, 0x28, 0x78],
  [0x3e, 0x4a, 0x89],
  [0x31, 0x68, 0x8e],
  [0x26, 0x82, 0x8e],
  [0x1f, 0x9e, 0x89],
  [0x35, 0xb7, 0x79],
  [0x6d, 0xcd, 0x59],
  [0xb4, 0xde, 0x2c],
  [0xfd, 0xe7, 0x25],
];

export type Rgb = readonly [number, number, number];

/** viridis at t in [0, 1]. */
export function viridis(t: number): Rgb {
  const position = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(VIRIDIS.length - 1, lower + 1);
  const fraction = position - lower;
  const a = VIRIDIS[lower];
  const b = VIRIDIS[upper];
  return [0, 1, 2].map((channel) => Math.round(a[channel] + (b[channel] - a[channel]) * fraction)) as unknown as Rgb;
}

export function rgbToCss([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Maps losses to [0, 1] as log10(1 + (v − min)/(max − min) · (10^d − 1)) / d: linear for d → 0, and with
 * more decades d more resolution near the minimum. d grows with how peaked the surface is (how far the
 * maximum stands above the median), so a round bowl gets near-even rings and a narrow valley still shows.
 */
export class LevelScale {
  readonly bands: number;
  private readonly growth: number;

  private constructor(
    readonly min: number,
    readonly max: number,
    readonly decades: number,
    bands: number,
  ) {
    this.bands = bands;
    this.growth = 10 ** decades - 1;
  }

  /** A scale for the finite values, or null when there are none or they are all equal. */
  static fit(values: readonly (number | null)[], bands = 12): LevelScale | null {
    const finite = values.filter((value): value is number => value !== null && Number.isFinite(value)).sort((a, b) => a - b);
    if (finite.length === 0) return null;
    const min = finite[0];
    const max = finite[finite.length - 1];
    if (!(max > min)) return null;
    const median = finite[Math.floor(finite.length / 2)];
    const peakedness = (max - min) / Math.max(median - min, (max - min) * 1e-6);
    const decades = Math.min(5, Math.max(0.5, 1.5 * Math.log10(peakedness) + 0.5));
    return new LevelScale(min, max, decades, bands);
  }

  /** Position of a loss in [0, 1]. */
  position(value: number): number {
    const share = Math.min(1, Math.max(0, (value - this.min) / (this.max - this.min)));
    return Math.log10(1 + share * this.growth) / this.decades;
  }

  /** The band a position falls in, 0 … bands − 1. */
  bandAt(position: number): number {
    return Math.min(this.bands - 1, Math.max(0, Math.floor(position * this.bands)));
  }

  /** The loss at the lower edge of band k (k = bands gives the maximum). */
  levelValue(band: number): number {
    const position = band / this.bands;
    // The share first: (max − min) times 10^decades overflows for losses near 1e308 (a diverged run's map).
    return this.min + (this.max - this.min) * ((10 ** (position * this.decades) - 1) / this.growth);
  }

  colorOfBand(band: number): Rgb {
    return viridis((band + 0.5) / this.bands);
  }
}
