/**
 * How the panel's sliders map a track position (a whole number, what `<input type="range">` holds) to a setting
 * and back. Pure, tested in Node.
 *
 * - η lives on a log scale: equal distances are equal factors, so ×10 is always the same drag. Positions are
 *   STEPS_PER_DECADE to a decade and their values are rounded to two significant digits (0.012, not 0.0121152…),
 *   so what the slider sets is what a person would type, and every decade boundary (0.01, 0.1, 1) is a position.
 * - momentum β and Adam's β1 are linear in [0, 0.99], in hundredths.
 * - Adam's β2 lives near 1 (0.9, 0.99, 0.999, 0.9999): its scale is logarithmic in 1 − β2.
 */

export interface SliderScale {
  /** Positions run from 0 to `last`. */
  readonly last: number;
  valueAt(position: number): number;
  /** The position whose value is nearest `value` (clamped to the track). */
  positionOf(value: number): number;
}

export const STEPS_PER_DECADE = 30;

const clampPosition = (position: number, last: number): number => Math.min(last, Math.max(0, Math.round(position)));

/** `value` rounded to `digits` significant digits, as a decimal literal would read (0.0012, not 0.0012000000000000001). */
export function roundSignificant(value: number, digits: number): number {
  return Number(value.toPrecision(digits));
}

/** From `min` to `max` (both powers of ten), STEPS_PER_DECADE positions a decade, values in two significant digits. */
export function logSliderScale(min: number, max: number): SliderScale {
  const low = Math.log10(min);
  const decades = Math.max(1, Math.round(Math.log10(max) - low));
  const last = decades * STEPS_PER_DECADE;
  return {
    last,
    valueAt: (position) => roundSignificant(10 ** (low + clampPosition(position, last) / STEPS_PER_DECADE), 2),
    positionOf: (value) => (value > 0 ? clampPosition((Math.log10(value) - low) * STEPS_PER_DECADE, last) : 0),
  };
}

/** `min` to `max` in steps of `step` (β in hundredths). */
export function linearSliderScale(min: number, max: number, step: number): SliderScale {
  const last = Math.round((max - min) / step);
  return {
    last,
    valueAt: (position) => roundSignificant(min + clampPosition(position, last) * step, 12),
    positionOf: (value) => clampPosition((value - min) / step, last),
  };
}

/** β2 from 1 − `largestGap` to 1 − `smallestGap`, log-spaced in 1 − β2 (0.9 … 0.9999), ten positions a decade. */
export function complementLogSliderScale(largestGap: number, smallestGap: number): SliderScale {
  const high = Math.log10(largestGap);
  const perDecade = 10;
  const last = Math.round((high - Math.log10(smallestGap)) * perDecade);
  return {
    last,
    valueAt: (position) => roundSignificant(1 - roundSignificant(10 ** (high - clampPosition(position, last) / perDecade), 2), 12),
    positionOf: (value) => (value < 1 ? clampPosition((high - Math.log10(1 - value)) * perDecade, last) : last),
  };
}

/** Where `value` sits along the track, 0 … 1, or null when it is off the track. */
export function fractionAlong(scale: SliderScale, value: number | null, min: number, max: number, logarithmic: boolean): number | null {
  if (value === null || !Number.isFinite(value) || value < min || value > max) return null;
  if (scale.last === 0) return 0;
  if (logarithmic) return (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
  return (value - min) / (max - min);
}

/**
 * The η track's ends, in whole decades: from four decades below the critical η to one above it, where the
 * curvature gives one (so the slider crosses from creeping through converging and bouncing to diverging), else
 * the sweep's 1e−5 … 10; widened by whole decades to hold the current η.
 */
export function learningRateRange(critical: number | null, current: number): { min: number; max: number } {
  let low = critical !== null && critical > 0 ? Math.floor(Math.log10(critical) - 4 + 1e-9) : -5;
  let high = critical !== null && critical > 0 ? Math.ceil(Math.log10(critical) + 1 - 1e-9) : 1;
  if (current > 0 && Number.isFinite(current)) {
    low = Math.min(low, Math.floor(Math.log10(current) + 1e-9));
    high = Math.max(high, Math.ceil(Math.log10(current) - 1e-9));
  }
  if (high <= low) high = low + 1;
  return { min: Number(`1e${low}`), max: Number(`1e${high}`) };
}
