/** A count with its noun, singular for one: "1 step", "12,000 steps", "1 run". */
import { formatInteger } from './format';

export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${formatInteger(count)} ${Math.round(count) === 1 ? noun : plural}`;
}
