// The extension in a real VS Code (code-server) in Chromium: it loads, and its command is in the palette.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { repositoryRoot } from './support/prerequisites';
import { Workbench } from './support/workbench';

const simulateTitle = 'Gradient Descent: Simulate Gradient Descent';

describe('smoke: the extension in code-server', () => {
  let workbench: Workbench | undefined;

  before(async () => {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
    assert.equal(build.status, 0, `node esbuild.mjs failed:\n${build.stdout}${build.stderr}`);
    workbench = await Workbench.launch({ name: 'smoke' });
  });

  after(async () => {
    await workbench?.close();
  });

  it('opens the Python sample in an editor', async () => {
    await workbench!.openFile('quadratic.py');
    await workbench!.selectLine(3);
    assert.match(await workbench!.cursorPosition(), /^Ln 3, Col \d+ \(11 selected\)$/);
    await workbench!.screenshot('smoke-python-sample');
  });

  it('lists "Simulate Gradient Descent" in the command palette', async () => {
    const labels = await workbench!.searchCommands('Simulate Gradient');
    await workbench!.screenshot('smoke-command-palette');
    await workbench!.pressEscape();
    assert.ok(labels.includes(simulateTitle), `the palette lists: ${labels.join(' | ') || '(nothing)'}`);
  });
});
