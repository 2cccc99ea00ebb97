/**
 * The panel for a run of a training script's optimizer line (issue 14), in headless Chromium: the header names the
 * line and whose semantics apply, a schedule read from code shows as its own option, "Use η = … in code" posts the
 * intent (and only on a click), and a "Plot schedule" panel draws η and the momentum a schedule cycles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFormula } from '../../src/core/formula';
import { defaultOptimizerSettings, scheduleSequence, sweepLearningRates, type RunSettings } from '../../src/core/optim';
import { runSynchronously, runViewOf, sweepViewOf } from '../../src/extension/session/views';
import type { RunView, ScheduleView, SweepView, TrainingView } from '../../src/shared/protocol';
import { panelTests } from './harness';

const { open } = panelTests();

const TRAINING: TrainingView = { origin: 'train.py:9', call: 'AdamW(lr=0.0003, weight_decay=0.05)', framework: 'pytorch', schedule: 'OneCycleLR', writable: true };

/** AdamW under OneCycleLR with its own total_steps and momentum cycling, as read from code, on ½(10x² + y²). */
const SETTINGS: RunSettings = {
  learningRate: 0.1,
  optimizer: { ...defaultOptimizerSettings('adamw'), weightDecay: 0.05 },
  schedule: { kind: 'onecycle', maxLr: null, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4, totalSteps: 300, annealStrategy: 'cos', threePhase: false, cycleMomentum: true, baseMomentum: 0.85, maxMomentum: 0.95 },
  maxSteps: 300,
  tolerance: 1e-5,
  framework: 'pytorch',
};

function trainingRun(training: TrainingView = TRAINING): RunView {
  const formula = compileFormula('0.5*(10*x^2 + y^2)');
  const current = runSynchronously(formula, [1, 1], SETTINGS);
  return runViewOf({
    runId: 1,
    formula,
    origin: 'Sample: Elongated bowl',
    start: [1, 1],
    lossAxis: 'auto',
    current,
    restore: { documentUri: null, formulaSource: formula.source, start: [1, 1], settings: SETTINGS },
    training,
  });
}

function trainingSweep(): SweepView {
  const formula = compileFormula('0.5*(10*x^2 + y^2)');
  const result = sweepLearningRates(formula, [1, 1], SETTINGS, { from: 1e-3, to: 1, count: 20 });
  return { ...sweepViewOf(2, formula, 'Sample: Elongated bowl', [1, 1], SETTINGS, result), training: TRAINING };
}

describe('panel: a run of training code', () => {
  it('names the optimizer line and its semantics, and shows the code’s schedule as its own option', async () => {
    const page = await open('dark', trainingRun());
    const line = (await page.page.locator('.formula-header .formula-training').innerText()).replace(/\s+/g, ' ').trim();
    assert.equal(line, 'Optimizer: AdamW(lr=0.0003, weight_decay=0.05) with OneCycleLR · train.py:9 · PyTorch semantics');
    const schedule = page.page.locator('.run-controls vscode-dropdown[aria-label="Schedule"]');
    const shown = async () => schedule.evaluate((dropdown) => (dropdown as HTMLElement & { selectedOptions?: HTMLElement[] }).selectedOptions?.[0]?.textContent?.trim());
    await page.nextFrames();
    assert.equal(await shown(), 'One-cycle (code)');
    assert.equal(await schedule.getAttribute('title'), 'Schedule from the training code: One-cycle');
    // Its name is not cut: the dropdown's shown value fits inside it.
    const fits = await schedule.evaluate((dropdown) => {
      const shown = dropdown.shadowRoot?.querySelector('.selected-value') as HTMLElement | null;
      return shown ? shown.scrollWidth <= shown.clientWidth : null;
    });
    assert.equal(fits, true, 'the schedule dropdown shows "One-cycle (code)" whole');
    assert.equal(await page.page.locator('.schedule-section').isVisible(), true, 'the η chart of the one-cycle schedule');
    await page.screenshot('training-code-run-dark');
    // Choosing one of the panel's schedules replaces the code's; the option for it goes with it.
    await page.send({ type: 'showRun', view: { ...trainingRun(), settings: { ...SETTINGS, schedule: { kind: 'constant' } } } });
    await page.nextFrames();
    assert.equal(await shown(), 'Constant');
    assert.equal(await schedule.locator('vscode-option', { hasText: '(code)' }).count(), 0);
    assert.equal(await schedule.getAttribute('title'), null);
  });

  it('"Use η = … in code" posts the run’s η when clicked, and only then', async () => {
    const page = await open('light', trainingRun());
    const button = page.page.getByRole('button', { name: 'Use η = 0.1 in code' });
    await button.waitFor({ state: 'visible' });
    assert.deepEqual(await page.posted(), [{ type: 'ready' }], 'nothing is written before the click');
    await button.click();
    assert.deepEqual((await page.posted()).at(-1), { type: 'useLearningRateInCode', learningRate: 0.1 });
  });

  it('has no "Use η in code" for a run the code’s learning rate cannot be written for, or one not from code', async () => {
    const unwritable = await open('dark', trainingRun({ ...TRAINING, writable: false }));
    assert.equal(await unwritable.page.getByRole('button', { name: /in code$/ }).count(), 0);
    const panelRun = await open('dark', { ...trainingRun(), training: null });
    assert.equal(await panelRun.page.locator('.formula-training').isHidden(), true);
    assert.equal(await panelRun.page.getByRole('button', { name: /in code$/ }).count(), 0);
  });

  it('says whose semantics a run set up in the panel follows when they are not PyTorch’s (the framework setting)', async () => {
    const settings: RunSettings = { learningRate: 0.1, optimizer: defaultOptimizerSettings('rmsprop', 'keras'), schedule: { kind: 'constant' }, maxSteps: 300, tolerance: 1e-5, framework: 'keras' };
    const formula = compileFormula('0.5*(10*x^2 + y^2)');
    const run = runViewOf({
      runId: 1,
      formula,
      origin: 'Sample: Elongated bowl',
      start: [1, 1],
      lossAxis: 'auto',
      current: runSynchronously(formula, [1, 1], settings),
      restore: { documentUri: null, formulaSource: formula.source, start: [1, 1], settings },
    });
    const keras = await open('dark', run);
    const line = keras.page.locator('.formula-header .formula-training');
    await line.waitFor({ state: 'visible' });
    assert.equal((await line.innerText()).replace(/\s+/g, ' ').trim(), 'Optimizer rules: Keras 3 semantics');
    assert.equal(await keras.page.getByRole('button', { name: /in code$/ }).count(), 0, 'nothing to write η into');
  });

  it('offers the sweep’s suggested η for the code, rounded as the button says', async () => {
    const page = await open('dark', trainingRun());
    const sweep = trainingSweep();
    assert.ok(sweep.suggestedLearningRate !== null);
    await page.send({ type: 'showSweep', view: sweep });
    const button = page.page.locator('.sweep-section vscode-button', { hasText: 'in code' });
    await button.waitFor({ state: 'visible' });
    const label = ((await button.textContent()) ?? '').trim();
    const written = Number(/Use η = (\S+) in code/.exec(label)![1]);
    await page.clearPosted();
    await button.click();
    assert.deepEqual(await page.posted(), [{ type: 'useLearningRateInCode', learningRate: written }]);
    assert.ok(Math.abs(written - sweep.suggestedLearningRate) <= 0.005 * sweep.suggestedLearningRate, `${written} is the suggestion ${sweep.suggestedLearningRate} to three digits`);
  });

  it('offers no suggested η for the code from a sweep made under other settings than the run shown', async () => {
    const page = await open('dark', trainingRun());
    await page.send({ type: 'showSweep', view: trainingSweep() });
    const button = page.page.locator('.sweep-section vscode-button', { hasText: 'in code' });
    await button.waitFor({ state: 'visible' });
    // The run now shown has another step limit: the sweep says it is stale, and its suggestion is not offered.
    await page.send({ type: 'showRun', view: { ...trainingRun(), settings: { ...SETTINGS, maxSteps: 200 } } });
    await page.page.locator('.sweep-section .stale-note', { hasText: 'made with a step limit of 300' }).waitFor({ state: 'visible' });
    assert.equal(await button.isHidden(), true);
  });

  it('a "Plot schedule" panel draws η and the cycled momentum per update, and nothing of a run', async () => {
    const total = 300;
    const { learningRates, momenta } = scheduleSequence(SETTINGS.schedule, SETTINGS.learningRate, total);
    const view: ScheduleView = {
      title: 'OneCycleLR · train.py:10',
      description: 'AdamW(lr=0.0003, weight_decay=0.05) with OneCycleLR',
      framework: 'pytorch',
      steps: Array.from({ length: total }, (_, i) => i + 1),
      learningRates: Array.from(learningRates),
      momenta: momenta ? Array.from(momenta) : null,
      totalSteps: total,
    };
    const page = await open('dark');
    await page.send({ type: 'showSchedule', view });
    await page.waitForChart('.schedule-plot-section');
    assert.equal(await page.page.locator('.schedule-plot-title').innerText(), 'OneCycleLR · train.py:10');
    assert.equal(await page.page.locator('.run-controls').isHidden(), true);
    const legend = await page.page.locator('.schedule-plot-section .chart-legend').innerText();
    assert.match(legend, /η/);
    assert.match(legend, /momentum \(β1 for Adam\)/);
    const summaryId = await page.page.locator('.schedule-plot-section canvas').getAttribute('aria-describedby');
    const summary = (await page.page.locator(`[id="${summaryId}"]`).textContent()) ?? '';
    assert.match(summary, /^OneCycleLR · train\.py:10: η goes from 0\.004 to 4e-7 over 300 updates, peaking at 0\.1 at update 90\. Momentum goes from 0\.95 to 0\.85 and back to 0\.95\.$/);
    await page.screenshot('training-code-plot-schedule-dark');
    // A malformed schedule view is dropped, and the page carries on.
    await page.send({ type: 'showSchedule', view: { ...view, momenta: [1] } });
    assert.deepEqual(await page.problems(), []);
  });
});
