/** What people type into the η and step-limit boxes, checked with a message that says what to type instead. */
import { LIMITS } from '../../shared/protocol';

export type InputResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly message: string };

/** `0.01`, `1e-3`, `η = 0.1`, `lr=3e-4`: a learning rate > 0. */
export function parseLearningRate(text: string): InputResult {
  const number = text.trim().replace(/^(η|eta|lr|learning[ _-]?rate)\s*[=:]\s*/i, '');
  const value = number === '' ? Number.NaN : Number(number);
  if (!Number.isFinite(value)) return { ok: false, message: 'Type a number, such as 0.01 or 1e-3' };
  if (value <= 0) return { ok: false, message: 'The learning rate must be greater than 0' };
  if (value > LIMITS.maxLearningRate) return { ok: false, message: `At most ${LIMITS.maxLearningRate}` };
  return { ok: true, value };
}

/** A whole number of steps, 1 … `limit` (`10000`, `10,000`, `1e4`; LIMITS.maxSteps unless told). */
export function parseStepLimit(text: string, limit: number = LIMITS.maxSteps): InputResult {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value) || !Number.isInteger(value)) return { ok: false, message: 'Type a whole number of steps, such as 1000' };
  if (value < 1 || value > limit) return { ok: false, message: `Between 1 and ${limit.toLocaleString('en-US')}` };
  return { ok: true, value };
}

/** Rows per batch: `all` or empty is the full batch (null); else a whole number from 1 to the data's rows. */
export function parseBatchSize(text: string, rows: number): { readonly ok: true; readonly value: number | null } | { readonly ok: false; readonly message: string } {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '' || /^(all|full)$/i.test(trimmed)) return { ok: true, value: null };
  const value = Number(trimmed);
  if (!Number.isInteger(value)) return { ok: false, message: 'Type a whole number of rows, such as 32, or all' };
  if (value < 1 || value > rows) return { ok: false, message: `Between 1 and ${rows.toLocaleString('en-US')} (the rows of the data)` };
  return { ok: true, value: value === rows ? null : value };
}
