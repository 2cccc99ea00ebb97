/**
 * A formula as plain math prints it (`(w - 3)^2 + 0.5*theta_0^2`) turned into what a reader expects to see:
 * powers raised (w², x^(2y) as x with 2y raised), subscripts lowered (θ₀ from theta_0), Greek letters for their
 * names, a true minus sign and a middle dot for `*`. Pure: it returns a small tree the header renders as
 * <sup>/<sub> elements (so the text stays real text), tested in Node.
 */
import { displayName } from './format';

export type MathNode = string | { kind: 'sup' | 'sub'; children: MathNode[] };

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*/u;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/i;

/** The formula as math nodes. `maxLength` cuts a very long formula (with an ellipsis) before it is rendered. */
export function mathNodes(display: string, maxLength = Infinity): MathNode[] {
  const text = display.length > maxLength ? `${display.slice(0, maxLength)}…` : display;
  return parse(text, { at: 0 }, false);
}

/** Characters from the formula's text are looked up: Maps, never plain objects (which inherit `constructor`). */
const SUPERSCRIPTS: ReadonlyMap<string, string> = new Map([...'0123456789−+'].map((char, i) => [char, '⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺'[i]!]));
const SUBSCRIPTS: ReadonlyMap<string, string> = new Map([...'0123456789'].map((char, i) => [char, '₀₁₂₃₄₅₆₇₈₉'[i]!]));

/**
 * The nodes as one line of plain text (for a tooltip, where no markup goes): Unicode's raised and lowered digits
 * where it has them (x², x⁻¹, θ₀), else ^(…) and _(…).
 */
export function mathPlainText(nodes: readonly MathNode[]): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return node;
      const inner = mathPlainText(node.children);
      const glyphs = node.kind === 'sup' ? SUPERSCRIPTS : SUBSCRIPTS;
      if ([...inner].every((char) => glyphs.has(char))) return [...inner].map((char) => glyphs.get(char)).join('');
      const mark = node.kind === 'sup' ? '^' : '_';
      return /^[\p{L}\p{N}.]+$/u.test(inner) ? `${mark}${inner}` : `${mark}(${inner})`;
    })
    .join('');
}

interface Cursor {
  at: number;
}

/** Reads until the end, or (inside parentheses of a raised group) until the closing parenthesis. */
function parse(text: string, cursor: Cursor, untilClose: boolean): MathNode[] {
  const nodes: MathNode[] = [];
  const push = (node: MathNode): void => {
    const last = nodes[nodes.length - 1];
    if (typeof node === 'string' && typeof last === 'string') nodes[nodes.length - 1] = last + node;
    else nodes.push(node);
  };
  let depth = 0;
  while (cursor.at < text.length) {
    const rest = text.slice(cursor.at);
    const char = text[cursor.at]!;
    if (untilClose && char === ')' && depth === 0) {
      cursor.at++;
      return nodes;
    }
    // `^`, or Python's `**` (a formula too large to print is shown as its source).
    if (char === '^' || rest.startsWith('**')) {
      cursor.at += char === '^' ? 1 : 2;
      push({ kind: 'sup', children: operand(text, cursor) });
      continue;
    }
    const name = IDENTIFIER.exec(rest)?.[0];
    if (name) {
      cursor.at += name.length;
      const [base, ...subscript] = name.split('_');
      const shown = subscript.length > 0 && base ? displayName(base) : displayName(name);
      if (subscript.length > 0 && base && subscript.every((part) => part !== '')) {
        push(shown);
        push({ kind: 'sub', children: [subscript.map((part) => displayName(part)).join(',')] });
      } else {
        push(name === 'sqrt' && text[cursor.at] === '(' ? '√' : displayName(name));
      }
      continue;
    }
    const number = NUMBER.exec(rest)?.[0];
    if (number) {
      cursor.at += number.length;
      push(number.replace(/e([+-]?)(\d+)$/i, (_match, sign: string, digits: string) => `e${sign === '-' ? '−' : ''}${digits}`));
      continue;
    }
    cursor.at++;
    if (char === '(') depth++;
    if (char === ')') depth--;
    push(char === '*' ? '·' : char === '-' ? '−' : char);
  }
  return nodes;
}

/** What `^` raises: a parenthesized group (shown without its parentheses), a signed number, or a name. */
function operand(text: string, cursor: Cursor): MathNode[] {
  const rest = text.slice(cursor.at);
  if (rest.startsWith('(')) {
    cursor.at++;
    return parse(text, cursor, true);
  }
  const signed = /^-?(?:\d+\.?\d*|\.\d+)/.exec(rest)?.[0] ?? IDENTIFIER.exec(rest)?.[0];
  if (!signed) return [];
  cursor.at += signed.length;
  return [signed.startsWith('-') ? `−${signed.slice(1)}` : displayName(signed)];
}
