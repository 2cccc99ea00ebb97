/**
 * Where an axis puts its ticks and what they read. Pure (no chart.js, no DOM), tested in Node.
 *
 * Two promises: a handful of ticks at round values whatever the range, and labels that differ from one another
 * (an axis reading "100, 100, 100" over 100.2 … 100.8 says nothing).
 */
import { formatNumber } from '../format';

/** Decades between ticks on a wide log axis. */
const DECADE_STEPS = [1, 2, 3, 5, 10, 20, 25, 50, 100];

/** A decimal literal, not 10 ** k: 10 ** -5 is 0.000009999999999999999 in floating point. */
const power = (exponent: number, mantissa = 1): number => Number(`${mantissa}e${exponent}`);

/**
 * About six ticks between min and max on a log axis: whole decades in nice steps over a wide range, 1, 2, 5 × 10^k
 * inside a narrow one, and, where not even two of those fall inside (100.2 … 100.8), round linear steps.
 */
export function logTickValues(min: number, max: number, target = 6): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const low = Math.ceil(Math.log10(min) - 1e-9);
  const high = Math.floor(Math.log10(max) + 1e-9);
  if (high - low >= 2) {
    const step = DECADE_STEPS.find((candidate) => Math.floor(high / candidate) - Math.ceil(low / candidate) + 1 <= target + 1) ?? Math.ceil((high - low) / target);
    const values: number[] = [];
    for (let exponent = Math.ceil(low / step) * step; exponent <= high; exponent += step) values.push(power(exponent));
    return values;
  }
  const values: number[] = [];
  for (let exponent = low - 1; exponent <= high; exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const value = power(exponent, mantissa);
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) values.push(value);
    }
  }
  return values.length >= 2 ? values : linearTickValues(min, max, Math.min(target, 5));
}

/** Round steps (1, 2, 2.5 or 5 × 10^k) inside [min, max], about `target` of them. */
export function linearTickValues(min: number, max: number, target = 6): number[] {
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const rough = (max - min) / target;
  const exponent = Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((mantissa) => power(exponent, mantissa)).find((candidate) => candidate >= rough) ?? power(exponent + 1);
  const values: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max * (1 + 1e-12) + 1e-300; k++) {
    // k × step rounded to the step's own digits, so 0.30000000000000004 reads 0.3.
    values.push(Number((k * step).toPrecision(12)));
  }
  return values;
}

/**
 * The labels of an axis's ticks in the panel's number format, with as few significant digits as keep every
 * label different from its neighbours (3 at least, at most 12).
 */
export function tickLabels(values: readonly number[]): string[] {
  for (let digits = 3; digits < 12; digits++) {
    const labels = values.map((value) => formatNumber(value, digits));
    if (new Set(labels).size === labels.length) return labels;
  }
  return values.map((value) => formatNumber(value, 12));
}

/**
 * A value picked with the pointer, rounded to what one pixel of the axis can tell apart (`unitsPerPixel`): a
 * start point clicked on the map reads x = 1.25, not 1.2483917.
 */
export function roundToPixel(value: number, unitsPerPixel: number): number {
  if (!(unitsPerPixel > 0) || !Number.isFinite(value)) return value;
  const digits = -Math.floor(Math.log10(unitsPerPixel));
  if (digits >= 0) return Number(value.toFixed(Math.min(digits, 20)));
  const step = 10 ** -digits;
  return Math.round(value / step) * step;
}
