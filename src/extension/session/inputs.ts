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
