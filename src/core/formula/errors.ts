/**
 * A formula that cannot be read, with the place it went wrong. Every layer (CLI, panel, notifications)
 * shows the same message and position, so the place travels with the error rather than being re-derived.
 */
export class FormulaError extends Error {
  /** 1-based line and column of `offset` in the source. */
  readonly line: number;
  readonly column: number;

  constructor(
    message: string,
    readonly source: string,
    /** 0-based offset of the offending text in the source. */
    readonly offset: number,
    /** Length of the offending text (at least 1 unless the source is empty). */
    readonly length: number = 1,
  ) {
    super(message);
    this.name = 'FormulaError';
    const clamped = Math.max(0, Math.min(offset, source.length));
    const before = source.slice(0, clamped);
    const lineStart = before.lastIndexOf('\n') + 1;
    this.line = before.split('\n').length;
    this.column = clamped - lineStart + 1;
  }

  /** "… at column 7", or "… at line 2, column 7" for multi-line sources. */
  get where(): string {
    return this.source.includes('\n') ? `line ${this.line}, column ${this.column}` : `column ${this.column}`;
  }

  /** The message with its place, for one-line reports. */
  describe(): string {
    return `${this.message} (${this.where})`;
  }
}

/** Quotes a piece of source text for a message, shortened if long. */
export function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return `\`${oneLine.length > 40 ? `${oneLine.slice(0, 37)}…` : oneLine}\``;
}
