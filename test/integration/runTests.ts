// The integration layer: the mocha suite in test/integration/suite/, bundled with esbuild into out/integration/,
// run inside a real VS Code extension host. test/run.mjs runs this file (`node --import tsx`); it writes
// test-results/integration-summary.json as { passed, failed, skipped, reason }.
//
// Where the VS Code comes from, the first that applies:
//   1. GD_LAB_VSCODE_PATH=/path/to/code: that VS Code executable, through @vscode/test-electron.
//   2. VS Code's update server answers within 3 s: @vscode/test-electron downloads stable VS Code into .vscode-test/.
//      On Linux it needs a display: DISPLAY, or xvfb-run (apt-get install -y xvfb) to make one.
//   3. code-server is installed and /usr/bin/chromium exists (`npm test` and `npm run setup` see to both): code-server's
//      own (Node) extension host runs the suite. The web workbench takes extensionDevelopmentPath and
//      extensionTestsPath from the URL's `payload` parameter, which a release build honours only when the server runs
//      with enable-smoke-test-driver; the page is opened in headless Chromium, which gets the exit code.
//   Otherwise the layer fails, with one line saying why: it never passes, and never skips, without running.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { findCodeServer, installCommand } from '../../scripts/codeServer/install';
import { startCodeServer } from '../../scripts/codeServer/launch';
import { launchChromium } from '../e2e/support/browser';
import { chromiumPath } from '../e2e/support/prerequisites';
import type { IntegrationResults } from './suite/index';

const root = join(import.meta.dirname, '..', '..');
const suiteSource = join(root, 'test', 'integration', 'suite');
const bundleDir = join(root, 'out', 'integration', 'suite');
const resultsDir = join(root, 'test-results');
const summaryFile = join(resultsDir, 'integration-summary.json');
const resultsFile = join(resultsDir, 'integration-results.json');
const workspace = join(root, 'test', 'e2e', 'workspace');
const updateServer = 'https://update.code.visualstudio.com/api/releases/stable';
/** How long the whole suite may take in a host, start-up included. */
const suiteTimeoutMs = 3 * 60_000;

interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  reason: string;
}

function writeSummary(summary: Summary): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(summaryFile, `${JSON.stringify(summary)}\n`);
}

/** Bundles suite/index.ts and every suite/**\/*.test.ts into out/integration/suite/ (vscode and mocha stay external). */
async function bundleSuite(): Promise<void> {
  rmSync(join(root, 'out', 'integration'), { recursive: true, force: true });
  const testFiles = readdirSync(suiteSource, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(suiteSource, name));
  await esbuild.build({
    entryPoints: [join(suiteSource, 'index.ts'), ...testFiles],
    outdir: bundleDir,
    outbase: suiteSource,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** True when VS Code's update server answers a HEAD request within 3 s (any HTTP status counts). */
function updateServerReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      req.destroy();
      resolve(false);
    }, 3_000);
    const req = request(updateServer, { method: 'HEAD', timeout: 3_000 }, (response) => {
      clearTimeout(timer);
      response.resume();
      resolve(true);
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    req.end();
  });
}

/** The suite through @vscode/test-electron in VS Code (downloaded when `vscodeExecutablePath` is undefined). */
async function runInVSCode(vscodeExecutablePath: string | undefined): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const scratch = mkdtempSync(join(tmpdir(), 'gd-lab-integration-'));
  try {
    return await runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : { version: 'stable' }),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(bundleDir, 'index.js'),
      extensionTestsEnv: { GD_LAB_INTEGRATION_RESULTS: resultsFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        join(scratch, 'user-data'),
        '--extensions-dir',
        join(scratch, 'extensions'),
      ],
    });
  } catch (error) {
    // runTests rejects when VS Code exits non-zero, which is what failing tests do; the results file tells which.
    console.error(`VS Code: ${(error as Error).message}`);
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The suite in code-server's extension host. The web workbench reads `extensionDevelopmentPath` and
 * `extensionTestsPath` from the URL's `payload`, runs the tests in the remote (Node) extension host and reports the
 * exit code by calling `window.codeAutomationExit`, which Playwright provides.
 */
async function runInCodeServer(): Promise<number> {
  const server = await startCodeServer({
    workspace,
    logName: 'integration-code-server',
    // Without it, a built (release) web workbench ignores the extension-development part of the payload.
    vscodeOptions: ['enable-smoke-test-driver'],
    env: { GD_LAB_INTEGRATION_RESULTS: resultsFile },
  });
  const browser = await launchChromium().catch(async (error) => {
    await server.stop();
    throw error;
  });
  try {
    const page = await browser.newPage();
    const consoleLog = join(resultsDir, 'integration-console.log');
    writeFileSync(consoleLog, '');
    page.on('console', (message) => writeFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`, { flag: 'a' }));
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));

    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(join(bundleDir, 'index.js'))],
    ];
    await page.goto(`${server.workspaceUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 120_000 });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`code-server's extension host did not finish the suite within ${suiteTimeoutMs / 60_000} min (log: ${relative(root, server.logFile)}).`)),
        suiteTimeoutMs,
      );
    });
    try {
      return await Promise.race([exited, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

/** Where the suite can run on this machine, or why it cannot. */
async function chooseHost(): Promise<{ name: string; run: () => Promise<number> } | { cannotRun: string }> {
  const vscodePath = process.env.GD_LAB_VSCODE_PATH;
  if (vscodePath) {
    // Asked for by name: a wrong path is a mistake to fix, not a reason to skip.
    if (!existsSync(vscodePath)) throw new Error(`GD_LAB_VSCODE_PATH is ${vscodePath}, which does not exist.`);
    return { name: `VS Code at ${vscodePath}`, run: () => runInVSCode(vscodePath) };
  }
  const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY);
  const reasons: string[] = [];
  if (await updateServerReachable()) {
    if (display) return { name: 'VS Code stable, downloaded by @vscode/test-electron', run: () => runInVSCode(undefined) };
    reasons.push('VS Code could be downloaded but there is no DISPLAY (run this under xvfb-run)');
  } else {
    reasons.push('no GD_LAB_VSCODE_PATH and VS Code\'s update server is unreachable');
  }
  const codeServer = findCodeServer();
  if (codeServer && existsSync(chromiumPath)) {
    return { name: `code-server ${codeServer.versionLine.split(' ')[0]} (${codeServer.versionLine.split(' with ')[1] ?? 'VS Code'})`, run: runInCodeServer };
  }
  reasons.push(codeServer ? `${chromiumPath} is missing (npm run setup)` : `code-server is not installed (${installCommand})`);
  return { cannotRun: reasons.join('; ') };
}

function report(results: IntegrationResults): void {
  for (const outcome of results.tests) {
    const mark = outcome.state === 'passed' ? '✔' : outcome.state === 'failed' ? '✖' : '-';
    console.log(`  ${mark} ${outcome.title}`);
    if (outcome.error) console.log(outcome.error.replace(/^/gm, '      '));
  }
  console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
}

async function main(): Promise<void> {
  rmSync(resultsFile, { force: true });
  const host = await chooseHost();
  if ('cannotRun' in host) {
    console.error(`Integration layer cannot run: ${host.cannotRun}.`);
    writeSummary({ passed: 0, failed: 0, skipped: 0, reason: `cannot run: ${host.cannotRun}` });
    process.exitCode = 1;
    return;
  }

  await bundleSuite();
  console.log(`Running the integration suite in ${host.name}`);
  let exitCode: number;
  try {
    exitCode = await host.run();
  } catch (error) {
    const reason = (error as Error).message;
    console.error(`Integration layer failed: ${reason}`);
    writeSummary({ passed: 0, failed: 1, skipped: 0, reason: `${host.name}: ${reason.split('\n')[0]}` });
    process.exitCode = 1;
    return;
  }

  if (!existsSync(resultsFile)) {
    const reason = `${host.name} exited with code ${exitCode} without running the suite (no ${relative(root, resultsFile)})`;
    console.error(`Integration layer failed: ${reason}.`);
    writeSummary({ passed: 0, failed: 1, skipped: 0, reason });
    process.exitCode = 1;
    return;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as IntegrationResults;
  report(results);
  writeSummary({ passed: results.passed, failed: results.failed, skipped: results.skipped, reason: `ran in ${host.name}` });
  if (exitCode !== 0 || results.failed > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`Integration layer failed: ${error.message}`);
  writeSummary({ passed: 0, failed: 1, skipped: 0, reason: error.message.split('\n')[0] });
  process.exitCode = 1;
});
