// The commands that change the current panel's run: η (set, ×10, ÷10), optimizer, schedule, step limit, start
// point; and what they do when no panel is open (the palette hides them then, through the gdLab.panelOpen key).
import assert from 'node:assert/strict';
import { setup, suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { compileFormula } from '../../../src/core/formula';
import { stabilityAt, stabilityMapAxes } from '../../../src/core/optim';
import type { SimulationPanel } from '../../../src/extension/panel/simulationPanel';
import { closeAllPanels, extensionApi, openWithSelection, recordingMessages, waitForRun, waitForRunAt } from './support';

const quadratic = '# A one-parameter loss\nx = 10\nloss = x**2\n';

async function simulateQuadratic(): Promise<SimulationPanel> {
  const { panels } = await extensionApi();
  await openWithSelection(quadratic, { selected: 'x**2' });
  await vscode.commands.executeCommand('gdLab.simulate');
  const panel = panels.active;
  assert.ok(panel, 'Simulate opened no panel');
  await waitForRun(panel, 'to finish');
  return panel;
}

suite('Run settings commands', () => {
  let panel: SimulationPanel;
  setup(async () => {
    await closeAllPanels();
    panel = await simulateQuadratic();
  });
  teardown(closeAllPanels);

  test('Set Learning Rate with an argument, then ×10 and ÷10, change η and the verdict', async () => {
    await vscode.commands.executeCommand('gdLab.setLearningRate', 0.2);
    assert.equal(panel.session.settings.learningRate, 0.2);
    assert.equal((await waitForRunAt(panel, 0.2)).diagnosis.verdict, 'converged');

    await vscode.commands.executeCommand('gdLab.increaseLearningRate');
    assert.equal(panel.session.settings.learningRate, 2);
    const diverged = await waitForRunAt(panel, 2);
    assert.equal(diverged.diagnosis.verdict, 'diverged');
    assert.match(diverged.diagnosis.headline, /^Diverged/);

    await vscode.commands.executeCommand('gdLab.decreaseLearningRate');
    assert.equal(panel.session.settings.learningRate, 0.2, '÷10 undoes ×10 exactly');
    assert.equal((await waitForRunAt(panel, 0.2)).diagnosis.verdict, 'converged');
  });

  test('Set Learning Rate refuses a value that is not a learning rate, and keeps η', async () => {
    const { messages } = await recordingMessages('showErrorMessage', () => vscode.commands.executeCommand('gdLab.setLearningRate', -1));
    assert.deepEqual(messages, ['Learning rate not changed: The learning rate must be greater than 0.']);
    assert.equal(panel.session.settings.learningRate, 0.01);
  });

  test('Choose Optimizer, Choose Schedule and Set Step Limit with an argument change the run', async () => {
    await vscode.commands.executeCommand('gdLab.chooseOptimizer', 'adam');
    assert.equal(panel.session.settings.optimizer.kind, 'adam');
    await vscode.commands.executeCommand('gdLab.chooseSchedule', 'cosine');
    assert.equal(panel.session.settings.schedule.kind, 'cosine');
    await vscode.commands.executeCommand('gdLab.setMaxSteps', 500);
    assert.equal(panel.session.settings.maxSteps, 500);

    const run = await waitForRun(panel, 'with Adam, cosine annealing and 500 steps', (report) => report.settings.maxSteps === 500);
    assert.equal(run.settings.optimizer.kind, 'adam');
    assert.equal(run.settings.schedule.kind, 'cosine');
    assert.equal(run.settings.learningRate, 0.01, 'η stays');
    assert.ok(run.final.step <= 500);
  });

  test('Set Start Point with an argument moves the start', async () => {
    await vscode.commands.executeCommand('gdLab.setStartPoint', 'x=3');
    assert.deepEqual([...panel.session.start], [3]);
    const run = await waitForRun(panel, 'from x = 3', (report) => report.trace.loss[0] === 9);
    assert.equal(run.trace.loss[0], 9);
  });

  test('Set Start Point refuses a variable the formula does not have', async () => {
    const { messages } = await recordingMessages('showErrorMessage', () => vscode.commands.executeCommand('gdLab.setStartPoint', 'y=3'));
    assert.equal(messages.length, 1, `messages: ${JSON.stringify(messages)}`);
    assert.match(messages[0], /^Start point not changed: .*y/);
    assert.deepEqual([...panel.session.start], [10]);
  });

  test('the commands act on the panel last simulated', async () => {
    const { panels } = await extensionApi();
    await openWithSelection('w = 1.5\nb = -2.0\nloss = (w - 3)**2 + 0.1 * b**2\n', { selected: '(w - 3)**2 + 0.1 * b**2' });
    await vscode.commands.executeCommand('gdLab.simulate');
    const second = panels.active;
    assert.ok(second && second !== panel);
    await vscode.commands.executeCommand('gdLab.increaseLearningRate');
    assert.equal(second.session.settings.learningRate, 0.1);
    assert.equal(panel.session.settings.learningRate, 0.01, 'the other panel keeps its η');
  });
});

suite('Show Stability Map', () => {
  let panel: SimulationPanel;
  setup(async () => {
    await closeAllPanels();
    panel = await simulateQuadratic();
  });
  teardown(closeAllPanels);

  test('says which optimizers have a map, then maps momentum on the extension host’s worker threads', async () => {
    const { messages } = await recordingMessages('showInformationMessage', () => vscode.commands.executeCommand('gdLab.stabilityMap'));
    assert.match(messages[0] ?? '', /choose Momentum, Nesterov, Adam or AdamW/);

    await vscode.commands.executeCommand('gdLab.chooseOptimizer', 'momentum');
    const mapped = await recordingMessages('showInformationMessage', () => vscode.commands.executeCommand('gdLab.stabilityMap'));
    assert.deepEqual(mapped.messages, [], 'momentum has a map');

    // The workers the panels share run from the installed extension's dist/stabilityMapWorker.js.
    const { panels } = await extensionApi();
    const formula = compileFormula('x**2');
    const stability = stabilityAt(formula, [10]);
    const settings = panel.session.settings;
    const axes = stabilityMapAxes(settings, stability);
    assert.ok(axes);
    const cells = await panels.stabilityMapWorkers.run({ formula, start: [10], settings, stability, axes, isCancelled: () => false });
    assert.equal(cells?.length, 40 * 20);
    assert.ok(cells?.some((cell) => cell.verdict === 'diverged') && cells.some((cell) => cell.verdict === 'converged'));
  });
});

suite('Run settings commands with no panel open', () => {
  suiteSetup(closeAllPanels);

  const commands: [string, unknown?][] = [
    ['gdLab.setLearningRate', 0.5],
    ['gdLab.increaseLearningRate'],
    ['gdLab.decreaseLearningRate'],
    ['gdLab.chooseOptimizer', 'adam'],
    ['gdLab.chooseSchedule', 'cosine'],
    ['gdLab.setMaxSteps', 500],
    ['gdLab.setStartPoint', 'x=3'],
    ['gdLab.sweep'],
    ['gdLab.compareLearningRates'],
    ['gdLab.pinRun'],
    ['gdLab.clearPinned'],
    ['gdLab.stabilityMap'],
    ['gdLab.exportRun', 'csv'],
  ];
  for (const [command, argument] of commands) {
    test(`${command} says how to open a simulation, and opens none`, async () => {
      const { panels } = await extensionApi();
      const { messages } = await recordingMessages('showInformationMessage', () =>
        argument === undefined ? vscode.commands.executeCommand(command) : vscode.commands.executeCommand(command, argument),
      );
      assert.deepEqual(messages, ['No simulation is open: select a loss formula and run "Simulate Gradient Descent" first.']);
      assert.equal(panels.all.length, 0);
    });
  }
});
