/**
 * The built CLI (`dist/cli.js`) spawned as a terminal runs it, for the CLI tests.
 *
 * Node 20 can deadlock as a process ends (nodejs/node#54918: the main thread drains the platform's tasks while a
 * background Turbofan compile waits for a garbage collection only the main thread can run). The CLI has printed its
 * answer by then and both threads sleep, so a run that outlives the timeout is retried, and said so on stderr; a CLI
 * of ours that hangs hangs every time and fails. The race is likelier on a loaded machine (a full unit run under load
 * saw one case hang twice in a row), so the timeout is short next to what any CLI test takes (a few seconds) and there
 * are three attempts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const timeoutMs = 60_000;
const attempts = 3;
/** Room for the JSON of a 100,000-step run (a few MB). */
const maxBuffer = 1 << 28;

export function runCli(args: readonly string[], options: { cwd?: string } = {}): CliResult {
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd: options.cwd, timeout: timeoutMs, maxBuffer });
    const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
    if (!timedOut) return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    if (attempt === attempts) throw new Error(`gd-lab ${args.join(' ')} did not end within ${timeoutMs / 1000} s, ${attempts} times`);
    process.stderr.write(`gd-lab ${args.join(' ')} did not end within ${timeoutMs / 1000} s (nodejs/node#54918?); running it again\n`);
  }
}
