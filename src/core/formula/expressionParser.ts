/**
 * Expressions: a Pratt parser over the union of the dialects' operators, with implicit multiplication where
 * the dialect has it (`2w^2`, `100(y - x^2)^2`, `2\theta\lambda`), library paths and methods (`np.exp`,
 * `(w - 3).pow(2)`), and the refusals that say why something is not a loss (comparisons, conditionals,
 * loops, `%`). It knows nothing of statements or functions: those are read by the classes above it, which
 * hand every value they meet to `expression()`. Where a LaTeX command or `^` meets it, it calls the abstract
 * `latex…` methods, which latexCommands.ts supplies, so TeX's argument rules stay out of the operator grammar.
 */
import { FormulaError, quote } from './errors';
import { arityOf, isNamespace, nonMathCallMessage, resolveFunction } from './functions';
import { GREEK_LETTERS } from './latex';
import type { Token } from './lexer';
import type { KeywordArgument, Syntax } from './syntax';
import { TokenCursor } from './tokenCursor';

const ADDITIVE = 10;
const MULTIPLICATIVE = 20;
export const UNARY = 25;
const POWER = 30;
const POSTFIX = 40;

/** Deeper nesting than this is not a formula a person wrote; refusing it keeps the parser's stack bounded. */
export const MAX_DEPTH = 200;

/** The bounds clamp and clip take as keywords: `torch.clamp(x, min=0)`, `np.clip(x, a_min=0, a_max=1)`. */
const CLIP_KEYWORDS: ReadonlyMap<string, 'min' | 'max'> = new Map([
  ['min', 'min'], ['a_min', 'min'], ['lower', 'min'], ['max', 'max'], ['a_max', 'max'], ['upper', 'max'],
]);

/** Type names a C-family cast puts in brackets: `(double)n`. */
const CAST_TYPES = new Set(['double', 'float', 'int', 'long', 'short', 'decimal', 'Float64', 'Float32', 'real']);
export const CONTROL_WORDS = new Set(['if', 'else', 'elif', 'elseif', 'switch', 'case', 'match', 'ifelse', 'where']);
export const LOOP_WORDS = new Set(['for', 'while', 'do', 'loop', 'foreach']);
const LOGIC_WORDS = new Set(['and', 'or', 'not', 'xor', 'in', 'is']);
/** Words that can never be a variable; reaching one where a value should be is an error. */
const RESERVED = new Set([
  ...CONTROL_WORDS, ...LOOP_WORDS, ...LOGIC_WORDS, 'return', 'def', 'lambda', 'function', 'end', 'import', 'pass',
  'from', 'class', 'new', 'try', 'catch', 'with', 'yield', 'await', 'async', 'typeof', 'delete', 'void',
  'const', 'let', 'var', 'None', 'null', 'undefined', 'nothing', 'NULL', 'True', 'False', 'true', 'false',
]);

export abstract class ExpressionParser extends TokenCursor {
  /** Open `|…|` pairs: inside one, a `|` closes it rather than opening another. */
  private absDepth = 0;
  /** Nesting of expressions and LaTeX arguments, refused past MAX_DEPTH. */
  protected depth = 0;
  /**
   * Inside MATLAB's or Julia's matrix brackets (and not in a bracket within them), where a space separates values:
   * `[1 -2]` is two values, `[1 - 2]` one.
   */
  private matrixSpacing = false;
  /** Inside an index, where MATLAB's and Julia's `end` is the last position. */
  private indexDepth = 0;

  /** `\frac`, `\sqrt`, `\sin^2 x` …: read in latexCommands.ts, where `prefix` meets a command. */
  protected abstract latexCommand(token: Token): Syntax;
  /** `\sin x`, and a word that names a function in LaTeX (`sin(x)`, `\mathrm{softmax}(x)`). */
  protected abstract latexFunction(token: Token, command: string): Syntax;
  /** `x^2`, `x^{n+1}` in LaTeX, where braces are the exponent's brackets. */
  protected abstract latexPower(left: Syntax, operator: Token): Syntax;

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
    // In a MATLAB or Julia matrix a space before a new value, or a line break, ends the value.
    if (this.matrixSpacing && (this.tokens[this.pos]!.kind === 'newline' || (token.spaced && this.startsElement(token)))) return undefined;
    if (token.kind === 'operator') {
      switch (token.text) {
        case '+':
        case '-':
        case '.+':
        case '.-':
          return ADDITIVE;
        case '@':
          return this.dialect.latex ? undefined : MULTIPLICATIVE;
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
    if (token.kind !== 'operator' || !['+', '-', '*', '/', '.*', './', '^', '**', '.^', '.+', '.-', '@', '.', "'", '!', '//', '%'].includes(token.text)) {
      // Implicit multiplication: `2 x`, `(a)(b)`, `2\theta\lambda`.
      const right = this.expression(MULTIPLICATIVE);
      return binary('*', left, right);
    }
    this.next();
    switch (token.text) {
      case '+':
      case '-':
        return binary(token.text, left, this.expression(ADDITIVE));
      case '.+':
      case '.-':
        return binary(token.text === '.+' ? '+' : '-', left, this.expression(ADDITIVE), true);
      case '*':
        return binary('*', left, this.expression(MULTIPLICATIVE));
      case '.*':
        return binary('*', left, this.expression(MULTIPLICATIVE), true);
      case '@':
        return binary('@', left, this.expression(MULTIPLICATIVE));
      case '/':
        return binary('/', left, this.expression(MULTIPLICATIVE));
      case './':
        return binary('/', left, this.expression(MULTIPLICATIVE), true);
      case '//':
        throw this.error('Floor division `//` isn’t supported: it has no useful gradient', token);
      case '%':
        throw this.error('The remainder operator `%` isn’t supported: it has no useful gradient', token);
      case '^':
      case '**':
      case '.^':
        if (this.dialect.latex && token.text === '^') return this.latexPower(left, token);
        this.refuseAmbiguousExponent(token);
        return binary('^', left, this.expression(POWER - 1), token.text === '.^');
      case "'":
        if (this.dialect.latex) throw this.error('The transpose `\'` isn’t supported: every variable here is a number', token);
        return { kind: 'transpose', operand: left, operator: token.start, start: left.start, end: token.end };
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

  /** `expr.method(args)`: PyTorch-style `(w - 3).pow(2)`, `x.exp()`. */
  private methodCall(dot: Token, receiver: Syntax): Syntax {
    const nameToken = this.next();
    if (nameToken.kind !== 'identifier') throw this.error('Expected a method name after `.`', nameToken);
    if (!this.isOperator(this.peek(), '(')) {
      // `(X - mu).T`, `df[["a", "b"]].values`: read on data; a formula of numbers refuses it.
      const attribute: Syntax = { kind: 'attribute', target: receiver, name: nameToken.text, nameStart: nameToken.start, start: receiver.start, end: nameToken.end };
      return this.postfixIndex(attribute);
    }
    const { args, end, keywords } = this.argumentList();
    const call: Syntax = {
      kind: 'call',
      callee: nameToken.text,
      calleeStart: dot.start,
      calleeEnd: nameToken.end,
      args: [receiver, ...args],
      ...(keywords ? { keywords } : {}),
      start: receiver.start,
      end,
    };
    return this.postfixIndex(call);
  }

  /** Whether `token` can begin an operand (for implicit multiplication). */
  protected startsOperand(token: Token): boolean {
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
   * Whether a token after a space starts the next value of a MATLAB or Julia matrix, as those languages read
   * `[1 -2 x']`: an operand, or a sign written against what follows it (`-2`; `- 2` is subtraction).
   */
  private startsElement(token: Token): boolean {
    if (token.kind === 'operator' && (token.text === '+' || token.text === '-')) {
      const following = this.tokens[this.index() + 1];
      return following !== undefined && !following.spaced;
    }
    if (token.kind === 'operator' && token.text === "'") return false;
    return this.startsOperand(token) || this.isOperator(token, '[', '@');
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
        if (this.dialect.latex) throw this.error(`Text in quotes (${quote(token.text)}) isn’t part of a formula`, token);
        return { kind: 'string', value: stringValue(token.text), start: token.start, end: token.end };
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
        return this.dialect.latex ? this.group(token) : this.postfixIndex(this.arrayLiteral(token));
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

  protected group(open: Token): Syntax {
    const close = { '(': ')', '[': ']', '{': '}' }[open.text as '(' | '[' | '{'];
    if (open.text === '{' && !this.dialect.latex) throw this.error('Unexpected `{` in a formula', open);
    if (open.text === '(' && !this.dialect.latex) return this.postfixIndex(this.arrayLiteral(open));
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
    // `w[0]`: an element of a parameter vector, named like a variable of its own. Any other index (`data[:, 0]`,
    // `ys[i]`) is an index of data.
    if (this.isOperator(this.peek(), '[') && !this.peek().spaced) {
      const [open, index, close] = [this.peek(), this.peek(1), this.peek(2)];
      if (index.kind === 'number' && Number.isInteger(index.value) && this.isOperator(close, ']')) {
        this.next();
        this.next();
        end = this.next().end;
        name = `${name}[${index.value}]`;
      } else {
        if (index.kind === 'end' || this.isOperator(index, ']')) throw this.error('Only indexing by a whole number, as in `w[0]`, is supported', index.kind === 'end' ? open : index);
        return this.postfixIndex({ kind: 'name', name, start: token.start, end });
      }
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
      const { args, end: callEnd, keywords } = this.argumentList(name);
      const call = (callee: string, calleeStart: number, callArgs: Syntax[]): Syntax => ({
        kind: 'call',
        callee,
        calleeStart,
        calleeEnd: end,
        args: callArgs,
        ...(keywords ? { keywords } : {}),
        start: token.start,
        end: callEnd,
      });
      const dot = name.lastIndexOf('.');
      const method = dot > 0 && resolveFunction(name) === undefined && !isNamespace(name.slice(0, dot)) ? resolveFunction(name.slice(dot + 1)) : undefined;
      if (method !== undefined) {
        // `anp.maximum(0, z)`, `K.square(x)`: a library we don't list, called like one. `x.exp()`, `w.pow(2)`,
        // `self.w.abs()`: a method of a value, which is the first argument. The argument count tells them apart.
        const { min, max } = arityOf(method);
        const fits = (count: number): boolean => count >= min && count <= max;
        if (!fits(args.length) && fits(args.length + 1)) {
          const receiver: Syntax = { kind: 'name', name: name.slice(0, dot), start: token.start, end: token.start + dot };
          return this.postfixIndex(call(name.slice(dot + 1), token.start + dot + 1, [receiver, ...args]));
        }
        return this.postfixIndex(call(name.slice(dot + 1), token.start + dot + 1, args));
      }
      return this.postfixIndex(call(name, token.start, args));
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

  // ─── Words ─────────────────────────────────────────────────────────────────────────────────────

  /** Keywords of the programming dialects; in LaTeX every word is a name (`\lambda` is a variable). */
  protected isReserved(token: Token): boolean {
    return token.kind === 'identifier' && !this.dialect.latex && RESERVED.has(token.text);
  }

  private checkValueWord(token: Token): void {
    if (!this.isReserved(token)) return;
    if (token.text === 'end' && this.indexDepth > 0) return;
    if (CONTROL_WORDS.has(token.text)) throw this.conditionalError(token);
    if (LOOP_WORDS.has(token.text)) throw this.error(`Loops (\`${token.text}\`) aren’t supported: a loss here is a single formula`, token);
    if (LOGIC_WORDS.has(token.text)) throw this.error(`Logical operators (${this.describe(token)}) aren’t supported in a loss formula`, token);
    throw this.error(`Unexpected ${this.describe(token)} where a value was expected`, token);
  }

  protected conditionalError(token: Token): FormulaError {
    return this.error(
      `Conditionals (${this.describe(token)}) aren’t supported: a loss here is a single smooth formula (abs, max and min are available)`,
      token,
    );
  }

  // ─── Calls and names ───────────────────────────────────────────────────────────────────────────

  /**
   * `(a, b, …)` after a function's name. Keyword arguments are read only where they bound a value,
   * as clamp and clip take them (`torch.clamp(x, min=0)`, `np.clip(x, a_min=0, a_max=1)`).
   */
  protected argumentList(callee?: string): { args: Syntax[]; end: number; keywords?: KeywordArgument[] } {
    const open = this.expect('(', 'to start the arguments');
    this.bracketDepth += 1;
    const savedAbs = this.absDepth;
    this.absDepth = 0;
    const args: Syntax[] = [];
    const bounds: { min?: Syntax; max?: Syntax } = {};
    const keywords: KeywordArgument[] = [];
    const savedSpacing = this.matrixSpacing;
    this.matrixSpacing = false;
    while (!this.isOperator(this.peek(), ')')) {
      if (this.peek().kind === 'end') throw this.error(`\`(\` at column ${this.column(open) + 1} is never closed`, this.peek());
      if (this.peek().kind === 'identifier' && this.isOperator(this.peek(1), '=')) {
        const keyword = this.peek();
        const bound = CLIP_KEYWORDS.get(keyword.text);
        this.next();
        this.next();
        if (callee !== undefined && resolveFunction(callee) === 'clip' && bound !== undefined) {
          bounds[bound] = this.expression();
        } else {
          // Read here, refused by a formula of numbers: only data's functions take them (`delimiter=","`).
          const value = this.expression();
          keywords.push({ name: keyword.text, value, start: keyword.start, end: value.end });
        }
      } else {
        // MATLAB indexes with round brackets: `data(:, 1)`, `X(2:end, :)`.
        args.push(this.dialect.latex ? this.expression() : this.indexElement(')', () => this.argument()));
      }
      if (!this.accept(',')) break;
    }
    this.matrixSpacing = savedSpacing;
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
    return keywords.length > 0 ? { args, end: close.end, keywords } : { args, end: close.end };
  }

  /** One argument of a call: a value, or (in functionParser.ts) a function value such as `(s, x) => s + x`. */
  protected argument(): Syntax {
    return this.expression();
  }

  // ─── Arrays (read on data; a formula of numbers refuses them where it lowers them) ───────────────

  /**
   * `[…]` or `(…, …)` from its opening bracket: a list, a tuple or a MATLAB/Julia matrix; a single value in
   * brackets without a separator is a group, as it always was.
   */
  private arrayLiteral(open: Token): Syntax {
    const closer = open.text === '(' ? ')' : ']';
    const matrix = open.text === '[' && (this.dialect.matlab || this.dialect.julia);
    this.bracketDepth += 1;
    const savedAbs = this.absDepth;
    const savedSpacing = this.matrixSpacing;
    this.absDepth = 0;
    if (this.isOperator(this.peek(), closer)) throw this.error(`Empty brackets \`${open.text}${closer}\``, open);
    const rows: Syntax[][] = [[]];
    let separator = -1;
    for (;;) {
      this.matrixSpacing = matrix;
      rows[rows.length - 1]!.push(this.expression());
      this.matrixSpacing = false;
      // A line break inside MATLAB's and Julia's brackets ends a row.
      const newRow = matrix && this.tokens[this.pos]!.kind === 'newline';
      const next = this.peek();
      if (this.isOperator(next, closer)) break;
      if (this.isOperator(next, ',') || (open.text === '[' && this.isOperator(next, ';'))) {
        if (separator === -1) separator = next.start;
        this.next();
        if (next.text === ';') rows.push([]);
        // A trailing comma: `[1, 2,]`, `(3,)`.
        if (this.isOperator(this.peek(), closer)) break;
        continue;
      }
      if (newRow) {
        rows.push([]);
        continue;
      }
      if (matrix && next.spaced && this.startsElement(next)) continue;
      this.matrixSpacing = savedSpacing;
      throw this.error(`\`${open.text}\` at column ${this.column(open) + 1} is never closed: expected \`${closer}\`, found ${this.describe(next)}`, next);
    }
    const close = this.next();
    this.matrixSpacing = savedSpacing;
    this.absDepth = savedAbs;
    this.bracketDepth -= 1;
    const values = rows.filter((row) => row.length > 0);
    if (values.length === 1 && values[0]!.length === 1 && separator === -1) {
      return { kind: 'group', inner: values[0]![0]!, start: open.start, end: close.end };
    }
    return { kind: 'array', rows: values, bracket: open.text as '[' | '(', separator, start: open.start, end: close.end };
  }

  /** `target[…]` after a value, as many as follow (`data[:, 0]`, `X[1:][0]`): indexes of data. */
  private postfixIndex(target: Syntax): Syntax {
    let result = target;
    while (this.isOperator(this.tokens[this.pos], '[') && !this.tokens[this.pos]!.spaced) {
      const open = this.next();
      this.bracketDepth += 1;
      const savedSpacing = this.matrixSpacing;
      const savedAbs = this.absDepth;
      this.matrixSpacing = false;
      this.absDepth = 0;
      const indices: Syntax[] = [];
      while (!this.isOperator(this.peek(), ']')) {
        if (this.peek().kind === 'end') throw this.error(`\`[\` at column ${this.column(open) + 1} is never closed`, this.peek());
        indices.push(this.indexElement(']', () => this.expression()));
        if (!this.accept(',')) break;
      }
      const close = this.expect(']', `to close the index opened at column ${this.column(open) + 1}`);
      this.matrixSpacing = savedSpacing;
      this.absDepth = savedAbs;
      this.bracketDepth -= 1;
      if (indices.length === 0) throw this.error('Empty brackets `[]`', open);
      result = { kind: 'index', target: result, indices, start: result.start, end: close.end };
    }
    return result;
  }

  /** One position of an index: a value, or a slice `a:b`, `:`, `a:b:c` (MATLAB's `end` is the last position). */
  private indexElement(closer: string, value: () => Syntax): Syntax {
    this.indexDepth += 1;
    const ends = (): boolean => this.isOperator(this.peek(), ',', closer, ':');
    const start = this.peek().start;
    const from = this.isOperator(this.peek(), ':') ? null : value();
    if (!this.isOperator(this.peek(), ':')) {
      this.indexDepth -= 1;
      return from!;
    }
    const parts: (Syntax | null)[] = [from];
    while (this.accept(':')) parts.push(ends() ? null : this.expression());
    this.indexDepth -= 1;
    const end = this.tokens[this.pos - 1]!.end;
    if (parts.length > 3) throw this.errorAt('A slice has at most three parts, as in `start:stop:step`', start, end);
    // Python's start:stop:step; MATLAB's and Julia's start:step:stop.
    const [first, second, third] = parts as [Syntax | null, Syntax | null, Syntax | null | undefined];
    const stepInMiddle = parts.length === 3 && (this.dialect.matlab || this.dialect.julia);
    return {
      kind: 'slice',
      from: first,
      to: stepInMiddle ? (third ?? null) : second,
      step: parts.length === 3 ? (stepInMiddle ? second : (third ?? null)) : null,
      start,
      end,
    };
  }

  /** A name followed by LaTeX subscripts: `x` `_` `1` → `x_1`, `\theta_{12}` → `theta_12`. */
  protected nameWithSubscripts(token: Token): string {
    return this.subscripted(token.text);
  }

  /** `name` with the LaTeX subscripts that follow the current position. */
  protected subscripted(base: string): string {
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
}

export function binary(op: '+' | '-' | '*' | '/' | '^' | '@', left: Syntax, right: Syntax, elementwise = false): Syntax {
  return elementwise
    ? { kind: 'binary', op, left, right, start: left.start, end: right.end, elementwise }
    : { kind: 'binary', op, left, right, start: left.start, end: right.end };
}

/** The text of a string literal without its quotes (and Python's prefixes: r"…", f"…"). */
function stringValue(text: string): string {
  const body = text.replace(/^[rRbBuUfF]{0,2}/, '');
  const quote3 = body.startsWith('"""') || body.startsWith("'''");
  const inner = quote3 ? body.slice(3, -3) : body.slice(1, body.endsWith(body[0]!) && body.length > 1 ? -1 : undefined);
  return inner.replace(/\\(.)/g, '$1');
}
