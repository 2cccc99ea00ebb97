// Long setup steps (apt-get, npm installs) run with a line when they start, one every half minute while they run, so
// that a quiet step does not look hung, and one when they end.
import { spawn } from 'node:child_process';

/** "42 s", "3 min 05 s". */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export interface StepOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * `inherit`: the command's own output is the progress (npm). `on-failure`: its output is kept and shown only if it
   * fails (apt-get, whose per-package lines would bury everything else).
   */
  output: 'inherit' | 'on-failure';
}

/** Runs `command args`, printing progress; rejects, with the output's last lines when it was kept, if it fails. */
export async function runStep(command: string, args: readonly string[], options: StepOptions): Promise<void> {
  const shown = `${command} ${args.join(' ')}`;
  console.log(`$ ${shown}`);
  const started = Date.now();
  const heartbeat = setInterval(() => console.log(`  … ${command} ${args[0] ?? ''} still running (${duration(Date.now() - started)})`), 30_000);
  let output = '';
  try {
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: options.output === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', (error) => reject(new Error(`Could not run ${command}: ${error.message}`)));
      child.on('close', (code) => resolve(code));
    });
    if (status !== 0) {
      const tail = output.trim().split('\n').slice(-30).join('\n');
      throw new Error(
        `\`${shown}\` failed with exit code ${status} after ${duration(Date.now() - started)}` +
          (options.output === 'inherit' ? ' (see its output above).' : tail ? `. Its last lines:\n${tail}` : ' and printed nothing.'),
      );
    }
    console.log(`  done in ${duration(Date.now() - started)}`);
  } finally {
    clearInterval(heartbeat);
  }
}
