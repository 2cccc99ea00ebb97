import type { FormulaError } from '../core/formula';
import { toJson, type Output } from './io';

/** Exit code for anything the user must fix: bad arguments or a formula that cannot be read. */
export const EXIT_USAGE = 2;

/** A formula that cannot be read: one line on stderr (and the JSON error object with --json); exit 2. */
export function reportFormulaError(error: FormulaError, json: boolean, out: Output): number {
  // `column` is within the line; a multi-line formula names the line in the message.
  const message = error.source.includes('\n') ? `${error.message} (line ${error.line})` : error.message;
  if (json) out.stdout(`${toJson({ error: { message, column: error.column } })}\n`);
  out.stderr(`gd-lab: ${error.describe()}\n`);
  return EXIT_USAGE;
}
