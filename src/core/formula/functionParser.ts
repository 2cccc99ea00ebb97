/**
 * Function values in every dialect's form — `def`, `lambda`, arrows (`=>`, `->`), `@(x)`, C++ lambdas,
 * `function … end`, brace bodies — with their parameter lists, and the step that makes a body's statements
 * one value. A body is statements, so this class leaves `statements` to the program parser (parser.ts)
 * above it; the two are apart because what a function is and which statement is the formula are separate
 * questions, each long enough alone.
 */
import { MAX_DEPTH } from './expressionParser';
import { LatexCommandParser } from './latexCommands';
import type { Token } from './lexer';
import { elementNaming, isFunction, unpack, type FunctionValue, type Statement } from './statements';
import type { Binding, Parameter, Syntax, Unpacking, VectorLiteral } from './syntax';

export abstract class FunctionParser extends LatexCommandParser {
  /** Statements until `isEnd()` or the end of input: a body's, and the whole selection's. */
  protected abstract statements(isEnd: () => boolean): Statement[];

  /** A function's body: statements, nested as deep as functions are, so counted towards MAX_DEPTH like brackets. */
  private bodyStatements(isEnd: () => boolean): Statement[] {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) throw this.error('The formula is nested too deeply', this.peek());
    const statements = this.statements(isEnd);
    this.depth -= 1;
    return statements;
  }

  /** A call's argument may be a function value, as `reduce` and `map` take one: `(s, x, i) => s + x`, `lambda x: x**2`. */
  protected override argument(): Syntax {
    const value = this.functionOrExpression();
    if (!isFunction(value)) return value;
    if (value.bindings.length > 0) {
      throw this.errorAt('A function with its own definitions can’t be an argument here: write its value in one expression', value.start, value.end);
    }
    return { kind: 'lambda', parameters: value.parameters.map((p) => p.name), body: value.result, start: value.start, end: value.end };
  }

  /** An expression, or a function value: `lambda x: …`, `(x) => …`, `@(x) …`, `function(b) …`. */
  protected functionOrExpression(): Syntax | FunctionValue {
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
  protected pythonDef(): Statement {
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
    const fn = this.body(this.bodyStatements(isEnd), parameters, keyword.start, keyword);
    return { kind: 'function', name: nameToken.text, start: keyword.start, end: fn.end, value: fn };
  }

  /**
   * After `function`: JavaScript `function f(a, b) { … }`, R `function(b) …`, Julia `function f(x) … end`,
   * MATLAB `function y = f(x) … end`.
   */
  protected functionKeyword(): { name: string | null; value: FunctionValue } {
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
    const statements = this.bodyStatements(() => this.isWord(this.peek(), 'end'));
    if (this.isWord(this.peek(), 'end')) this.next();
    return { name, value: this.body(statements, parameters, keyword.start, keyword, output, 1) };
  }

  /** `{ statements }` as a function body (the `{` already read). */
  protected braceBody(parameters: Parameter[], start: number): FunctionValue {
    const outerDepth = this.bracketDepth;
    this.bracketDepth = 0; // statements inside braces are separated by newlines again
    const open = this.tokens[this.pos - 1];
    const statements = this.bodyStatements(() => this.isOperator(this.peek(), '}'));
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
  protected parameterList(): Parameter[] {
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
}
