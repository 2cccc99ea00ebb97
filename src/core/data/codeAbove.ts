/**
 * The assignments in the code above a loss: where each name gets its value, so the data a loss uses can be
 * found (`data = np.loadtxt(…)`, `X = data[:, 0:2]`, `theta = zeros(2, 1);`). The text is split into
 * statements as the languages split it — a line, unless brackets are open or it ends with a continuation; `;`
 * between statements on one line — with strings and comments set aside. Only the shape `name = value` is
 * recognised here; what the value means is read elsewhere (prepare.ts), and only for the names a loss needs.
 */
import type { Dialect } from '../formula/lexer';

export interface Assignment {
  readonly name: string;
  /** Offsets in the text: the whole statement, and its value (without a trailing `;`). */
  readonly start: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  /**
   * Set when the statement assigns several names at once (`X, y = load()`) or into part of a name
   * (`X[:, 0] = 1`): the value cannot be read for one name, and a loss that needs the name is told so.
   */
  readonly unreadable?: 'tuple' | 'part';
}

/** A statement's offsets in the text. */
interface Statement {
  readonly start: number;
  readonly end: number;
}

const NAME = String.raw`[\p{L}_][\p{L}\p{Nd}_]*`;
const DECLARATION = String.raw`(?:(?:export|const|let|var|global|local|final|static|double|float|int|auto|val)\s+)*`;
const SIMPLE = new RegExp(String.raw`^(\s*${DECLARATION})(${NAME})(\s*(?::(?!:)|::)[^=]*?)?\s*(=|<-|:=)(?!=)`, 'u');
const TUPLE = new RegExp(String.raw`^\s*\[?\(?\s*(${NAME}(?:\s*,\s*${NAME})+)\s*\)?\]?\s*=(?!=)`, 'u');
const PART = new RegExp(String.raw`^\s*(${NAME})\s*[[(.][^=]*[\])\w]\s*=(?!=)`, 'u');

/** Every assignment in `text`, in order. */
export function assignmentsIn(text: string, dialect: Dialect): Assignment[] {
  const assignments: Assignment[] = [];
  for (const statement of statementsIn(text, dialect)) {
    const code = text.slice(statement.start, statement.end);
    const simple = SIMPLE.exec(code);
    if (simple) {
      const valueStart = statement.start + simple[0].length;
      assignments.push({ name: simple[2]!, start: statement.start + simple[1]!.length, valueStart: skipSpace(text, valueStart, statement.end), valueEnd: trimEnd(text, valueStart, statement.end) });
      continue;
    }
    const tuple = TUPLE.exec(code);
    if (tuple) {
      for (const name of tuple[1]!.split(',').map((n) => n.trim())) {
        assignments.push({ name, start: statement.start, valueStart: statement.start, valueEnd: statement.end, unreadable: 'tuple' });
      }
      continue;
    }
    const part = PART.exec(code);
    if (part) assignments.push({ name: part[1]!, start: statement.start, valueStart: statement.start, valueEnd: statement.end, unreadable: 'part' });
  }
  return assignments;
}

/** The nearest assignment to `name` that starts before `offset`, if any. */
export function assignmentBefore(assignments: readonly Assignment[], name: string, offset: number): Assignment | undefined {
  for (let k = assignments.length - 1; k >= 0; k -= 1) {
    const assignment = assignments[k]!;
    if (assignment.name === name && assignment.start < offset) return assignment;
  }
  return undefined;
}

function skipSpace(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && /\s/.test(text[i]!)) i += 1;
  return i;
}

/** The end of a statement's value: before trailing spaces and a `;`. */
function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && /[\s;]/.test(text[i - 1]!)) i -= 1;
  return i;
}

/**
 * Splits code into statements: at line ends outside brackets (unless the line continues: `\`, MATLAB's `...`,
 * or an operator at its end) and at `;` outside brackets. Strings and comments never split or open anything.
 */
export function statementsIn(text: string, dialect: Dialect): Statement[] {
  const statements: Statement[] = [];
  let start = 0;
  let depth = 0;
  let lastCode = '';
  const close = (end: number, next: number): void => {
    if (text.slice(start, end).trim() !== '') statements.push({ start, end });
    start = next;
    lastCode = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    // Comments run to the end of the line.
    if (c === '#' && (dialect.python || dialect.matlab || dialect.julia || !dialect.cFamily)) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if (c === '%' && dialect.matlab) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '/' && !dialect.python) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const endComment = text.indexOf('*/', i + 2);
      i = endComment === -1 ? text.length : endComment + 1;
      continue;
    }
    if (c === '"' || c === '`' || (c === "'" && !/[\p{L}\p{Nd}_)\]'.]/u.test(lastCode))) {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let k = i + quote.length;
      while (k < text.length && !text.startsWith(quote, k) && (triple || text[k] !== '\n')) k += text[k] === '\\' ? 2 : 1;
      i = Math.min(k + quote.length, text.length) - 1;
      lastCode = c;
      continue;
    }
    if ('([{'.includes(c)) depth += 1;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    if (c === ';' && depth === 0) {
      close(i, i + 1);
      continue;
    }
    if (c === '\n') {
      const line = text.slice(text.lastIndexOf('\n', i - 1) + 1, i);
      const continues = depth > 0 || /\\\s*$/.test(line) || (dialect.matlab && /\.\.\.[^\n]*$/.test(line)) || /[+\-*/=,]\s*$/.test(stripComment(line, dialect));
      if (!continues) close(i, i + 1);
      continue;
    }
    if (!/\s/.test(c)) lastCode = c;
  }
  close(text.length, text.length);
  return statements;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function stripComment(line: string, dialect: Dialect): string {
  const marker = dialect.matlab ? /[%#].*$/ : dialect.cFamily ? /\/\/.*$/ : /#.*$/;
  return line.replace(marker, '');
}
