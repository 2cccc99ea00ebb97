/**
 * What the statement parsers read a selection into, before one formula is picked from it: assignments,
 * functions, unpackings, returns and bare expressions. Also the steps that turn an unpacking (`x, y = p`)
 * or an element's name (`x = p[0]`) into bindings, which a function's body and the top level take alike.
 * Pure data and functions, so both parsers (functionParser.ts, parser.ts) share them without sharing state.
 */
import type { Token } from './lexer';
import type { Binding, ElementName, Parameter, Syntax, Unpacking } from './syntax';

export type Statement =
  | { kind: 'assign'; name: string; start: number; end: number; value: Syntax | FunctionValue }
  | { kind: 'function'; name: string | null; start: number; end: number; value: FunctionValue }
  | UnpackStatement
  | { kind: 'return'; start: number; end: number; value: Syntax }
  | { kind: 'expression'; start: number; end: number; value: Syntax };

/** `x, y = p`, `[x, y] = p`, `const [x, y] = p`, `const { x, y } = p`: one value for several names. */
export interface UnpackStatement {
  readonly kind: 'unpack';
  readonly targets: readonly UnpackTarget[];
  readonly form: 'tuple' | 'object';
  readonly start: number;
  readonly end: number;
  readonly value: Syntax;
}

/** A name an unpacking gives; in an object's destructuring, with the field it takes (`a` in `{ a: b }`). */
export interface UnpackTarget {
  readonly token: Token;
  readonly field?: string;
}

export interface FunctionValue {
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

export function isFunction(value: Syntax | FunctionValue): value is FunctionValue {
  return value.kind === 'function';
}

/**
 * `x, y = p` as the bindings `x = p[0]`, `y = p[1]` (from `base`), read by element as any `p[0]` is, and the
 * record that names those elements x and y; `const { x, y: b } = p` as `x = p.x`, `b = p.y`. A value that is
 * not a name is kept as it is, to be refused.
 */
export function unpack(statement: UnpackStatement, base: number): { bindings: Binding[]; unpacking: Unpacking } {
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
export function elementNaming(binding: Binding, base: number, round: boolean): Unpacking | undefined {
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
export function isNumberLiteral(value: Syntax | FunctionValue): boolean {
  if (value.kind === 'number') return true;
  if (value.kind === 'negate') return isNumberLiteral(value.operand);
  if (value.kind === 'group') return isNumberLiteral(value.inner);
  return false;
}
