/** Where a command writes: the process's streams (main.ts). */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Writes a long output to stdout a piece at a time, waiting while the reader is behind so that nothing piles up in
   * memory, and stopping early when nobody reads any more (`| head` closed the pipe).
   */
  stdoutPieces(pieces: Iterable<string>): Promise<void>;
}

/** The process's stdout and stderr as an Output. */
export function processOutput(): Output {
  const stdout = process.stdout;
  return {
    stdout: (text) => void stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    async stdoutPieces(pieces) {
      for (const piece of pieces) {
        // A write to a pipe whose reader has gone destroys the stream at once; the error itself comes later.
        if (stdout.destroyed) return;
        if (!stdout.write(piece)) await new Promise<void>((resolve) => {
          const done = (): void => {
            stdout.off('drain', done);
            stdout.off('close', done);
            resolve();
          };
          stdout.once('drain', done);
          stdout.once('close', done);
        });
      }
    },
  };
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
