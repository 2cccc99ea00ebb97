/**
 * Start values as the code around a formula sees its names: inside a function, its parameters (and their default
 * values) hide names of the same spelling outside it, as the language itself resolves them. With the cursor on
 * `return (w - 3)**2 + 0.1*b**2` inside `def bowl(w=1.5, b=-2.0):`, w starts at 1.5 and b at −2.0, whatever the
 * module assigns to w and b further up; an assignment in the function's body above the formula wins over the
 * default (it runs after the call binds it), and assignments inside other functions are out of sight.
 *
 * Text only: scopes are read from indentation (Python's `def`), braces (`function f(a = 1) {`, `(a = 1) => {`,
 * `double f(double a) {`, R's `function(b = 2) {`) and `function … end` blocks (Julia, MATLAB). Nothing is
 * evaluated; only number literals count as values. Names are looked up in Maps, never in plain objects.
 */
import { assignedValueOn, NUMBER_LITERAL } from './assignedValues';

interface Parameter {
  readonly name: string;
  /** The default, when it is a plain number. */
  readonly value: number | undefined;
}

interface Scope {
  readonly id: number;
  /** How the scope ends: a line indented no deeper than `indent`, a `}`, or an `end`. */
  readonly closer: 'indent' | 'brace' | 'end';
  readonly indent: number;
  /** A function's parameters; null for a block that is not a function (if, for, a class body). */
  readonly parameters: readonly Parameter[] | null;
}

interface ScannedLine {
  readonly text: string;
  /** The function scopes the line is in, outermost first. */
  readonly functions: readonly Scope[];
}

const PYTHON_DEF = /^\s*(?:async\s+)?def\s+[\p{L}_][\p{L}\p{Nd}_]*\s*\(/u;
const KEYWORD_FUNCTION = /^\s*function\b/;
/** Keywords that open a block closed by `end` in Julia and MATLAB. */
const END_BLOCK = /^\s*(?:if|for|while|begin|let|do|try|switch|struct|mutable\s+struct|module|quote|parfor|macro|classdef|methods|properties)\b/;
const CONTROL_BEFORE_PAREN = /\b(?:if|for|foreach|while|switch|catch|with|using|lock|elif|return|new|sizeof|typeof)\s*$/;

/**
 * Start values for `variables` from the code before `offset` (where the formula starts) in `text`: for each
 * variable the innermost enclosing function that has it as a parameter decides (an assignment in its body above
 * the formula, else the parameter's default, else nothing: names outside are hidden); a variable no enclosing
 * function binds takes the nearest number assignment above the formula that is in scope there. Variables with no
 * value are left out.
 */
export function scopedStartValues(text: string, offset: number, variables: readonly string[]): Map<string, number> {
  const lines = scanLines(text, offset);
  const formula = lines[lines.length - 1]!;
  const above = lines.slice(0, -1);
  const found = new Map<string, number>();
  for (const name of variables) {
    const binding = [...formula.functions].reverse().find((scope) => scope.parameters!.some((parameter) => parameter.name === name));
    // Lines whose function scopes are all still open at the formula can be seen from it.
    const visible = (line: ScannedLine): boolean =>
      line.functions.every((scope, depth) => formula.functions[depth]?.id === scope.id) &&
      (binding === undefined || line.functions.some((scope) => scope.id === binding.id));
    let value: number | undefined;
    for (let i = above.length - 1; i >= 0 && value === undefined; i--) {
      if (visible(above[i]!)) value = assignedValueOn(above[i]!.text, name);
    }
    value ??= binding?.parameters!.find((parameter) => parameter.name === name)?.value;
    if (value !== undefined) found.set(name, value);
  }
  return found;
}

/** Every line up to and including the one `offset` is on, with the function scopes each is in. */
function scanLines(text: string, offset: number): ScannedLine[] {
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const rawLines = text.slice(0, lineEnd === -1 ? text.length : lineEnd).split('\n');
  // The formula's line from where the formula starts (a selection may start mid-line).
  rawLines[rawLines.length - 1] = `${' '.repeat(indentOf(rawLines[rawLines.length - 1]!))}${text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).trim()}`;
  const stack: Scope[] = [];
  let nextId = 0;
  const scanned: ScannedLine[] = [];
  rawLines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const code = withoutStringsAndComments(line);
    const isFormulaLine = index === rawLines.length - 1;
    if (code.trim() !== '') {
      const indent = indentOf(line);
      // A line indented no deeper than a `def` ends it (and the blocks opened inside it).
      for (let k = stack.length - 1; k >= 0; k--) {
        if (stack[k]!.closer === 'indent' && indent <= stack[k]!.indent) stack.length = k;
      }
    }
    scanned.push({ text: line, functions: stack.filter((scope) => scope.parameters !== null) });
    if (isFormulaLine) return;
    const indent = indentOf(line);
    if (PYTHON_DEF.test(code) && /:\s*$/.test(code)) {
      stack.push({ id: nextId++, closer: 'indent', indent, parameters: parametersOf(code.slice(0, code.lastIndexOf(':'))) });
      return;
    }
    if (!code.includes('{') && !code.includes('}')) {
      if (KEYWORD_FUNCTION.test(code) && !/\bend\s*;?\s*$/.test(code)) {
        stack.push({ id: nextId++, closer: 'end', indent, parameters: parametersOf(code) });
      } else if (END_BLOCK.test(code) && !/:\s*$/.test(code) && !/\bend\b/.test(code)) {
        stack.push({ id: nextId++, closer: 'end', indent, parameters: null });
      } else if (/^\s*end\b/.test(code)) {
        const at = findLastIndex(stack, (scope) => scope.closer === 'end');
        if (at !== -1) stack.length = at;
      }
      return;
    }
    // Braces, in order along the line: `{` opens a scope (a function's when what comes before it is a function
    // header, on this line or the one before), `}` closes the innermost brace scope.
    const previous = withoutStringsAndComments(rawLines[index - 1] ?? '');
    for (let at = 0; at < code.length; at++) {
      if (code[at] === '{') {
        const before = code.slice(0, at).trim() === '' ? previous : code.slice(0, at);
        stack.push({ id: nextId++, closer: 'brace', indent, parameters: isFunctionHeader(before) ? parametersOf(before) : null });
      } else if (code[at] === '}') {
        const open = findLastIndex(stack, (scope) => scope.closer === 'brace');
        if (open !== -1) stack.length = open;
      }
    }
  });
  return scanned;
}

/** Text before a `{` that makes it a function body: `function f(a)`, `(a) =>`, `double f(double a)`, `function(b)`. */
function isFunctionHeader(before: string): boolean {
  const header = before.replace(/\{[^{}]*\}/g, '').trim();
  if (/=>\s*$/.test(header) || /\bfunction\b[^()]*\([^()]*\)/.test(header)) return true;
  // A call-like header: a name, its parameter list, then perhaps a return type or qualifiers.
  const match = /([\p{L}_][\p{L}\p{Nd}_]*)\s*\(([^()]*)\)\s*(?:(?:->|:)\s*[^(){};=]+|const|noexcept|override|throws\s+[\w., ]+)?\s*$/u.exec(header);
  if (!match) return false;
  return !CONTROL_BEFORE_PAREN.test(header.slice(0, match.index + match[1]!.length)) && !/^(?:if|for|foreach|while|switch|catch|with|using|lock)$/.test(match[1]!);
}

/** The parameters in a header's last parenthesized list, with number defaults read. */
function parametersOf(header: string): Parameter[] {
  const close = header.lastIndexOf(')');
  if (close === -1) return [];
  let depth = 0;
  let open = -1;
  for (let at = close; at >= 0; at--) {
    if (header[at] === ')') depth++;
    else if (header[at] === '(' && --depth === 0) {
      open = at;
      break;
    }
  }
  if (open === -1) return [];
  return splitTopLevel(header.slice(open + 1, close)).flatMap((piece) => {
    const equals = piece.search(/(?<![=!<>:])=(?!=)/);
    const declaration = (equals === -1 ? piece : piece.slice(0, equals)).replace(/::?\s*[^,]*$/u, '').trim();
    const names = declaration.match(/[\p{L}_][\p{L}\p{Nd}_]*/gu);
    const name = names?.[names.length - 1];
    if (!name || name === 'self' || name === 'this') return [];
    const text = equals === -1 ? '' : piece.slice(equals + 1).trim();
    const value = new RegExp(`^${NUMBER_LITERAL}$`).test(text) ? Number(text.replace(/_/g, '')) : undefined;
    return [{ name, value: Number.isFinite(value) ? value : undefined }];
  });
}

/** Splits at commas outside brackets. */
function splitTopLevel(list: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let from = 0;
  for (let at = 0; at < list.length; at++) {
    const char = list[at];
    if (char === '(' || char === '[' || char === '{' || char === '<') depth++;
    else if (char === ')' || char === ']' || char === '}' || char === '>') depth--;
    else if ((char === ',' || char === ';') && depth === 0) {
      pieces.push(list.slice(from, at));
      from = at + 1;
    }
  }
  pieces.push(list.slice(from));
  return pieces.filter((piece) => piece.trim() !== '');
}

/** The line with string literals emptied and a trailing comment (#, //, %) cut, so braces in them do not count. */
function withoutStringsAndComments(line: string): string {
  return line
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""')
    .replace(/(?:#|\/\/|%).*$/, '');
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].replace(/\t/g, '    ').length;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
