// What issue 4 promises beyond one run, checked as a person would: Choose Optimizer… from the palette changes the
// run; typing in the formula re-runs the panel; the panel comes back as it was after another editor hid it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

const panelTab = 'GD: loss · quadratic.py:3';

describe('a simulation panel over time', () => {
  let workbench: Workbench | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };

  before(async () => {
    // The default η = 0.01: x² from x = 10 converges with gradient descent, and crawls with Adam.
    workbench = await Workbench.launch({ name: 'panel-session' });
  });

  after(async () => {
    await workbench?.close();
  });

  it('switches to Adam from "Choose Optimizer…", and the run changes', async () => {
    await wb().openFile('quadratic.py');
    await wb().selectLine(3);
    await wb().chooseFromEditorContextMenu('Simulate Gradient Descent');
    const panel = new SimulationPanelView(wb(), 'x^2');
    await panel.waitForVerdict(/^Converged at step \d+$/, 60_000);
    assert.equal(await panel.optimizerField(), 'Gradient descent');
    assert.match(await wb().statusBarItem(/η = /), /^η = 0\.01 · Gradient descent$/);

    await wb().runCommand('Gradient Descent: Choose Optimizer…', { opens: 'Optimizer' });
    const optimizers = await wb().quickPickLabels();
    assert.deepEqual(optimizers, ['Gradient descent', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSProp', 'Adam', 'AdamW']);
    await wb().chooseQuickPickItem('Adam');

    assert.match(await panel.waitForVerdict(/^Too slow/), /η = 0\.01 is too small/);
    assert.equal(await panel.optimizerField(), 'Adam');
    assert.match(await wb().statusBarItem(/· Adam$/), /^η = 0\.01 · Adam$/);
    assert.match((await panel.facts())['Steps taken'], /^1,000 of 1,000/);
    await wb().screenshot('panel-session-1-adam');
  });

  it('re-runs when the formula is edited in the editor, and again on undo', async () => {
    await wb().selectRange(3, 11, 1); // the exponent of loss = x**2
    await wb().page.keyboard.type('4');
    const edited = new SimulationPanelView(wb(), 'x^4');
    await edited.frame(); // waits for the panel to show x^4
    assert.match(await edited.formulaMeta(), /From quadratic\.py:3.*Start: x = 10/);
    assert.equal(await edited.optimizerField(), 'Adam', 'the settings stay when the formula changes');
    await edited.waitForVerdict(/./);
    // The run is of the new formula: Adam at 0.01 leaves x⁴ at 4.567 after 1,000 steps (x² at 0.2); Adam has no
    // critical η, and the facts say why.
    assert.equal((await edited.facts())['Final point'], 'x = 4.567');
    assert.equal((await edited.facts())['Critical η'], 'none: Adam scales each step by the gradient’s size, so the curvature sets no limit');
    await wb().screenshot('panel-session-2-edited');

    await wb().page.keyboard.press('Control+Z');
    const restored = new SimulationPanelView(wb(), 'x^2');
    assert.match(await restored.waitForVerdict(/^Too slow/), /η = 0\.01 is too small/);
    assert.ok((await wb().tabTitles()).filter((title) => title.startsWith('GD:')).length === 1, 'editing opened another panel');
  });

  it('shows the same run again after another editor hid it', async () => {
    const panel = new SimulationPanelView(wb(), 'x^2');
    const verdictBefore = await panel.verdict();
    const factsBefore = await panel.facts();
    // The run's color is the same on every chart: the landscape's legend gives it for the loss curve.
    const color = await panel.legendColor('landscape', 'η = 0.01 · Adam');
    const curveBefore = await panel.waitForInk('loss', 'the loss curve', ({ matching }) => matching >= 100, color);

    // Open another file in the panel's column: the panel's tab stays, its webview goes.
    await wb().clickTab(panelTab);
    await wb().openFile('notes.md');
    await wb().waitUntil('the panel to be hidden', async () => ((await wb().visibleWebviewFrames()).length === 0 ? true : undefined));
    const tabs = await wb().tabTitles();
    assert.ok(tabs.includes(panelTab), `the panel's tab is gone: ${tabs.join(' | ')}`);
    await wb().screenshot('panel-session-3-hidden');

    await wb().clickTab(panelTab);
    assert.equal(await panel.verdict(), verdictBefore);
    assert.deepEqual(await panel.facts(), factsBefore);
    assert.equal(await panel.optimizerField(), 'Adam');
    assert.equal(await panel.learningRateField(), '0.01');
    await panel.waitForInk('loss', 'the same loss curve again', ({ matching }) => Math.abs(matching - curveBefore.matching) <= curveBefore.matching * 0.05, color);
    await wb().screenshot('panel-session-4-shown-again');
  });

  it('applies the checked recommendation with one click, and the run it names is what follows', async () => {
    const panel = new SimulationPanelView(wb(), 'x^2');
    assert.match(await panel.verdict(), /η = 0\.01 is too small\. With η = 0\.1 it converges at step 352\./);
    assert.equal(await panel.recommendation(), 'Use η = 0.1: converges in 352 steps');
    await panel.clickButton('Use η = 0.1: converges in 352 steps');
    await panel.waitForLearningRateField('0.1');
    assert.match(await panel.waitForVerdict(/^Converged at step 352$/), /η = 0\.1 is about right/);
    assert.match(await wb().statusBarItem(/η = 0\.1 /), /^η = 0\.1 · Adam$/);
    await wb().screenshot('panel-session-5-recommendation-applied');
  });
});
