/**
 * A formula that cannot be read, with the place it went wrong. Every layer (CLI, panel, notifications)
 * shows the same message and position, so the place travels with the error rather than being re-derived.
 *
 * Columns count characters (Unicode code points), as VS Code's status bar counts "Col": an emoji is one column,
 * not the two UTF-16 code units JavaScript strings hold it in. Offsets and lengths stay in code units, for ranges.
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
    this.line = source.slice(0, clamped).split('\n').length;
    this.column = columnAt(source, clamped);
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
  return `\`${shortened(text.replace(/\s+/g, ' '), 40, 37)}\``;
}

/**
 * The 1-based column of `offset` in its line of `text`, counted as VS Code's status bar counts "Col": one per
 * character (code point), and a tab up to the next multiple of `tabSize` (1 where no editor says otherwise).
 */
export function columnAt(text: string, offset: number, tabSize = 1): number {
  const lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  let column = 0;
  for (const character of text.slice(lineStart, offset)) column = character === '\t' ? column + tabSize - (column % tabSize) : column + 1;
  return column + 1;
}

const graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/** What a reader sees as one character from `offset` on: an emoji with its modifiers, a letter with its accents. */
export function characterAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 64);
  const first = graphemes ? graphemes.segment(rest)[Symbol.iterator]().next().value?.segment : undefined;
  return first ?? String.fromCodePoint(rest.codePointAt(0) ?? 0x20);
}

/** `text` if it has at most `longest` characters, else its first `kept` and an ellipsis: never cut through a character. */
export function shortened(text: string, longest: number, kept = longest - 1): string {
  if (text.length <= longest) return text;
  // Character by character, stopping at `longest + 1`: segmenting the whole of a long text costs milliseconds.
  const characters: string[] = [];
  const take = (character: string): boolean => characters.push(character) <= longest;
  if (graphemes) {
    for (const { segment } of graphemes.segment(text)) if (!take(segment)) break;
  } else {
    for (const character of text) if (!take(character)) break;
  }
  return characters.length > longest ? `${characters.slice(0, kept).join('')}…` : text;
}
