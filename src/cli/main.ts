/**
 * gd-lab: the formula engine and optimizer core from a terminal (and the way tests and outside checks reach them).
 */
import { NonFiniteStartError } from '../core/optim';
import { UsageError } from './arguments';
import { EXIT_USAGE } from './errors';
import { INSPECT_USAGE, inspect } from './inspect';
import { endQuietlyWhenReaderLeaves, toJson, type Output } from './io';
import { OPTIMIZERS_USAGE, optimizers } from './optimizers';
import { SIMULATE_USAGE, simulate } from './simulate';
import { SWEEP_USAGE, sweep } from './sweep';

const USAGE = `Usage:
  ${INSPECT_USAGE}
  ${SIMULATE_USAGE}
  ${SWEEP_USAGE}
  ${OPTIMIZERS_USAGE}

Formulas are read as written in Python, JavaScript/TypeScript, C/C++, Java, C#, MATLAB/Octave,
Julia, R, LaTeX or plain math. Training scripts (optimizers, --from) are PyTorch, Keras 3 or optax
in Python, read and never run. Exit code 2 means the formula or an argument could not be used.`;

type Command = (args: readonly string[], out: Output) => number | Promise<number>;

const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['inspect', inspect],
  ['simulate', simulate],
  ['sweep', sweep],
  ['optimizers', optimizers],
]);

export async function main(argv: readonly string[], out: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out.stdout(`${USAGE}\n`);
    return command === undefined ? EXIT_USAGE : 0;
  }
  const run = COMMANDS.get(command);
  const json = rest.includes('--json');
  try {
    if (!run) throw new UsageError(`Unknown command "${command}"; commands: ${[...COMMANDS.keys()].join(', ')}`);
    return await run(rest, out);
  } catch (error) {
    const message = usageMessage(error);
    if (message === undefined) {
      // A bug, not an input: say so plainly rather than with a stack trace.
      out.stderr(`gd-lab: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    // The same keys as a formula's error; an argument has no column in the formula.
    if (json) out.stdout(`${toJson({ error: { message, column: null } })}\n`);
    out.stderr(`gd-lab: ${message}\n`);
    return EXIT_USAGE;
  }
}

/** The message for an error the user can fix by changing the arguments, or undefined for anything else. */
function usageMessage(error: unknown): string | undefined {
  if (error instanceof UsageError) return error.message;
  if (error instanceof NonFiniteStartError) return `--start: ${error.message}`;
  return undefined;
}

endQuietlyWhenReaderLeaves(process.stdout);
endQuietlyWhenReaderLeaves(process.stderr);
void main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
