/** Where a command writes; the real process streams in main.ts, buffers in tests. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** JSON with non-finite numbers as null (JSON has no NaN or Infinity). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}
