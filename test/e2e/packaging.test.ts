// Shipping the extension, checked the way a person meets it:
// - `npm run package` makes gradient-descent-lab-<version>.vsix holding only what the extension runs; installed into
//   a real VS Code (code-server, `--install-extension`) in an empty folder, its walkthrough opens a sample, simulates
//   it, pushes η past its limit, tries Adam and sweeps η, each with the verdict the panel shows;
// - `npm start` prints the URL of a VS Code in the browser that opens with losses.py (its first formula selected) and
//   the walkthrough beside it, where "Gradient Descent" in the palette finds Simulate and Simulate works, and
//   Ctrl+C stops it;
// - with a local VS Code (`code` on PATH, or GD_LAB_VSCODE_PATH), `npm start` opens it on samples/ with the
//   extension in development mode and the first-steps helper beside it (a stand-in `code` records how it was called).
// One code-server per scenario; about a minute and a half on two cores.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startCodeServer } from '../../scripts/codeServer/launch';
import { SimulationPanelView } from './support/panel';
import { assertE2ePrerequisites, repositoryRoot } from './support/prerequisites';
import { e2eResultsDir, Workbench } from './support/workbench';

interface Manifest {
  name: string;
  version: string;
  icon: string;
  contributes: { walkthroughs: { steps: { id: string; media: { markdown: string } }[] }[] };
}

const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as Manifest;
const vsixPath = join(repositoryRoot, `${manifest.name}-${manifest.version}.vsix`);
const simulateTitle = 'Gradient Descent: Simulate Gradient Descent';
const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

// ── The .vsix as a zip ──────────────────────────────────────────────────────────────────────────────────────────────

interface ZipEntry {
  name: string;
  size: number;
  read(): Buffer;
}

/** The entries of a zip file, from its central directory (stored or deflated, as vsce writes them). */
function readZip(path: string): ZipEntry[] {
  const zip = readFileSync(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${path} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({
      name,
      size,
      read: () => {
        const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(dataStart, dataStart + compressedSize);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** True once GET <url> answers at all. */
function answers(url: string): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const request = get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolveAnswer(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolveAnswer(false));
  });
}

// ── npm run package ─────────────────────────────────────────────────────────────────────────────────────────────────

describe('npm run package: the .vsix, installed into code-server', () => {
  let workbench: Workbench | undefined;
  let emptyFolder: string | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench is open');
    return workbench;
  };
  const verdict = (expected: RegExp): Promise<string> => new SimulationPanelView(wb()).waitForVerdict(expected, 60_000);

  before(() => {
    assertE2ePrerequisites();
    mkdirSync(e2eResultsDir, { recursive: true });
    rmSync(vsixPath, { force: true });
    const packaged = spawnSync('npm', ['run', 'package'], { cwd: repositoryRoot, encoding: 'utf8', timeout: 180_000 });
    assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}${packaged.stderr}`);
  });

  after(async () => {
    await workbench?.close();
    if (emptyFolder) rmSync(emptyFolder, { recursive: true, force: true });
    // `vscode:prepublish` left the production build in dist/: put the development build back for the other layers.
    spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repositoryRoot });
  });

  it(`makes ${manifest.name}-${manifest.version}.vsix with the production bundles, media and docs only`, () => {
    assert.ok(existsSync(vsixPath), `${vsixPath} was not made`);
    const entries = readZip(vsixPath);
    const names = entries.map((entry) => entry.name).sort();
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/package.json',
      // The manifest's strings (titles, descriptions), localizable: package.json names them as %keys%.
      'extension/package.nls.json',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/dist/webview.js',
      'extension/dist/stabilityMapWorker.js',
      // The Python parser the extension host reads training code with (web-tree-sitter's runtime, the grammar).
      'extension/dist/web-tree-sitter.wasm',
      'extension/dist/tree-sitter-python.wasm',
      'extension/media/panel.css',
      'extension/media/panel-icon.svg',
      `extension/${manifest.icon}`,
      ...manifest.contributes.walkthroughs[0].steps.map((step) => `extension/${step.media.markdown}`),
      ...(existsSync(join(repositoryRoot, 'README.md')) ? ['extension/readme.md'] : []),
    ].sort();
    assert.deepEqual(names, expected);

    const extension = entries.find((entry) => entry.name === 'extension/dist/extension.js')!.read().toString('utf8');
    assert.doesNotMatch(extension, /sourceMappingURL/, 'the production build has no source maps');
    assert.ok(extension.length / extension.split('\n').length > 1000, 'the production build is minified (long lines)');
    const packagedManifest = JSON.parse(entries.find((entry) => entry.name === 'extension/package.json')!.read().toString('utf8')) as Manifest;
    assert.equal(packagedManifest.version, manifest.version);
    const size = readFileSync(vsixPath).length;
    // About 530 KB: the three bundles (losses over data grew each), and, since the extension reads training code, the
    // Python parser’s .wasm (~200 KB). The bound catches node_modules, sources or source maps slipping in, each far larger.
    assert.ok(size < 600_000, `the .vsix is ${size} bytes`);
    console.log(`  ${vsixPath}: ${(size / 1024).toFixed(1)} KB, ${entries.length} files`);
  });

  it('has the walkthrough buttons that scripts/walkthroughLinks.ts writes', () => {
    const check = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/walkthroughLinks.ts', '--check'], { cwd: repositoryRoot, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
  });

  it('installs with code-server --install-extension, and the workbench opens on an empty folder', async () => {
    emptyFolder = mkdtempSync(join(tmpdir(), 'gd-lab-empty-folder-'));
    const server = await startCodeServer({ workspace: emptyFolder, vsixPath, logName: join('e2e', 'packaging-vsix-code-server') });
    workbench = await Workbench.open(server, { name: 'packaging-vsix' });
  });

  /** Expands the walkthrough step titled `title` and clicks its button labelled `label`. */
  async function clickStepButton(title: string, label: string): Promise<void> {
    const { page } = wb();
    const step = page.locator('.getting-started-step', { hasText: title }).first();
    if (!(await step.evaluate((element) => element.classList.contains('expanded')))) await step.click();
    const button = page.locator('.getting-started-step.expanded .button-container .monaco-button', { hasText: label }).first();
    await button.waitFor({ state: 'visible' });
    await button.click();
  }

  it('walkthrough: Open a Sample writes the sample with the cursor on `loss = x**2`', async () => {
    const { page } = wb();
    const listed = await wb().searchCommands('Welcome: Open Walkthrough');
    const openWalkthrough = listed.find((title) => /^Welcome: Open Walkthrough(\.\.\.|…)$/.test(title));
    assert.ok(openWalkthrough, `the palette lists: ${listed.join(' | ')}`);
    // The walkthrough picker opens in the palette's own widget: click the rows as a person would.
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: openWalkthrough }).first().click();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Gradient Descent Lab' }).first().click();
    await page.locator('.getting-started-step', { hasText: 'Open a loss formula' }).first().waitFor({ state: 'visible' });
    await clickStepButton('Open a loss formula', 'Open a Sample');
    await wb().waitUntil('the sample in an editor with the cursor on line 9', async () => {
      // Monaco draws spaces as no-break spaces.
      const text = (await page.locator('.monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
      const cursor = await wb().cursorPosition().catch(() => '');
      return text.includes('loss = x**2') && cursor.startsWith('Ln 9, Col 12') ? true : undefined;
    });
  });

  it('walkthrough: Simulate Gradient Descent opens the panel: converged at η = 0.01', async () => {
    await clickStepButton('Simulate gradient descent', 'Simulate Gradient Descent');
    assert.match(await verdict(/Converged at step 719/), /Converged/);
  });

  it('walkthrough: η = 0.2 converges, ×10 diverges', async () => {
    await clickStepButton('Push η ×10', 'Set η = 0.2');
    await verdict(/Converged at step 29\b/);
    await clickStepButton('Push η ×10', 'Increase η ×10');
    await verdict(/Diverged/);
  });

  it('walkthrough: Adam at η = 2 bounces but converges', async () => {
    await clickStepButton('Try Adam', 'Switch to Adam');
    await verdict(/Oscillating, but converged at step 213/);
  });

  it('walkthrough: in batches of 4 the regression bounces at a noise floor, and cosine annealing gets down', async () => {
    const regression = new SimulationPanelView(wb(), 'sum((w*x[i] + b - y[i])^2)/m');
    await clickStepButton('Minibatches and schedules', 'Open a Regression over Data');
    await regression.waitForVerdict(/\S/, 60_000);
    await clickStepButton('Minibatches and schedules', 'Batches of 4 at η = 0.2');
    await regression.waitForVerdict(/^Oscillating at a noise floor/, 90_000);
    await clickStepButton('Minibatches and schedules', 'Decay η: Cosine Annealing');
    await regression.waitForVerdict(/^Converged at step \d+ \(epoch [\d.]+\)/, 90_000);
  });

  it('walkthrough: the sweep is charted, and every step is checked', async () => {
    await clickStepButton('Sweep the learning rate', 'Sweep Learning Rates');
    await wb().waitUntil('the sweep chart in the panel', async () => {
      for (const frame of wb().page.frames()) {
        if ((await frame.locator('.sweep-section:not([hidden]) canvas').count().catch(() => 0)) > 0) return true;
      }
      return undefined;
    });
    const steps = manifest.contributes.walkthroughs[0].steps.map((step) => step.id);
    const checked = await wb().waitUntil('all walkthrough steps checked', async () => {
      const done: string[] = [];
      for (const id of steps) {
        if ((await wb().page.locator(`[data-done-step-id$="#${id}"].codicon-getting-started-step-checked`).count()) > 0) done.push(id);
      }
      return done.length === steps.length ? done : undefined;
    });
    assert.deepEqual(checked, steps);
    await wb().screenshot('packaging-walkthrough');
  });

  it('reads training code with the parser it ships: an optimizer line gets its lens', async () => {
    assert.ok(emptyFolder);
    writeFileSync(join(emptyFolder, 'train.py'), 'import torch\nopt = torch.optim.Adam(model.parameters(), lr=3e-4)\n');
    await wb().openFile('train.py');
    await wb().goTo(1); // the editor opens in a narrow group beside the sample and the panel: bring line 1 into view
    await wb().waitVisible(wb().activeEditor.locator('.codelens-decoration a', { hasText: 'Simulate this optimizer' }), 'the "Simulate this optimizer" lens', 60_000);
  });
});

// ── npm start ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** Whether `npm start` would open a local VS Code here (then the browser is asked for by name). */
function localVSCodeAvailable(): boolean {
  if (process.env.GD_LAB_VSCODE_PATH) return true;
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

describe('npm start: VS Code in the browser with the extension', () => {
  let start: ChildProcess | undefined;
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  let workbench: Workbench | undefined;

  after(async () => {
    await workbench?.close();
    // If a step failed before Ctrl+C: stop it the same way (its own process group, by its pid).
    if (start?.pid !== undefined && start.exitCode === null && start.signalCode === null) {
      process.kill(-start.pid, 'SIGINT');
      await Promise.race([exited, sleep(20_000)]);
    }
  });

  it('prints the URL of a workbench that opens losses.py and the walkthrough, where Simulate is found and works; Ctrl+C stops it', async () => {
    assertE2ePrerequisites();
    // Its own process group, as a terminal runs it: Ctrl+C there signals the whole group.
    const args = ['start', ...(localVSCodeAvailable() ? ['--', '--browser'] : [])];
    start = spawn('npm', args, { cwd: repositoryRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolveExit) => start!.on('exit', (code, signal) => resolveExit({ code, signal })));
    const started = Date.now();

    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no URL within 120 s:\n${output}`)), 120_000);
      const look = () => {
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolveUrl(match[0]);
        }
      };
      start!.stdout!.on('data', look);
      void exited!.then(() => reject(new Error(`npm start exited before printing a URL:\n${output}`)));
    });
    console.log(`  npm start printed ${url} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(url, /\?folder=.*\/samples$/);

    // npm start owns this code-server: the workbench only closes its browser, and Ctrl+C below stops the server.
    workbench = await Workbench.open({ workspaceUrl: url, stop: async () => undefined }, { name: 'packaging-npm-start' });
    // The first-steps helper: losses.py with `loss = x**2` (line 12) selected, the walkthrough beside it.
    const wb = workbench;
    await wb.waitVisible(wb.page.locator('.tabs-container .tab.active[data-resource-name="losses.py"]'), 'losses.py open at start');
    await wb.waitVisible(wb.page.locator('.getting-started-step', { hasText: 'Open a loss formula' }), 'the walkthrough open at start');
    await wb.waitUntil('`loss = x**2` selected in losses.py', async () => ((await wb.cursorPosition()) === 'Ln 12, Col 12 (11 selected)' ? true : undefined));
    await wb.screenshot('packaging-npm-start-first-steps');
    // A newcomer's first palette search: the whole product name finds Simulate.
    await wb.waitForCommands('Gradient Descent', 'Simulate', (labels) => labels.includes(simulateTitle));
    await wb.openFile('losses.py');
    await wb.goTo(12);
    await wb.runCommand(simulateTitle);
    await new SimulationPanelView(workbench).waitForVerdict(/Converged at step 719/, 60_000);
    await workbench.screenshot('packaging-npm-start');
    await workbench.close();
    workbench = undefined;

    process.kill(-start.pid!, 'SIGINT');
    const { code, signal } = await Promise.race([exited!, sleep(30_000).then(() => ({ code: -1, signal: null }))]);
    // npm re-raises the SIGINT it got after the script has finished; the script itself exits 0.
    assert.ok(code === 0 || signal === 'SIGINT', `npm start ended with code ${code}, signal ${signal}:\n${output}`);
    assert.match(output, /Stopping code-server …\nStopped\.\n/);
    assert.doesNotMatch(output, /npm (error|ERR!)/);
    assert.equal(await answers(url), false, 'code-server still answers after Ctrl+C');
  });
});

describe('npm start with a local VS Code', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'gd-lab-fake-vscode-'));
  const argsFile = join(scratch, 'args.txt');
  const fakeBin = join(scratch, 'bin');
  const fakeCode = join(fakeBin, 'code');
  mkdirSync(fakeBin);
  // Stands in for VS Code: records its arguments, one a line, and returns as the `code` command does.
  writeFileSync(fakeCode, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`);
  chmodSync(fakeCode, 0o755);
  const expectedArgs = [
    '--new-window',
    `--extensionDevelopmentPath=${repositoryRoot}`,
    `--extensionDevelopmentPath=${join(repositoryRoot, 'out', 'first-steps')}`,
    join(repositoryRoot, 'samples'),
  ];

  after(() => rmSync(scratch, { recursive: true, force: true }));

  function runStart(env: NodeJS.ProcessEnv) {
    rmSync(argsFile, { force: true });
    // The start script itself (`npm start` runs it after the build, which the tests above did).
    return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: repositoryRoot, encoding: 'utf8', env, timeout: 60_000 });
  }

  it('opens `code` from PATH on samples/ with --extensionDevelopmentPath', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fakeBin}${delimiter}${process.env.PATH ?? ''}` };
    delete env.GD_LAB_VSCODE_PATH;
    const result = runStart(env);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /Opening VS Code \(`code` on PATH\)/);
    assert.deepEqual(readFileSync(argsFile, 'utf8').trimEnd().split('\n'), expectedArgs);
  });

  it('opens GD_LAB_VSCODE_PATH the same way, before `code` on PATH', () => {
    const result = runStart({ ...process.env, GD_LAB_VSCODE_PATH: fakeCode });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /Opening VS Code \(GD_LAB_VSCODE_PATH\)/);
    assert.deepEqual(readFileSync(argsFile, 'utf8').trimEnd().split('\n'), expectedArgs);
  });

  it('says so when GD_LAB_VSCODE_PATH names nothing', () => {
    const result = runStart({ ...process.env, GD_LAB_VSCODE_PATH: join(scratch, 'missing') });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /GD_LAB_VSCODE_PATH is .*missing, which does not exist\./);
  });
});
