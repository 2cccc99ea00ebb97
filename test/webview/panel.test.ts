/**
 * The panel (issue 4) in headless Chromium: the real bundle, the real CSS, the page from renderPanelHtml under
 * its CSP, with VS Code's theme variables. Screenshots go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quadraticRun, rosenbrockRun } from './fixtures';
import { hexToRgb, panelTests, type PanelPage } from './harness';

const { open } = panelTests();

const learningRateInput = (page: PanelPage) => page.page.locator('vscode-text-field[aria-label="Learning rate η"] input');
const stepsInput = (page: PanelPage) => page.page.locator('vscode-text-field[aria-label="Step limit"] input');
/** The facts are in the run's details, collapsed until opened. */
const openDetails = async (page: PanelPage) => {
  if (!(await page.page.locator('details.run-details').evaluate((details) => (details as HTMLDetailsElement).open))) await page.page.locator('details.run-details summary').click();
};
const statusText = (page: PanelPage) => page.page.getByRole('status').innerText();

describe('panel', () => {
  it('posts ready on load and draws nothing until a run arrives', async () => {
    const page = await open('dark');
    assert.deepEqual(await page.posted(), [{ type: 'ready' }]);
    assert.match(await statusText(page), /Select a loss formula/);
    assert.equal(await page.page.locator('.loss-section').isHidden(), true);
  });

  it('draws the loss curve and states the verdict, the facts and the formula', async () => {
    const run = quadraticRun(0.2);
    const page = await open('dark', run);
    const { inked, total } = await page.inkedPixels('.loss-section');
    assert.ok(inked > total * 0.03, `the loss chart is drawn (${inked} of ${total} pixels)`);

    const status = await statusText(page);
    assert.match(status, /Converged at step \d+/);
    assert.ok(status.includes(run.diagnosis.advice));
    await openDetails(page);
    const facts = await page.page.locator('.facts').innerText();
    assert.match(facts, /Final loss\s+\S+e-1\d/);
    assert.match(facts, /Final point\s+x = /);
    assert.match(facts, new RegExp(`Steps taken\\s+${run.final.step} of 100`));
    assert.match(facts, /Critical η\s+2\/L = 1 \(L = 2, the largest curvature met along the path\); η is 0\.2× this/);
    assert.match(facts, /Checked\s+\d+ runs: η = 2: diverged/);
    // Nothing to change: no button, and the rule of thumb says to keep η, with what η × 10 did.
    assert.match(status, /Rule of thumb: drops quickly, then levels off → keep η\. Checked: η × 10 = 2 diverges\./);
    assert.equal(await page.page.locator('.verdict-recommendation').count(), 0);
    const header = await page.page.locator('.formula-header').innerText();
    // x^2 set as math: x with a raised 2, the plain text kept for tools.
    assert.equal(await page.page.locator('.formula-header .formula').getAttribute('data-display'), 'x^2');
    assert.equal(await page.page.locator('.formula-header .formula sup').innerText(), '2');
    assert.equal(await page.page.locator('.formula-header .formula').getAttribute('title'), 'x²');
    assert.match(header, /From train\.py:12/);
    assert.match(header, /Start: x = 3/);

    // The chart's text summary, for screen readers.
    const summaryId = await page.page.locator('.loss-section canvas').getAttribute('aria-describedby');
    const summary = await page.page.locator(`[id="${summaryId}"]`).textContent();
    assert.match(summary ?? '', new RegExp(`^Loss fell from 9 to \\S+ in ${run.final.step} steps; converged at step ${run.diagnosis.convergedAt}\\.`));
    await page.screenshot('panel-dark-converged');
  });

  it('marks the overshoots and the divergence of a diverging run', async () => {
    const run = quadraticRun(1.1);
    const page = await open('light', run);
    assert.match(await statusText(page), /Diverged at step 1/);
    const legend = await page.page.locator('.loss-section .chart-legend').innerText();
    assert.match(legend, /Overshoot: loss rose \(100 steps\)/);
    assert.match(legend, /Diverged at step 1/);
    // The divergence cross is drawn in the theme's red.
    assert.ok((await page.pixelsNear('.loss-section', hexToRgb('#e51400'), 20)) > 20, 'divergence marker drawn');
    await page.screenshot('panel-light-diverged');
  });

  it('shows the recommendation as one click, with the rule of thumb and what was checked; the click posts applyRecommendation for that run', async () => {
    const run = quadraticRun(0.01, { runId: 7 });
    assert.equal(run.diagnosis.cause, 'lr-too-small');
    const page = await open('dark', run);
    const status = await statusText(page);
    assert.match(status, /^.*Too slow: not converged after 100 steps/m);
    assert.match(status, /η = 0\.01 is too small\. With η = 0\.5 it converges at step 1\./);
    assert.match(status, /Rule of thumb: a flat curve → η × 10\. Checked: η × 10 = 0\.1 converges at step 60\./);
    const button = page.page.getByRole('button', { name: 'Use η = 0.5: converges in 1 step' });
    await button.waitFor();
    await page.screenshot('panel-dark-recommendation');
    await page.clearPosted();
    await button.click();
    assert.deepEqual(await page.posted(), [{ type: 'applyRecommendation', runId: 7 }]);
    // A run with nothing to change hides the button.
    await page.send({ type: 'showRun', view: quadraticRun(0.2, { runId: 8 }) });
    await page.page.locator('.verdict-recommendation').waitFor({ state: 'detached' });
  });

  it('×10 and ÷10 post scaleLearningRate', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Multiply η by 10' }).click();
    await page.page.getByRole('button', { name: 'Divide η by 10' }).click();
    assert.deepEqual(await page.posted(), [
      { type: 'scaleLearningRate', factor: 10 },
      { type: 'scaleLearningRate', factor: 0.1 },
    ]);
  });

  it('a typed η posts setLearningRate once; Enter on an unchanged η re-runs', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    const input = learningRateInput(page);
    await input.fill('0.05');
    await input.press('Enter');
    assert.deepEqual(await page.posted(), [{ type: 'setLearningRate', learningRate: 0.05 }]);
    await input.press('Enter');
    await input.blur();
    assert.deepEqual(await page.posted(), [{ type: 'setLearningRate', learningRate: 0.05 }, { type: 'rerun' }]);
    // Leaving the field after an edit commits it too.
    await input.fill('2e-3');
    await page.page.getByRole('button', { name: 'Re-run' }).focus();
    assert.deepEqual((await page.posted()).at(-1), { type: 'setLearningRate', learningRate: 0.002 });
  });

  it('a bad η posts nothing and says why, inline', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    const input = learningRateInput(page);
    const error = page.page.locator('.learning-rate .field-error');
    for (const [text, message] of [
      ['abc', /must be a number/],
      ['-0.1', /greater than 0/],
      ['0', /greater than 0/],
      ['1e9', /at most 1e\+?6/],
    ] as const) {
      await input.fill(text);
      await input.press('Enter');
      assert.equal(await error.isVisible(), true, `error shown for ${text}`);
      assert.match(await error.innerText(), message);
      assert.equal(await page.page.locator('vscode-text-field[aria-label="Learning rate η"]').getAttribute('aria-invalid'), 'true');
    }
    await input.blur();
    assert.deepEqual(await page.posted(), []);
    // Typing again clears the error.
    await input.fill('0.3');
    assert.equal(await error.isVisible(), false);
  });

  it('optimizer, schedule and steps post their intents; Re-run posts rerun', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    const optimizer = page.page.locator('vscode-dropdown[aria-label="Optimizer"]');
    await optimizer.click();
    const optimizerNames = await optimizer.locator('vscode-option').allInnerTexts();
    assert.deepEqual(optimizerNames, ['Gradient descent', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSProp', 'Adam', 'AdamW']);
    await optimizer.getByRole('option', { name: 'Adam', exact: true }).click();

    const schedule = page.page.locator('vscode-dropdown[aria-label="Schedule"]');
    await schedule.click();
    const scheduleNames = await schedule.locator('vscode-option').allInnerTexts();
    assert.deepEqual(scheduleNames, ['Constant', 'Step decay', 'Exponential', 'Cosine annealing', 'Warmup + cosine', 'One-cycle']);
    await schedule.getByRole('option', { name: 'Cosine annealing' }).click();

    const steps = stepsInput(page);
    await steps.fill('1.5');
    await steps.press('Enter');
    assert.match(await page.page.locator('.steps .field-error').innerText(), /whole number/);
    await steps.fill('500');
    await steps.press('Enter');
    await page.page.getByRole('button', { name: 'Re-run' }).click();

    assert.deepEqual(await page.posted(), [
      { type: 'setOptimizer', optimizer: 'adam' },
      { type: 'setSchedule', schedule: 'cosine' },
      { type: 'setMaxSteps', maxSteps: 500 },
      { type: 'rerun' },
    ]);
  });

  it('shows the settings of each new run without posting them back', async () => {
    const page = await open('dark', quadraticRun(0.2));
    const run = quadraticRun(0.02, { runId: 2, schedule: 'cosine' });
    await page.clearPosted();
    await page.send({ type: 'showRun', view: run });
    assert.equal(await learningRateInput(page).inputValue(), '0.02');
    assert.equal(await page.page.locator('vscode-dropdown[aria-label="Schedule"]').evaluate((element) => (element as HTMLInputElement).value), 'cosine');
    assert.deepEqual(await page.posted(), []);
    // A schedule that changes η brings the schedule chart.
    await page.waitForChart('.schedule-section', 500);
    assert.equal(await page.page.locator('.schedule-section').isVisible(), true);
    assert.match(await page.page.locator('.schedule-section').innerText(), /Learning rate schedule/);
    await page.screenshot('panel-dark-schedule');
  });

  it('shows progress of the current run, drops older runs, and Cancel posts cancel', async () => {
    const page = await open('dark', quadraticRun(0.2, { runId: 5 }));
    await page.clearPosted();
    await page.send({ type: 'progress', runId: 4, step: 10, maxSteps: 100, unit: 'steps' });
    assert.equal(await page.page.locator('.run-progress').isVisible(), false, 'progress of an older run is dropped');

    await page.send({ type: 'progress', runId: 6, step: 2500, maxSteps: 10000, unit: 'steps' });
    assert.equal(await page.page.locator('.run-progress').isVisible(), true);
    assert.equal(await page.page.locator('.progress-text').innerText(), 'Step 2,500 of 10,000');
    assert.equal(await page.page.locator('.run-progress progress').evaluate((bar) => (bar as HTMLProgressElement).value), 2500);
    await page.screenshot('panel-dark-progress');

    await page.page.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'cancel' }]);
    assert.match(await page.page.locator('.progress-text').innerText(), /cancelling…$/);
    // The run that answers ends the progress display.
    await page.send({ type: 'showRun', view: quadraticRun(0.2, { runId: 6 }) });
    assert.equal(await page.page.locator('.run-progress').isVisible(), false);

    // A sweep's progress counts learning rates, not steps.
    await page.send({ type: 'progress', runId: 7, step: 12, maxSteps: 60, unit: 'runs' });
    assert.equal(await page.page.locator('.progress-text').innerText(), 'Learning rate 12 of 60');
  });

  it('survives malformed messages and keeps drawing valid ones', async () => {
    const page = await open('dark', quadraticRun(0.2));
    const valid = quadraticRun(0.9, { runId: 2 });
    const malformed: unknown[] = [
      null,
      42,
      'showRun',
      [],
      {},
      { type: 'launchMissiles' },
      { type: 'showRun' },
      { type: 'showRun', view: {} },
      { type: 'showRun', view: { ...valid, series: [] } },
      { type: 'showRun', view: { ...valid, formula: { ...valid.formula, variables: ['x', 'y'] } } },
      { type: 'showRun', view: { ...valid, series: [{ ...valid.series[0], points: { ...valid.series[0].points, loss: ['1'] } }] } },
      { type: 'showRun', view: { ...valid, diagnosis: { ...valid.diagnosis, verdict: 'exploded' } } },
      { type: 'showRun', view: { ...valid, landscape: { kind: 'contour', x: 0, y: 0, xs: [], ys: [], loss: [] } } },
      { type: 'showSweep', view: { points: 'many' } },
      { type: 'progress', runId: '7', step: 1, maxSteps: 2, unit: 'steps' },
      { type: 'progress', runId: 7, step: -1, maxSteps: 2, unit: 'steps' },
      { type: 'progress', runId: 7, step: 1, maxSteps: 2, unit: 'miles' },
      { type: 'formulaError', message: 3 },
      { type: 'formulaError', message: 'x', line: 1, column: 2 },
    ];
    for (const message of malformed) await page.send(message);
    assert.match(await statusText(page), /Converged at step/, 'the last good run is still shown');
    assert.equal(await page.page.locator('.run-progress').isVisible(), false);
    assert.equal(await page.page.locator('.formula-error').isVisible(), false);

    await page.send({ type: 'showRun', view: valid });
    assert.match(await statusText(page), /Oscillating/);
    // Dropped messages are logged as warnings, not errors: afterEach checks there were no errors.
  });

  it('says why a run cannot start, before any run and after one', async () => {
    const message = 'At the start point (x = -1) the loss is NaN, so gradient descent cannot start. Choose another start with Gradient Descent: Set Start Point….';
    const fresh = await open('light');
    await fresh.send({ type: 'runError', message });
    assert.match(await fresh.page.locator('.formula-error').innerText(), /The run cannot start: At the start point \(x = -1\) the loss is NaN/);
    const page = await open('dark', quadraticRun(0.2));
    await page.send({ type: 'runError', message });
    assert.match(await page.page.locator('.formula-error').innerText(), /The charts show the last run that worked/);
    assert.match(await statusText(page), /Converged/);
  });

  it('shows a formula error with its line and column and keeps the last chart', async () => {
    const page = await open('dark', quadraticRun(0.2));
    const before = await page.inkedPixels('.loss-section');
    await page.send({ type: 'formulaError', message: "Unexpected ')'", line: 1, column: 12, source: 'loss = x**2)' });
    const error = page.page.locator('.formula-error');
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.match(await error.innerText(), /The formula cannot be read: Unexpected '\)' \(line 1, column 12\)/);
    assert.match(await error.innerText(), /loss = x\*\*2\)\n {11}\^/);
    assert.deepEqual(await page.inkedPixels('.loss-section'), before, 'the chart is untouched');
    assert.match(await statusText(page), /Converged/);
    await page.screenshot('panel-dark-formula-error');
    // The next good run clears the error.
    await page.send({ type: 'showRun', view: quadraticRun(0.9, { runId: 2 }) });
    assert.equal(await error.isVisible(), false);
  });

  it('restores the last run and the axis choice after the page is rebuilt', async () => {
    const run = rosenbrockRun();
    const page = await open('dark', run);
    const logScale = page.page.locator('vscode-checkbox', { hasText: 'Log scale' });
    assert.equal(await logScale.getAttribute('aria-checked'), 'true');
    await logScale.click();
    assert.equal(await logScale.getAttribute('aria-checked'), 'false');

    await page.reload();
    // Drawn from the saved state before the host has answered `ready`.
    assert.deepEqual(await page.posted(), [{ type: 'ready' }]);
    await page.waitForChart('.loss-section');
    assert.match(await statusText(page), /Still descending at the step limit \(3,000\)/);
    assert.equal(await page.page.locator('vscode-checkbox', { hasText: 'Log scale' }).getAttribute('aria-checked'), 'false');
    assert.equal(await learningRateInput(page).inputValue(), '0.0012');
    const state = await page.page.evaluate(() => JSON.parse(sessionStorage.getItem('gdLab.webviewState') ?? 'null'));
    assert.equal(state.lossScale, 'linear');
    assert.deepEqual(state.restore, run.restore, 'the host serializer finds restore at the top level');
  });

  it('offers the log axis only for a positive loss', async () => {
    const run = quadraticRun(0.5);
    // Exactly 0 after one step: log impossible.
    assert.equal(run.final.loss, 0);
    const page = await open('dark', { ...run, lossScale: 'linear' });
    const logScale = page.page.locator('vscode-checkbox', { hasText: 'Log scale' });
    assert.equal(await logScale.getAttribute('aria-disabled'), 'true');
    assert.equal(await page.page.locator('.chart-note').innerText(), 'Log scale needs a positive loss.');
  });

  it('recolors live when VS Code switches theme', async () => {
    const page = await open('dark', quadraticRun(0.2));
    const skyBlue = hexToRgb('#56B4E9');
    const blue = hexToRgb('#0072B2');
    assert.ok((await page.pixelsNear('.loss-section', skyBlue)) > 100, 'dark: the current run in sky blue');
    assert.equal(await page.pixelsNear('.loss-section', blue), 0);
    const darkTicks = await page.pixelsNear('.loss-section', hexToRgb('#d4d4d4'), 6);
    assert.ok(darkTicks > 20, 'dark: tick labels in the editor foreground');

    await page.setTheme('light');
    assert.ok((await page.pixelsNear('.loss-section', blue)) > 100, 'light: the current run in blue');
    assert.equal(await page.pixelsNear('.loss-section', skyBlue), 0);
    assert.equal(await page.pixelsNear('.loss-section', hexToRgb('#d4d4d4'), 6), 0, 'no dark-theme text left');
    assert.ok((await page.pixelsNear('.loss-section', hexToRgb('#000000'), 6)) > 20, 'light: tick labels in black');
    assert.equal(await page.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
    await page.screenshot('panel-light-after-switch');
  });

  for (const theme of ['dark', 'light', 'highContrast', 'highContrastLight'] as const) {
    it(`text is readable in ${theme} (WCAG contrast ≥ 4.5)`, async () => {
      const page = await open(theme, rosenbrockRun());
      await openDetails(page);
      for (const selector of [
        '.verdict-headline',
        '.verdict-advice',
        '.fact dt',
        '.fact dd',
        '.formula-origin',
        '.formula',
        '.chart-card-header h2',
        '.legend-label',
        '.inline-label',
        '.slider-label',
        '.slider-value',
        '.slider-mark-label',
        '.player-readout',
        '.run-details summary',
      ]) {
        const ratio = await page.contrastRatio(selector);
        assert.ok(ratio >= 4.5, `${selector} contrast ${ratio.toFixed(2)} in ${theme}`);
      }
      await page.screenshot(`panel-${theme}`);
    });
  }

  it('fits a narrow panel without horizontal scrolling', async () => {
    const page = await open('dark', rosenbrockRun(), { width: 360, height: 1800 });
    const overflow = await page.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
    await page.screenshot('panel-dark-narrow');
  });

  it('can be used from the keyboard: tab order, visible focus, arrow keys on the chart', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    // Tab from the top reaches the formula (its whole text is its title), then the η field.
    await page.page.locator('body').focus();
    await page.page.keyboard.press('Tab');
    assert.equal(await page.page.evaluate(() => document.activeElement?.className), 'formula');
    await page.page.keyboard.press('Tab');
    const focused = await page.page.evaluate(() => document.activeElement?.closest('vscode-text-field')?.getAttribute('aria-label') ?? document.activeElement?.tagName);
    assert.equal(focused, 'Learning rate η');
    await page.page.keyboard.press('Enter');
    assert.deepEqual(await page.posted(), [{ type: 'rerun' }], 'Enter in the η field re-runs');
    // Shift+Tab from η goes back to the top of the page, not to its end.
    await page.page.keyboard.press('Shift+Tab');
    assert.equal(await page.page.evaluate(() => document.activeElement?.className), 'formula');
    await page.page.keyboard.press('Tab');

    const canvas = page.page.locator('.loss-section canvas');
    await canvas.focus();
    const outline = await canvas.evaluate((element) => getComputedStyle(element).outlineStyle);
    assert.equal(outline, 'solid', 'the focused chart shows a focus ring');
    await page.page.keyboard.press('ArrowRight');
    await page.page.keyboard.press('ArrowRight');
    const announcement = await page.page.locator('[aria-live="polite"]').last().textContent();
    assert.match(announcement ?? '', /^Step 1\. η = 0\.2\. loss = 3\.24\. x = 1\.8$/);
    assert.equal(await page.page.locator('.loss-section .chart-tooltip').isVisible(), true);
    await page.page.keyboard.press('End');
    assert.match((await page.page.locator('[aria-live="polite"]').last().textContent()) ?? '', new RegExp(`^Step ${quadraticRun(0.2).final.step}\\.`));
    await page.screenshot('panel-dark-keyboard');
  });

  it('shows a tooltip with step, η, loss and the named parameters on hover', async () => {
    const page = await open('light', rosenbrockRun());
    const box = await page.page.locator('.loss-section canvas').boundingBox();
    assert.ok(box);
    await page.page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const tooltip = page.page.locator('.loss-section .chart-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.match(await tooltip.innerText(), /^Step [\d,]+\nη = 0\.0012\nloss = \S+\nx = \S+, y = \S+$/);
    await page.screenshot('panel-light-tooltip');
  });
});
