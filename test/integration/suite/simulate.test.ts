// "Simulate Gradient Descent" through the real command: a panel per formula beside the code, started from the
// selection or the formula at the cursor, following edits; a formula error is a message, not a panel.
import assert from 'node:assert/strict';
import { setup, suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAllPanels, extensionApi, openWithSelection, recordingMessages, waitFor, waitForRun } from './support';

const quadratic = '# A one-parameter loss\nx = 10\nloss = x**2\n';

suite('Simulate Gradient Descent', () => {
  setup(closeAllPanels);
  teardown(closeAllPanels);

  test('opens a panel beside the code for the selected formula, starting from the assignment above it', async () => {
    const { panels } = await extensionApi();
    await openWithSelection(quadratic, { selected: 'loss = x**2' });
    await vscode.commands.executeCommand('gdLab.simulate');

    assert.equal(panels.all.length, 1);
    const panel = panels.active;
    assert.ok(panel, 'no active panel after Simulate');
    assert.equal(panel.session.formula.display, 'x^2');
    assert.deepEqual(panel.session.formula.variables, ['x']);
    assert.deepEqual([...panel.session.start], [10], 'the start comes from `x = 10` above the formula');
    assert.match(panel.session.origin ?? '', /:3$/, 'the origin names the formula\'s line');
    // The column is known once the workbench has placed the panel.
    await waitFor('the panel to open beside the editor (column 2)', () => (panel.webviewPanel.viewColumn === vscode.ViewColumn.Two ? true : undefined));
    assert.match(panel.webviewPanel.title, /^GD: loss · .*:3$/);
    // The settings' defaults (package.json): η = 0.01, plain gradient descent, constant, 1000 steps.
    const { settings } = panel.session;
    assert.equal(settings.learningRate, 0.01);
    assert.equal(settings.optimizer.kind, 'gd');
    assert.equal(settings.schedule.kind, 'constant');
    assert.equal(settings.maxSteps, 1000);
    const run = await waitForRun(panel, 'to finish');
    assert.equal(run.settings.learningRate, 0.01);
    assert.equal(run.diagnosis.verdict, 'converged');
  });

  test('starts variables named like an object’s own members from the text and the setting, like any other', async () => {
    const { panels } = await extensionApi();
    await openWithSelection('constructor = 4\nloss = (constructor - 1)**2 + __proto__**2 + toString**2\n', { selected: 'loss = (constructor - 1)**2 + __proto__**2 + toString**2' });
    await vscode.commands.executeCommand('gdLab.simulate');
    const panel = panels.active;
    assert.ok(panel, 'no active panel after Simulate');
    assert.deepEqual(panel.session.formula.variables, ['constructor', '__proto__', 'toString']);
    // `constructor = 4` above the formula; the others from the start-value setting (1).
    assert.deepEqual([...panel.session.start], [4, 1, 1]);
    // The export names them as variables, not as what a plain object inherits.
    const run = await waitForRun(panel, 'to finish');
    assert.deepEqual(Object.keys(run.final.params), ['constructor', '__proto__', 'toString']);
    assert.ok(Object.values(run.final.params).every(Number.isFinite));
  });

  test('reads the formula at the cursor when nothing is selected', async () => {
    const { panels } = await extensionApi();
    const editor = await openWithSelection(quadratic, { cursorAt: 'x**2' });
    assert.equal(editor.selection.isEmpty, true);
    await vscode.commands.executeCommand('gdLab.simulate');
    assert.equal(panels.active?.session.formula.display, 'x^2');
    assert.deepEqual([...(panels.active?.session.start ?? [])], [10]);
  });

  test('reads the $$ … $$ math at the cursor in Markdown', async () => {
    const { panels } = await extensionApi();
    await openWithSelection('# Notes\n\nThe loss is $$ L(\\theta) = (\\theta - 2)^2 $$ here.\n', { cursorAt: '(\\theta - 2)' }, 'markdown');
    await vscode.commands.executeCommand('gdLab.simulate');
    assert.equal(panels.active?.session.formula.display, '(theta - 2)^2');
    assert.match(panels.active?.session.origin ?? '', /:3$/);
  });

  test('reveals the same panel when the same formula is simulated again', async () => {
    const { panels } = await extensionApi();
    const editor = await openWithSelection(quadratic, { selected: 'x**2' });
    await vscode.commands.executeCommand('gdLab.simulate');
    const first = panels.active;
    assert.ok(first);

    // Another editor in the panel's column hides it.
    const other = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'something else' });
    await vscode.window.showTextDocument(other, { viewColumn: vscode.ViewColumn.Two, preview: false });
    await waitFor('the panel to be hidden by the other editor', () => (first.visible ? undefined : true));

    await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('gdLab.simulate');
    assert.equal(panels.all.length, 1, 'a second panel was opened for the same formula');
    assert.equal(panels.active, first);
    await waitFor('the panel to be shown again', () => (first.visible ? true : undefined));
  });

  test('opens one panel per formula', async () => {
    const { panels } = await extensionApi();
    const content = 'x = 10\nloss = x**2\nw = 1.5\nb = -2.0\nother = (w - 3)**2 + 0.1 * b**2\n';
    await openWithSelection(content, { selected: 'x**2' });
    await vscode.commands.executeCommand('gdLab.simulate');
    await openWithSelection(content, { selected: '(w - 3)**2 + 0.1 * b**2' });
    await vscode.commands.executeCommand('gdLab.simulate');
    assert.equal(panels.all.length, 2);
    assert.deepEqual(panels.active?.session.formula.variables, ['w', 'b']);
    assert.deepEqual([...(panels.active?.session.start ?? [])], [1.5, -2]);
  });

  test('a selection that is not a formula shows an error naming what and where, and opens no panel', async () => {
    const { panels } = await extensionApi();
    await openWithSelection('x = 1\nprint("hi")\n', { selected: 'print("hi")' });
    const { messages } = await recordingMessages('showErrorMessage', () => vscode.commands.executeCommand('gdLab.simulate'));
    assert.equal(messages.length, 1, `messages: ${JSON.stringify(messages)}`);
    // What is wrong (in the formula engine's words) and where.
    assert.match(messages[0], /^The selection is not a formula I can read: .*(print|"hi").* \(line 2, column \d+\)\.$/);
    assert.equal(panels.all.length, 0);
    assert.equal(panels.active, undefined);
  });

  test('the current line that is not a formula says so, and opens no panel', async () => {
    const { panels } = await extensionApi();
    await openWithSelection('x = 1\nprint("hi")\n', { cursorAt: 'print' });
    const { messages } = await recordingMessages('showErrorMessage', () => vscode.commands.executeCommand('gdLab.simulate'));
    assert.equal(messages.length, 1, `messages: ${JSON.stringify(messages)}`);
    assert.match(messages[0], /^The current line is not a formula I can read: .*(print|"hi").* \(line 2, column \d+\)\.$/);
    assert.equal(panels.all.length, 0);
  });

  test('re-runs when the formula is edited in the document', async () => {
    const { panels } = await extensionApi();
    const editor = await openWithSelection(quadratic, { selected: 'x**2' });
    await vscode.commands.executeCommand('gdLab.simulate');
    const panel = panels.active;
    assert.ok(panel);
    await waitForRun(panel, 'of x^2');

    const exponent = editor.document.getText().indexOf('x**2') + 3;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(exponent), editor.document.positionAt(exponent + 1)), '4');
    assert.equal(await vscode.workspace.applyEdit(edit), true);

    await waitFor('the panel to follow the edited formula', () => (panel.session.formula.display === 'x^4' ? true : undefined));
    assert.equal(panels.all.length, 1);
    const run = await waitForRun(panel, 'of the edited formula', (report) => report.formula?.display === 'x^4');
    assert.equal(run.trace.loss[0], 1e4, 'the edited formula runs from the same start, x = 10');
  });

  test('closing the panel forgets it', async () => {
    const { panels } = await extensionApi();
    await openWithSelection(quadratic, { selected: 'x**2' });
    await vscode.commands.executeCommand('gdLab.simulate');
    const panel = panels.active;
    assert.ok(panel);
    panel.webviewPanel.dispose();
    assert.equal(panels.all.length, 0);
    assert.equal(panels.active, undefined);
  });
});
