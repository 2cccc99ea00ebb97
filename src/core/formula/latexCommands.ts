/**
 * LaTeX's commands, as Markdown math writes a loss: `\frac{a}{b}`, `\sqrt[n]{x}`, `\sin^2 x`, `\log_2 x`,
 * `x^{n+1}`. They are separate from the Pratt parser because their arguments follow TeX's rules, not the
 * operators' (one digit or letter without braces: `\frac12` is ½, `x^23` is x²·3), and because the commands
 * that aren't formulas (`\sum`, `\int`, `\partial`) each need their own refusal.
 */
import { binary, ExpressionParser, MAX_DEPTH, UNARY } from './expressionParser';
import { resolveFunction } from './functions';
import type { Token } from './lexer';
import type { Syntax } from './syntax';

/** LaTeX commands that are functions of what follows: `\sin x`, `\log_2(x)`, `\max(a, b)`. Maps, as every table
 * looked up by a command's name: `\constructor` must find nothing. */
const LATEX_FUNCTIONS: ReadonlyMap<string, string> = new Map(Object.entries({
  sin: 'sin', cos: 'cos', tan: 'tan', cot: 'cot', sec: 'sec', csc: 'csc', arcsin: 'asin', arccos: 'acos',
  arctan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', coth: 'coth', exp: 'exp', ln: 'log', log: 'log',
  max: 'max', min: 'min', sgn: 'sign',
}));
const INVERSE_TRIG: ReadonlyMap<string, string> = new Map(Object.entries({ sin: 'asin', cos: 'acos', tan: 'atan', sinh: 'asinh', cosh: 'acosh', tanh: 'atanh' }));
const UNSUPPORTED_LATEX: ReadonlyMap<string, string> = new Map(Object.entries({
  sum: 'Sums over an index (\\sum) aren’t supported: write the terms out',
  prod: 'Products over an index (\\prod) aren’t supported: write the factors out',
  int: 'Integrals aren’t supported',
  lim: 'Limits aren’t supported',
  partial: 'Derivatives (\\partial) aren’t supported: write the loss itself; the lab differentiates it',
  nabla: 'Gradients (\\nabla) aren’t supported: write the loss itself; the lab differentiates it',
  infty: 'Infinity isn’t a value a loss can use',
  pm: '± has two values; write one formula',
  mp: '∓ has two values; write one formula',
}));

export class LatexCommandParser extends ExpressionParser {
  protected override latexCommand(token: Token): Syntax {
    const name = token.text;
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
      const numerator = this.latexArgument(token);
      const denominator = this.latexArgument(token);
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
    if (LATEX_FUNCTIONS.has(name)) return this.latexFunction(token, name);
    const unsupported = UNSUPPORTED_LATEX.get(name);
    if (unsupported !== undefined) throw this.error(unsupported, token);
    throw this.error(`The LaTeX command \\${name} isn’t supported in a formula`, token);
  }

  /**
   * `\sin x`, `\sin(x)`, `\sin^2 x`, `\sin^{-1} x`, `\log_2 x`, `\max(a, b)`, and bare words in LaTeX
   * (`sin(x)`). Without brackets the argument is the product that follows: `\sin 2x` is sin(2x).
   */
  protected override latexFunction(token: Token, command: string): Syntax {
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
    let callee = LATEX_FUNCTIONS.get(command) ?? command;
    if ((callee === 'min' || callee === 'max') && base) {
      throw this.errorAt(`\\${command}_… states an optimization problem: select the loss being minimized itself`, token.start, base.end);
    }
    const exponent = power?.kind === 'group' ? power.inner : power;
    const inverse = INVERSE_TRIG.get(callee);
    if (exponent?.kind === 'negate' && exponent.operand.kind === 'number' && exponent.operand.value === 1 && inverse !== undefined) {
      callee = inverse;
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
    return (token.kind === 'command' && LATEX_FUNCTIONS.has(token.text)) || (token.kind === 'identifier' && token.text.length > 1 && resolveFunction(token.text) !== undefined);
  }

  /** LaTeX `x^2`, `x^{n+1}`, and a subscript written after the superscript: `\theta^2_1` is θ₁². */
  protected override latexPower(left: Syntax, operator: Token): Syntax {
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
}

/** `d` (in brackets or not): the numerator of a derivative written as a fraction. */
function isD(syntax: Syntax): boolean {
  let node = syntax;
  while (node.kind === 'group') node = node.inner;
  return node.kind === 'name' && node.name === 'd';
}

/** `d x`, `(d x)(d y)`: a product whose first factor is `d`, however long (a loop: products chain to the left). */
function startsWithD(syntax: Syntax): boolean {
  let node = syntax;
  while (node.kind === 'group' || (node.kind === 'binary' && node.op === '*')) node = node.kind === 'group' ? node.inner : node.left;
  return isD(node);
}
