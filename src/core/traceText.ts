/**
 * A trace written out as text, a piece at a time, exactly as JSON.stringify (or the CSV export) would write it whole:
 * the report of a ten-million-step run is gigabytes, which no string can hold and no one should wait for in one
 * piece. Each column is one more pass over the states (a re-run: runs are deterministic, and a run is much cheaper
 * than writing its numbers).
 */
import type { StateSource } from './optim/record/rerun';

/** The characters of text gathered before a piece is handed on. */
const PIECE_CHARACTERS = 1 << 16;

/** A number as JSON writes it: non-finite numbers are null. */
function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** Joins small strings into pieces of about PIECE_CHARACTERS. */
class Pieces {
  private parts: string[] = [];
  private length = 0;

  add(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  get full(): boolean {
    return this.length >= PIECE_CHARACTERS;
  }

  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/** Which numbers of each state a trace column writes. */
export type TraceColumn = 'step' | 'loss' | 'learningRate' | 'params' | 'momentum' | 'batchLoss';

/** What a column that is a function of the update alone writes (the momentum a schedule cycles), read in step order. */
export type ValueOfUpdate = (update: number) => number;

/**
 * The JSON array of one column, formatted as JSON.stringify(array, null, gap) formats it at indentation `indent`
 * (gap '' for the compact form). `learningRate`, `momentum` (`valueOfUpdate` of each state's step) and `batchLoss`
 * leave out the first state (the start, which no update led to).
 */
export function* columnJson(source: StateSource, column: TraceColumn, indent: string, gap: string, valueOfUpdate?: ValueOfUpdate): Generator<string> {
  const inner = indent + gap;
  // JSON.stringify's separators: with a gap each element on its own line, without one a comma.
  const open = gap === '' ? '[' : `[\n${inner}`;
  const separator = gap === '' ? ',' : `,\n${inner}`;
  const close = gap === '' ? ']' : `\n${indent}]`;
  const rowOpen = gap === '' ? '[' : `[\n${inner}${gap}`;
  const rowSeparator = gap === '' ? ',' : `,\n${inner}${gap}`;
  const rowClose = gap === '' ? ']' : `\n${inner}]`;
  const pieces = new Pieces();
  let written = 0;
  for (const states of source.stretches()) {
    const n = states.dimension;
    for (let k = 0; k < states.count; k++) {
      if ((column === 'learningRate' || column === 'momentum' || column === 'batchLoss') && states.step[k] === 0) continue;
      pieces.add(written === 0 ? open : separator);
      written++;
      switch (column) {
        case 'step':
          pieces.add(String(states.step[k]));
          break;
        case 'loss':
          pieces.add(jsonNumber(states.loss[k]!));
          break;
        case 'learningRate':
          pieces.add(jsonNumber(states.learningRate[k]!));
          break;
        case 'batchLoss':
          pieces.add(jsonNumber(states.batchLoss![k]!));
          break;
        case 'momentum':
          pieces.add(jsonNumber(valueOfUpdate!(states.step[k]!)));
          break;
        case 'params': {
          if (n === 0) {
            pieces.add('[]');
            break;
          }
          let row = rowOpen;
          for (let i = 0; i < n; i++) row += (i === 0 ? '' : rowSeparator) + jsonNumber(states.params[k * n + i]!);
          pieces.add(row + rowClose);
          break;
        }
      }
      if (pieces.full) yield pieces.take();
    }
  }
  pieces.add(written === 0 ? '[]' : close);
  yield pieces.take();
}

/**
 * `step,learning_rate,loss,<variables…>`: one row per state; the η column is the η of the update that led there
 * (empty for the start). `header` is the first line, with the variables' names quoted where CSV needs it. A loss over
 * data adds `batch_loss` after `loss`: the loss of the batch of the update that led there (empty for the start).
 */
export function* traceCsv(source: StateSource, variables: readonly string[]): Generator<string> {
  const pieces = new Pieces();
  const batch = source.batchLoss;
  pieces.add(`${['step', 'learning_rate', 'loss', ...(batch ? ['batch_loss'] : []), ...variables.map(csvField)].join(',')}\n`);
  for (const states of source.stretches()) {
    const n = states.dimension;
    for (let k = 0; k < states.count; k++) {
      const step = states.step[k]!;
      let row = `${step},${step === 0 ? '' : String(states.learningRate[k])},${String(states.loss[k])}`;
      if (batch) row += `,${step === 0 ? '' : String(states.batchLoss![k])}`;
      for (let i = 0; i < n; i++) row += `,${String(states.params[k * n + i])}`;
      pieces.add(`${row}\n`);
      if (pieces.full) yield pieces.take();
    }
  }
  yield pieces.take();
}

/** Quotes a CSV field when it needs it (a variable named `w[0]` is fine; one with a comma is not). */
function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The value `build` makes, as JSON.stringify(value, null, gap) writes it, except that each placeholder it asked for
 * (`placeholder(name)`) is replaced by the text `streamed.get(name)` writes, handed the indentation of the line the
 * placeholder is on. Placeholders are strings that occur nowhere else in the text (a formula's source could hold
 * anything, so that is checked, and another spelling tried if need be).
 */
export function* spliceJson(
  build: (placeholder: (name: string) => string) => unknown,
  gap: string,
  streamed: ReadonlyMap<string, (indent: string) => Iterable<string>>,
): Generator<string> {
  for (let attempt = 0; ; attempt++) {
    const placeholder = (name: string): string => `\u0000${attempt}:${name}`;
    const text = JSON.stringify(build(placeholder), (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), gap);
    const found = [...streamed.keys()].map((name) => {
      const quoted = JSON.stringify(placeholder(name));
      const at = text.indexOf(quoted);
      return { name, at, length: quoted.length, once: at >= 0 && text.indexOf(quoted, at + 1) < 0 };
    });
    if (!found.every((one) => one.once)) continue;
    let from = 0;
    for (const { name, at, length } of found.sort((a, b) => a.at - b.at)) {
      yield text.slice(from, at);
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const indent = /^ */.exec(text.slice(lineStart, at))![0];
      yield* streamed.get(name)!(indent);
      from = at + length;
    }
    yield text.slice(from);
    return;
  }
}
