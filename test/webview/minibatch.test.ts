/**
 * A loss over data in the panel (issue 13): the batch loss beside the loss on all the data with TensorBoard's
 * smoothing, the best value, the remedies of a noise floor drawn beside the run, the minibatch controls and the
 * comparisons of batch sizes and schedules.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { minibatchRun, quadraticRun } from './fixtures';
import { panelTests, SCREENSHOT_DIR, type PanelPage } from './harness';

const { open } = panelTests();

const field = (page: PanelPage, label: string) => page.page.locator('vscode-text-field', { hasText: label }).locator('input');
const legendText = (page: PanelPage) => page.page.locator('.loss-section .chart-legend').innerText();

describe('panel: a loss over data', () => {
  it('draws the batch loss, its smoothing and the best value beside the loss on all the data, with the remedies run', async () => {
    const run = minibatchRun();
    const page = await open('dark', run);
    await page.waitForChart('.loss-section');
    const legend = await legendText(page);
    assert.match(legend, /Batch loss/);
    assert.match(legend, /Batch loss, smoothed \(0\.6\)/);
    assert.match(legend, /Best value 0\.179/);
    assert.match(legend, /remedy: cosine annealing to 0/);
    assert.match(legend, /remedy: batches of 16/);
    const status = await page.page.locator('.verdict-status').innerText();
    assert.match(status, /Oscillating at a noise floor/);
    // The facts wait under the run's details, collapsed at first (the chart comes first).
    await page.page.locator('details.run-details summary').click();
    const facts = await page.page.locator('.facts').innerText();
    assert.match(facts, /Steps taken\s+400 of 400 \(reached the step limit\), 40 epochs/);
    assert.match(facts, /Data\s+40 rows in batches of 4, shuffled each epoch \(seed 0\): 10 steps an epoch/);
    await page.screenshot('minibatch-dark-noise-floor');
  });

  it('smooths the batch loss as the slider says, without asking the host for anything', async () => {
    const page = await open('light', minibatchRun());
    await page.clearPosted();
    const slider = page.page.locator('.smoothing-control input[type="range"]');
    assert.equal(await slider.isVisible(), true);
    await slider.fill('0.9');
    await page.nextFrames();
    assert.match(await legendText(page), /Batch loss, smoothed \(0\.9\)/);
    await slider.fill('0');
    await page.nextFrames();
    assert.doesNotMatch(await legendText(page), /smoothed/);
    assert.deepEqual(await page.posted(), []);
    // The choice is kept when the page is rebuilt.
    await slider.fill('0.8');
    await page.reload();
    assert.equal(await page.page.locator('.smoothing-control input[type="range"]').inputValue(), '0.8');
  });

  it('posts the batch size, seed and shuffle; all rows is the full batch', async () => {
    const page = await open('dark', minibatchRun());
    await page.clearPosted();
    const batch = field(page, 'Batch size');
    assert.equal(await batch.inputValue(), '4');
    await batch.fill('8');
    await batch.press('Enter');
    await field(page, 'Seed').fill('7');
    await field(page, 'Seed').press('Enter');
    await batch.fill('all');
    await batch.press('Enter');
    assert.deepEqual(await page.posted(), [
      { type: 'setMinibatch', batchSize: 8, shuffle: true, seed: 0 },
      { type: 'setMinibatch', batchSize: 4, shuffle: true, seed: 7 },
      { type: 'setMinibatch', batchSize: null, shuffle: true, seed: 0 },
    ]);
    await batch.fill('41');
    await batch.press('Enter');
    assert.match(await page.page.locator('.minibatch .field-error').first().innerText(), /at most 40/);
  });

  it('compares batch sizes and schedules, and hides all of it for a formula of numbers', async () => {
    const page = await open('dark', minibatchRun());
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Compare batch sizes' }).click();
    await page.page.getByRole('button', { name: 'Constant η · cosine' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'compareBatchSizes' }, { type: 'compareSchedules' }]);
    await page.send({ type: 'showRun', view: quadraticRun(0.2, { runId: 2 }) });
    await page.nextFrames();
    assert.equal(await page.page.getByRole('button', { name: 'Compare batch sizes' }).isHidden(), true);
    assert.equal(await page.page.locator('.control-group.minibatch').isHidden(), true);
    assert.equal(await page.page.locator('.smoothing-control').isHidden(), true);
  });

  it('shows a full batch run of the data without batch losses', async () => {
    const page = await open('dark', minibatchRun({ batchSize: null }));
    assert.doesNotMatch(await legendText(page).catch(() => ''), /Batch loss/);
    // The facts wait under the run's details, collapsed at first (the chart comes first).
    await page.page.locator('details.run-details summary').click();
    const facts = await page.page.locator('.facts').innerText();
    assert.match(facts, /Data\s+40 rows, the full batch each step/);
    await page.screenshot('minibatch-dark-full-batch');
  });

  for (const width of [460, 700, 1100]) {
    it(`at ${width} × 700 keeps the chart first: the verdict and the loss chart’s plot show, the details collapsed`, async (t: TestContext) => {
      const page = await open('dark', minibatchRun(), { width, height: 700 });
      await page.waitForChart('.loss-section');
      // The first screen, as it opens beside the code.
      await page.page.screenshot({ path: join(SCREENSHOT_DIR, `minibatch-dark-${width}.png`) });
      const box = async (selector: string) => {
        const found = await page.page.locator(selector).first().boundingBox();
        assert.ok(found, `${selector} is on the page`);
        return { top: found.y, bottom: found.y + found.height };
      };
      const [controls, minibatch, verdict, loss, plot] = [
        await box('.run-controls'),
        await box('.control-group.minibatch'),
        await box('.verdict-headline'),
        await box('.loss-section'),
        await box('.loss-section canvas'),
      ];
      // The legend of a run with its remedies, batch loss and best value (seven entries) may run below the first
      // screen; the plot itself may not.
      t.diagnostic(`${width} px: toolbar ${Math.round(controls.bottom - controls.top)} px high (batch controls at ${Math.round(minibatch.top)}); loss chart ${Math.round(loss.top)}–${Math.round(loss.bottom)}, its plot ending at ${Math.round(plot.bottom)}`);
      assert.ok(verdict.bottom <= 700 && plot.top >= 0 && plot.bottom <= 700, `the loss chart's plot ends at ${plot.bottom}`);
      assert.ok(controls.bottom - controls.top <= TOOLBAR_MAX[width], `the toolbar is at most ${TOOLBAR_MAX[width]} px (${controls.bottom - controls.top})`);
      assert.equal(await page.page.locator('details.run-details').evaluate((details) => (details as HTMLDetailsElement).open), false, 'the details are collapsed');
      assert.equal(await page.page.locator('.smoothing-control').isVisible(), true, 'the smoothing sits with the loss chart');
      const overflow = await page.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
      assert.deepEqual(await page.problems(), []);
    });
  }
});

/** The toolbar's height with the batch controls: one row more than a formula of numbers' two (36 px a row) where they wrap. */
const TOOLBAR_MAX: Record<number, number> = { 460: 108, 700: 108, 1100: 72 };
