// Simulate Gradient Descent the way a person does it (issue 5): select a formula in Python or Markdown, right-click,
// read the verdict in the panel beside the code, tune η from the palette; and what a selection that is not a formula
// does instead. One code-server for the file; the tests run in order and share it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

const simulate = 'Simulate Gradient Descent';
const palette = {
  simulate: `Gradient Descent: ${simulate}`,
  setLearningRate: 'Gradient Descent: Set Learning Rate…',
  increase: 'Gradient Descent: Increase Learning Rate ×10',
  decrease: 'Gradient Descent: Decrease Learning Rate ÷10',
};
/** The palette commands that need a panel (`when: gdLab.panelOpen`). */
const panelCommands = [palette.setLearningRate, palette.increase, palette.decrease];

describe('simulate from the editor', () => {
  let workbench: Workbench | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };

  before(async () => {
    // η = 0.2 is where x² from x = 10 converges quickly; ×10 crosses the critical η = 2/L = 1.
    workbench = await Workbench.launch({ name: 'simulate', userSettings: { 'gradientDescentLab.learningRate': 0.2 } });
  });

  after(async () => {
    await workbench?.close();
  });

  it('offers Simulate in the palette once an editor is open, and the η commands only with a panel', async () => {
    await wb().openFile('quadratic.py');
    const labels = await wb().waitForCommands('Gradient Descent', 'Simulate', (listed) => listed.includes(palette.simulate));
    for (const command of panelCommands) assert.ok(!labels.includes(command), `"${command}" is listed with no panel open`);
  });

  describe('Python, from the context menu', () => {
    const panel = () => new SimulationPanelView(wb(), 'x^2');

    it('shows "converged" for x² from x = 10 at η = 0.2', async () => {
      await wb().openFile('quadratic.py');
      await wb().selectLine(3); // loss = x**2, below x = 10
      assert.match(await wb().cursorPosition(), /^Ln 3, Col \d+ \(11 selected\)$/);
      await wb().openEditorContextMenu();
      assert.ok((await wb().contextMenuLabels()).includes(simulate), 'the context menu of a selection offers Simulate');
      await wb().closeMenus();
      await wb().chooseFromEditorContextMenu(simulate);

      const verdict = await panel().waitForVerdict(/^Converged/, 60_000);
      assert.match(verdict, /η = 0\.2 is about right/);
      assert.equal(await panel().formulaText(), 'x^2');
      assert.match(await panel().formulaMeta(), /From quadratic\.py:3.*Start: x = 10/);
      assert.equal(await panel().learningRateField(), '0.2');
      assert.match(await wb().statusBarItem(/η = /), /^η = 0\.2 · Gradient descent$/);
      assert.ok((await wb().tabTitles()).includes('GD: loss · quadratic.py:3'), `tabs: ${(await wb().tabTitles()).join(' | ')}`);
      await wb().screenshot('simulate-1-python-converged');
    });

    it('lists the η commands in the palette now that a panel is open', async () => {
      const labels = await wb().waitForCommands('Gradient Descent', 'the η commands', (listed) => panelCommands.every((command) => listed.includes(command)));
      for (const command of panelCommands) assert.ok(labels.includes(command), `"${command}" is missing: ${labels.join(' | ')}`);
    });

    it('diverges at η = 2 after "Increase Learning Rate ×10"', async () => {
      await wb().runCommand(palette.increase);
      const verdict = await panel().waitForVerdict(/^Diverged/);
      assert.match(verdict, /η = 2 is too large/);
      await panel().waitForLearningRateField('2');
      assert.match(await wb().statusBarItem(/η = 2 /), /^η = 2 · Gradient descent$/);
      assert.equal((await panel().facts())['Critical η'], '2/L = 1 (L = 2, the largest curvature met along the path); η is 2× this');
      // The rule of thumb, run, and the checked recommendation as one click.
      assert.match(verdict, /Rule of thumb: bouncing or growing → η ÷ 10\. Checked: η ÷ 10 = 0\.2 converges at step 29\./);
      assert.equal(await panel().recommendation(), 'Use η = 0.5: converges in 1 step');
      await wb().screenshot('simulate-2-python-diverged');
    });

    it('converges again at η = 0.2 after "Decrease Learning Rate ÷10"', async () => {
      await wb().runCommand(palette.decrease);
      await panel().waitForVerdict(/^Converged/);
      await panel().waitForLearningRateField('0.2');
      assert.match(await wb().statusBarItem(/η = 0\.2 /), /^η = 0\.2 · Gradient descent$/);
      await wb().screenshot('simulate-3-python-converged-again');
    });

    it('takes a typed η from "Set Learning Rate…"', async () => {
      await wb().runCommand(palette.setLearningRate, { opens: 'Learning rate η' });
      await wb().answerInput('0.02');
      await panel().waitForLearningRateField('0.02');
      assert.match(await wb().statusBarItem(/η = 0\.02 /), /^η = 0\.02 · Gradient descent$/);
      assert.match(await panel().waitForVerdict(/^Converged/), /η = 0\.02/);
    });
  });

  describe('LaTeX in Markdown', () => {
    it('simulates the $$ … $$ formula selected in notes.md', async () => {
      await wb().openFile('notes.md');
      await wb().selectLine(5); // $$ L(\theta) = (\theta - 2)^2 $$
      assert.match(await wb().cursorPosition(), /^Ln 5, Col \d+ \(\d+ selected\)$/);
      await wb().chooseFromEditorContextMenu(simulate);

      // \theta reads as the variable `theta`; the panel shows it as θ.
      const panel = new SimulationPanelView(wb(), '(θ - 2)^2');
      const verdict = await panel.waitForVerdict(/^Converged/, 60_000);
      assert.match(verdict, /η = 0\.2 is about right/);
      assert.match(await panel.formulaMeta(), /From notes\.md:5.*Start: θ = 1/);
      assert.match((await panel.facts())['Final point'], /^θ = 2(\.0+)?$/);
      await wb().screenshot('simulate-4-markdown-latex');
    });
  });

  describe('a selection that is not a formula', () => {
    it('shows an error naming what and where, opens no panel, and "Show Me" selects the spot', async () => {
      await wb().clearNotifications();
      await wb().openFile('mixed.py');
      const panelsBefore = (await wb().tabTitles()).filter((title) => title.startsWith('GD:')).length;
      await wb().selectLine(2); // print("hi")
      await wb().chooseFromEditorContextMenu(simulate);

      const message = await wb().waitForNotification('not a formula');
      // What is wrong (the formula engine's words) and where: the line and column in the file.
      const where = /^The selection is not a formula I can read: (.+) \(line 2, column (\d+)\)\.$/.exec(message);
      assert.ok(where, `the message: ${message}`);
      assert.match(where[1], /print|"hi"/, 'the message names what it could not read');
      assert.equal((await wb().tabTitles()).filter((title) => title.startsWith('GD:')).length, panelsBefore, 'a panel opened for print("hi")');
      await wb().screenshot('simulate-5-not-a-formula');

      // "Show Me" selects the spot the message names: from that column, on line 2.
      await wb().page.locator('.notifications-toasts .notification-list-item', { hasText: 'not a formula' }).getByRole('button', { name: 'Show Me' }).click();
      const shown = await wb().waitUntil('"Show Me" to select the spot', async () => /^Ln 2, Col (\d+) \((\d+) selected\)$/.exec(await wb().cursorPosition()) ?? undefined);
      assert.equal(Number(shown[1]) - Number(shown[2]), Number(where[2]), `the selection ${shown[0]} starts at column ${where[2]}`);
    });

    it('simulates the current line when nothing is selected and the line is a formula', async () => {
      await wb().goTo(4, 8); // loss = (w - 3)**2, no selection
      assert.match(await wb().cursorPosition(), /^Ln 4, Col 8$/);
      // The palette offers Simulate with nothing selected (and so does the context menu: learnerPanel.test.ts).
      await wb().runCommand(palette.simulate);

      const panel = new SimulationPanelView(wb(), '(w - 3)^2');
      await panel.waitForVerdict(/^Converged/, 60_000);
      assert.match(await panel.formulaMeta(), /From mixed\.py:4.*Start: w = 1\.5/);
      await wb().screenshot('simulate-6-current-line');
    });
  });
});
