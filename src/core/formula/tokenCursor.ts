/**
 * The parsers' place in the token list: looking ahead, consuming, and the errors that name a column. The
 * grammar lives in the classes built on this one (expressionParser.ts up to parser.ts); keeping the cursor
 * apart means they read as syntax only, and the one subtle rule of token access — a line break inside
 * brackets, or in an expression that clearly goes on, is not the end of a statement — is decided here alone.
 */
import { columnAt, FormulaError, quote } from './errors';
import type { Dialect, Token } from './lexer';

export class TokenCursor {
  protected pos = 0;
  /** Open brackets inside an expression: newlines there continue the expression (Python's implicit joining). */
  protected bracketDepth = 0;
  /** Expressions being parsed: a line break can only continue one of them. */
  protected expressionDepth = 0;

  constructor(
    protected readonly source: string,
    protected tokens: Token[],
    protected readonly dialect: Dialect,
  ) {}

  // ─── Token access ──────────────────────────────────────────────────────────────────────────────

  protected index(offset = 0): number {
    let i = this.pos;
    let remaining = offset;
    for (;;) {
      while (this.tokens[i].kind === 'newline' && (this.bracketDepth > 0 || this.continuesAcross(i))) i += 1;
      if (remaining === 0) return i;
      if (this.tokens[i].kind === 'end') return i;
      i += 1;
      remaining -= 1;
    }
  }

  /**
   * Whether the line break at `i` continues an expression: the line ends with a binary operator
   * (`… +` ⏎ `b**2`), or the next line starts with one (`…` ⏎ `+ b**2`), as C, JavaScript, Julia, LaTeX and
   * plain math all allow. Only inside an expression (`expressionDepth`), never between statements.
   */
  private continuesAcross(i: number): boolean {
    if (this.expressionDepth === 0) return false;
    let before = i - 1;
    while (before >= 0 && this.tokens[before].kind === 'newline') before -= 1;
    let after = i;
    while (this.tokens[after].kind === 'newline') after += 1;
    const previous = this.tokens[before];
    const next = this.tokens[after];
    const binary = (t: Token | undefined): boolean =>
      t !== undefined && t.kind === 'operator' && ['+', '-', '*', '/', '^', '**', '.*', './', '.^', '.+', '.-'].includes(t.text);
    return binary(previous) || (binary(next) && next.kind !== 'end' && !(next.text === '-' && this.dialect.python));
  }

  protected peek(offset = 0): Token {
    return this.tokens[this.index(offset)];
  }

  protected next(): Token {
    const i = this.index();
    const token = this.tokens[i];
    if (token.kind !== 'end') this.pos = i + 1;
    return token;
  }

  /** Also false past the end of the tokens, so lookahead needs no bounds checks. */
  protected isOperator(token: Token | undefined, ...texts: string[]): boolean {
    return token !== undefined && token.kind === 'operator' && texts.includes(token.text);
  }

  protected isWord(token: Token | undefined, ...words: string[]): boolean {
    return token !== undefined && token.kind === 'identifier' && words.includes(token.text);
  }

  protected accept(text: string): Token | undefined {
    if (this.isOperator(this.peek(), text)) return this.next();
    return undefined;
  }

  protected expect(text: string, context: string): Token {
    const token = this.peek();
    if (this.isOperator(token, text)) return this.next();
    throw this.error(`Expected \`${text}\` ${context}, found ${this.describe(token)}`, token);
  }

  protected describe(token: Token): string {
    switch (token.kind) {
      case 'end':
        return 'the end of the formula';
      case 'newline':
        return 'the end of the line';
      default:
        return quote(this.source.slice(token.start, token.end) || token.text);
    }
  }

  protected error(message: string, token: Token): FormulaError {
    return new FormulaError(message, this.source, token.start, Math.max(1, token.end - token.start));
  }

  protected errorAt(message: string, start: number, end: number): FormulaError {
    return new FormulaError(message, this.source, start, Math.max(1, end - start));
  }

  /** Skips tokens to the end of the current line (decorators, imports). */
  protected skipLine(): void {
    while (this.tokens[this.pos].kind !== 'newline' && this.tokens[this.pos].kind !== 'end') this.pos += 1;
  }

  /** 0-based column of the token in its line, in characters (as FormulaError counts them). */
  protected column(token: Token): number {
    return columnAt(this.source, token.start) - 1;
  }

  protected onSameLine(a: Token, b: Token): boolean {
    return !this.source.slice(a.end, b.start).includes('\n');
  }

  /** Consumes the first `length` characters of the current token, leaving the rest as a token. */
  protected splitToken(length: number): string {
    const token = this.tokens[this.pos];
    const taken = token.text.slice(0, length);
    const rest = token.text.slice(length);
    if (rest === '') {
      this.pos += 1;
    } else {
      const remainder: Token = { ...token, text: rest, value: Number(rest), start: token.start + length, spaced: false };
      this.tokens = [...this.tokens.slice(0, this.pos), remainder, ...this.tokens.slice(this.pos + 1)];
    }
    return taken;
  }

  // ─── Looking ahead over brackets ───────────────────────────────────────────────────────────────

  /** The index of the `>` closing the `<` at `open` on the same line, or undefined. */
  protected closingAngle(open: number): number | undefined {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i += 1) {
      const t = this.tokens[i];
      if (t.kind === 'newline' || t.kind === 'end') return undefined;
      if (this.isOperator(t, '<')) depth += 1;
      if (this.isOperator(t, '>')) {
        depth -= 1;
        if (depth === 0) return i;
      }
    }
    return undefined;
  }

  /** True if `text` appears at bracket depth 0 before the end of this line or statement. */
  protected findBeforeLineEnd(text: string): boolean {
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i += 1) {
      const t = this.tokens[i];
      if (t.kind === 'newline' || t.kind === 'end' || (depth === 0 && this.isOperator(t, ';'))) return false;
      if (this.isOperator(t, '(', '[', '{')) depth += 1;
      if (this.isOperator(t, ')', ']', '}')) depth -= 1;
      if (depth === 0 && this.isOperator(t, text)) return true;
    }
    return false;
  }

  /** Skips tokens on this line up to one of `stops` (C++'s `const noexcept` after a lambda's parameters). */
  protected skipUntil(stops: string[]): void {
    while (this.tokens[this.pos].kind !== 'end' && !(this.tokens[this.pos].kind === 'operator' && stops.includes(this.tokens[this.pos].text))) {
      this.pos += 1;
    }
  }

  /** Skips a type annotation (`: number`, `::Float64`, `-> float`, `: Array<number>`) up to one of `stops`. */
  protected skipTypeUntil(stops: string[]): void {
    let depth = 0;
    this.next();
    for (;;) {
      const t = this.tokens[this.pos];
      if (t.kind === 'end' || t.kind === 'newline') return;
      if (depth === 0 && t.kind === 'operator' && stops.includes(t.text)) return;
      if (this.isOperator(t, '(', '[', '{', '<')) depth += 1;
      if (this.isOperator(t, ')', ']', '}', '>')) depth -= 1;
      this.pos += 1;
    }
  }

  protected matchingClose(openIndex: number): number | undefined {
    let depth = 0;
    for (let i = openIndex; i < this.tokens.length; i += 1) {
      const t = this.tokens[i];
      if (this.isOperator(t, '(', '[', '{')) depth += 1;
      if (this.isOperator(t, ')', ']', '}')) {
        depth -= 1;
        if (depth === 0) return i;
      }
    }
    return undefined;
  }
}
