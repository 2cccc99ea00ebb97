/**
 * Reads a selection as people write loss formulas in code and papers, and finds the one formula in it.
 *
 * Statements: Python (`def f(x, y): return …`, `lambda t: …`, `loss = …`), JavaScript/TypeScript/Java/C#
 * (`const loss = …;`, `let cost: number = …`, `(x) => …`, `function f(a, b) { return …; }`), C/C++
 * (`double f = …;`), MATLAB/Octave (`@(x) …`, `function y = f(x) … end`), Julia (`f(w) = …`,
 * `function f(x) … end`), R (`f <- function(b) …`), LaTeX (`L(\theta) = …`) and plain math
 * (`f(x1, x2) = …`). Expressions: a Pratt parser over the union of their operators, with implicit
 * multiplication where the dialect has it (`2w^2`, `100(y - x^2)^2`, `2\theta\lambda`).
 *
 * Nothing here evaluates anything: the result is a syntax tree.
 */
import { FormulaError, quote } from './errors';
import { arityOf, isNamespace, nonMathCallMessage, resolveFunction } from './functions';
import { GREEK_LETTERS, normalizeLatex } from './latex';
import { detectDialect, tokenize, type Dialect, type Token } from './lexer';
import type { Binding, ElementName, Parameter, Program, Syntax, Unpacking, VectorLiteral } from './syntax';

const ADDITIVE = 10;
const MULTIPLICATIVE = 20;
const UNARY = 25;
const POWER = 30;
const POSTFIX = 40;

/** Deeper nesting than this is not a formula a person wrote; refusing it keeps the parser's stack bounded. */
const MAX_DEPTH = 200;

/** Words that start a declaration before the name (`const loss = …`, `double f = …`). */
const DECLARATION_WORDS = new Set([
  'const', 'let', 'var', 'val', 'auto', 'double', 'float', 'int', 'long', 'short', 'real', 'number', 'static',
  'public', 'private', 'protected', 'internal', 'final', 'export', 'readonly', 'unsigned', 'signed', 'inline',
  'constexpr', 'mutable', 'local', 'global', 'decimal', 'Float64', 'Float32', 'f64', 'f32', 'override', 'virtual',
  'abstract', 'sealed', 'extern', 'unsafe', 'internal', 'protected', 'final', 'open',
]);
/** Type names a C-family cast puts in brackets: `(double)n`. */
const CAST_TYPES = new Set(['double', 'float', 'int', 'long', 'short', 'decimal', 'Float64', 'Float32', 'real']);
const CONTROL_WORDS = new Set(['if', 'else', 'elif', 'elseif', 'switch', 'case', 'match', 'ifelse', 'where']);
const LOOP_WORDS = new Set(['for', 'while', 'do', 'loop', 'foreach']);
const LOGIC_WORDS = new Set(['and', 'or', 'not', 'xor', 'in', 'is']);
/** Words that can never be a variable; reaching one where a value should be is an error. */
const RESERVED = new Set([
  ...CONTROL_WORDS, ...LOOP_WORDS, ...LOGIC_WORDS, 'return', 'def', 'lambda', 'function', 'end', 'import', 'pass',
  'from', 'class', 'new', 'try', 'catch', 'with', 'yield', 'await', 'async', 'typeof', 'delete', 'void',
  'const', 'let', 'var', 'None', 'null', 'undefined', 'nothing', 'NULL', 'True', 'False', 'true', 'false',
]);

/** LaTeX commands that are functions of what follows: `\sin x`, `\log_2(x)`, `\max(a, b)`. */
const LATEX_FUNCTIONS: Readonly<Record<string, string>> = {
  sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec', csc: 'csc', arcsin: 'asin', arccos: 'acos',
  arctan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', coth: 'coth', exp: 'exp', ln: 'log', log: 'log',
  max: 'max', min: 'min', sgn: 'sign',
};
const INVERSE_TRIG: Readonly<Record<string, string>> = { sin: 'asin', cos: 'acos', tan: 'atan', sinh: 'asinh', cosh: 'acosh', tanh: 'atanh' };
const UNSUPPORTED_LATEX: Readonly<Record<string, string>> = {
  sum: 'Sums over an index (\\sum) aren’t supported: write the terms out',
  prod: 'Products over an index (\\prod) aren’t supported: write the factors out',
  int: 'Integrals aren’t supported',
  lim: 'Limits aren’t supported',
  partial: 'Derivatives (\\partial) aren’t supported: write the loss itself; the lab differentiates it',
  nabla: 'Gradients (\\nabla) aren’t supported: write the loss itself; the lab differentiates it',
  infty: 'Infinity isn’t a value a loss can use',
  pm: '± has two values; write one formula',
  mp: '∓ has two values; write one formula',
};

type Statement =
  | { kind: 'assign'; name: string; start: number; end: number; value: Syntax | FunctionValue }
  | { kind: 'function'; name: string | null; start: number; end: number; value: FunctionValue }
  | UnpackStatement
  | { kind: 'return'; start: number; end: number; value: Syntax }
  | { kind: 'expression'; start: number; end: number; value: Syntax };

/** One target of an unpacking: a name, `*rest`, or a bracketed group (`open`, `close`: token indices). */
type Target =
  | { kind: 'name' | 'starred'; token: Token; end: number }
  | { kind: 'nested'; token: Token; end: number; open: number; close: number };

/** `x, y = p`, `[x, y] = p`, `const [x, y] = p`, `const { x, y } = p`: one value for several names. */
interface UnpackStatement {
  readonly kind: 'unpack';
  readonly targets: readonly UnpackTarget[];
  readonly form: 'tuple' | 'object';
  readonly start: number;
  readonly end: number;
  readonly value: Syntax;
}

/** A name an unpacking gives; in an object's destructuring, with the field it takes (`a` in `{ a: b }`). */
interface UnpackTarget {
  readonly token: Token;
  readonly field?: string;
}

interface FunctionValue {
  readonly kind: 'function';
  readonly start: number;
  readonly end: number;
  readonly parameters: readonly Parameter[];
  readonly bindings: readonly Binding[];
  readonly unpackings?: readonly Unpacking[];
  readonly result: Syntax;
  /** Where its square-bracket indices start, when not 0: Julia's and MATLAB's `function … end`, `f(x) = …`. */
  readonly base?: number;
}

export function parseProgram(source: string): Program {
  const dialect = detectDialect(source);
  let tokens = tokenize(source, dialect);
  if (dialect.latex) tokens = normalizeLatex(tokens, source);
  return new Parser(source, tokens, dialect).program();
}

class Parser {
  private pos = 0;
  /** Open brackets inside an expression: newlines there continue the expression (Python's implicit joining). */
  private bracketDepth = 0;
  /** Open `|…|` pairs: inside one, a `|` closes it rather than opening another. */
  private absDepth = 0;
  private depth = 0;
  /** The selection had an import line (to say so when it holds nothing else). */
  private imported = false;
  /** Expressions being parsed: a line break can only continue one of them. */
  private expressionDepth = 0;

  constructor(
    private readonly source: string,
    private tokens: Token[],
    private readonly dialect: Dialect,
  ) {}

  // ─── Token access ──────────────────────────────────────────────────────────────────────────────

  private index(offset = 0): number {
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
      t !== undefined && t.kind === 'operator' && ['+', '-', '*', '/', '^', '**', '.*', './', '.^'].includes(t.text);
    return binary(previous) || (binary(next) && next.kind !== 'end' && !(next.text === '-' && this.dialect.python));
  }

  private peek(offset = 0): Token {
    return this.tokens[this.index(offset)];
  }

  private next(): Token {
    const i = this.index();
    const token = this.tokens[i];
    if (token.kind !== 'end') this.pos = i + 1;
    return token;
  }

  /** Also false past the end of the tokens, so lookahead needs no bounds checks. */
  private isOperator(token: Token | undefined, ...texts: string[]): boolean {
    return token !== undefined && token.kind === 'operator' && texts.includes(token.text);
  }

  private isWord(token: Token | undefined, ...words: string[]): boolean {
    return token !== undefined && token.kind === 'identifier' && words.includes(token.text);
  }

  private accept(text: string): Token | undefined {
    if (this.isOperator(this.peek(), text)) return this.next();
    return undefined;
  }

  private expect(text: string, context: string): Token {
    const token = this.peek();
    if (this.isOperator(token, text)) return this.next();
    throw this.error(`Expected \`${text}\` ${context}, found ${this.describe(token)}`, token);
  }

  private describe(token: Token): string {
    switch (token.kind) {
      case 'end':
        return 'the end of the formula';
      case 'newline':
        return 'the end of the line';
      default:
        return quote(this.source.slice(token.start, token.end) || token.text);
    }
  }

  private error(message: string, token: Token): FormulaError {
    return new FormulaError(message, this.source, token.start, Math.max(1, token.end - token.start));
  }

  private errorAt(message: string, start: number, end: number): FormulaError {
    return new FormulaError(message, this.source, start, Math.max(1, end - start));
  }

  /** Skips tokens to the end of the current line (decorators, imports). */
  private skipLine(): void {
    while (this.tokens[this.pos].kind !== 'newline' && this.tokens[this.pos].kind !== 'end') this.pos += 1;
  }

  private column(token: Token): number {
    return token.start - (this.source.lastIndexOf('\n', token.start - 1) + 1);
  }

  private onSameLine(a: Token, b: Token): boolean {
    return !this.source.slice(a.end, b.start).includes('\n');
  }

  // ─── Program ───────────────────────────────────────────────────────────────────────────────────

  program(): Program {
    const statements = this.statements(() => false);
    const end = this.peek();
    if (end.kind !== 'end') throw this.error(`Unexpected ${this.describe(end)}`, end);
    return this.resolveProgram(statements);
  }

  /**
   * Picks the formula out of top-level statements: the last one that isn't a plain number assignment.
   * Assignments of numbers (`x = 10`) give start values; other assignments before it are definitions.
   */
  private resolveProgram(statements: Statement[]): Program {
    // `x = 10` gives x's start value — unless x is assigned again later (`s = 0` then `s += x^2`: an accumulator).
    const isStartValue = (s: Statement): boolean =>
      s.kind === 'assign' &&
      !isFunction(s.value) &&
      isNumberLiteral(s.value) &&
      !statements.some((other) => other !== s && other.kind === 'assign' && other.name === s.name && other.start > s.start);
    const formulaIndex = statements.findLastIndex((s) => !isStartValue(s));
    const startValues = statements
      .filter(isStartValue)
      .map((s) => ({ name: (s as { name: string }).name, value: s.value as Syntax, start: s.start, end: s.end }));
    if (formulaIndex === -1) {
      if (statements.length === 0) {
        const what = this.imported ? 'The selection only imports modules' : 'The selection is empty';
        throw new FormulaError(`${what}: select a formula such as \`(w - 3)**2 + b**2\``, this.source, 0, 0);
      }
      const first = statements[0];
      throw this.errorAt(
        `${quote(this.source.slice(first.start, first.end))} only assigns a number; select the formula that uses it`,
        first.start,
        first.end,
      );
    }
    const formula = statements[formulaIndex];
    if (formula.kind === 'unpack') {
      const names = formula.targets.map((t) => t.token.text).join(', ');
      throw this.errorAt(`${quote(this.source.slice(formula.start, formula.end))} only unpacks a vector; select the formula that uses ${names}`, formula.start, formula.end);
    }
    const bindings: Binding[] = [];
    const unpackings: Unpacking[] = [];
    // Outside a function only MATLAB's own indexing says where a vector starts.
    const base = this.dialect.matlab ? 1 : 0;
    for (const s of statements.slice(0, formulaIndex).filter((s) => !isStartValue(s))) {
      if (s.kind === 'unpack') {
        const unpacked = unpack(s, base);
        bindings.push(...unpacked.bindings);
        unpackings.push(unpacked.unpacking);
        continue;
      }
      if (s.kind !== 'assign' || isFunction(s.value)) {
        // Two formulas (or a helper function and a formula) selected together: which one is meant?
        throw this.errorAt(
          `More than one formula is selected: ${quote(this.source.slice(s.start, s.end))} and ${quote(this.source.slice(formula.start, formula.end))}; select the one to simulate`,
          s.start,
          s.end,
        );
      }
      const binding: Binding = { name: s.name, value: s.value, start: s.start, end: s.end };
      // `x = p[0]` names an element (in MATLAB `x = p(1)`): a name the formula may leave unused, as `x, y = p`'s.
      const naming = elementNaming(binding, base, this.dialect.matlab);
      if (naming) unpackings.push(naming);
      bindings.push(naming ? binding : { ...binding, mustBeUsed: true });
    }
    const outer = { bindings, unpackings, startValues };
    switch (formula.kind) {
      case 'function':
        return this.functionProgram(formula.name, formula.value, outer);
      case 'assign':
        return isFunction(formula.value)
          ? this.functionProgram(formula.name, formula.value, outer)
          : { name: formula.name, parameters: null, ...outer, result: formula.value, base };
      case 'return':
      case 'expression':
        return { name: null, parameters: null, ...outer, result: formula.value, base };
    }
  }

  private functionProgram(
    name: string | null,
    fn: FunctionValue,
    outer: { bindings: Binding[]; unpackings: Unpacking[]; startValues: Binding[] },
  ): Program {
    return {
      name,
      parameters: fn.parameters,
      bindings: [...outer.bindings, ...fn.bindings],
      unpackings: [...outer.unpackings, ...(fn.unpackings ?? [])],
      startValues: outer.startValues,
      result: fn.result,
      base: fn.base ?? 0,
    };
  }

  /** Statements until `isEnd()` or the end of input, separated by newlines and `;`. */
  private statements(isEnd: () => boolean): Statement[] {
    const list: Statement[] = [];
    for (;;) {
      while (this.tokens[this.pos].kind === 'newline' || this.isOperator(this.tokens[this.pos], ';')) this.pos += 1;
      if (this.peek().kind === 'end' || isEnd()) return list;
      const tuple = this.tupleAssignment();
      if (tuple) list.push(...tuple);
      else {
        const statement = this.statement();
        if (statement) list.push(statement);
      }
      // A display equation often ends its sentence: $$ L(w) = w^2. $$
      if (this.dialect.latex && this.isOperator(this.tokens[this.pos], ',', '.') && this.tokens.slice(this.pos + 1).every((t) => t.kind === 'newline' || t.kind === 'end')) {
        this.pos += 1;
      }
      const after = this.tokens[this.pos];
      if (after.kind !== 'newline' && after.kind !== 'end' && !this.isOperator(after, ';') && !isEnd()) {
        throw this.error(`Unexpected ${this.describe(after)} after the formula`, after);
      }
    }
  }

  /**
   * `w, b = 1.0, 2.0` (Python, Julia): one assignment per name. `x, y = p`, one value for several names, is an
   * unpacking of a vector. Undefined if the statement here is neither.
   */
  private tupleAssignment(): Statement[] | undefined {
    if (this.dialect.latex) return undefined;
    const targets = this.unpackingTargets();
    if (!targets) return undefined;
    const { form } = targets;
    const names = targets.targets.map((t) => t.token);
    this.pos = targets.equals + 1;
    if (form === 'object') {
      // Only a name can be destructured; anything else is kept, to be refused with the others.
      const value = this.expression();
      return [{ kind: 'unpack', targets: targets.targets, form, start: targets.start, end: value.end, value }];
    }
    const valuesBracketed = this.accept('(') !== undefined;
    const values: Syntax[] = [];
    for (;;) {
      values.push(this.expression());
      if (!this.accept(',')) break;
    }
    if (valuesBracketed) this.expect(')', 'to close the values');
    if (values.length === 1 && !isNumberLiteral(values[0])) {
      return [{ kind: 'unpack', targets: targets.targets, form, start: targets.start, end: values[0].end, value: values[0] }];
    }
    if (values.length !== names.length) {
      throw this.errorAt(`Unpacking into ${names.map((n) => n.text).join(', ')} needs ${names.length} values`, names[0].start, values.at(-1)!.end);
    }
    return names.map((name, k) => ({ kind: 'assign', name: name.text, start: name.start, end: values[k].end, value: values[k] }));
  }

  /**
   * The names before the `=` of an unpacking — `x, y`, `(x, y)`, `[x, y]`, `const [x, y]`, `const { x, y }` —
   * and the index of the `=`; undefined if the statement here is not one. A starred or nested target is
   * refused here, where it is known to be one: what it holds can't be told from the text.
   */
  private unpackingTargets(): { targets: UnpackTarget[]; form: 'tuple' | 'object'; start: number; equals: number } | undefined {
    let i = this.pos;
    const declared = this.isWord(this.tokens[i], 'const', 'let', 'var') && this.isOperator(this.tokens[i + 1], '[', '{');
    if (declared) i += 1;
    const start = this.tokens[this.pos].start;
    if (declared && this.isOperator(this.tokens[i], '{')) {
      const pattern = this.objectPattern(i);
      const equals = pattern && this.afterAnnotation(pattern.next);
      if (!pattern || pattern.targets.length === 0 || !this.isOperator(this.tokens[equals ?? i], '=')) return undefined;
      return { targets: pattern.targets, form: 'object', start, equals: equals! };
    }
    let list = this.targetList(i);
    // `(x, y) = p`, `[x, y] = p`: one bracketed list is the targets themselves.
    const [only] = list.targets;
    if (list.targets.length === 1 && only.kind === 'nested') {
      const inner = this.targetList(only.open + 1);
      if (inner.next !== only.close) return undefined;
      list = { targets: inner.targets, next: only.close + 1 };
    }
    i = declared ? this.afterAnnotation(list.next) : list.next;
    if (list.targets.length < 2 || !this.isOperator(this.tokens[i], '=')) return undefined;
    const names: UnpackTarget[] = [];
    for (const target of list.targets) {
      if (target.kind === 'name') {
        names.push({ token: target.token });
        continue;
      }
      const written = quote(this.source.slice(target.token.start, target.end));
      throw target.kind === 'starred'
        ? this.error(`${written} takes the rest of the vector, whose length isn’t known: name each element, as in \`x, y = p\``, target.token)
        : this.error(`Nested unpacking (${written}) isn’t supported: unpack a vector parameter into names, as in \`x, y = p\``, target.token);
    }
    return { targets: names, form: 'tuple', start, equals: i };
  }

  /** The token after TypeScript's annotation of a destructuring (`const [x, y]: [number, number] = p`), from `i`. */
  private afterAnnotation(from: number): number {
    let i = from;
    if (!this.isOperator(this.tokens[i], ':')) return i;
    let depth = 0;
    for (i += 1; !['end', 'newline'].includes(this.tokens[i].kind) && !(depth === 0 && this.isOperator(this.tokens[i], '=')); i += 1) {
      if (this.isOperator(this.tokens[i], '(', '[', '{', '<')) depth += 1;
      if (this.isOperator(this.tokens[i], ')', ']', '}', '>')) depth -= 1;
    }
    return i;
  }

  /**
   * `{ x, y: b }` from the `{` at token `open`: JavaScript's object destructuring, each field with the name it
   * is given; undefined if it is not one. A rest, a nested pattern or a default is refused here, as in arrays.
   */
  private objectPattern(open: number): { targets: UnpackTarget[]; next: number } | undefined {
    const close = this.matchingClose(open);
    if (close === undefined || !this.isOperator(this.tokens[close], '}')) return undefined;
    const targets: UnpackTarget[] = [];
    const skipNewlines = (from: number): number => {
      let k = from;
      while (this.tokens[k].kind === 'newline') k += 1;
      return k;
    };
    for (let i = skipNewlines(open + 1); i < close; i = skipNewlines(i)) {
      const field = this.tokens[i];
      if (this.isOperator(field, '...')) {
        const rest = quote(this.source.slice(field.start, this.tokens[i + 1].end));
        throw this.error(`${rest} takes the rest of the object, whose fields aren’t known: name each field, as in \`const { x, y } = p\``, field);
      }
      if (field.kind !== 'identifier' || this.isReserved(field)) return undefined;
      let name = field;
      i += 1;
      if (this.isOperator(this.tokens[i], ':')) {
        name = this.tokens[i + 1];
        if (this.isOperator(name, '{', '[')) {
          const nestedClose = this.matchingClose(i + 1) ?? i + 1;
          const written = quote(this.source.slice(field.start, this.tokens[nestedClose].end));
          throw this.error(`Nested destructuring (${written}) isn’t supported: destructure a parameter into names, as in \`const { x, y } = p\``, field);
        }
        if (name.kind !== 'identifier' || this.isReserved(name)) return undefined;
        i += 2;
      }
      if (this.isOperator(this.tokens[i], '=')) {
        const written = quote(this.source.slice(field.start, this.tokens[i + 1].end));
        throw this.error(`Defaults in destructuring (${written}) aren’t supported: name the field alone, as in \`const { ${field.text} } = p\``, field);
      }
      targets.push({ token: name, field: field.text });
      i = skipNewlines(i);
      if (this.isOperator(this.tokens[i], ',')) i += 1;
      else if (i !== close) return undefined;
    }
    return { targets, next: close + 1 };
  }

  /** Names, starred names (`*rest`, `...rest`) and bracketed groups separated by commas, from token `from`. */
  private targetList(from: number): { targets: Target[]; next: number } {
    const targets: Target[] = [];
    let i = from;
    for (;;) {
      const token = this.tokens[i];
      if (token.kind === 'identifier' && !this.isReserved(token)) {
        targets.push({ kind: 'name', token, end: token.end });
        i += 1;
      } else if (this.isOperator(token, '*', '...') && this.tokens[i + 1].kind === 'identifier') {
        targets.push({ kind: 'starred', token, end: this.tokens[i + 1].end });
        i += 2;
      } else if (this.isOperator(token, '(', '[')) {
        const close = this.matchingClose(i);
        if (close === undefined || !this.isOperator(this.tokens[close], token.text === '(' ? ')' : ']')) break;
        targets.push({ kind: 'nested', token, end: this.tokens[close].end, open: i, close });
        i = close + 1;
      } else {
        break;
      }
      if (!this.isOperator(this.tokens[i], ',')) break;
      i += 1;
    }
    return { targets, next: i };
  }

  private statement(): Statement | null {
    const first = this.peek();
    // A docstring or a stray string literal on its own line says nothing about the formula.
    if (first.kind === 'string' && ['newline', 'end'].includes(this.tokens[this.pos + 1].kind)) {
      this.next();
      return null;
    }
    if (this.isOperator(first, '@')) {
      if (this.isOperator(this.peek(1), '(')) return this.expressionStatement();
      // A Python decorator on its own line (@jax.jit), or a Julia macro before a definition (@inline f(x) = …).
      this.next();
      while (this.peek().kind === 'identifier' && this.isOperator(this.tokens[this.pos + 1], '.')) this.pos += 2;
      if (this.peek().kind === 'identifier') this.next();
      if (this.tokens[this.pos].kind === 'newline' || this.tokens[this.pos].kind === 'end' || this.isOperator(this.peek(), '(')) this.skipLine();
      return this.tokens[this.pos].kind === 'newline' || this.tokens[this.pos].kind === 'end' ? null : this.statement();
    }
    if (this.isWord(first, 'import', 'from', 'using', 'include', 'pass')) {
      // An import (to the end of the line or the next `;`), or Python's `pass`: nothing to read.
      while (!['newline', 'end'].includes(this.tokens[this.pos].kind) && !this.isOperator(this.tokens[this.pos], ';')) this.pos += 1;
      this.imported ||= first.text !== 'pass';
      return null;
    }
    if (this.isWord(first, 'return')) {
      this.next();
      const value = this.expression();
      return { kind: 'return', start: first.start, end: value.end, value };
    }
    this.checkStatementWord(first);

    // Declaration words: const, let, double, public static, export …
    const save = this.pos;
    for (;;) {
      if (this.peek().kind === 'identifier' && DECLARATION_WORDS.has(this.peek().text) && this.peek(1).kind === 'identifier') {
        this.next();
        continue;
      }
      // Any type before the name: DoubleUnaryOperator f = x -> …
      if (this.peek().kind === 'identifier' && this.peek(1).kind === 'identifier' && this.isOperator(this.peek(2), '=') && !this.isReserved(this.peek())) {
        this.next();
        continue;
      }
      // A generic type before the name: Func<double, double> f = x => …
      const close = this.peek().kind === 'identifier' && this.isOperator(this.peek(1), '<') ? this.closingAngle(this.index(1)) : undefined;
      if (close !== undefined && this.tokens[close + 1]?.kind === 'identifier' && this.isOperator(this.tokens[close + 2], '=')) {
        this.pos = close + 1;
        continue;
      }
      break;
    }
    const head = this.peek();
    if (this.isWord(head, 'def')) return this.pythonDef();
    if (this.isWord(head, 'function')) {
      const value = this.functionKeyword();
      return { kind: 'function', name: value.name, start: head.start, end: value.value.end, value: value.value };
    }
    if (head.kind === 'identifier' && !this.isReserved(head)) {
      const declared = this.declaration();
      if (declared) return declared;
    }
    this.pos = save;
    return this.expressionStatement();
  }

  /** Keywords of the programming dialects; in LaTeX every word is a name (`\lambda` is a variable). */
  private isReserved(token: Token): boolean {
    return token.kind === 'identifier' && !this.dialect.latex && RESERVED.has(token.text);
  }

  private checkStatementWord(token: Token): void {
    if (token.kind !== 'identifier' || this.dialect.latex) return;
    if (CONTROL_WORDS.has(token.text)) throw this.conditionalError(token);
    if (LOOP_WORDS.has(token.text)) throw this.error(`Loops (\`${token.text}\`) aren’t supported: a loss here is a single formula`, token);
    if (token.text === 'class') throw this.error('Classes aren’t supported: select the loss formula itself', token);
  }

  private conditionalError(token: Token): FormulaError {
    return this.error(
      `Conditionals (${this.describe(token)}) aren’t supported: a loss here is a single smooth formula (abs, max and min are available)`,
      token,
    );
  }

  private expressionStatement(): Statement {
    const value = this.functionOrExpression();
    if (isFunction(value)) return { kind: 'function', name: null, start: value.start, end: value.end, value };
    return { kind: 'expression', start: value.start, end: value.end, value };
  }

  /**
   * `name = …`, `name: type = …`, `name <- …`, `f(x, y) = …`, `double f(double x) { … }`, `f(x) => …`;
   * undefined (position unchanged) if the tokens here are not a declaration.
   */
  private declaration(): Statement | undefined {
    const save = this.pos;
    const nameToken = this.next();
    const name = this.nameWithSubscripts(nameToken);
    // Type annotations: `cost: number = …` (TypeScript, Python), `x::Float64 = …` (Julia).
    if (this.isOperator(this.peek(), ':', '::') && this.findBeforeLineEnd('=')) {
      this.skipTypeUntil(['=']);
    }
    const operator = this.peek();
    if (this.isOperator(operator, '=', ':=', '<-')) {
      this.next();
      const value = this.functionOrExpression();
      return { kind: 'assign', name, start: nameToken.start, end: value.end, value };
    }
    // Compound assignment: `s += x^2` is `s = s + x^2`.
    const compound = this.peek(1);
    if (this.isOperator(operator, '+', '-', '*', '/') && this.isOperator(compound, '=') && !compound.spaced) {
      this.next();
      this.next();
      const right = this.expression();
      const current: Syntax = { kind: 'name', name, start: nameToken.start, end: nameToken.end };
      const value = binary(operator.text as '+' | '-' | '*' | '/', current, right);
      return { kind: 'assign', name, start: nameToken.start, end: right.end, value };
    }
    if (this.isOperator(operator, '(')) {
      const close = this.matchingClose(this.index());
      let after = close === undefined ? undefined : close + 1;
      // Julia's return type: f(x)::Float64 = …
      if (after !== undefined && this.isOperator(this.tokens[after], '::')) {
        while (after < this.tokens.length - 1 && !this.isOperator(this.tokens[after], '=', '{') && this.tokens[after].kind !== 'newline') after += 1;
      }
      // C++ and Java qualifiers after the parameters: `double f(double x) const noexcept {`.
      while (after !== undefined && this.tokens[after].kind === 'identifier' && ['const', 'noexcept', 'override', 'throws', 'final'].includes(this.tokens[after].text)) after += 1;
      const next = after === undefined ? undefined : this.tokens[after];
      const isDefinition =
        next &&
        (this.isOperator(next, '=', ':=', '=>', '{') ||
          (this.isOperator(next, ':') && this.dialect.latex === false && !this.dialect.python));
      if (isDefinition) {
        const parameters = this.parameterList();
        if (this.isOperator(this.peek(), ':', '::')) this.skipTypeUntil(['{', '=>', '=']);
        while (this.peek().kind === 'identifier' && ['const', 'noexcept', 'override', 'throws', 'final'].includes(this.peek().text)) this.next();
        const opener = this.next();
        let fn: FunctionValue;
        if (opener.text === '{') {
          fn = this.braceBody(parameters, nameToken.start);
        } else {
          const result = this.expression();
          // `f(x) = x[1]^2` is Julia or math, which count from 1; C#'s `=> x[0]` counts from 0.
          const base = opener.text === '=>' ? 0 : 1;
          fn = { kind: 'function', start: nameToken.start, end: result.end, parameters, bindings: [], result, base };
        }
        return { kind: 'function', name, start: nameToken.start, end: fn.end, value: fn };
      }
    }
    this.pos = save;
    return undefined;
  }

  /** The index of the `>` closing the `<` at `open` on the same line, or undefined. */
  private closingAngle(open: number): number | undefined {
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
  private findBeforeLineEnd(text: string): boolean {
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
  private skipUntil(stops: string[]): void {
    while (this.tokens[this.pos].kind !== 'end' && !(this.tokens[this.pos].kind === 'operator' && stops.includes(this.tokens[this.pos].text))) {
      this.pos += 1;
    }
  }

  /** Skips a type annotation (`: number`, `::Float64`, `-> float`, `: Array<number>`) up to one of `stops`. */
  private skipTypeUntil(stops: string[]): void {
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

  private matchingClose(openIndex: number): number | undefined {
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

  // ─── Functions ─────────────────────────────────────────────────────────────────────────────────

  /** An expression, or a function value: `lambda x: …`, `(x) => …`, `@(x) …`, `function(b) …`. */
  private functionOrExpression(): Syntax | FunctionValue {
    const token = this.peek();
    if (this.isWord(token, 'lambda') && !this.dialect.latex) return this.lambda();
    if (this.isWord(token, 'function')) return this.functionKeyword().value;
    // C++: [](double x) { return …; }, [&](auto x) { … }
    if (this.isOperator(token, '[') && !this.dialect.latex) {
      const close = this.matchingClose(this.index());
      if (close !== undefined && this.isOperator(this.tokens[close + 1], '(')) {
        this.pos = close + 1;
        const parameters = this.parameterList();
        this.skipUntil(['{']);
        this.expect('{', 'to start the lambda’s body');
        return this.braceBody(parameters, token.start);
      }
    }
    if (this.isOperator(token, '@') && this.isOperator(this.peek(1), '(')) {
      this.next();
      const parameters = this.parameterList();
      const result = this.expression();
      return { kind: 'function', start: token.start, end: result.end, parameters, bindings: [], result, base: 1 };
    }
    const arrow = this.arrowFunction();
    if (arrow) return arrow;
    return this.expression();
  }

  /**
   * `x => …`, `(x, y) => …`, `(x: number): number => { … }` (JavaScript, C#); `x -> …`, `(x, y) -> …` (Julia,
   * Java); undefined if not an arrow function. In LaTeX `->` never starts a function.
   */
  private arrowFunction(): FunctionValue | undefined {
    if (this.dialect.latex) return undefined;
    const start = this.peek();
    const isArrow = (t: Token | undefined): boolean => t !== undefined && this.isOperator(t, '=>', '->');
    let parameters: Parameter[];
    if (start.kind === 'identifier' && isArrow(this.peek(1))) {
      this.next();
      parameters = [{ name: start.text, defaultValue: null, start: start.start, end: start.end }];
    } else if (this.isOperator(start, '(')) {
      const close = this.matchingClose(this.index());
      if (close === undefined) return undefined;
      let after = close + 1;
      if (this.isOperator(this.tokens[after], ':', '::')) {
        while (after < this.tokens.length && !isArrow(this.tokens[after]) && this.tokens[after].kind !== 'newline' && this.tokens[after].kind !== 'end') after += 1;
      }
      if (!isArrow(this.tokens[after])) return undefined;
      parameters = this.parameterList();
      if (this.isOperator(this.peek(), ':', '::')) this.skipTypeUntil(['=>', '->']);
    } else {
      return undefined;
    }
    if (!this.accept('->')) this.expect('=>', 'after the parameters');
    if (this.isOperator(this.peek(), '{')) {
      this.next();
      return this.braceBody(parameters, start.start);
    }
    const result = this.expression();
    return { kind: 'function', start: start.start, end: result.end, parameters, bindings: [], result };
  }

  /** Python: `lambda x, y=1: …`. */
  private lambda(): FunctionValue {
    const keyword = this.next();
    const parameters: Parameter[] = [];
    while (!this.isOperator(this.peek(), ':')) {
      if (this.peek().kind === 'end' || this.peek().kind === 'newline') throw this.error('Expected `:` after the lambda’s parameters', this.peek());
      const parameter = this.parameter([':', ','], false);
      if (parameter) parameters.push(parameter);
      if (!this.accept(',')) break;
    }
    this.expect(':', 'after the lambda’s parameters');
    const result = this.expression();
    return { kind: 'function', start: keyword.start, end: result.end, parameters, bindings: [], result };
  }

  /** Python: `def f(x, y=2) -> float:` then a body on the same line or indented below. */
  private pythonDef(): Statement {
    const keyword = this.next();
    const nameToken = this.next();
    if (nameToken.kind !== 'identifier') throw this.error('Expected the function’s name after `def`', nameToken);
    if (!this.isOperator(this.peek(), '(')) throw this.error('Expected `(` after the function’s name', this.peek());
    const parameters = this.parameterList();
    if (this.isOperator(this.peek(), '->')) this.skipTypeUntil([':']);
    this.expect(':', 'to start the function body');
    const bodyStart = this.tokens[this.pos];
    const defColumn = this.column(keyword);
    // The body is the rest of the line, or the lines indented deeper than `def`.
    const isEnd =
      bodyStart.kind === 'newline'
        ? () => this.column(this.peek()) <= defColumn
        : () => !this.onSameLine(keyword, this.peek());
    const fn = this.body(this.statements(isEnd), parameters, keyword.start, keyword);
    return { kind: 'function', name: nameToken.text, start: keyword.start, end: fn.end, value: fn };
  }

  /**
   * After `function`: JavaScript `function f(a, b) { … }`, R `function(b) …`, Julia `function f(x) … end`,
   * MATLAB `function y = f(x) … end`.
   */
  private functionKeyword(): { name: string | null; value: FunctionValue } {
    const keyword = this.next();
    let output: string | null = null;
    // MATLAB's output variable: `function y = f(x)` or `function [y] = f(x)`.
    if (this.peek().kind === 'identifier' && this.isOperator(this.peek(1), '=')) {
      output = this.next().text;
      this.next();
    } else if (this.isOperator(this.peek(), '[') && this.peek(1).kind === 'identifier' && this.isOperator(this.peek(2), ']') && this.isOperator(this.peek(3), '=')) {
      this.next();
      output = this.next().text;
      this.next();
      this.next();
    }
    const name = this.peek().kind === 'identifier' ? this.next().text : null;
    if (!this.isOperator(this.peek(), '(')) throw this.error('Expected `(` and the parameters after `function`', this.peek());
    const close = this.tokens[this.matchingClose(this.index()) ?? this.index()];
    const parameters = this.parameterList();
    if (this.isOperator(this.peek(), ':')) this.skipTypeUntil(['{']);
    // Julia's return type: function f(x)::Float64
    if (this.isOperator(this.peek(), '::')) {
      this.next();
      while (this.peek().kind === 'identifier' || this.isOperator(this.peek(), '.', '{', '}', ',')) this.next();
    }
    if (this.accept('{')) return { name, value: this.braceBody(parameters, keyword.start) };
    const next = this.peek();
    // R's one-expression body: `function(b) (b - 1)^2` on the same line.
    if (output === null && next.kind !== 'end' && next.kind !== 'newline' && this.onSameLine(close, next) && !this.isWord(next, 'return')) {
      const result = this.expression();
      return { name, value: { kind: 'function', start: keyword.start, end: result.end, parameters, bindings: [], result } };
    }
    const statements = this.statements(() => this.isWord(this.peek(), 'end'));
    if (this.isWord(this.peek(), 'end')) this.next();
    return { name, value: this.body(statements, parameters, keyword.start, keyword, output, 1) };
  }

  /** `{ statements }` as a function body (the `{` already read). */
  private braceBody(parameters: Parameter[], start: number): FunctionValue {
    const outerDepth = this.bracketDepth;
    this.bracketDepth = 0; // statements inside braces are separated by newlines again
    const open = this.tokens[this.pos - 1];
    const statements = this.statements(() => this.isOperator(this.peek(), '}'));
    this.bracketDepth = outerDepth;
    this.expect('}', `to close the function body opened at column ${this.column(open) + 1}`);
    return this.body(statements, parameters, start, open);
  }

  /**
   * A function's value: the first `return`, else the last expression, else (MATLAB, Julia) the output
   * variable or the last assignment. Assignments and unpackings before it are local definitions; `base` is
   * where the body's vectors start (1 in Julia's and MATLAB's `function … end`).
   */
  private body(statements: Statement[], parameters: Parameter[], start: number, opener: Token, output: string | null = null, base = 0): FunctionValue {
    const bindings: Binding[] = [];
    const unpackings: Unpacking[] = [];
    const namings = new Map<Binding, Unpacking>();
    let assigned: string | undefined;
    let result: Syntax | undefined;
    for (const statement of statements) {
      if (statement.kind === 'function') throw this.errorAt('Nested functions aren’t supported: select the loss itself', statement.start, statement.end);
      if (statement.kind === 'unpack') {
        const unpacked = unpack(statement, base);
        bindings.push(...unpacked.bindings);
        unpackings.push(unpacked.unpacking);
        continue;
      }
      if (statement.kind === 'assign') {
        if (isFunction(statement.value)) throw this.errorAt('Nested functions aren’t supported: select the loss itself', statement.start, statement.end);
        const binding: Binding = { name: statement.name, value: statement.value, start: statement.start, end: statement.end };
        const naming = elementNaming(binding, base, true);
        if (naming) {
          namings.set(binding, naming);
          unpackings.push(naming);
        }
        bindings.push(binding);
        assigned = statement.name;
        continue;
      }
      result = statement.value;
      if (statement.kind === 'return') break;
    }
    if (result === undefined) {
      // An unpacking's value is the vector, never the loss: only an assignment can be the last value.
      const target = output ?? assigned;
      const binding = bindings.findLast((b) => b.name === target);
      if (!binding) throw this.error('This function doesn’t return a value', opener);
      result = { kind: 'name', name: binding.name, start: binding.start, end: binding.end };
      // `y = p(1)` as MATLAB's output is the loss, not a name for an element: the variable stays p(1).
      const naming = namings.get(binding);
      if (naming) unpackings.splice(unpackings.indexOf(naming), 1);
    }
    return { kind: 'function', start, end: result.end, parameters, bindings, unpackings, result, base };
  }

  /** `( p1, p2 = default, … )`. */
  private parameterList(): Parameter[] {
    const open = this.expect('(', 'to start the parameters');
    this.bracketDepth += 1;
    const parameters: Parameter[] = [];
    const seen = new Set<string>();
    while (!this.isOperator(this.peek(), ')')) {
      if (this.peek().kind === 'end') throw this.error('The parameter list `(` is never closed', open);
      const parameter = this.parameter([')', ',', ';']);
      if (parameter) {
        if (seen.has(parameter.name)) throw this.errorAt(`The parameter \`${parameter.name}\` appears twice`, parameter.start, parameter.end);
        seen.add(parameter.name);
        parameters.push(parameter);
      }
      // `;` separates Julia's keyword arguments and a paper's data from its parameters: L(θ; x).
      if (!this.accept(',') && !this.accept(';')) break;
    }
    this.expect(')', 'to close the parameters');
    this.bracketDepth -= 1;
    return parameters;
  }

  /**
   * One parameter: `x`, `x=10`, `x: float = 1.0` (Python, TypeScript), `double x` (C, Java), `x::Float64`
   * (Julia), `\theta`, `x_1` (LaTeX). `self` and `this` are dropped (methods).
   */
  private parameter(stops: string[], annotations = true): Parameter | null {
    let nameToken: Token | undefined;
    let name = '';
    for (;;) {
      const t = this.peek();
      if (t.kind === 'identifier') {
        this.next();
        nameToken = t;
        name = this.nameWithSubscripts(t);
        continue;
      }
      if (this.isOperator(t, '&', '*', '?') && !this.isOperator(this.peek(1), '*')) {
        this.next();
        continue;
      }
      // C++ types: `const std::vector<double>& x`.
      // (Julia's `x::Float64` is a name and its type: the type is the last word before `,`, `)` or `=`.)
      if (nameToken && this.isOperator(t, '::') && this.peek(1).kind === 'identifier' && !this.isOperator(this.peek(2), ',', ')', '=', ';')) {
        this.next();
        continue;
      }
      if (nameToken && this.isOperator(t, '<')) {
        let depth = 0;
        do {
          const part = this.next();
          if (this.isOperator(part, '<')) depth += 1;
          if (this.isOperator(part, '>')) depth -= 1;
          if (part.kind === 'end') break;
        } while (depth > 0);
        continue;
      }
      break;
    }
    const t = this.peek();
    if (this.isOperator(t, '*', '**')) throw this.error('Variadic parameters (`*args`) aren’t supported', t);
    if (!nameToken) throw this.error(`Expected a parameter name, found ${this.describe(t)}`, t);
    if (annotations && this.isOperator(t, ':', '::')) this.skipTypeUntil([...stops, '=']);
    let defaultValue: Syntax | VectorLiteral | null = null;
    if (this.accept('=')) defaultValue = this.vectorLiteral() ?? this.expression();
    if (name === 'self' || name === 'this') return null;
    return { name, defaultValue, start: nameToken.start, end: nameToken.end };
  }

  /**
   * A vector parameter's default: a tuple, `(1.0, 2.0)` (a comma inside tells it from brackets), or a list,
   * `[1, -2]` (Julia's `[1.0; 2.0]` too); undefined if the default here is a number.
   */
  private vectorLiteral(): VectorLiteral | undefined {
    const open = this.peek();
    if (this.dialect.latex || !this.isOperator(open, '(', '[')) return undefined;
    const openIndex = this.index();
    const closeIndex = this.matchingClose(openIndex);
    const closer = open.text === '(' ? ')' : ']';
    if (closeIndex === undefined || !this.isOperator(this.tokens[closeIndex], closer)) return undefined;
    if (open.text === '(' && !this.hasCommaInside(openIndex, closeIndex)) return undefined;
    this.next();
    this.bracketDepth += 1;
    const elements: Syntax[] = [];
    while (!this.isOperator(this.peek(), closer)) {
      elements.push(this.expression());
      if (!this.accept(',') && !(closer === ']' && this.accept(';'))) break;
    }
    if (elements.length === 0) throw this.error(`Empty brackets \`${open.text}${closer}\``, open);
    const close = this.expect(closer, `to close the default opened at column ${this.column(open) + 1}`);
    this.bracketDepth -= 1;
    return { kind: 'vector', elements, start: open.start, end: close.end };
  }

  /** Whether a comma separates the brackets' contents (not one inside a call or an inner bracket). */
  private hasCommaInside(open: number, close: number): boolean {
    let depth = 0;
    for (let k = open + 1; k < close; k += 1) {
      if (this.isOperator(this.tokens[k], '(', '[', '{')) depth += 1;
      if (this.isOperator(this.tokens[k], ')', ']', '}')) depth -= 1;
      if (depth === 0 && this.isOperator(this.tokens[k], ',')) return true;
    }
    return false;
  }

  // ─── Expressions ───────────────────────────────────────────────────────────────────────────────

  expression(minimumPower = 0): Syntax {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw this.error('The formula is nested too deeply', this.peek());
    this.expressionDepth += 1;
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      const power = this.infixPower(token, left);
      if (power === undefined || power <= minimumPower) break;
      left = this.infix(token, left);
    }
    this.expressionDepth -= 1;
    this.depth -= 1;
    return left;
  }

  /** Binding power of `token` as an infix operator after `left`; undefined if it ends the expression. */
  private infixPower(token: Token, left: Syntax): number | undefined {
    if (token.kind === 'superscript') return POWER;
    if (token.kind === 'operator') {
      switch (token.text) {
        case '+':
        case '-':
          return ADDITIVE;
        case '*':
        case '/':
        case '.*':
        case './':
        case '//':
        case '%':
          return MULTIPLICATIVE;
        case '^':
        case '**':
        case '.^':
          return POWER;
        case '.':
          // In LaTeX a dot ends a sentence ($$ L(w) = w^2. $$); elsewhere it calls a method: (w - 3).pow(2).
          return this.dialect.latex ? undefined : POSTFIX;
        case "'":
        case '!':
          return POSTFIX;
        case '<': case '>': case '<=': case '>=': case '==': case '!=': case '===': case '!==':
          throw this.error(`Comparisons (${this.describe(token)}) aren’t supported: a loss is a number, not a condition`, token);
        case '?':
          throw this.conditionalError(token);
        case '%*%':
          throw this.error('Matrix products (`%*%`) aren’t supported: every variable here is a number', token);
        case '--':
          throw this.error('`--` isn’t an operator here: if it starts a comment, use # or //; for minus minus, write - -x', token);
        case '&&': case '||': case '&':
          throw this.error(`Logical operators (${this.describe(token)}) aren’t supported in a loss formula`, token);
        case '|':
          if (this.absDepth > 0) return undefined; // closes |…|
          break;
        case '_':
          throw this.error('A subscript `_` must follow a name, as in x_1', token);
      }
    }
    if (token.kind === 'identifier' && !this.dialect.latex && (CONTROL_WORDS.has(token.text) || token.text === 'for')) {
      if (token.text === 'for') throw this.error('Comprehensions (`for`) aren’t supported: a loss here is a single formula', token);
      throw this.conditionalError(token);
    }
    if (token.kind === 'identifier' && !this.dialect.latex && LOGIC_WORDS.has(token.text)) {
      throw this.error(`Logical operators (${this.describe(token)}) aren’t supported in a loss formula`, token);
    }
    if (this.startsOperand(token)) {
      if (this.implicitMultiplication(left, token)) return MULTIPLICATIVE;
      const previous = this.source.slice(left.start, left.end);
      throw this.error(`Missing an operator between ${quote(previous)} and ${this.describe(token)} (write * to multiply)`, token);
    }
    return undefined;
  }

  private infix(token: Token, left: Syntax): Syntax {
    if (token.kind === 'superscript') {
      this.next();
      const exponent: Syntax = { kind: 'number', value: token.value, start: token.start, end: token.end };
      return binary('^', left, exponent);
    }
    if (token.kind !== 'operator' || !['+', '-', '*', '/', '.*', './', '^', '**', '.^', '.', "'", '!', '//', '%'].includes(token.text)) {
      // Implicit multiplication: `2 x`, `(a)(b)`, `2\theta\lambda`.
      const right = this.expression(MULTIPLICATIVE);
      return binary('*', left, right);
    }
    this.next();
    switch (token.text) {
      case '+':
      case '-':
        return binary(token.text, left, this.expression(ADDITIVE));
      case '*':
      case '.*':
        return binary('*', left, this.expression(MULTIPLICATIVE));
      case '/':
      case './':
        return binary('/', left, this.expression(MULTIPLICATIVE));
      case '//':
        throw this.error('Floor division `//` isn’t supported: it has no useful gradient', token);
      case '%':
        throw this.error('The remainder operator `%` isn’t supported: it has no useful gradient', token);
      case '^':
      case '**':
      case '.^':
        if (this.dialect.latex && token.text === '^') return this.latexPower(left, token);
        this.refuseAmbiguousExponent(token);
        return binary('^', left, this.expression(POWER - 1));
      case "'":
        throw this.error('The transpose `\'` isn’t supported: every variable here is a number', token);
      case '!':
        throw this.error('Factorials and `!` aren’t supported', token);
      default:
        return this.methodCall(token, left);
    }
  }

  /**
   * `x^2y` is x²·y to most people writing math and x^(2y) to Julia; `x^2(x - 1)` likewise. Rather than guess,
   * ask for an explicit `*` or brackets.
   */
  private refuseAmbiguousExponent(operator: Token): void {
    const exponent = this.peek();
    const after = this.peek(1);
    if (exponent.kind !== 'number' || after.spaced) return;
    if (after.kind === 'identifier' ? !this.isReserved(after) : this.isOperator(after, '(')) {
      const written = this.source.slice(operator.start, after.end);
      throw this.errorAt(
        `${quote(written)} is ambiguous: write ${operator.text}${exponent.text}*${after.text} for a product, or ${operator.text}(${exponent.text}${after.text}…) for a power`,
        operator.start,
        after.end,
      );
    }
  }

  /** LaTeX `x^2`, `x^{n+1}`, and a subscript written after the superscript: `\theta^2_1` is θ₁². */
  private latexPower(left: Syntax, operator: Token): Syntax {
    const exponent = this.latexArgument(operator);
    const inner = exponent.kind === 'group' ? exponent.inner : exponent;
    if (inner.kind === 'name' && (inner.name === 'T' || inner.name === 'top')) {
      throw this.errorAt('Transposes (^T) aren’t supported: every variable here is a number', operator.start, exponent.end);
    }
    // w^{(1)}: an index written as a superscript (layer 1's weights in ML papers), not a power.
    if (left.kind === 'name' && inner.kind === 'group' && inner.inner.kind === 'number' && Number.isInteger(inner.inner.value)) {
      return { kind: 'name', name: `${left.name}^(${inner.inner.value})`, start: left.start, end: exponent.end };
    }
    let base = left;
    if (this.isOperator(this.tokens[this.pos], '_') && left.kind === 'name') {
      const name = this.subscripted(left.name);
      base = { ...left, name, end: this.tokens[this.pos - 1].end };
    }
    return binary('^', base, exponent);
  }

  /** `expr.method(args)`: PyTorch-style `(w - 3).pow(2)`, `x.exp()`. */
  private methodCall(dot: Token, receiver: Syntax): Syntax {
    const nameToken = this.next();
    if (nameToken.kind !== 'identifier') throw this.error('Expected a method name after `.`', nameToken);
    if (!this.isOperator(this.peek(), '(')) {
      throw this.error(`Attribute access \`.${nameToken.text}\` isn’t supported in a formula`, nameToken);
    }
    const { args, end } = this.argumentList();
    return {
      kind: 'call',
      callee: nameToken.text,
      calleeStart: dot.start,
      calleeEnd: nameToken.end,
      args: [receiver, ...args],
      start: receiver.start,
      end,
    };
  }

  /** Whether `token` can begin an operand (for implicit multiplication). */
  private startsOperand(token: Token): boolean {
    switch (token.kind) {
      case 'number':
        return true;
      case 'identifier':
        return !this.isReserved(token);
      case 'command':
        return true;
      case 'operator':
        return token.text === '(' || (this.dialect.latex && (token.text === '{' || token.text === '[')) || (token.text === '|' && this.absDepth === 0);
      default:
        return false;
    }
  }

  /**
   * Juxtaposition as multiplication: always in LaTeX (`2\theta\lambda`, `xy`); in code only after a number
   * or a bracketed group (`2 (x + 1)`, `(x + 1)(x - 1)`, `(x + 1) y`), never between two names.
   */
  private implicitMultiplication(left: Syntax, next: Token): boolean {
    if (this.dialect.latex) return true;
    if (left.kind === 'number') return next.kind !== 'number';
    // After a closing bracket or a superscript: (x + 1)(x - 1)(x - 2), (x − 1)²(y + 2)², x²y.
    const last = this.source[left.end - 1] ?? '';
    if (/[)\]|⁰¹²³⁴⁵⁶⁷⁸⁹]/.test(last)) return next.kind === 'identifier' || this.isOperator(next, '(', '|');
    return false;
  }

  private prefix(): Syntax {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return this.numberWithCoefficient(token);
      case 'identifier':
        return this.nameOrCall(token);
      case 'command':
        return this.latexCommand(token);
      case 'string':
        throw this.error(`Text in quotes (${quote(token.text)}) isn’t part of a formula`, token);
      case 'end':
        throw this.error('The formula ends where a value was expected', token);
      case 'newline':
        throw this.error('The line ends where a value was expected', token);
      case 'operator':
        break;
    }
    switch (token.text) {
      case '-': {
        const operand = this.expression(UNARY);
        return { kind: 'negate', operand, start: token.start, end: operand.end };
      }
      case '+':
        return this.expression(UNARY);
      case '(':
        return this.castOrGroup(token);
      case '[':
      case '{':
        return this.group(token);
      case '|':
        return this.absoluteValue(token);
      case '√': {
        const radicand = this.expression(POWER - 1);
        return { kind: 'call', callee: 'sqrt', calleeStart: token.start, calleeEnd: token.end, args: [radicand], start: token.start, end: radicand.end };
      }
      case ')':
      case ']':
      case '}':
        throw this.error(`\`${token.text}\` has no matching opening bracket`, token);
      case '=':
      case ':=':
      case '<-':
        throw this.error(`Unexpected ${this.describe(token)}: nothing before it to assign`, token);
      default:
        throw this.error(`Unexpected ${this.describe(token)} where a value was expected`, token);
    }
  }

  /** `2w`, `2(x+1)^2`, `2\theta`: a number written against what follows multiplies it, before `/` (as in Julia: `1/2x` is 1/(2x)). */
  private numberWithCoefficient(token: Token): Syntax {
    const literal: Syntax = { kind: 'number', value: token.value, start: token.start, end: token.end };
    const next = this.peek();
    const attached = !next.spaced && (next.kind === 'identifier' || next.kind === 'command' || this.isOperator(next, '('));
    if (!attached || this.isReserved(next)) return literal;
    const factor = this.expression(UNARY);
    return binary('*', literal, factor);
  }

  /** A C-family cast, `(double)n * w`, is the value itself here; anything else in brackets is a group. */
  private castOrGroup(open: Token): Syntax {
    const [type, close, following] = this.tokens.slice(this.pos, this.pos + 3);
    if (!this.dialect.latex && type?.kind === 'identifier' && CAST_TYPES.has(type.text) && close && this.isOperator(close, ')') && following && this.startsOperand(following)) {
      this.pos += 2;
      return this.expression(UNARY);
    }
    return this.group(open);
  }

  private group(open: Token): Syntax {
    const close = { '(': ')', '[': ']', '{': '}' }[open.text as '(' | '[' | '{'];
    if (open.text === '{' && !this.dialect.latex) throw this.error('Unexpected `{` in a formula', open);
    this.bracketDepth += 1;
    const savedAbs = this.absDepth;
    this.absDepth = 0;
    if (this.isOperator(this.peek(), close)) throw this.error(`Empty brackets \`${open.text}${close}\``, open);
    const inner = this.expression();
    if (open.text === '[' && this.isOperator(this.peek(), ',')) {
      throw this.error('Lists and arrays aren’t supported: the loss must be a formula of numbers', this.peek());
    }
    if (this.isOperator(this.peek(), ',')) throw this.error('Tuples aren’t supported: the loss must be a single number', this.peek());
    const end = this.peek();
    if (!this.isOperator(end, close)) {
      throw this.error(`\`${open.text}\` at column ${this.column(open) + 1} is never closed: expected \`${close}\`, found ${this.describe(end)}`, end);
    }
    this.next();
    this.absDepth = savedAbs;
    this.bracketDepth -= 1;
    return { kind: 'group', inner, start: open.start, end: end.end };
  }

  /** `|x - 1|`: a `|` where a value is expected opens one; the next `|` at this level closes it. */
  private absoluteValue(open: Token): Syntax {
    this.absDepth += 1;
    const inner = this.expression();
    const close = this.peek();
    if (!this.isOperator(close, '|')) throw this.error(`\`|\` at column ${this.column(open) + 1} is never closed`, close);
    this.next();
    this.absDepth -= 1;
    return { kind: 'call', callee: 'abs', calleeStart: open.start, calleeEnd: open.end, args: [inner], start: open.start, end: close.end };
  }

  /** A name with its library prefix (`np.exp`, `std::exp`), subscripts (`x_1`, LaTeX) and index (`w[0]`), or a call. */
  private nameOrCall(token: Token): Syntax {
    this.checkValueWord(token);
    if (this.dialect.latex) {
      const name = this.nameWithSubscripts(token);
      const end = this.tokens[this.pos - 1].end;
      if (name.length > 1 && resolveFunction(name) !== undefined) return this.latexFunction(token, name);
      // σ(z) in a loss is the logistic sigmoid (cross-entropy, logistic regression); σ alone is a variable.
      if (name === 'sigma' && this.isOperator(this.peek(), '(')) return this.latexFunction(token, 'sigmoid');
      // A word written as a name (\mathrm{softmax}(x), \operatorname{ReLU}(x)) applied to brackets is a
      // function, known or not; a Greek letter or a single letter before brackets is a factor.
      if (/^\p{L}{2,}$/u.test(name) && !GREEK_LETTERS.has(name) && this.isOperator(this.peek(), '(')) {
        const { args, end: callEnd } = this.argumentList();
        return { kind: 'call', callee: name, calleeStart: token.start, calleeEnd: end, args, start: token.start, end: callEnd };
      }
      return { kind: 'name', name, start: token.start, end };
    }
    // A library path: np.exp, Math.PI, std::exp, torch.nn.functional.softplus, self.w.
    let name = token.text;
    let end = token.end;
    while (
      this.isOperator(this.tokens[this.pos], '.', '::') &&
      !this.tokens[this.pos].spaced &&
      this.tokens[this.pos + 1]?.kind === 'identifier' &&
      !this.tokens[this.pos + 1].spaced
    ) {
      const separator = this.next();
      const part = this.next();
      name += separator.text === '::' ? `::${part.text}` : `.${part.text}`;
      end = part.end;
    }
    // `w[0]`: an element of a parameter vector, named like a variable of its own.
    if (this.isOperator(this.peek(), '[') && !this.peek().spaced) {
      const open = this.next();
      const index = this.next();
      if (index.kind !== 'number' || !Number.isInteger(index.value) || !this.isOperator(this.peek(), ']')) {
        throw this.error('Only indexing by a whole number, as in `w[0]`, is supported', index.kind === 'end' ? open : index);
      }
      end = this.next().end;
      name = `${name}[${index.value}]`;
    }
    // sin^2(x), sin²(x): the power of the function's value, as in math.
    const power = this.functionPower(name);
    if (power) {
      const { args, end: callEnd } = this.argumentList();
      const call: Syntax = { kind: 'call', callee: name, calleeStart: token.start, calleeEnd: end, args, start: token.start, end: callEnd };
      return { kind: 'binary', op: '^', left: call, right: power, start: token.start, end: callEnd };
    }
    // Julia's broadcast call: exp.(x).
    if (this.isOperator(this.tokens[this.pos], '.') && this.isOperator(this.tokens[this.pos + 1], '(') && resolveFunction(name) !== undefined) {
      this.next();
    }
    if (this.isOperator(this.peek(), '(')) {
      const refusal = nonMathCallMessage(name);
      if (refusal) throw this.errorAt(refusal, token.start, end);
      const { args, end: callEnd } = this.argumentList(name);
      const call = (callee: string, calleeStart: number, callArgs: Syntax[]): Syntax => ({ kind: 'call', callee, calleeStart, calleeEnd: end, args: callArgs, start: token.start, end: callEnd });
      const dot = name.lastIndexOf('.');
      const method = dot > 0 && resolveFunction(name) === undefined && !isNamespace(name.slice(0, dot)) ? resolveFunction(name.slice(dot + 1)) : undefined;
      if (method !== undefined) {
        // `anp.maximum(0, z)`, `K.square(x)`: a library we don't list, called like one. `x.exp()`, `w.pow(2)`,
        // `self.w.abs()`: a method of a value, which is the first argument. The argument count tells them apart.
        const { min, max } = arityOf(method);
        const fits = (count: number): boolean => count >= min && count <= max;
        if (!fits(args.length) && fits(args.length + 1)) {
          const receiver: Syntax = { kind: 'name', name: name.slice(0, dot), start: token.start, end: token.start + dot };
          return call(name.slice(dot + 1), token.start + dot + 1, [receiver, ...args]);
        }
        return call(name.slice(dot + 1), token.start + dot + 1, args);
      }
      return call(name, token.start, args);
    }
    return { kind: 'name', name, start: token.start, end };
  }

  /** After a function's name, `^2(` or `²(`: consumes the exponent and returns it. */
  private functionPower(name: string): Syntax | undefined {
    if (resolveFunction(name) === undefined) return undefined;
    const first = this.peek();
    if (first.kind === 'superscript' && this.isOperator(this.peek(1), '(')) {
      this.next();
      return { kind: 'number', value: first.value, start: first.start, end: first.end };
    }
    const exponent = this.peek(1);
    if (this.isOperator(first, '^', '**') && exponent.kind === 'number' && this.isOperator(this.peek(2), '(') && !this.peek(2).spaced) {
      this.next();
      this.next();
      return { kind: 'number', value: exponent.value, start: exponent.start, end: exponent.end };
    }
    return undefined;
  }

  private checkValueWord(token: Token): void {
    if (!this.isReserved(token)) return;
    if (CONTROL_WORDS.has(token.text)) throw this.conditionalError(token);
    if (LOOP_WORDS.has(token.text)) throw this.error(`Loops (\`${token.text}\`) aren’t supported: a loss here is a single formula`, token);
    if (LOGIC_WORDS.has(token.text)) throw this.error(`Logical operators (${this.describe(token)}) aren’t supported in a loss formula`, token);
    throw this.error(`Unexpected ${this.describe(token)} where a value was expected`, token);
  }

  /** `(a, b, …)` after a function name. */
  /**
   * `(a, b, …)` after a function's name. Keyword arguments are read only where they bound a value,
   * as clamp and clip take them (`torch.clamp(x, min=0)`, `np.clip(x, a_min=0, a_max=1)`).
   */
  private argumentList(callee?: string): { args: Syntax[]; end: number } {
    const open = this.expect('(', 'to start the arguments');
    this.bracketDepth += 1;
    const savedAbs = this.absDepth;
    this.absDepth = 0;
    const args: Syntax[] = [];
    const bounds: { min?: Syntax; max?: Syntax } = {};
    while (!this.isOperator(this.peek(), ')')) {
      if (this.peek().kind === 'end') throw this.error(`\`(\` at column ${this.column(open) + 1} is never closed`, this.peek());
      if (this.peek().kind === 'identifier' && this.isOperator(this.peek(1), '=')) {
        const keyword = this.peek();
        const bound = { min: 'min', a_min: 'min', lower: 'min', max: 'max', a_max: 'max', upper: 'max' }[keyword.text];
        if (callee === undefined || resolveFunction(callee) !== 'clip' || bound === undefined) {
          throw this.error(`Keyword arguments (${this.describe(keyword)}=…) aren’t supported`, keyword);
        }
        this.next();
        this.next();
        bounds[bound as 'min' | 'max'] = this.expression();
      } else {
        args.push(this.expression());
      }
      if (!this.accept(',')) break;
    }
    if (bounds.min || bounds.max) {
      // clamp(x, min=a) is max(x, a); with max=b as well, clip(x, a, b); the call below keeps `clip`.
      const infinity = (sign: number): Syntax => ({ kind: 'number', value: sign * Infinity, start: open.start, end: open.end });
      args.push(bounds.min ?? infinity(-1), bounds.max ?? infinity(1));
    }
    const close = this.peek();
    if (!this.isOperator(close, ')')) {
      throw this.error(`\`(\` at column ${this.column(open) + 1} is never closed: expected \`)\`, found ${this.describe(close)}`, close);
    }
    this.next();
    this.absDepth = savedAbs;
    this.bracketDepth -= 1;
    return { args, end: close.end };
  }

  /** A name followed by LaTeX subscripts: `x` `_` `1` → `x_1`, `\theta_{12}` → `theta_12`. */
  private nameWithSubscripts(token: Token): string {
    return this.subscripted(token.text);
  }

  /** `name` with the LaTeX subscripts that follow the current position. */
  private subscripted(base: string): string {
    let name = base;
    while (this.dialect.latex && this.isOperator(this.tokens[this.pos], '_')) {
      const underscore = this.next();
      const subscript = this.tokens[this.pos];
      if (this.isOperator(subscript, '{')) {
        this.next();
        let text = '';
        while (!this.isOperator(this.tokens[this.pos], '}')) {
          const part = this.tokens[this.pos];
          if (part.kind !== 'identifier' && part.kind !== 'number') throw this.error('A subscript should be letters or digits, as in x_{12}', part);
          text += part.text;
          this.pos += 1;
        }
        this.next();
        name += `_${text}`;
      } else if (subscript.kind === 'number') {
        // LaTeX takes one character: x_12 is x₁ followed by 2.
        name += `_${subscript.text[0]}`;
        this.splitToken(1);
      } else if (subscript.kind === 'identifier') {
        name += `_${subscript.text}`;
        this.pos += 1;
      } else {
        throw this.error('Expected a subscript after `_`', underscore);
      }
    }
    return name;
  }

  /** Consumes the first `length` characters of the current token, leaving the rest as a token. */
  private splitToken(length: number): string {
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

  // ─── LaTeX ─────────────────────────────────────────────────────────────────────────────────────

  private latexCommand(token: Token): Syntax {
    const name = token.text;
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
      const numerator = this.latexArgument(token);
      const denominator = this.latexArgument(token);
      const isD = (syntax: Syntax): boolean => (syntax.kind === 'group' ? isD(syntax.inner) : syntax.kind === 'name' && syntax.name === 'd');
      const startsWithD = (syntax: Syntax): boolean =>
        syntax.kind === 'group' ? startsWithD(syntax.inner) : syntax.kind === 'binary' && syntax.op === '*' ? startsWithD(syntax.left) : isD(syntax);
      if (isD(numerator) && startsWithD(denominator)) {
        throw this.errorAt('Derivatives (d/dx) aren’t supported: write the loss itself; the lab differentiates it', token.start, denominator.end);
      }
      return { ...binary('/', numerator, denominator), start: token.start };
    }
    if (name === 'sqrt') {
      let index: Syntax | null = null;
      if (this.isOperator(this.peek(), '[')) {
        this.next();
        index = this.expression();
        this.expect(']', 'to close the root’s index');
      }
      const radicand = this.latexArgument(token);
      const end = radicand.end;
      if (index === null) return { kind: 'call', callee: 'sqrt', calleeStart: token.start, calleeEnd: token.end, args: [radicand], start: token.start, end };
      const one: Syntax = { kind: 'number', value: 1, start: token.start, end: token.end };
      return { kind: 'binary', op: '^', left: radicand, right: binary('/', one, index), start: token.start, end };
    }
    if (name in LATEX_FUNCTIONS) return this.latexFunction(token, name);
    if (name in UNSUPPORTED_LATEX) throw this.error(UNSUPPORTED_LATEX[name], token);
    throw this.error(`The LaTeX command \\${name} isn’t supported in a formula`, token);
  }

  /**
   * `\sin x`, `\sin(x)`, `\sin^2 x`, `\sin^{-1} x`, `\log_2 x`, `\max(a, b)`, and bare words in LaTeX
   * (`sin(x)`). Without brackets the argument is the product that follows: `\sin 2x` is sin(2x).
   */
  private latexFunction(token: Token, command: string): Syntax {
    let base: Syntax | null = null;
    let power: Syntax | null = null;
    for (;;) {
      if (this.accept('_')) base = this.latexArgument(token);
      else if (this.accept('^')) power = this.latexArgument(token);
      else break;
    }
    let args: Syntax[];
    let end: number;
    if (this.isOperator(this.peek(), '(')) {
      ({ args, end } = this.argumentList());
    } else {
      const argument = this.latexArgument(token, true);
      args = [argument];
      end = argument.end;
    }
    let callee = LATEX_FUNCTIONS[command] ?? command;
    if ((callee === 'min' || callee === 'max') && base) {
      throw this.errorAt(`\\${command}_… states an optimization problem: select the loss being minimized itself`, token.start, base.end);
    }
    const exponent = power?.kind === 'group' ? power.inner : power;
    if (exponent?.kind === 'negate' && exponent.operand.kind === 'number' && exponent.operand.value === 1 && callee in INVERSE_TRIG) {
      callee = INVERSE_TRIG[callee];
      power = null;
    }
    let node: Syntax = { kind: 'call', callee, calleeStart: token.start, calleeEnd: token.end, args, start: token.start, end };
    if (base) {
      const logBase: Syntax = { kind: 'call', callee: 'log', calleeStart: token.start, calleeEnd: token.end, args: [base], start: base.start, end: base.end };
      node = { ...binary('/', node, logBase), start: token.start, end };
    }
    if (power) node = { kind: 'binary', op: '^', left: node, right: power, start: token.start, end };
    return node;
  }

  /**
   * One LaTeX argument: `{…}`, or a single token — one digit of a number (`\frac12` is ½, `x^23` is x²·3),
   * a letter, a command. With `product`, a function's bracket-less argument: the product that follows.
   */
  private latexArgument(owner: Token, product = false): Syntax {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw this.error('The formula is nested too deeply', this.peek());
    const argument = this.latexArgumentAt(owner, product);
    this.depth -= 1;
    return argument;
  }

  private latexArgumentAt(owner: Token, product: boolean): Syntax {
    const token = this.peek();
    if (this.isOperator(token, '{')) return this.group(this.next());
    if (this.isOperator(token, '(')) return this.group(this.next());
    if (this.isOperator(token, '-')) {
      this.next();
      const operand = this.latexArgument(owner, product);
      return { kind: 'negate', operand, start: token.start, end: operand.end };
    }
    if (product) {
      let node = this.expression(UNARY);
      while (this.startsOperand(this.peek()) && !this.isLatexFunctionStart(this.peek()) && !this.isOperator(this.peek(), '(', '|')) {
        node = binary('*', node, this.expression(UNARY));
      }
      return node;
    }
    if (token.kind === 'number') {
      const digit = token.text.match(/^\d/) ? this.splitToken(1) : (this.next(), token.text);
      const value = Number(digit);
      return { kind: 'number', value, start: token.start, end: token.start + digit.length };
    }
    if (token.kind === 'identifier') {
      this.next();
      return { kind: 'name', name: token.text, start: token.start, end: token.end };
    }
    if (token.kind === 'command') return this.latexCommand(this.next());
    throw this.error(`\\${owner.text === '^' ? 'superscript' : owner.text} needs an argument, found ${this.describe(token)}`, token);
  }

  private isLatexFunctionStart(token: Token): boolean {
    return (token.kind === 'command' && token.text in LATEX_FUNCTIONS) || (token.kind === 'identifier' && token.text.length > 1 && resolveFunction(token.text) !== undefined);
  }
}

function binary(op: '+' | '-' | '*' | '/' | '^', left: Syntax, right: Syntax): Syntax {
  return { kind: 'binary', op, left, right, start: left.start, end: right.end };
}

function isFunction(value: Syntax | FunctionValue): value is FunctionValue {
  return value.kind === 'function';
}

/**
 * `x, y = p` as the bindings `x = p[0]`, `y = p[1]` (from `base`), read by element as any `p[0]` is, and the
 * record that names those elements x and y; `const { x, y: b } = p` as `x = p.x`, `b = p.y`. A value that is
 * not a name is kept as it is, to be refused.
 */
function unpack(statement: UnpackStatement, base: number): { bindings: Binding[]; unpacking: Unpacking } {
  const { value: vector, start, end, form } = statement;
  const names = statement.targets.map(({ token, field }, k): ElementName => ({ name: token.text, start: token.start, end: token.end, element: field ?? k }));
  const bindings = names.map(({ name, start: nameStart, end: nameEnd, element }): Binding => {
    const written = typeof element === 'number' ? `[${base + element}]` : `.${element}`;
    const value: Syntax = vector.kind === 'name' ? { kind: 'name', name: `${vector.name}${written}`, start: nameStart, end: nameEnd } : vector;
    return { name, value, start: nameStart, end };
  });
  return { bindings, unpacking: { names, vector, base, start, end, form } };
}

/**
 * `x = p[0]` (`const x = p[0];`; with `round`, where `p(1)` may index, MATLAB's `x = p(1)`): the record that
 * names one element of `p`, if `binding` is one. Whether `p` is a vector of the formula's own (a parameter) is
 * decided where names are resolved.
 */
function elementNaming(binding: Binding, base: number, round: boolean): Unpacking | undefined {
  const { value } = binding;
  let element: { vector: string; index: number; round: boolean } | undefined;
  if (value.kind === 'name') {
    const match = /^([\p{L}_][\p{L}\p{Nd}_]*)\[(\d+)\]$/u.exec(value.name);
    if (match) element = { vector: match[1], index: Number(match[2]), round: false };
  } else if (round && value.kind === 'call' && value.args.length === 1 && /^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(value.callee)) {
    const [index] = value.args;
    if (index.kind === 'number' && Number.isInteger(index.value)) element = { vector: value.callee, index: index.value, round: true };
  }
  // `p = p[0]` makes the vector a number; `p[0]` where vectors count from 1 is no element (Julia's BoundsError).
  const position = element && element.index - (element.round ? 1 : base);
  if (!element || position === undefined || position < 0 || element.vector === binding.name) return undefined;
  const vector: Syntax = { kind: 'name', name: element.vector, start: value.start, end: value.start + element.vector.length };
  const name: ElementName = { name: binding.name, start: binding.start, end: binding.start + binding.name.length, element: position };
  return { names: [name], vector, base, start: binding.start, end: value.end, form: 'element' };
}

/** `10`, `-2.5`, `(3)`: a plain number, as in `x = 10`. */
function isNumberLiteral(value: Syntax | FunctionValue): boolean {
  if (value.kind === 'number') return true;
  if (value.kind === 'negate') return isNumberLiteral(value.operand);
  if (value.kind === 'group') return isNumberLiteral(value.inner);
  return false;
}
