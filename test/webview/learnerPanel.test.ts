/**
 * The panel a learner can play with (issue 15) in headless Chromium: chart first at 460, 700 and 1,100 px wide,
 * live sliders with their input-to-frame marks, the player and its playhead on both charts, a start picked on the
 * landscape, the stability map, and the small things. Screenshots go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { runView, liveRuns, quadraticRun, quadraticSweep, rosenbrockRun, stabilityMap } from './fixtures';
import { panelTests, SCREENSHOT_DIR, type PanelPage } from './harness';
import type { ThemeName } from './themes';
import type { WebviewMessage } from '../../src/shared/protocol';
import { formatNumber } from '../../webview/format';

const { open } = panelTests();

const statusText = (page: PanelPage) => page.page.getByRole('status').innerText();
const readout = (page: PanelPage) => page.page.locator('.player-readout').innerText();

async function boxOf(page: PanelPage, selector: string): Promise<{ top: number; bottom: number; left: number; right: number }> {
  const box = await page.page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is on the page`);
  return { top: box.y, bottom: box.y + box.height, left: box.x, right: box.x + box.width };
}

/** Waits until the page has posted a message passing `accept` (the sliders settle a moment after the last move). */
async function waitForPosted(page: PanelPage, what: string, accept: (message: WebviewMessage) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await page.posted()).some(accept)) {
    if (Date.now() > deadline) assert.fail(`the panel did not post ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('chart first', () => {
  const widths = [460, 700, 1100] as const;
  const themes: ThemeName[] = ['dark', 'light', 'highContrast', 'highContrastLight'];

  for (const width of widths) {
    it(`at ${width} × 700 the verdict and the whole loss chart show without scrolling`, async (t: TestContext) => {
      for (const [name, run] of [
        ['gradient descent', rosenbrockRun()],
        // Adam brings two more sliders; a diverging run a legend of its markers.
        ['Adam', rosenbrockRun({ optimizer: 'adam', learningRate: 0.01 })],
        ['diverging', quadraticRun(1.1, { maxSteps: 1000 })],
      ] as const) {
        const page = await open('dark', run, { width, height: 700 });
        await page.waitForChart('.landscape-section', 1000);
        const verdict = await boxOf(page, '.verdict-headline');
        const loss = await boxOf(page, '.loss-section');
        const landscape = await boxOf(page, '.landscape-section');
        const controls = await boxOf(page, '.run-controls');
        t.diagnostic(
          `${width} px, ${name}: toolbar ${Math.round(controls.bottom - controls.top)} px high; verdict at ${Math.round(verdict.top)}–${Math.round(verdict.bottom)}; ` +
            `loss chart ${Math.round(loss.top)}–${Math.round(loss.bottom)}; landscape from ${Math.round(landscape.top)}`,
        );
        assert.ok(verdict.bottom <= 700 && loss.top >= 0 && loss.bottom <= 700, `${name}: the loss chart ends at ${loss.bottom}`);
        assert.ok(controls.bottom - controls.top <= 72, `${name}: the toolbar is at most two rows (${controls.bottom - controls.top} px)`);
        assert.equal(await page.page.locator('.verdict-headline').evaluate((element) => getComputedStyle(element).whiteSpace), 'nowrap', 'the headline is one line');
        assert.equal(await page.page.locator('details.run-details').evaluate((details) => (details as HTMLDetailsElement).open), false, 'the details are collapsed');
        if (width >= 1100) assert.ok(Math.abs(landscape.top - loss.top) < 2, 'the landscape sits beside the loss chart');
        else assert.ok(landscape.top >= loss.bottom, 'the landscape comes after the loss chart');
        const overflow = await page.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `no horizontal overflow (${overflow}px)`);
        if (name !== 'diverging') {
          assert.deepEqual(await page.problems(), []);
          await page.close();
        }
      }
    });
  }

  it('looks right at every width in light, dark and both high-contrast themes', async () => {
    for (const theme of themes) {
      for (const width of widths) {
        const page = await open(theme, rosenbrockRun({ optimizer: 'momentum', learningRate: 0.0008 }), { width, height: 700 });
        await page.waitForChart('.landscape-section', 1000);
        // The first screen, as it opens beside the code.
        await page.page.screenshot({ path: join(SCREENSHOT_DIR, `learner-${theme}-${width}.png`) });
        if (theme === themes.at(-1) && width === widths.at(-1)) break;
        assert.deepEqual(await page.problems(), []);
        await page.close();
      }
    }
  });
});

describe('live sliders', () => {
  it('dragging η re-runs as the host answers, recording a mark from each input to its drawn frame', async (t: TestContext) => {
    const η = [1e-5, 3e-5, 1e-4, 3e-4, 6e-4, 1e-3, 1.2e-3, 1.5e-3, 2e-3, 3e-3, 1e-2];
    const views = liveRuns(η);
    const page = await open('dark', { ...views[0], phase: 'settled' }, { width: 700, height: 700 });
    await page.answerLiveIntents(views);
    await page.clearPosted();
    const slider = page.page.getByRole('slider', { name: 'Learning rate η' });
    const box = await slider.boundingBox();
    assert.ok(box);
    const thumbX = async () =>
      slider.evaluate((input) => {
        const range = input as HTMLInputElement;
        const rect = range.getBoundingClientRect();
        return rect.left + 7 + ((rect.width - 14) * range.valueAsNumber) / Number(range.max);
      });
    const y = box.y + box.height / 2;
    await page.page.mouse.move(await thumbX(), y);
    await page.page.mouse.down();
    const from = await thumbX();
    const to = box.x + box.width - 10;
    for (let i = 1; i <= 30; i++) {
      await page.page.mouse.move(from + ((to - from) * i) / 30, y);
      await page.nextFrames();
    }
    await page.page.mouse.up();
    await waitForPosted(page, 'the settled η after the drag', (message) => message.type === 'adjustSetting' && message.phase === 'settled');
    const posted = (await page.posted()).filter((message) => message.type === 'adjustSetting');
    const live = posted.filter((message) => message.type === 'adjustSetting' && message.phase === 'live');
    assert.ok(live.length >= 5, `${live.length} live intents`);
    assert.ok(live.length <= 30, 'moves made while a run is on its way are merged, not queued');
    const values = live.map((message) => (message.type === 'adjustSetting' ? message.value : NaN));
    assert.ok(values.every((value, i) => i === 0 || value > values[i - 1]), `η rises with the drag: ${values.join(', ')}`);
    const settled = posted.at(-1);
    assert.ok(settled?.type === 'adjustSetting' && settled.phase === 'settled' && settled.value === values.at(-1), 'the settled value is where the thumb stopped');
    // The marks, one per drawn answer: recorded, with durations (never a timed assertion).
    await page.page.waitForFunction(() => performance.getEntriesByName('gd-input-to-frame', 'measure').length >= 5);
    const frames = await page.measures('gd-input-to-frame');
    assert.ok(frames.length >= 5 && frames.every((duration) => Number.isFinite(duration) && duration >= 0), `input-to-frame measures: ${frames.length}`);
    const sorted = [...frames].sort((a, b) => a - b);
    t.diagnostic(`${frames.length} frames during the drag; input to frame: median ${sorted[sorted.length >> 1].toFixed(1)} ms, slowest ${sorted.at(-1)?.toFixed(1)} ms`);
    // The verdict follows: the last answer is the run at the last η.
    const last = views.reduce((best, view) => (Math.abs(Math.log(view.settings.learningRate / values.at(-1)!)) < Math.abs(Math.log(best.settings.learningRate / values.at(-1)!)) ? view : best));
    assert.ok((await statusText(page)).includes(last.diagnosis.headline), 'the verdict is the last answer’s');
    await page.screenshot('slider-dark-after-drag');
  });

  it('moves η a step with the arrow keys and a decade with Page Up, then settles', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    const slider = page.page.getByRole('slider', { name: 'Learning rate η' });
    await slider.focus();
    await page.page.keyboard.press('PageUp');
    await waitForPosted(page, 'the settled η', (message) => message.type === 'adjustSetting' && message.phase === 'settled');
    assert.deepEqual(await page.posted(), [
      { type: 'adjustSetting', setting: 'learningRate', value: 2, phase: 'live' },
      { type: 'adjustSetting', setting: 'learningRate', value: 2, phase: 'settled' },
    ]);
    await page.clearPosted();
    await page.page.keyboard.press('ArrowLeft');
    await waitForPosted(page, 'the settled η', (message) => message.type === 'adjustSetting' && message.phase === 'settled');
    // A thirtieth of a decade below 2: 10^(log10(2) − 1/30) ≈ 1.85, in two digits.
    assert.deepEqual((await page.posted()).at(-1), { type: 'adjustSetting', setting: 'learningRate', value: 1.8, phase: 'settled' });
    assert.equal(await slider.getAttribute('aria-valuetext'), '1.8');
  });

  it('marks the critical η and the recommended η on the track, and shows β sliders where the optimizer has them', async () => {
    const run = quadraticRun(1.1);
    const page = await open('light', run);
    const critical = page.page.locator('.slider-learningRate .slider-mark-critical');
    const suggested = page.page.locator('.slider-learningRate .slider-mark-suggested');
    assert.equal(await critical.getAttribute('title'), 'Critical η = 1: above it the run diverges');
    assert.ok(run.diagnosis.recommendation?.learningRate !== undefined && run.diagnosis.recommendation.learningRate < 1, 'the recommendation lowers η');
    assert.equal(await suggested.getAttribute('title'), `Recommended: ${run.diagnosis.recommendation.label}`);
    const [criticalX, suggestedX, thumb] = [(await critical.boundingBox())!.x, (await suggested.boundingBox())!.x, await page.page.getByRole('slider', { name: 'Learning rate η' }).boundingBox()];
    assert.ok(suggestedX < criticalX && criticalX < thumb!.x + thumb!.width, 'the recommended η left of 1, left of the thumb at 1.1');
    assert.equal(await page.page.locator('.slider-momentum').isVisible(), false);

    await page.send({ type: 'showRun', view: quadraticRun(0.2, { optimizer: 'momentum', runId: 2 }) });
    const beta = page.page.getByRole('slider', { name: 'Momentum β' });
    assert.equal(await beta.getAttribute('aria-valuetext'), '0.9');
    await page.send({ type: 'showRun', view: quadraticRun(0.2, { optimizer: 'adam', runId: 3 }) });
    assert.equal(await page.page.locator('.slider-momentum').isVisible(), false);
    assert.equal(await page.page.getByRole('slider', { name: /β1/ }).getAttribute('aria-valuetext'), '0.9');
    assert.equal(await page.page.getByRole('slider', { name: /β2/ }).getAttribute('aria-valuetext'), '0.999');
    await page.clearPosted();
    await page.page.getByRole('slider', { name: /β2/ }).focus();
    await page.page.keyboard.press('ArrowLeft');
    await waitForPosted(page, 'β2', (message) => message.type === 'adjustSetting' && message.phase === 'settled');
    assert.deepEqual((await page.posted()).at(-1), { type: 'adjustSetting', setting: 'beta2', value: 0.9987, phase: 'settled' });
  });
});

describe('play the path', () => {
  it('steps, scrubs and plays; hover and arrow keys on either chart move the same playhead', async () => {
    const run = quadraticRun(0.9);
    const last = run.series[0].points.step.length - 1;
    const page = await open('dark', run);
    await page.waitForChart('.landscape-section', 1000);
    assert.match(await readout(page), new RegExp(`^Step ${run.final.step}/${run.final.step} · loss \\S+$`));
    const before = { loss: await page.inkedPixels('.loss-section'), landscape: await page.inkedPixels('.landscape-section') };

    await page.page.getByRole('button', { name: 'Previous step' }).click();
    assert.match(await readout(page), new RegExp(`^Step ${run.series[0].points.step[last - 1]}/`));
    await page.page.getByRole('button', { name: 'Next step' }).click();
    assert.match(await readout(page), new RegExp(`^Step ${run.final.step}/`));
    // The playhead is drawn on both charts.
    assert.notDeepEqual(await page.inkedPixels('.loss-section'), before.loss, 'the loss chart shows the playhead');
    assert.notDeepEqual(await page.inkedPixels('.landscape-section'), before.landscape, 'the landscape shows the playhead');

    const scrubber = page.page.getByRole('slider', { name: 'Step' });
    await scrubber.focus();
    await page.page.keyboard.press('Home');
    await page.page.keyboard.press('ArrowRight');
    await page.page.keyboard.press('ArrowRight');
    assert.match(await readout(page), /^Step 2\//);
    assert.match((await scrubber.getAttribute('aria-valuetext')) ?? '', /^Step 2 of \d+, loss \S+, x = \S+$/);

    // The arrow keys on the landscape move it too.
    await page.page.locator('.landscape-section canvas').focus();
    await page.page.keyboard.press('Home');
    await page.page.keyboard.press('ArrowRight');
    assert.match(await readout(page), /^Step 1\//);
    assert.equal(await scrubber.inputValue(), '1');
    // And hovering the loss chart, by step.
    const box = await page.page.locator('.loss-section canvas').boundingBox();
    assert.ok(box);
    await page.page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await page.nextFrames();
    const hovered = Number(/^Step (\d+)\//.exec(await readout(page))?.[1]);
    assert.ok(hovered > 1 && hovered < run.final.step, `hover moved the playhead to step ${hovered}`);

    await page.page.getByRole('button', { name: 'Play the path' }).click();
    await page.page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 5000 });
    await page.page.waitForFunction((final) => document.querySelector('.player-readout')?.textContent?.startsWith(`Step ${final}/`), run.final.step, { timeout: 15_000 });
    // It stops at the end (the toolkit passes the new name to its inner button a moment later).
    await page.page.getByRole('button', { name: 'Play the path' }).waitFor({ timeout: 5000 });
    await page.screenshot('player-dark');
    assert.equal(await page.page.locator('.player-note').isVisible(), false, 'no note under a run that did not overflow');
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`at 460 px (${theme}) the readout states the loss as the details do, and the scrubber keeps its place as it moves`, async () => {
      const run = quadraticRun(0.2);
      const points = run.series[0].points;
      const finalLoss = points.loss[points.loss.length - 1];
      // The run's final loss reads differently at three and four digits, and its losses' texts differ in length.
      assert.notEqual(formatNumber(finalLoss, 3), formatNumber(finalLoss, 4));
      const page = await open(theme, run, { width: 460, height: 900 });
      await page.waitForChart('.landscape-section', 1000);
      const detailsLoss = await page.page.locator('.fact', { hasText: 'Final loss' }).locator('dd').textContent();
      assert.equal(detailsLoss, formatNumber(finalLoss, 4));
      assert.equal(await readout(page), `Step ${run.final.step}/${run.final.step} · loss ${detailsLoss}`, 'the same number as the details');
      assert.equal(await page.page.locator('.player-readout-sizer').first().isVisible(), false, 'the sizers are not seen');
      const atEnd = await boxOf(page, '.player-scrubber');
      assert.ok(atEnd.right - atEnd.left >= 60, `the scrubber has room (${atEnd.right - atEnd.left} px)`);
      await page.page.screenshot({ path: join(SCREENSHOT_DIR, `player-${theme}-460.png`), clip: { x: 0, y: 0, width: 460, height: atEnd.bottom + 12 } });

      const scrubber = page.page.getByRole('slider', { name: 'Step' });
      await scrubber.focus();
      await page.page.keyboard.press('Home');
      const lossTexts = new Set<string>();
      for (let step = 0; step <= 12; step++) {
        if (step > 0) await page.page.keyboard.press('ArrowRight');
        const text = await readout(page);
        assert.match(text, new RegExp(`^Step ${step}/${run.final.step} · loss ${formatNumber(points.loss[step], 4)}$`));
        lossTexts.add(text.replace(/^.* loss /, ''));
        assert.deepEqual(await boxOf(page, '.player-scrubber'), atEnd, `the scrubber stays put at step ${step} (${text})`);
      }
      assert.ok(new Set([...lossTexts].map((text) => text.length)).size >= 4, `the losses passed have texts of several lengths: ${[...lossTexts].join(', ')}`);
      const player = await boxOf(page, '.player');
      await page.page.screenshot({ path: join(SCREENSHOT_DIR, `player-${theme}-460-step-12.png`), clip: { x: 0, y: player.top - 8, width: 460, height: player.bottom - player.top + 16 } });
    });
  }

  it('says under a run that overflowed why the path ends a step before the headline’s step, without reflowing as it plays', async () => {
    const run = runView({ problem: 'loss = x**2', start: [10], learningRate: 2, maxSteps: 1000 });
    const [final, divergedAt] = [run.final.step, run.series[0].divergedAt];
    assert.equal(divergedAt, final + 1);
    const page = await open('light', run, { width: 460, height: 900 });
    assert.match(await statusText(page), new RegExp(`Diverged at step ${divergedAt}`));
    const note = page.page.locator('.player-note');
    assert.equal(await note.innerText(), `The path ends at step ${final}, the last finite step: step ${divergedAt} overflowed.`);
    assert.ok((await page.contrastRatio('.player-note')) >= 4.5, 'the note is readable');
    const scrubber = page.page.getByRole('slider', { name: 'Step' });
    assert.match(await readout(page), new RegExp(`^Step ${final}/${final} · loss \\S+$`));
    assert.match((await scrubber.getAttribute('aria-valuetext')) ?? '', new RegExp(`^Step ${final} of ${final}, .*; step ${divergedAt} overflowed$`));
    const atEnd = await boxOf(page, '.player');
    await page.page.screenshot({ path: join(SCREENSHOT_DIR, 'player-light-overflowed.png'), clip: { x: 0, y: atEnd.top - 8, width: 460, height: atEnd.bottom - atEnd.top + 16 } });

    await scrubber.focus();
    await page.page.keyboard.press('Home');
    assert.match(await readout(page), new RegExp(`^Step 0/${final} · `));
    assert.doesNotMatch((await scrubber.getAttribute('aria-valuetext')) ?? '', /overflowed/, 'only the last step is the one before the overflow');
    assert.equal(await note.isVisible(), true, 'the note stays at every step');
    assert.deepEqual(await boxOf(page, '.player'), atEnd, 'the player keeps its shape from the start to the end');
  });
});

describe('start on the map', () => {
  it('a click on the landscape starts the run there; a drag moves the start live', async () => {
    const run = rosenbrockRun();
    const page = await open('light', run);
    await page.waitForChart('.landscape-section', 20000);
    assert.ok(run.landscape?.kind === 'contour');
    const box = await page.page.locator('.landscape-section canvas').boundingBox();
    assert.ok(box);
    // A stand-in host answers each live start (with the same run: what is checked here is what the panel posts).
    await page.answerLiveIntents([run]);
    await page.clearPosted();
    await page.page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.5);
    const posted = await page.posted();
    assert.deepEqual(posted.map((message) => message.type === 'setStart' && message.phase), ['live', 'settled']);
    const start = posted[1].type === 'setStart' ? posted[1].start : [];
    const { xs, ys } = run.landscape;
    assert.ok(start[0] > xs[0] && start[0] < xs[xs.length - 1] && start[1] > ys[0] && start[1] < ys[ys.length - 1], `the start ${start} is on the map`);
    assert.ok(start.every((value) => Number(value.toPrecision(4)) === value), `rounded to what a pixel tells apart: ${start}`);

    await page.clearPosted();
    await page.page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.page.mouse.down();
    for (let i = 1; i <= 5; i++) await page.page.mouse.move(box.x + box.width * (0.3 + i * 0.05), box.y + box.height * 0.3);
    await page.page.mouse.up();
    const dragged = await page.posted();
    assert.ok(dragged.filter((message) => message.type === 'setStart' && message.phase === 'live').length >= 1);
    assert.equal(dragged.at(-1)?.type === 'setStart' && dragged.at(-1)?.type === 'setStart' && (dragged.at(-1) as { phase: string }).phase, 'settled');
  });
});

describe('stability map', () => {
  it('draws the verdicts over η × β with momentum’s limit; a click or Enter on a cell runs it', async () => {
    const map = stabilityMap('momentum');
    const page = await open('dark', quadraticRun(0.2, { optimizer: 'momentum' }));
    await page.send({ type: 'showStabilityMap', view: map });
    await page.waitForChart('.stability-map-section', 20000);
    const legend = await page.page.locator('.stability-map-section .chart-legend').innerText();
    assert.match(legend, /Converged \(fainter: more steps\): \d+ cells/);
    assert.match(legend, /Diverged: \d+ cells/);
    assert.match(legend, /Momentum’s limit η = 2\(1 \+ β\)\/L/);
    assert.match(legend, /Now: η = 0\.2, β = 0\.9/);
    assert.equal(await page.page.locator('.stability-map-section h2').innerText(), 'Stability map: η × momentum β');

    await page.clearPosted();
    const canvas = page.page.locator('.stability-map-section canvas');
    await canvas.focus();
    await page.page.keyboard.press('Home');
    await page.page.keyboard.press('ArrowDown');
    const announced = await page.page.locator('[aria-live="polite"]').last().textContent();
    assert.match(announced ?? '', /^η = 0\.001, β = 0\.9\. /, 'the top row is β = 0.95; Down moves to 0.9');
    await page.page.keyboard.press('Enter');
    assert.deepEqual(await page.posted(), [{ type: 'simulateMapCell', learningRate: 1e-3, parameter: 'momentum', value: 0.9 }]);

    // A click where the tooltip's caret is (the cell's centre) runs that cell.
    for (let i = 0; i < 25; i++) await page.page.keyboard.press('ArrowRight');
    const tooltip = page.page.locator('.stability-map-section .chart-tooltip');
    const caret = { x: Number(await tooltip.getAttribute('data-caret-x')), y: Number(await tooltip.getAttribute('data-caret-y')) };
    const box = await canvas.boundingBox();
    assert.ok(box);
    await page.clearPosted();
    await page.page.mouse.click(box.x + caret.x, box.y + caret.y);
    await page.nextFrames();
    assert.deepEqual(await page.posted(), [{ type: 'simulateMapCell', learningRate: map.learningRates[25], parameter: 'momentum', value: 0.9 }]);
    await page.screenshot('stability-map-dark');

    // Under other settings it says so, and offers to map again.
    await page.send({ type: 'showRun', view: quadraticRun(0.2, { optimizer: 'momentum', maxSteps: 50, runId: 5 }) });
    assert.match(await page.page.locator('.stability-map-section .stale-note').innerText(), /This map was made with a step limit of 100\./);
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Map again' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'stabilityMap' }]);
    // Gradient descent has no β: the map steps aside.
    await page.send({ type: 'showRun', view: quadraticRun(0.2, { runId: 6 }) });
    assert.equal(await page.page.locator('.stability-map-section').isHidden(), true);
  });

  it('maps Adam’s β1 with no analytic limit', async () => {
    const page = await open('light', quadraticRun(0.2, { optimizer: 'adam' }));
    await page.send({ type: 'showStabilityMap', view: stabilityMap('adam') });
    await page.waitForChart('.stability-map-section', 20000);
    assert.equal(await page.page.locator('.stability-map-section h2').innerText(), 'Stability map: η × β1');
    assert.doesNotMatch(await page.page.locator('.stability-map-section .chart-legend').innerText(), /limit/);
    await page.screenshot('stability-map-light-adam');
  });
});

describe('comparisons stay readable', () => {
  it('marks the current η on the sweep, and a sweep made under other settings as stale', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.send({ type: 'showSweep', view: quadraticSweep(2, 'adam') });
    await page.waitForChart('.sweep-section');
    assert.match(await page.page.locator('.sweep-section .chart-legend').innerText(), /Now: η = 0\.2/);
    assert.match(await page.page.locator('.sweep-section .stale-note').innerText(), /This sweep was made with Adam, not Gradient descent\./);
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Sweep again' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'sweep' }]);
    await page.send({ type: 'showSweep', view: quadraticSweep(3, 'gd') });
    assert.equal(await page.page.locator('.sweep-section .stale-note').isHidden(), true);
  });

  it('keeps pinned and compared paths on the map, and a diverged one drawn to the map’s edge', async () => {
    const page = await open('dark', rosenbrockRun({ others: [{ learningRate: 0.0005, role: 'pinned' }, { learningRate: 0.012, role: 'compare' }] }));
    await page.waitForChart('.landscape-section', 20000);
    const legend = await page.page.locator('.landscape-section .chart-legend').innerText();
    assert.match(legend, /η×10 = 0\.012 · Gradient descent \(diverged at step \d+: leaves the map\)/);
    assert.match(legend, /η = 5e-4 · Gradient descent/);
    await page.screenshot('landscape-dark-pinned-and-diverged');
  });
});

describe('the small things', () => {
  it('shows a sweep point’s η in six digits, and Enter on it re-runs rather than changing it', async () => {
    const page = await open('dark', quadraticRun(0.0034863652276780842));
    const field = page.page.locator('vscode-text-field[aria-label="Learning rate η"] input');
    assert.equal(await field.inputValue(), '0.00348637');
    await page.clearPosted();
    await field.focus();
    await field.press('Enter');
    assert.deepEqual(await page.posted(), [{ type: 'rerun' }]);
  });

  it('shortens a long formula to one line, with the whole of it on hover', async () => {
    const terms = Array.from({ length: 60 }, (_, i) => `(x - ${i + 1})**2`).join(' + ');
    const page = await open('dark', runView({ problem: `loss = ${terms}`, start: [1], learningRate: 1e-3, maxSteps: 50 }), { width: 460, height: 700 });
    const formula = page.page.locator('.formula-header .formula');
    const title = (await formula.getAttribute('title')) ?? '';
    assert.ok(title.startsWith('(x − 1)² + (x − 2)²') && title.endsWith('(x − 60)²'), `the title is the whole formula, as math: ${title.slice(0, 40)}…${title.slice(-20)}`);
    const box = await boxOf(page, '.formula-title');
    assert.ok(box.bottom - box.top < 30, 'one line');
    assert.ok(await formula.evaluate((element) => element.closest('h1')!.scrollWidth > element.closest('h1')!.clientWidth), 'cut at the panel’s edge (with an ellipsis)');
  });

  it('titles a formula too large to print with its source on one line, and reads ** as a power there', async () => {
    const terms = Array.from({ length: 500 }, (_, i) => `(x - ${i + 1})**2`).join(' + ');
    const page = await open('dark', runView({ problem: `loss = ${terms}`, start: [1], learningRate: 1e-5, maxSteps: 5 }), { width: 460, height: 700 });
    const formula = page.page.locator('.formula-header .formula');
    assert.match(await formula.innerText(), /^loss = \(x − 1\)2 \+ \(x − 2\)2/, 'powers raised, not ·· (the source uses **)');
    const title = (await formula.getAttribute('title')) ?? '';
    assert.ok(title.startsWith('loss = (x - 1)**2 + ') && title.endsWith('(x - 500)**2'), 'the whole source on hover');
  });

  it('counts the steps of a run that overflowed as its headline does', async () => {
    const run = runView({ problem: 'loss = x**2', start: [10], learningRate: 2, maxSteps: 1000 });
    const page = await open('dark', run);
    const divergedAt = run.series[0].divergedAt;
    assert.equal(run.final.step + 1, divergedAt, 'the trace keeps the last finite state, one before the update that overflowed');
    assert.match(await statusText(page), new RegExp(`Diverged at step ${divergedAt}`));
    await page.page.locator('details.run-details summary').click();
    assert.match(await page.page.locator('.facts').innerText(), new RegExp(`Steps taken\\s+${run.final.step} of 1,000 \\(step ${divergedAt} overflowed\\)`));
  });

  it('says "1 step" in the chart summary of a one-step run', async () => {
    const page = await open('dark', quadraticRun(0.5));
    const id = await page.page.locator('.loss-section canvas').getAttribute('aria-describedby');
    assert.match((await page.page.locator(`[id="${id}"]`).textContent()) ?? '', /^Loss fell from 9 to 0 in 1 step;/);
  });

  it('names the formula of a run that cannot start, and offers Set Start Point…', async () => {
    const page = await open('light');
    const nan = runView({ problem: 'loss = log(x)', start: [2], learningRate: 0.1, maxSteps: 10 });
    await page.send({ type: 'runError', message: 'At the start point (x = -1) the loss is NaN, so gradient descent cannot start. Choose another start point.', formula: nan.formula, start: [-1] });
    assert.equal(await page.page.locator('.formula-header .formula').getAttribute('data-display'), 'log(x)');
    assert.match(await page.page.locator('.formula-meta').innerText(), /Start: x = −1/);
    assert.doesNotMatch(await page.page.locator('.formula-error').innerText(), /…\./);
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Set Start Point…' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'askStartPoint' }]);
  });

  it('keeps the formula readable in Light High Contrast, where a <code> chip is dark blue', async () => {
    const page = await open('highContrastLight', quadraticRun(0.2));
    const ratio = await page.contrastRatio('.formula');
    assert.ok(ratio >= 7, `formula contrast ${ratio.toFixed(2)}`);
  });

  it('has a Clear pinned button that posts clearPinned, and names Export for the one run it saves', async () => {
    const page = await open('dark', rosenbrockRun({ others: [{ learningRate: 0.0005, role: 'pinned' }] }));
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Clear pinned' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'clearPinned' }]);
    await page.page.locator('details.run-details summary').click();
    assert.equal(await page.page.locator('vscode-button[aria-label="Export data as JSON"]').getAttribute('title'), 'Export this run as JSON, with its diagnosis');
  });
});
