/**
 * What the user types, checked before any intent is posted: a learning rate must be a positive number no
 * larger than the host accepts, a step limit a whole number in range. Errors say what to type instead.
 */
import { LIMITS } from '../src/shared/protocol';
import { formatInteger, formatNumber } from './format';

export type Parsed = { ok: true; value: number } | { ok: false; error: string };

/** Plain decimal or scientific notation; a typographic minus (−) is read as '-'. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function readNumber(text: string): number | null {
  const normalized = text.trim().replace(/\u2212/g, '-').replace(/_/g, '');
  return NUMBER.test(normalized) ? Number(normalized) : null;
}

export function parseLearningRate(text: string): Parsed {
  const value = readNumber(text);
  if (value === null || !Number.isFinite(value)) return { ok: false, error: 'η must be a number, such as 0.01 or 1e-3.' };
  if (value <= 0) return { ok: false, error: 'η must be greater than 0.' };
  if (value > LIMITS.maxLearningRate) return { ok: false, error: `η must be at most ${formatNumber(LIMITS.maxLearningRate)}.` };
  return { ok: true, value };
}

export function parseMaxSteps(text: string): Parsed {
  const value = readNumber(text);
  if (value === null || !Number.isInteger(value)) return { ok: false, error: 'Steps must be a whole number, such as 1000.' };
  if (value < 1) return { ok: false, error: 'Steps must be at least 1.' };
  if (value > LIMITS.maxSteps) return { ok: false, error: `Steps must be at most ${formatInteger(LIMITS.maxSteps)}.` };
  return { ok: true, value };
}

/** Rows per batch: a whole number up to the data's rows; `all` (or the rows) is the full batch, shown as the rows. */
export function parseBatchSize(text: string, rows: number): Parsed {
  if (/^\s*(all|full)\s*$/i.test(text)) return { ok: true, value: rows };
  const value = readNumber(text);
  if (value === null || !Number.isInteger(value)) return { ok: false, error: 'The batch size must be a whole number of rows, such as 32 (or all).' };
  if (value < 1) return { ok: false, error: 'A batch needs at least 1 row.' };
  if (value > rows) return { ok: false, error: `The data has ${formatInteger(rows)} rows: at most ${formatInteger(rows)} (the full batch).` };
  return { ok: true, value };
}

/** A shuffle seed: a whole number from 0. */
export function parseSeed(text: string): Parsed {
  const value = readNumber(text);
  if (value === null || !Number.isSafeInteger(value) || value < 0) return { ok: false, error: 'The seed must be a whole number from 0, such as 0 or 42.' };
  return { ok: true, value };
}

/**
 * A number as the user can edit it again: plain ASCII, six significant digits at most, no separators. Six keep
 * every η the sliders and ×10 make exact (they have two or three) and cut a sweep point's 0.0034863652276780842
 * to 0.00348637.
 */
export function editableNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
