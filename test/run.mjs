// Sets up what the layers need, runs them in order, and prints which ran and how many tests passed in each.
//
//   node test/run.mjs                      every layer (what `npm test` and CI run)
//   node test/run.mjs unit webview         only those layers
//   GD_LAB_SKIP_BROWSER_TESTS=1 node test/run.mjs
//                                          the documented opt-out: the browser layers are skipped, and say so
//
// Layers: unit (core and CLI in plain Node), webview (the panel in headless Chromium),
// integration (mocha inside a VS Code extension host), e2e (a real VS Code, code-server, driven in Chromium).
// First the setup (scripts/setup/, the one `npm start` and `npm run setup` use) installs or finds what the chosen
// layers need: Debian's Chromium and code-server's build packages with apt-get as root (otherwise it stops at once
// with the sudo command to run), code-server and Node 24 into .vscode-test/. A layer that still cannot run fails,
// saying why; only the opt-out skips one. Expects `node esbuild.mjs` to have run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tsImport } from 'tsx/esm/api';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
const { ensureSetup, SetupStopped, whyNotReady } = await tsImport('../scripts/setup/ensure.ts', import.meta.url);
const { browserLayers, browserTestsSkipped, skipBrowserTestsVariable } = await tsImport('../scripts/setup/plan.ts', import.meta.url);

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
  // A layer that reports itself skipped did not run: that is a failure, never a pass.
  return { ...summary, ok: status === 0 && !summary.failed && !summary.skippedLayer };
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
const chosen = requested.length > 0 ? requested : Object.keys(layers);
const optedOut = browserTestsSkipped(process.env) ? chosen.filter((name) => browserLayers.includes(name)) : [];
const toRun = chosen.filter((name) => !optedOut.includes(name));
const results = [];

/** How the person started this, for the setup's messages ("Run this, then npm run test:webview again"). */
const event = process.env.npm_lifecycle_event;
const command = event === 'test' ? 'npm test' : event?.startsWith('test:') ? `npm run ${event}` : `node ${relative(process.cwd(), import.meta.filename)}`;

console.log('\n━━━ setup ━━━');
const setupStarted = Date.now();
let setupFailed = false;
try {
  const { summary } = await ensureSetup(toRun, { command });
  results.push({ name: 'setup', ok: true, reason: summary, seconds: (Date.now() - setupStarted) / 1000 });
} catch (error) {
  if (error instanceof SetupStopped) {
    // Nothing can be installed without the person: say what to run, last, and run nothing.
    console.error(`\n${error.message}`);
    process.exit(1);
  }
  console.error(`Setup failed: ${error.message}`);
  setupFailed = true;
  results.push({ name: 'setup', ok: false, reason: error.message.split('\n')[0], seconds: (Date.now() - setupStarted) / 1000 });
}

for (const name of chosen) {
  if (optedOut.includes(name)) {
    results.push({ name, ok: true, skippedLayer: true, passed: 0, failed: 0, skipped: 0, seconds: 0, reason: `opted out: ${skipBrowserTestsVariable}=${process.env[skipBrowserTestsVariable]}` });
    continue;
  }
  console.log(`\n━━━ ${name} ━━━`);
  // After a failed setup, a layer whose needs are still unmet fails with the reason instead of failing test by test.
  const notReady = setupFailed ? whyNotReady(name) : [];
  if (notReady.length > 0) {
    console.log(`The ${name} layer cannot run: ${notReady.join('; ')} (the setup failed above).`);
    results.push({ name, ok: false, passed: 0, failed: 0, skipped: 0, seconds: 0, reason: `cannot run: ${notReady.join('; ')}` });
    continue;
  }
  const started = Date.now();
  const result = layers[name]();
  results.push({ name, ...result, seconds: (Date.now() - started) / 1000 });
}

// The setup and the layers that did not run have no counts.
const count = (r, key) => (r.name === 'setup' || r.skippedLayer ? '' : String(r[key]));
console.log('\nTest layers');
console.log('layer        result    passed  failed  skipped  time');
for (const r of results) {
  const status = r.skippedLayer && r.ok ? 'SKIPPED' : r.ok ? 'ok' : 'FAILED';
  console.log(
    `${r.name.padEnd(12)} ${status.padEnd(9)} ${count(r, 'passed').padStart(6)}  ${count(r, 'failed').padStart(6)}  ${count(r, 'skipped').padStart(7)}  ${r.seconds.toFixed(1)}s${r.reason ? `  (${r.reason})` : ''}`,
  );
}
if (optedOut.length > 0) console.log(`Skipped by the opt-out ${skipBrowserTestsVariable}: ${optedOut.join(', ')}. Unset it to run every layer.`);
console.log(`Screenshots and logs: ${relative(process.cwd(), resultsDir) || '.'}/`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
