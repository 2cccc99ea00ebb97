/**
 * A recognised optimizer as JSON (what `gd-lab optimizers FILE --json` prints): the line, the framework, the
 * optimizer and its schedule as `{ kind, …every hyper-parameter with the framework's default filled in }` in the
 * framework's own names, and the names of the arguments the file leaves unknown (their values are null).
 */
import { pyValueText, pyValueToJson } from './constants';
import type { ArgumentReading, ChainPiece, RecognisedCall, RecognisedOptimizer, RecognisedSchedule } from './types';

export interface OptimizerListing {
  readonly line: number;
  readonly framework: string;
  readonly variable: string | null;
  readonly optimizer: Record<string, unknown>;
  readonly schedule: Record<string, unknown> | null;
  readonly unknown: readonly string[];
}

export function optimizerListing(recognised: RecognisedOptimizer): OptimizerListing {
  const optimizer = callObject(recognised.optimizer);
  if (recognised.chain) optimizer.chain = recognised.chain.map((piece) => chainPieceObject(piece, recognised));
  return {
    line: recognised.line,
    framework: recognised.framework,
    variable: recognised.variable,
    optimizer,
    schedule: recognised.schedule ? scheduleObject(recognised.schedule) : null,
    unknown: recognised.unknown.map((u) => u.name),
  };
}

/** `{ kind, …arguments }`; built by Object.fromEntries, since argument names are read from the file (own properties only). */
function callObject(call: RecognisedCall): Record<string, unknown> {
  return Object.fromEntries([['kind', call.signature.name], ...[...call.arguments].map(([name, reading]) => [name, readingJson(reading)] as const)]);
}

function scheduleObject(schedule: RecognisedSchedule): Record<string, unknown> {
  const object = callObject(schedule);
  object.line = schedule.line;
  if (schedule.signature.id === 'pytorch.SequentialLR') object.schedulers = schedule.children.map(scheduleObject);
  return object;
}

function chainPieceObject(piece: ChainPiece, recognised: RecognisedOptimizer): Record<string, unknown> | string {
  switch (piece.kind) {
    case 'optimizer':
      return recognised.optimizer.signature.name;
    case 'add_decayed_weights':
      return callObject(piece.call);
    case 'other':
      return piece.name;
  }
}

function readingJson(reading: ArgumentReading): unknown {
  switch (reading.state) {
    case 'value':
      return pyValueToJson(reading.value);
    case 'unknown':
      return null;
    case 'schedule':
      return { schedule: reading.schedule.signature.name };
  }
}

/** `lr=0.0003, weight_decay=0.05`: the arguments that differ from the defaults, as Python would print them. */
export function givenArguments(call: RecognisedCall, source: string): string {
  const parts: string[] = [];
  for (const [name, reading] of call.arguments) {
    if (reading.expr === null) continue;
    const text =
      reading.state === 'value' ? pyValueText(reading.value) : reading.state === 'schedule' ? reading.schedule.signature.name : source.slice(reading.expr.span.start, reading.expr.span.end);
    parts.push(`${name}=${text}`);
  }
  return parts.join(', ');
}
