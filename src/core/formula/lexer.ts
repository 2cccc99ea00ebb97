/**
 * Splits selected text into tokens, keeping every token's offset so errors can name the column.
 * The lexer knows the dialects' comments and delimiters; what the tokens mean is the parser's job.
 */
import { characterAt, FormulaError, quote } from './errors';

/** `superscript` is a closed exponent written with Unicode superscripts (x², x⁻¹): its value is the power. */
export type TokenKind = 'number' | 'identifier' | 'command' | 'operator' | 'superscript' | 'string' | 'newline' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The text as written (for an `identifier` in LaTeX, the letters it stands for). */
  readonly text: string;
  /** For `number` tokens. */
  readonly value: number;
  readonly start: number;
  readonly end: number;
  /** Whitespace (or a comment) separates it from the previous token. */
  readonly spaced: boolean;
}

/** What the text looks like; decides how ambiguous characters (`%`, `//`, letters in LaTeX) are read. */
export interface Dialect {
  /** LaTeX (as in Markdown math): `\commands`, `$…$`, braces as groups, single-letter variables. */
  readonly latex: boolean;
  /** Python: `//` is floor division, not a comment. */
  readonly python: boolean;
  /** MATLAB / Octave: `%` starts a comment. */
  readonly matlab: boolean;
  /** C, C++, Java, C#, JavaScript: number suffixes (`5f`, `2.0L`) and hex literals. */
  readonly cFamily: boolean;
  /** Julia: matrices written with spaces (`[1 2; 3 4]`) and broadcasting dots (`x .- y`), as MATLAB writes them. */
  readonly julia: boolean;
}

/** Selected text longer than this is not a formula someone means (and keeps every later stage bounded). */
export const MAX_SOURCE_LENGTH = 20_000;

/**
 * Decides the dialect from the code itself: comments and strings are set aside first, so a `$` or `\frac`
 * in a docstring or a `# $\ell_2$` comment does not turn a Python line into LaTeX.
 */
export function detectDialect(source: string): Dialect {
  const code = withoutCommentsAndStrings(source);
  const latex = /\\[A-Za-z]|\$|\\\[|\\\(/.test(code);
  const cFamily = !latex && /;|\b(const|let|var|double|float|int|long|return|public|static|Math|std|function)\b/.test(code);
  const python = !latex && (/(^|\s)(def|lambda)\s|\b(np|numpy|math|torch|jnp|F)\.|\bimport\b/.test(code) || /(^|\s)#/.test(source)) && !/;\s*(\/\/|$)/m.test(code);
  return {
    latex,
    python,
    matlab: !latex && (/@\s*\(|\.[*/^]|^\s*%|;\s*%|^\s*function\b[^(]*=|\bend\s*$/m.test(source)),
    cFamily,
    julia: !latex && !python && !/=>|\b(const|let|var)\b/.test(code) && /\.[-+*/^]|\w\.\(|\busing\b|::\s*[A-Z]|\bend\s*$/m.test(code),
  };
}

/** The source with string literals and line comments (`#`, `//`, after whitespace) blanked out. */
function withoutCommentsAndStrings(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ')
    .replace(/("""|''')[\s\S]*?(\1|$)/g, ' ')
    .replace(/"[^"\n]*"|'[^'\n]*'/g, ' ')
    .replace(/(^|\s)(#|\/\/).*$/gm, '$1');
}

// Operators, longest first so `**` wins over `*`.
const OPERATORS = [
  '%*%', '===', '!==', '...', '--',
  '**', '.^', '.*', './', '.+', '.-', '//', '==', '!=', '<=', '>=', '&&', '||', ':=', '<-', '->', '=>', '::',
  '+', '-', '*', '/', '^', '(', ')', '[', ']', '{', '}', ',', ';', ':', '=', '<', '>', '!', '?', '&', '|', '@', '%', '~', "'", '_', '.',
];

/** Unicode look-alikes people paste from papers, read as their ASCII operators. */
const UNICODE_OPERATORS: ReadonlyMap<string, string> = new Map(Object.entries({
  '−': '-',
  '–': '-',
  '·': '*',
  '⋅': '*',
  '×': '*',
  '∗': '*',
  '÷': '/',
  '←': '<-',
  '≔': ':=',
  '≤': '<=',
  '≥': '>=',
  '≠': '!=',
}));

const SUPERSCRIPT_DIGITS: ReadonlyMap<string, string> = new Map(Object.entries({
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-',
}));

/** Subscript digits are part of a name: θ₁ is the variable θ₁. */
const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

/** Characters that take no room: treated as spacing rather than as unexpected characters. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/;

/**
 * Function names read as one word even in LaTeX, where a run of letters is otherwise a product of
 * single-letter variables (`xy` is x·y). Lets `$sin(x)$` written without a backslash still mean sine.
 */
const LATEX_BARE_WORDS = new Set([
  'sin', 'cos', 'tan', 'exp', 'log', 'ln', 'sqrt', 'abs', 'max', 'min', 'sinh', 'cosh', 'tanh',
  'arcsin', 'arccos', 'arctan', 'sigmoid', 'softplus', 'relu',
]);

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
/** The code point at `i` as a string: one UTF-16 unit, or two for a letter beyond the first plane (𝑥, 𠀋). */
function codePointAt(source: string, i: number): string {
  const unit = source.charCodeAt(i);
  // A high surrogate starts a pair (a lone one stays one unit); anything else is its own character.
  return unit >= 0xd800 && unit <= 0xdbff ? String.fromCodePoint(source.codePointAt(i)!) : (source[i] ?? '');
}
const isIdentifierStart = (c: string): boolean => /[\p{L}_]/u.test(c);
const isIdentifierPart = (c: string): boolean => /[\p{L}\p{Nd}_]/u.test(c) || SUBSCRIPT_DIGITS.includes(c);
/** In LaTeX `_` is a subscript, not part of a name: `x_1` is x with subscript 1. */
const isLatexIdentifierPart = (c: string): boolean => /[\p{L}\p{Nd}]/u.test(c);

export function tokenize(source: string, dialect: Dialect = detectDialect(source)): Token[] {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new FormulaError(
      `The selection is ${source.length} characters long; a formula must be under ${MAX_SOURCE_LENGTH}`,
      source,
      MAX_SOURCE_LENGTH,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  let spaced = false;

  const push = (kind: TokenKind, text: string, start: number, end: number, value = Number.NaN): void => {
    tokens.push({ kind, text, value, start, end, spaced });
    spaced = false;
  };
  const lineEnd = (from: number): number => {
    const next = source.indexOf('\n', from);
    return next === -1 ? source.length : next;
  };
  /** The last token that is not a newline: decides whether `'` is a transpose or a quote, `//` a comment, … */
  const previous = (): Token | undefined => tokens[tokens.length - 1];

  while (i < source.length) {
    const c = source[i];
    const rest = source.slice(i, i + 3);

    // Whitespace; newlines are tokens (they end statements in Python, Julia, R, MATLAB).
    if (c === '\n') {
      push('newline', '\n', i, i + 1);
      i += 1;
      continue;
    }
    if (/\s/.test(c) || c === '`' || c === '\u00a0' || INVISIBLE.test(c)) {
      spaced = true;
      i += 1;
      continue;
    }

    // Comments.
    const afterSemicolon = /;\s*$/.test(source.slice(Math.max(0, i - 8), i));
    if (c === '#' || (c === '%' && (dialect.latex || dialect.matlab || afterSemicolon))) {
      i = lineEnd(i);
      spaced = true;
      continue;
    }
    if (rest.startsWith('/*')) {
      const close = source.indexOf('*/', i + 2);
      if (close === -1) throw new FormulaError('Comment `/*` is never closed with `*/`', source, i, 2);
      i = close + 2;
      spaced = true;
      continue;
    }
    // `//` is a comment in the C family and floor division in Python. Outside Python, `// 2` or `// (n + 1)` is
    // still floor division: a comment rarely starts with a number, and reading it as one would drop a term.
    if (rest.startsWith('//') && !dialect.python && !/^\/\/\s*[\d(.]/.test(source.slice(i, i + 40))) {
      i = lineEnd(i);
      spaced = true;
      continue;
    }
    // MATLAB's line continuation `...` joins the next line.
    if (rest === '...' && dialect.matlab) {
      i = lineEnd(i) + 1;
      spaced = true;
      continue;
    }
    // Python's explicit line continuation.
    if (c === '\\' && /^\\[ \t]*\r?\n/.test(source.slice(i, i + 4)) && !dialect.latex) {
      i = lineEnd(i) + 1;
      spaced = true;
      continue;
    }

    // LaTeX: math delimiters are spacing; `\command` is one token.
    if (dialect.latex) {
      if (c === '$' || c === '&') {
        spaced = true;
        i += 1;
        continue;
      }
      if (c === '~') {
        spaced = true;
        i += 1;
        continue;
      }
      if (c === '\\') {
        const start = i;
        const word = /^\\([A-Za-z]+)/.exec(source.slice(i));
        if (word) {
          i += word[0].length;
          push('command', word[1], start, i);
        } else if (i + 1 < source.length) {
          // \, \; \! \{ \} \[ \] \( \) \\ \| … (and whatever else follows, whole: `\😀` is no half command)
          const symbol = codePointAt(source, i + 1);
          i += 1 + symbol.length;
          push('command', symbol, start, i);
        } else {
          throw new FormulaError('A lone backslash `\\` at the end of the formula', source, i);
        }
        continue;
      }
    }

    // Numbers: 12, 1.5, .5, 1e-3, 1_000 (Python; not in LaTeX, where `2_1` is a subscript), 0x1F,
    // and C-family suffixes: 0.5f, 5f, 2.0L, 1.5m.
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      const start = i;
      const prefixed = !dialect.latex ? /^0[xX][\da-fA-F]+|^0[bB][01]+|^0[oO][0-7]+/.exec(source.slice(i)) : null;
      // In LaTeX a dot needs digits after it: `w^2.` ends a sentence.
      const decimal = dialect.latex ? /^\d*(?:\.\d+)?(?:[eE][+-]?\d+)?/ : /^(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][+-]?\d+)?/;
      let text = prefixed ? prefixed[0] : (decimal.exec(source.slice(i))?.[0] ?? c);
      // Don't swallow MATLAB's `.^`, `.*`, `./` after an integer: `2.^x` is 2 .^ x.
      if (text.endsWith('.') && /[*/^]/.test(source[i + text.length] ?? '')) text = text.slice(0, -1);
      i += text.length;
      const suffix = source[i] ?? '';
      const suffixEnds = !isIdentifierPart(source[i + 1] ?? '');
      if (!prefixed && suffixEnds && (/[fFdD]/.test(suffix) && (/[.eE]/.test(text) || dialect.cFamily) || (/[lLmM]/.test(suffix) && dialect.cFamily))) i += 1;
      const value = prefixed ? Number(text) : Number(text.replace(/_/g, ''));
      if (!Number.isFinite(value)) {
        throw new FormulaError(`The number ${quote(text)} is too large`, source, start, text.length);
      }
      push('number', source.slice(start, i), start, i, value);
      continue;
    }

    // Identifiers. In LaTeX a run of letters is a product of single-letter variables (xy is x·y), except
    // known function words; a letter keeps the digits after it (x1 reads as one name, as people mean it).
    if (dialect.latex && /\p{L}/u.test(codePointAt(source, i))) {
      const start = i;
      for (let part = codePointAt(source, i); part !== '' && isLatexIdentifierPart(part); part = codePointAt(source, i)) i += part.length;
      const word = source.slice(start, i);
      if (LATEX_BARE_WORDS.has(word)) {
        push('identifier', word, start, i);
        continue;
      }
      for (const part of word.matchAll(/\p{L}\p{Nd}*/gu)) {
        const partStart = start + (part.index ?? 0);
        push('identifier', plainLetters(part[0]), partStart, partStart + part[0].length);
      }
      continue;
    }
    if (!dialect.latex && isIdentifierStart(codePointAt(source, i))) {
      const start = i;
      for (let part = codePointAt(source, i); part !== '' && isIdentifierPart(part); part = codePointAt(source, i)) i += part.length;
      const word = plainLetters(source.slice(start, i));
      if (/^[Σ∑]./u.test(word)) throw new FormulaError('Sums over an index (Σ) aren’t supported: write the terms out', source, start, 1);
      push('identifier', word, start, i);
      continue;
    }

    // Unicode superscripts: x² is x^2.
    if (SUPERSCRIPT_DIGITS.has(c)) {
      const start = i;
      let digits = '';
      for (let digit = SUPERSCRIPT_DIGITS.get(c); digit !== undefined; digit = SUPERSCRIPT_DIGITS.get(source[i] ?? '')) {
        digits += digit;
        i += 1;
      }
      const value = Number(digits);
      if (!Number.isFinite(value)) throw new FormulaError(`Unreadable superscript ${quote(source.slice(start, i))}`, source, start, i - start);
      push('superscript', digits, start, i, value);
      continue;
    }

    if (c === '‖') {
      push('operator', '|', i, i + 1);
      i += 1;
      continue;
    }
    if (c === '√') {
      push('operator', '√', i, i + 1);
      i += 1;
      continue;
    }
    const lookalike = UNICODE_OPERATORS.get(c);
    if (lookalike !== undefined) {
      push('operator', lookalike, i, i + 1);
      i += 1;
      continue;
    }

    // Strings: a quote that does not follow an operand (after one, `'` is MATLAB's transpose).
    if (c === '"' || (c === "'" && !isOperandEnd(previous()))) {
      // Python's triple-quoted docstrings.
      const triple = source.startsWith(c.repeat(3), i);
      if (triple) {
        const close = source.indexOf(c.repeat(3), i + 3);
        const end = close === -1 ? source.length : close + 3;
        push('string', source.slice(i, end), i, end);
        i = end;
        continue;
      }
      const close = source.indexOf(c, i + 1);
      const end = close === -1 ? lineEnd(i) : close + 1;
      push('string', source.slice(i, end), i, end);
      i = end;
      continue;
    }

    // In LaTeX `||` is two bars: |x||y| is |x|·|y|.
    const operator = dialect.latex && source.startsWith('||', i) ? '|' : OPERATORS.find((op) => source.startsWith(op, i));
    if (operator) {
      push('operator', operator, i, i + operator.length);
      i += operator.length;
      continue;
    }

    // The character whole (an emoji, not half of its surrogate pair; with its modifiers), and its whole length.
    const character = characterAt(source, i);
    throw new FormulaError(`Unexpected character ${quote(character)}`, source, i, character.length);
  }
  push('end', '', source.length, source.length);
  return tokens;
}

/** Letters pasted from a PDF's math fonts (𝑥, 𝐰) are the letters they look like (and θ₁ stays θ₁). */
function plainLetters(word: string): string {
  return word.replace(/[\u{1d400}-\u{1d7ff}]/gu, (letter) => letter.normalize('NFKC'));
}

function isOperandEnd(token: Token | undefined): boolean {
  if (!token) return false;
  return (
    token.kind === 'number' ||
    token.kind === 'identifier' ||
    (token.kind === 'operator' && (token.text === ')' || token.text === ']'))
  );
}
