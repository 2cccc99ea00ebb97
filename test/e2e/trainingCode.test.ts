// Issue 14 in a real VS Code: a PyTorch training script's optimizer line shows the lens; "Simulate this optimizer"
// opens the panel with that optimizer and its schedule, on a loss picked from the quick pick; "Use η in code" edits
// the line (and Undo takes it back); "Plot schedule" charts the η of each update; hovering lr= shows the critical η.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

const script = 'train_pytorch.py';

describe('training code: the optimizer line of a PyTorch script', () => {
  let workbench: Workbench | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };
  /** The code lens on the script's editor whose text is `title`. */
  const lens = (title: string): Locator => wb().activeEditor.locator('.codelens-decoration a', { hasText: title });
  /** The optimizer line as the editor shows it (no-break spaces as spaces). */
  const optimizerLine = async (): Promise<string> =>
    wb().waitUntil('the optimizer line in the editor', async () => {
      const texts = await wb().activeEditor.locator('.view-lines .view-line').allInnerTexts();
      return texts.map((text) => text.replace(/\u00a0/g, ' ')).find((text) => text.includes('torch.optim.SGD'));
    });

  before(async () => {
    workbench = await Workbench.launch({ name: 'training-code', viewport: { width: 1600, height: 1000 } });
  });

  after(async () => {
    await workbench?.close();
  });

  it('shows "Simulate this optimizer" and "Plot schedule" over the optimizer line', async () => {
    await wb().openFile(script);
    await wb().waitVisible(lens('Simulate this optimizer'), 'the "Simulate this optimizer" lens', 60_000);
    await wb().waitVisible(lens('Plot schedule'), 'the "Plot schedule" lens');
    // The lenses sit above line 6, the optimizer's.
    const lensBox = await lens('Simulate this optimizer').boundingBox();
    await wb().goTo(6);
    const cursor = await wb().activeEditor.locator('.cursors-layer .cursor').first().boundingBox();
    assert.ok(lensBox && cursor && lensBox.y < cursor.y && cursor.y - lensBox.y < 60, `the lens is above line 6 (lens ${lensBox?.y}, line ${cursor?.y})`);
    await wb().screenshot('training-code-1-lenses');
  });

  it('"Simulate this optimizer" opens the panel with that optimizer and schedule on the loss picked', async () => {
    await lens('Simulate this optimizer').click();
    await wb().waitVisible(wb().page.locator('.quick-input-widget .quick-input-title', { hasText: 'Simulate SGD from train_pytorch.py:6 on…' }), 'the loss quick pick');
    const labels = await wb().quickPickLabels();
    assert.ok(labels.includes('x^2'), `formulas of the workspace are offered: ${labels.join(' | ')}`);
    assert.ok(labels.includes('Quadratic bowl') && labels.includes('Rosenbrock'), `the samples are offered: ${labels.join(' | ')}`);
    await wb().screenshot('training-code-2-pick-loss');
    // The list is long and drawn as it scrolls: filter it as a person would, by typing.
    const input = wb().page.locator('.quick-input-widget input').first();
    await input.fill('curvature');
    await wb().waitUntil('the quadratic of chosen curvature to be offered', async () =>
      (await wb().quickPickLabels()).includes('Quadratic of chosen curvature and conditioning…') ? true : undefined,
    );
    await input.fill('Quadratic bowl');
    await wb().waitUntil('the list to show the sample', async () => ((await wb().quickPickLabels())[0] === 'Quadratic bowl' ? true : undefined));
    await wb().chooseQuickPickItem('Quadratic bowl');

    const panel = new SimulationPanelView(wb(), 'x^2');
    await panel.waitForVerdict(/./, 60_000);
    assert.equal(await panel.optimizerField(), 'Momentum');
    assert.equal(await panel.learningRateField(), '0.05');
    const training = await (await panel.frame()).locator('.formula-header .formula-training').innerText();
    assert.equal(training.replace(/\s+/g, ' ').trim(), 'Optimizer: SGD(lr=0.05, momentum=0.9) with StepLR · train_pytorch.py:6 · PyTorch semantics');
    const schedule = await (await panel.frame()).locator('.run-controls vscode-dropdown[aria-label="Schedule"]').evaluate((dropdown) => {
      const selected = (dropdown as HTMLElement & { selectedOptions?: HTMLElement[] }).selectedOptions?.[0];
      return selected?.textContent?.trim() ?? '';
    });
    assert.equal(schedule, 'Step decay', 'StepLR(step_size=50, gamma=0.5) is the step-decay schedule');
    await panel.waitForSection('schedule');
    await wb().screenshot('training-code-3-panel');
  });

  it('"Use η in code" writes the panel’s η into lr= as one edit, which Undo takes back', async () => {
    const panel = new SimulationPanelView(wb(), 'x^2');
    await wb().runCommand('Gradient Descent: Set Learning Rate…', { opens: 'Learning rate η' });
    await wb().answerInput('0.02');
    await panel.waitForLearningRateField('0.02');
    await panel.clickButton('Use η = 0.02 in code');
    await wb().waitForNotification('η = 0.02 written into train_pytorch.py:6');
    await wb().openFile(script);
    assert.equal((await optimizerLine()).trim(), 'optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.9)');
    await wb().screenshot('training-code-4-written');

    await wb().goTo(6);
    await wb().page.keyboard.press('Control+Z');
    await wb().waitUntil('Undo to restore lr=0.05', async () => ((await optimizerLine()).includes('lr=0.05') ? true : undefined));
  });

  it('hovering lr= shows the critical η of the loss and the last verdict', async () => {
    await wb().openFile(script);
    const argument = wb().activeEditor.locator('.view-line', { hasText: 'torch.optim.SGD' }).locator('span', { hasText: /^lr$/ }).first();
    await wb().waitVisible(argument, 'the lr keyword on line 6');
    await argument.hover();
    const hover = await wb().waitVisible(wb().page.locator('.monaco-hover-content', { hasText: 'Gradient Descent Lab' }), 'the hover over lr=');
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /SGD, PyTorch semantics/);
    assert.match(text, /On x\^2: critical η 2\(1 \+ β\)\/L = 1\.9 \(L = 2, the largest curvature met along the path\)/);
    assert.match(text, /Last run at η = 0\.02: (Converged|Oscillating)[^.]* at step \d+\./);
    await wb().screenshot('training-code-5-hover');
    await wb().pressEscape();
  });

  it('"Plot schedule" charts the η of each update, with no loss', async () => {
    await wb().openFile(script);
    await lens('Plot schedule').click();
    const frame = await wb().webviewFrame('.schedule-plot:not([hidden]) canvas', 60_000);
    const title = (await frame.locator('.schedule-plot-title').innerText()).trim();
    assert.equal(title, 'StepLR · train_pytorch.py:6');
    const summary = ((await frame.locator('.schedule-plot .chart-view > p.visually-hidden').textContent()) ?? '').trim();
    // StepLR has no length of its own: the plot spans the default 1,000 updates, halving η every 50.
    assert.match(summary, /η goes from 0\.05 to [\d.e−-]+ over 1,000 updates, peaking at 0\.05 at update 1\./, summary);
    await wb().screenshot('training-code-6-plot-schedule');
  });
});
