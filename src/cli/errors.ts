import type { FormulaError } from '../core/formula';
import { toJson, type Output } from './io';

/** Exit code for anything the user must fix: bad arguments or a formula that cannot be read. */
export const EXIT_USAGE = 2;

/**
 * A formula that cannot be read: one line on stderr (and the JSON error object with --json); exit 2. With the
 * file it was read from (`--file`), the place is the file's line and column, as compilers print it.
 */
export function reportFormulaError(error: FormulaError, json: boolean, out: Output, path?: string): number {
  // `column` is within the line; a multi-line formula names the line in the message.
  const message = error.source.includes('\n') && path === undefined ? `${error.message} (line ${error.line})` : error.message;
  if (json) out.stdout(`${toJson({ error: { message, ...(path === undefined ? {} : { line: error.line }), column: error.column } })}\n`);
  out.stderr(path === undefined ? `gd-lab: ${error.describe()}\n` : `gd-lab: ${path}:${error.line}:${error.column}: ${error.message}\n`);
  return EXIT_USAGE;
}
