// The extension as VS Code loads it: it activates, and the commands its package.json promises exist.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import manifest from '../../../package.json';

const extensionId = `${manifest.publisher}.${manifest.name}`;

function ourExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `VS Code has not loaded ${extensionId}`);
  return extension;
}

suite('Extension', () => {
  test('activates', async () => {
    const extension = ourExtension();
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('registers every command that package.json contributes', async () => {
    await ourExtension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map(({ command }) => command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    assert.deepEqual(
      contributed.filter((command) => !registered.has(command)),
      [],
      'contributed commands that activate() did not register',
    );
  });
});
