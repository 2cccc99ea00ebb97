/** Where a command writes; the real process streams in main.ts, buffers in tests. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** JSON with non-finite numbers as null (JSON has no NaN or Infinity). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

/**
 * A reader that stops early (`gd-lab simulate … --json | head -c 100`) closes the pipe, and the rest of the output
 * has nobody to read it: that is the reader's choice, not an error. The process ends quietly with the exit code
 * the command had, instead of with Node's unhandled 'error' event and its stack trace. Any other write error is
 * one line on stderr and exit code 1.
 */
export function endQuietlyWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') {
      if (stream !== process.stderr) process.stderr.write(`gd-lab: cannot write the output: ${error.message}\n`);
      process.exitCode = 1;
    }
    process.exit();
  });
}
