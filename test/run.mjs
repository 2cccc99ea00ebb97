// Runs the test layers in order and prints which ran and how many tests passed in each.
//
//   node test/run.mjs                      every layer (what `npm test` and CI run)
//   node test/run.mjs unit webview         only those layers
//
// Layers: unit (core and CLI in plain Node), webview (the panel in headless Chromium),
// integration (@vscode/test-electron inside VS Code; skipped with a reason when no VS Code can be had),
// e2e (a real VS Code, code-server, driven in Chromium). Expects `node esbuild.mjs` to have run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');

/** All `*.test.ts` files under a folder, sorted, relative to the repository (none if the folder is missing). */
function testFiles(folder) {
  if (!existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder), { recursive: true })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(folder, name))
    .sort();
}

/** Runs test files with node:test (TypeScript through tsx); returns counts from the summary reporter. */
function runNodeTests(layer, files, { concurrency } = {}) {
  // Without files, `node --test` would search the whole tree: a layer with no tests is a failure to say so.
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0, ok: false, reason: 'no test files found' };
  const summaryFile = join(resultsDir, `${layer}-summary.json`);
  rmSync(summaryFile, { force: true });
  const args = [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'test/support/summaryReporter.mjs')}`,
    `--test-reporter-destination=${summaryFile}`,
    ...(concurrency ? [`--test-concurrency=${concurrency}`] : []),
    ...files,
  ];
  const { status } = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch {
    // No summary: the runner itself failed; the status says so below.
  }
  return { ...counts, ok: status === 0 && counts.failed === 0 };
}

/** Runs a script that reports its own counts as JSON in test-results/<layer>-summary.json. */
function runScript(layer, script) {
  const summaryFile = join(resultsDir, `${layer}-summary.json`);
  rmSync(summaryFile, { force: true });
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: 'inherit' });
  let summary = { passed: 0, failed: 0, skipped: 0 };
  try {
    summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  } catch {
    // As above.
  }
  return { ...summary, ok: status === 0 && !summary.failed };
}

const layers = {
  unit: () => runNodeTests('unit', testFiles('test/unit')),
  webview: () => runNodeTests('webview', testFiles('test/webview'), { concurrency: 1 }),
  integration: () => runScript('integration', 'test/integration/runTests.ts'),
  e2e: () => runNodeTests('e2e', testFiles('test/e2e'), { concurrency: 1 }),
};

const requested = process.argv.slice(2);
for (const name of requested) {
  if (!(name in layers)) {
    console.error(`Unknown test layer "${name}". Layers: ${Object.keys(layers).join(', ')}.`);
    process.exit(2);
  }
}

mkdirSync(resultsDir, { recursive: true });
const results = [];
for (const name of requested.length > 0 ? requested : Object.keys(layers)) {
  console.log(`\n━━━ ${name} ━━━`);
  const started = Date.now();
  const result = layers[name]();
  results.push({ name, ...result, seconds: (Date.now() - started) / 1000 });
}

console.log('\nTest layers');
console.log('layer        result    passed  failed  skipped  time');
for (const r of results) {
  const status = r.skippedLayer ? 'SKIPPED' : r.ok ? 'ok' : 'FAILED';
  console.log(
    `${r.name.padEnd(12)} ${status.padEnd(9)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${r.seconds.toFixed(1)}s${r.reason ? `  (${r.reason})` : ''}`,
  );
}
console.log(`Screenshots and logs: ${relative(process.cwd(), resultsDir) || '.'}/`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
