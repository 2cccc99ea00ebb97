// The panel a learner can play with (issue 15), the way a person uses it: the cursor on a line and a right-click,
// start values from the formula's own scope, a changed selection of the same formula read afresh, and a drag on the
// η slider that turns the verdict from converged to diverged while the status bar follows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

const simulate = 'Simulate Gradient Descent';

describe('the learner’s panel in VS Code', () => {
  let workbench: Workbench | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };

  before(async () => {
    // 460 px of panel beside the code, as the issue measured it.
    workbench = await Workbench.launch({ name: 'learner', viewport: { width: 1280, height: 800 }, userSettings: { 'gradientDescentLab.learningRate': 0.2 } });
  });

  after(async () => {
    await workbench?.close();
  });

  it('offers Simulate in the context menu with only the cursor on the line, and reads the formula there', async () => {
    await wb().openFile('quadratic.py');
    await wb().goTo(3, 5); // loss = x**2, nothing selected
    assert.match(await wb().cursorPosition(), /^Ln 3, Col 5$/);
    await wb().openEditorContextMenu();
    assert.ok((await wb().contextMenuLabels()).includes(simulate), `the menu: ${(await wb().contextMenuLabels()).join(' | ')}`);
    await wb().closeMenus();
    await wb().chooseFromEditorContextMenu(simulate);
    const panel = new SimulationPanelView(wb(), 'x^2');
    assert.match(await panel.waitForVerdict(/^Converged/, 60_000), /η = 0\.2 is about right/);
    assert.match(await panel.formulaMeta(), /From quadratic\.py:3.*Start: x = 10/);
    await wb().screenshot('learner-1-cursor-right-click');
  });

  it('drags the η slider past the critical η: the verdict turns to diverged and the status bar follows', async () => {
    const panel = new SimulationPanelView(wb(), 'x^2');
    const slider = await panel.learningRateSlider();
    await wb().waitUntil('the η slider to show η = 0.2', async () => ((await slider.getAttribute('aria-valuetext')) === '0.2' ? true : undefined));
    const box = await slider.boundingBox();
    assert.ok(box, 'the slider is on screen');
    // The thumb sits at its value's place along the track (which spans 1e−4 … 10 around the critical η = 1).
    const at = (value: number): number => box.x + 7 + ((box.width - 14) * (Math.log10(value) + 4)) / 5;
    const y = box.y + box.height / 2;
    await wb().page.mouse.move(at(0.2), y);
    await wb().page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await wb().page.mouse.move(at(0.2 * 15 ** (i / 12)), y);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await wb().page.mouse.up();
    const verdict = await panel.waitForVerdict(/^Diverged/);
    assert.match(verdict, /is too large/);
    const shown = (await slider.getAttribute('aria-valuetext')) ?? '';
    assert.ok(Number(shown) > 1, `η = ${shown} is past the critical η = 1`);
    await panel.waitForLearningRateField(shown);
    assert.match(await wb().statusBarItem(new RegExp(`^η = ${shown.replace('.', '\\.')} `)), new RegExp(`^η = ${shown.replace('.', '\\.')} · Gradient descent$`));
    await wb().screenshot('learner-2-slider-dragged-to-diverged');
  });

  it('maps the verdicts over η × momentum β, and runs the cell chosen on the map', async () => {
    const panel = new SimulationPanelView(wb(), 'x^2');
    await wb().runCommand('Gradient Descent: Set Learning Rate…', { opens: 'Learning rate η' });
    await wb().answerInput('0.2');
    await wb().runCommand('Gradient Descent: Choose Optimizer…', { opens: 'Optimizer' });
    await wb().chooseQuickPickItem('Momentum');
    await wb().statusBarItem(/^η = 0\.2 · Momentum$/);
    // Room for the map: the code narrower, the panel wider.
    await wb().page.keyboard.press('Control+B');
    await wb().resizeFirstEditorGroup(420);
    await panel.clickButton('Stability map');
    const map = await panel.waitForSection('stability-map');
    assert.match(await map.locator('h2').innerText(), /^Stability map: η × momentum β$/);
    const legend = await panel.legend('stability-map');
    assert.ok(legend.some((label) => /^Diverged: \d+ cells$/.test(label)), `legend: ${legend.join(' | ')}`);
    assert.ok(legend.includes('Momentum’s limit η = 2(1 + β)/L'), `legend: ${legend.join(' | ')}`);
    await panel.waitForInk('stability-map', 'the cells', ({ painted, colors }) => painted > 0.4 && colors >= 5);
    await map.scrollIntoViewIfNeeded();
    await wb().screenshot('learner-3-stability-map');

    // The keyboard reaches a cell (top row: β = 0.95; Down: 0.9); Enter runs it.
    const frame = await panel.frame();
    await frame.locator('.stability-map-section canvas').focus();
    await wb().page.keyboard.press('Home');
    await wb().page.keyboard.press('ArrowDown');
    for (let i = 0; i < 20; i++) await wb().page.keyboard.press('ArrowRight');
    const title = await frame.locator('.stability-map-section .chart-tooltip .chart-tooltip-title').innerText();
    const [, η] = /^η = (\S+), β = 0\.9$/.exec(title) ?? [];
    assert.ok(η, `the cell: ${title}`);
    await wb().page.keyboard.press('Enter');
    await wb().statusBarItem(new RegExp(`^η = ${η.replace('.', '\\.')} · Momentum$`));
    await wb().page.keyboard.press('Control+B');
  });

  it('starts inside a function from its parameters’ defaults, and reads a changed selection of it afresh', async () => {
    await wb().openFile('scoped.py');
    await wb().goTo(6, 12); // return (w - 3)**2 + 0.1*b**2, inside def bowl(w=1.5, b=-2.0):
    await wb().chooseFromEditorContextMenu(simulate);
    const panel = new SimulationPanelView(wb(), '(w - 3)^2 + 0.1*b^2');
    await panel.waitForVerdict(/\S/, 60_000);
    assert.match(await panel.formulaMeta(), /From scoped\.py:6.*Start: w = 1\.5, b = −2$/, 'the function’s defaults, not the module’s w = 10, b = 7');

    // A start chosen in the panel stays while the same text is simulated again…
    await wb().runCommand('Gradient Descent: Set Start Point…', { opens: 'Start point' });
    await wb().answerInput('w=0, b=0');
    await wb().waitUntil('the start w = 0, b = 0', async () => (/Start: w = 0, b = 0$/.test(await panel.formulaMeta()) ? true : undefined));
    // …and selecting the whole def reads it afresh: its place and its defaults.
    await wb().goTo(5, 1);
    await wb().page.keyboard.press('Shift+ArrowDown');
    await wb().page.keyboard.press('Shift+End');
    await wb().chooseFromEditorContextMenu(simulate);
    await wb().waitUntil('the panel to read the whole def', async () => (/From scoped\.py:5.*Start: w = 1\.5, b = −2$/.test(await panel.formulaMeta()) ? true : undefined));
    assert.equal((await wb().tabTitles()).filter((title) => title.startsWith('GD: bowl')).length, 1, `one panel, renamed for bowl: ${(await wb().tabTitles()).join(' | ')}`);
    await wb().screenshot('learner-4-scoped-start-values');
  });
});
