/**
 * Memory of long runs (issue 12): the peak resident set size of child processes, each doing one thing, as
 * /usr/bin/time -v would report it (reportPeakRss.mjs reads getrusage in the child as it exits).
 * - The CLI (dist/cli.js) at 10⁷ steps of a two-variable formula: a plain run (promise: under 150 MB), --json (the
 *   downsampled series past 100,000 steps) and --json --trace full (every step, re-run and streamed; promise for
 *   --json: under 300 MB), stdout to /dev/null.
 * - The panel's run through the extension host's code path (SimulationSession with every message serialized as
 *   postMessage serializes it; bundled as the extension is) at 10⁵, 10⁶ and 10⁷ steps (promise: flat), its Export
 *   at 10⁷ (re-run and written a piece at a time), and a 100-variable formula at 10⁶ steps with Compare.
 * - A loss over data in minibatches (samples/linear_regression.py, 47 rows, batches of 4, cosine annealing so the run
 *   settles and no remedies run after it): the CLI at 10⁷ steps plain and with --json, the panel at 10⁵, 10⁶ and 10⁷.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { printTable } from '../measure';

const root = join(import.meta.dirname, '..', '..');
const preload = join(import.meta.dirname, 'reportPeakRss.mjs');
const TWO_VARIABLES = ['x^2 + 3*y^2', 'x=1,y=1'] as const;

interface ChildResult {
  readonly peakMb: number;
  readonly seconds: number;
  readonly status: number | null;
  readonly stdout: string;
}

/** Runs `node --import reportPeakRss.mjs …args` and reads its peak RSS; stdout to /dev/null unless kept. */
function runChild(args: readonly string[], keepStdout: boolean, scratch: string): ChildResult {
  const rssFile = join(scratch, 'rss.json');
  rmSync(rssFile, { force: true });
  const devNull = openSync('/dev/null', 'w');
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, ...args], {
    cwd: root,
    // As people run them: without a loader the bench itself runs under (tsx passes its own down in NODE_OPTIONS).
    env: { ...withoutNodeOptions(process.env), GD_LAB_PEAK_RSS_FILE: rssFile },
    stdio: ['ignore', keepStdout ? 'pipe' : devNull, 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  closeSync(devNull);
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited with ${child.status}: ${child.stderr}`);
  const { maxRssKb } = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number };
  return { peakMb: maxRssKb / 1024, seconds, status: child.status, stdout: child.stdout ?? '' };
}

function withoutNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.NODE_OPTIONS;
  return rest;
}

const mb = (value: number): string => `${value.toFixed(0)} MB`;

export function benchMemory(): void {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log('\nMemory of long runs: skipped (needs `node esbuild.mjs` for dist/cli.js).');
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'gd-lab-memory-'));
  try {
    const [formula, start] = TWO_VARIABLES;
    const simulate = ['simulate', formula, '--start', start, '--lr', '0.01', '--tol', '0', '--steps', '1e7'];
    const cliRows: [string, string[], number][] = [
      ['gd-lab simulate, 10⁷ steps', [], 150],
      ['… --json (downsampled series)', ['--json'], 300],
      ['… --json --trace full (every step)', ['--json', '--trace', 'full'], 300],
    ];
    printTable(
      `Peak memory of the CLI: ${formula} from (1, 1), η = 0.01, early stopping off (Node ${process.version})`,
      ['command', 'peak RSS', 'time', 'promise'],
      cliRows.map(([name, extra, promise]) => {
        const result = runChild([cli, ...simulate, ...extra], false, scratch);
        return [name, mb(result.peakMb), `${result.seconds.toFixed(1)} s`, `under ${promise} MB: ${result.peakMb < promise ? 'met' : 'NOT met'}`];
      }),
    );

    // The panel's host code, bundled as dist/extension.js bundles it (tsx would add its own memory).
    const panelRun = join(scratch, 'panelRun.js');
    buildSync({ entryPoints: [join(import.meta.dirname, 'panelRun.ts')], bundle: true, platform: 'node', outfile: panelRun, logLevel: 'warning' });
    const many = Array.from({ length: 100 }, (_, i) => `(x${i} - ${i % 7})^2`).join(' + ');
    const panelRows: [string, string[]][] = [
      ['two variables, 10⁵ steps', [formula, '1,1', '1e5']],
      ['two variables, 10⁶ steps', [formula, '1,1', '1e6']],
      ['two variables, 10⁷ steps', [formula, '1,1', '1e7']],
      ['two variables, 10⁷ steps, then Export (CSV)', [formula, '1,1', '1e7', 'export']],
      ['100 variables, 10⁶ steps, Compare (3 runs)', [many, Array(100).fill(1).join(','), '1e6', 'compare']],
    ];
    const panel = panelRows.map(([name, args]) => {
      const result = runChild([panelRun, ...args], true, scratch);
      const report = JSON.parse(result.stdout) as { postedBytes: number; exportedBytes: number };
      return { name, result, report };
    });
    const base = panel[0]!.result.peakMb;
    printTable(
      'Peak memory of a panel run in the extension host (SimulationSession, messages serialized), η = 0.01',
      ['run', 'peak RSS', 'vs 10⁵ steps', 'posted', 'exported', 'time'],
      panel.map(({ name, result, report }) => [
        name,
        mb(result.peakMb),
        `${(result.peakMb / base).toFixed(2)}×`,
        `${(report.postedBytes / 1e6).toFixed(1)} MB`,
        report.exportedBytes > 0 ? `${(report.exportedBytes / 1e6).toFixed(0)} MB` : '—',
        `${result.seconds.toFixed(1)} s`,
      ]),
    );
    const flat = panel[2]!.result.peakMb / base;
    console.log(`Panel run, 10⁷ against 10⁵ steps: ${flat.toFixed(2)}× the memory (promise: flat) — ${flat <= 1.1 ? 'met' : 'NOT met'}.`);
    benchMinibatchMemory(cli, panelRun, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The same promises for a loss over data run in minibatches: each update's batch loss is one more number a step. */
function benchMinibatchMemory(cli: string, panelRun: string, scratch: string): void {
  const file = 'samples/linear_regression.py:24';
  const simulate = ['simulate', '--file', file, '--lr', '0.05', '--batch-size', '4', '--schedule', 'cosine', '--tol', '0', '--steps', '1e7'];
  const cliRows: [string, string[], number][] = [
    ['gd-lab simulate --file, 10⁷ steps', [], 150],
    ['… --json (downsampled series)', ['--json'], 300],
  ];
  printTable(
    `Peak memory of the CLI, a loss over data: ${file} (47 rows) in batches of 4, η = 0.05 with cosine annealing`,
    ['command', 'peak RSS', 'time', 'promise'],
    cliRows.map(([name, extra, promise]) => {
      const result = runChild([cli, ...simulate, ...extra], false, scratch);
      return [name, mb(result.peakMb), `${result.seconds.toFixed(1)} s`, `under ${promise} MB: ${result.peakMb < promise ? 'met' : 'NOT met'}`];
    }),
  );
  const runArgs = (steps: string): string[] => [panelRun, `file:${file}`, '-', steps, 'batch=4', 'lr=0.05', 'schedule=cosine'];
  const panel = (['1e5', '1e6', '1e7'] as const).map((steps) => ({ steps, result: runChild(runArgs(steps), true, scratch) }));
  const base = panel[0]!.result.peakMb;
  printTable(
    'Peak memory of a panel run of the same loss in minibatches (SimulationSession, messages serialized)',
    ['steps', 'peak RSS', 'vs 10⁵ steps', 'time'],
    panel.map(({ steps, result }) => [steps, mb(result.peakMb), `${(result.peakMb / base).toFixed(2)}×`, `${result.seconds.toFixed(1)} s`]),
  );
  const flat = panel[2]!.result.peakMb / base;
  console.log(`Minibatch panel run, 10⁷ against 10⁵ steps: ${flat.toFixed(2)}× the memory (promise: flat) — ${flat <= 1.1 ? 'met' : 'NOT met'}.`);
}
