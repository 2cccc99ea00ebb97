/**
 * What "Simulate" reads when nothing is selected: the formula at the cursor. Usually the current line;
 * the whole definition when the line opens one (`def f(x):` with its indented body, `function f(x) {`
 * through its closing brace, Julia's `function f(x)` through `end`); in Markdown, the `$…$` math the
 * cursor is in. Pure text work (no vscode import), tested in plain Node.
 */
import type { OffsetRange } from './trackedRange';

export function formulaRangeAt(text: string, offset: number): OffsetRange {
  const lines = splitLines(text);
  const index = lines.findIndex((line) => offset >= line.start && offset <= line.end);
  const line = lines[index === -1 ? lines.length - 1 : index];
  const content = text.slice(line.start, line.end);

  const math = mathSegmentAt(content, offset - line.start);
  if (math) return { start: line.start + math.start, end: line.start + math.end };

  const lineIndex = lines.indexOf(line);
  const indent = indentation(content);
  // Python: `def f(x):` (or `lambda` spread over lines) — the body is the lines indented deeper.
  if (/^\s*(async\s+)?def\b.*:\s*(#.*)?$/.test(content)) {
    let last = lineIndex;
    for (let k = lineIndex + 1; k < lines.length; k += 1) {
      const next = text.slice(lines[k].start, lines[k].end);
      if (next.trim() === '') continue;
      if (indentation(next) <= indent) break;
      last = k;
    }
    return { start: line.start, end: lines[last].end };
  }
  // Braces opened on this line: through the line where they balance.
  if (braceBalance(content) > 0) {
    let balance = braceBalance(content);
    for (let k = lineIndex + 1; k < lines.length; k += 1) {
      balance += braceBalance(text.slice(lines[k].start, lines[k].end));
      if (balance <= 0) return { start: line.start, end: lines[k].end };
    }
    return { start: line.start, end: lines[lines.length - 1].end };
  }
  // Julia / MATLAB: `function f(x)` through the `end` at the same indentation.
  if (/^\s*function\b/.test(content) && !/\bend\s*;?\s*$/.test(content)) {
    for (let k = lineIndex + 1; k < lines.length; k += 1) {
      const next = text.slice(lines[k].start, lines[k].end);
      if (/^\s*end\b/.test(next) && indentation(next) <= indent) return { start: line.start, end: lines[k].end };
    }
  }
  return { start: line.start, end: line.end };
}

interface Line {
  start: number;
  /** End of the line's text, before its line break. */
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      lines.push({ start, end: text.length });
      return lines;
    }
    lines.push({ start, end: newline > start && text[newline - 1] === '\r' ? newline - 1 : newline });
    start = newline + 1;
  }
}

function indentation(line: string): number {
  return /^\s*/.exec(line)![0].replace(/\t/g, '    ').length;
}

/** `{` minus `}` outside strings and comments (good enough for a definition's first and last lines). */
function braceBalance(line: string): number {
  const code = line.replace(/(["'`]).*?\1/g, '').replace(/(\/\/|#).*$/, '');
  return (code.match(/\{/g)?.length ?? 0) - (code.match(/\}/g)?.length ?? 0);
}

/** The `$…$` / `$$…$$` segment of a Markdown line containing `column` (or the only one on the line). */
function mathSegmentAt(line: string, column: number): OffsetRange | undefined {
  const segments: OffsetRange[] = [];
  const pattern = /\$\$[^$]+\$\$|\$[^$\n]+\$/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    segments.push({ start: match.index, end: match.index + match[0].length });
  }
  if (segments.length === 0) return undefined;
  const containing = segments.find((s) => column >= s.start && column <= s.end);
  if (containing) return containing;
  // Prose with several formulas and the cursor between them: the line as a whole is not a formula.
  return segments.length === 1 && line.replace(/\$[^$]*\$/g, '').trim() === '' ? segments[0] : undefined;
}

/**
 * True when the text has something in it but all of it is comments (`# …`, `// …`, `% …`, `-- …` and block comments):
 * the formula engine reads such a selection as empty, and the message should say what it is instead.
 */
export function isOnlyComments(text: string): boolean {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''));
  const lines = code.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length === 0) return code !== text;
  return lines.every((line) => /^(#|\/\/|%|--)/.test(line));
}
