/**
 * The exploration views (issue 6) in headless Chromium: landscape (curve and filled contour), comparison and
 * pinned runs, the learning-rate sweep, and export. Screenshots go to test-results/webview/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebviewMessage, type RunView } from '../../src/shared/protocol';
import { LevelScale } from '../../webview/charts/colormap';
import { comparisonRun, quadraticRun, quadraticSweep, rosenbrockRun, threeVariableRun } from './fixtures';
import { hexToRgb, panelTests, type PanelPage, type Rgb } from './harness';
import { THEMES, type ThemeName } from './themes';

const panels = panelTests();
/** Every view here starts from a run. */
const open = (theme: ThemeName, run: RunView): Promise<PanelPage> => panels.open(theme, run);

async function summaryOf(page: PanelPage, section: string): Promise<string> {
  const id = await page.page.locator(`${section} canvas`).getAttribute('aria-describedby');
  return (await page.page.locator(`[id="${id}"]`).textContent()) ?? '';
}

/** The x (canvas pixels) of the sweep's first or last point: where the tooltip the keyboard brings up puts its caret. */
async function sweepPointX(page: PanelPage, key: 'Home' | 'End'): Promise<number> {
  await page.page.locator('.sweep-section canvas').focus();
  await page.page.keyboard.press(key);
  return Number(await page.page.locator('.sweep-section .chart-tooltip').getAttribute('data-caret-x'));
}

/** Where η falls on the sweep chart's log axis, which spans exactly the swept range (Home to End). */
async function sweepXOf(page: PanelPage, learningRate: number, from: number, to: number): Promise<number> {
  const [left, right] = [await sweepPointX(page, 'Home'), await sweepPointX(page, 'End')];
  return left + ((right - left) * Math.log(learningRate / from)) / Math.log(to / from);
}

/**
 * The vertical reference line on the sweep chart: the canvas column with the most pixels of its color (a dashed
 * line runs the plot's height; nothing else of that color is more than a label's height tall), and how many.
 */
async function referenceLineColumn(page: PanelPage, color: Rgb): Promise<{ x: number; pixels: number }> {
  // Only the plot area (the swept range), not the axis titles beside it.
  const [left, right] = [await sweepPointX(page, 'Home'), await sweepPointX(page, 'End')];
  await page.page.locator('.sweep-section canvas').blur();
  return page.page.evaluate(
    ({ color, left, right }) => {
      const canvas = document.querySelector<HTMLCanvasElement>('.sweep-section canvas')!;
      const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const columns = new Array<number>(width).fill(0);
      for (let y = 0; y < height; y++) {
        for (let x = left; x <= right; x++) {
          const i = (y * width + x) * 4;
          // Antialiased edges of a line on the transparent canvas keep its color at a lower opacity.
          if (data[i + 3] >= 128 && Math.abs(data[i] - color.r) <= 16 && Math.abs(data[i + 1] - color.g) <= 16 && Math.abs(data[i + 2] - color.b) <= 16) columns[x]++;
        }
      }
      const pixels = Math.max(...columns);
      return { x: columns.indexOf(pixels), pixels };
    },
    { color, left, right },
  );
}

describe('landscape', () => {
  it('draws f(x) with the iterates jumping across the valley (one variable)', async () => {
    const page = await open('dark', quadraticRun(0.9));
    await page.waitForChart('.landscape-section');
    const { inked, total } = await page.inkedPixels('.landscape-section');
    assert.ok(inked > total * 0.03, `drawn (${inked} of ${total} pixels)`);
    assert.match(await summaryOf(page, '.landscape-section'), /^Loss as a function of x from \S+ to \S+, with the \d+-step path from x = 3 to x = \S+; the iterates change direction \d+ times\.$/);
    assert.match(await page.page.locator('.landscape-section .chart-legend').innerText(), /Start[\s\S]*End[\s\S]*loss as a function of x/);
    await page.screenshot('landscape-dark-curve');
  });

  for (const theme of ['dark', 'light', 'highContrast'] as const) {
    it(`paints a filled contour map with the path over it (${theme})`, async () => {
      const run = rosenbrockRun();
      const page = await open(theme, run);
      await page.waitForChart('.landscape-section', 20000);
      // Most of the level bands are on the canvas in their viridis colors.
      assert.equal(run.landscape?.kind, 'contour');
      const levels = LevelScale.fit(run.landscape.kind === 'contour' ? run.landscape.loss : []);
      assert.ok(levels);
      let bandsPresent = 0;
      for (let band = 0; band < levels.bands; band++) {
        const [r, g, b] = levels.colorOfBand(band);
        if ((await page.pixelsNear('.landscape-section', { r, g, b }, 2)) > 100) bandsPresent++;
      }
      assert.ok(bandsPresent >= levels.bands - 2, `${bandsPresent} of ${levels.bands} level bands drawn`);
      assert.match(
        await summaryOf(page, '.landscape-section'),
        /^Filled contour map of the loss over x and y \(dark is low\), with the 3,000-step path from \(−1\.2, 1\) to \(\S+, \S+\) in \(x, y\)\.$/,
      );
      await page.screenshot(`landscape-${theme}-contour`);
    });
  }

  it('picks the two variables to show when there are more than two', async () => {
    const run = threeVariableRun();
    assert.equal(run.landscape?.kind, 'contour');
    const byMovement = run.landscape.kind === 'contour' ? run.landscape.byMovement : [];
    const page = await open('light', run);
    await page.waitForChart('.landscape-section', 20000);
    const x = page.page.locator('vscode-dropdown[aria-label="x axis"]');
    const y = page.page.locator('vscode-dropdown[aria-label="y axis"]');
    // Ordered by how far each variable moved.
    const names = byMovement.map((index, rank) => `${run.formula.variables[index]}${rank === 0 ? ' (moved most)' : ''}`);
    assert.deepEqual(await x.locator('vscode-option').allInnerTexts(), names);
    // c bounces across its steep valley (η·8 > 1), so it covers the widest range.
    assert.equal(names[0], 'c (moved most)');
    assert.match(await summaryOf(page, '.landscape-section'), /over w and c .*other variables held at b = /);
    await page.screenshot('landscape-light-three-variables');
    await page.clearPosted();
    // Choosing the variable already on the other axis swaps the two.
    await x.click();
    await x.getByRole('option', { name: 'c (moved most)', exact: true }).click();
    assert.equal(await y.evaluate((dropdown) => (dropdown as HTMLInputElement).value), '0', 'y shows w after the swap');
    await y.click();
    await y.getByRole('option', { name: 'b', exact: true }).click();
    assert.deepEqual(await page.posted(), [
      { type: 'setProjection', x: 2, y: 0 },
      { type: 'setProjection', x: 2, y: 1 },
    ]);
  });
});

describe('compare and pin', () => {
  it('posts compare, pin and clear', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Compare η/10 · η · 10η' }).click();
    await page.page.getByRole('button', { name: 'Pin run' }).click();
    await page.page.getByRole('button', { name: 'Sweep η' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'compareLearningRates' }, { type: 'pinRun' }, { type: 'sweep' }]);
    // Nothing pinned yet: Clear is disabled until other runs are on the charts.
    assert.equal(await page.page.locator('vscode-button', { hasText: 'Clear pinned' }).getAttribute('disabled'), '');
  });

  it('overlays the three runs in named, distinct colors with the current run emphasized', async () => {
    const page = await open('dark', comparisonRun(0.2));
    const legend = page.page.locator('.loss-section .chart-legend');
    const entries = await legend.getByRole('button').allInnerTexts();
    assert.deepEqual(
      entries.filter((text) => text.startsWith('η')),
      ['η = 0.2 · Gradient descent', 'η÷10 = 0.02 · Gradient descent', 'η×10 = 2 · Gradient descent'],
    );
    const swatches = await legend.locator('.legend-swatch line').evaluateAll((lines) =>
      lines.map((line) => ({ color: line.getAttribute('stroke'), width: Number(line.getAttribute('stroke-width')), dash: line.getAttribute('stroke-dasharray') })),
    );
    const seriesSwatches = swatches.slice(0, 3);
    assert.equal(new Set(seriesSwatches.map((swatch) => swatch.color)).size, 3, 'three colors');
    assert.ok(seriesSwatches.every((swatch) => ['#56B4E9', '#E69F00', '#CC79A7', '#009E73', '#F0E442', '#D55E00', '#0072B2'].includes(swatch.color ?? '')), 'Okabe–Ito colors');
    assert.ok(seriesSwatches[0].width > seriesSwatches[1].width, 'the current run is drawn thicker');
    assert.equal(seriesSwatches[0].dash, 'none');
    assert.notEqual(seriesSwatches[1].dash, 'none', 'other runs are dashed');
    // Each run also shows on the landscape.
    assert.match(await page.page.locator('.landscape-section .chart-legend').innerText(), /η÷10 = 0\.02[\s\S]*η×10 = 2 /);

    // Clear is enabled now, and the legend hides a series (remembered in state).
    await page.clearPosted();
    await page.page.getByRole('button', { name: 'Clear pinned' }).click();
    assert.deepEqual(await page.posted(), [{ type: 'clearPinned' }]);
    const color = hexToRgb(seriesSwatches[2].color ?? '');
    // η = 2 diverges: drawn up to where it leaves the others' range, with an arrow there.
    assert.ok((await page.pixelsNear('.loss-section', color)) > 30, 'η = 2 is drawn');
    assert.match(await summaryOf(page, '.loss-section'), /Runs that diverged are cut where they leave the range of the others \(η×10 = 2 · Gradient descent: diverged at step \d+\)\./);
    await legend.getByRole('button', { name: 'η×10 = 2 · Gradient descent' }).click();
    assert.equal(await legend.getByRole('button', { name: 'η×10 = 2 · Gradient descent' }).getAttribute('aria-pressed'), 'false');
    assert.ok(await legend.getByRole('button', { name: 'η×10 = 2 · Gradient descent' }).evaluate((button) => button === document.activeElement), 'focus stays on the toggle');
    assert.equal(await page.pixelsNear('.loss-section', color), 0, 'the hidden series is no longer drawn');
    await legend.getByRole('button', { name: 'η×10 = 2 · Gradient descent' }).click();
    await page.screenshot('compare-dark');
  });

  it('shows the comparison in light and high contrast too', async () => {
    const themes = ['light', 'highContrast'] as const;
    for (const theme of themes) {
      const page = await open(theme, comparisonRun(0.2));
      await page.screenshot(`compare-${theme}`);
      // The last page is checked and closed after the test, like every other.
      if (theme === themes.at(-1)) break;
      assert.deepEqual(await page.problems(), []);
      await page.close();
    }
  });
});

describe('sweep', () => {
  it('charts final loss against η by verdict, with 2/L and the suggested η', async () => {
    const sweep = quadraticSweep();
    const page = await open('dark', quadraticRun(0.2));
    await page.send({ type: 'showSweep', view: sweep });
    await page.waitForChart('.sweep-section');
    const legend = await page.page.locator('.sweep-section .chart-legend').innerText();
    assert.match(legend, /Converged \(\d+\)/);
    assert.match(legend, /Diverged \(\d+, plotted at the top\)/);
    assert.match(legend, /Too slow \(\d+\)/);
    assert.match(legend, /Suggested η = /);
    assert.match(legend, /Critical η = 2\/L = 1/);
    // Verdicts differ in shape, not only color.
    const shapes = await page.page
      .locator('.sweep-section .legend-swatch')
      .evaluateAll((svgs) => svgs.map((svg) => `${svg.firstElementChild?.tagName}${svg.firstElementChild?.getAttribute('points') ?? ''}`));
    assert.equal(new Set(shapes.slice(0, 5)).size, 5, `distinct marker shapes: ${shapes.join(', ')}`);
    assert.match(await summaryOf(page, '.sweep-section'), /^Final loss for 40 learning rates from 0\.001 to 10; converged for η from \S+ to \S+; diverged from η = \S+; critical η 2\/L = 1; suggested η = \S+\. Diverged runs whose final loss is far above the rest are plotted at the top edge\.$/);
    await page.screenshot('sweep-dark');

    await page.page.locator('vscode-radio', { hasText: 'Steps to converge' }).click();
    assert.match(await summaryOf(page, '.sweep-section'), /^Steps to converge for 40 learning rates/);
    await page.screenshot('sweep-dark-steps');
  });

  it('simulates the η of a point on Enter or click', async () => {
    const sweep = quadraticSweep();
    const sorted = [...sweep.points].sort((a, b) => a.learningRate - b.learningRate);
    const page = await open('light', quadraticRun(0.2));
    await page.send({ type: 'showSweep', view: sweep });
    await page.waitForChart('.sweep-section');
    await page.clearPosted();

    const canvas = page.page.locator('.sweep-section canvas');
    await canvas.focus();
    for (let i = 0; i < 20; i++) await page.page.keyboard.press('ArrowRight');
    const chosen = sorted[19];
    const announced = await page.page.locator('[aria-live="polite"]').last().textContent();
    assert.ok(announced?.startsWith(`η = ${Number(chosen.learningRate.toPrecision(4))}`), announced ?? '');
    await page.page.keyboard.press('Enter');
    assert.deepEqual(await page.posted(), [{ type: 'simulateLearningRate', learningRate: chosen.learningRate }]);

    // The tooltip sits on the point: click there.
    const tooltip = page.page.locator('.sweep-section .chart-tooltip');
    const caret = { x: Number(await tooltip.getAttribute('data-caret-x')), y: Number(await tooltip.getAttribute('data-caret-y')) };
    const box = await canvas.boundingBox();
    assert.ok(box);
    await page.clearPosted();
    await page.page.mouse.click(box.x + caret.x, box.y + caret.y);
    await page.nextFrames();
    assert.deepEqual(await page.posted(), [{ type: 'simulateLearningRate', learningRate: chosen.learningRate }]);
    // A click on empty chart area simulates nothing.
    await page.clearPosted();
    await page.page.mouse.click(box.x + caret.x, box.y + 8);
    await page.nextFrames();
    assert.deepEqual(await page.posted(), []);

    // (A full-page screenshot resizes the page for a moment, so it comes last.)
    await canvas.focus();
    await page.page.keyboard.press('End');
    await page.screenshot('sweep-light-focused-point');
  });

  it('draws the line at momentum’s own limit 2(1 + β)/L = 1.9, not at gradient descent’s 2/L = 1', async () => {
    const reference = hexToRgb(THEMES.light.variables['vscode-charts-foreground']);
    const page = await open('light', quadraticRun(0.2, { optimizer: 'momentum' }));
    // Gradient descent first: its line is at 2/L = 1, where the measurement must find it.
    await page.send({ type: 'showSweep', view: quadraticSweep(2, 'gd') });
    await page.waitForChart('.sweep-section');
    const gdAt = await sweepXOf(page, 1, 1e-3, 10);
    const gdLine = await referenceLineColumn(page, reference);
    assert.ok(gdLine.pixels > 120 && Math.abs(gdLine.x - gdAt) <= 2, `gd: line at ${gdLine.x} (${gdLine.pixels} px), 2/L at ${gdAt}`);

    await page.send({ type: 'showSweep', view: quadraticSweep(3, 'momentum') });
    await page.waitForChart('.sweep-section');
    // Positions on this chart: its y-axis labels, and so its plot area, differ from the last one's.
    const atPlain = await sweepXOf(page, 1, 1e-3, 10);
    const atMomentum = await sweepXOf(page, 1.9, 1e-3, 10);
    assert.ok(atMomentum - atPlain > 40, `1 and 1.9 are ${atMomentum - atPlain} px apart`);
    const legend = await page.page.locator('.sweep-section .chart-legend').innerText();
    assert.match(legend, /Critical η = 2\(1 \+ β\)\/L = 1\.9/);
    assert.doesNotMatch(legend, /Critical η = 2\/L/);
    assert.match(await summaryOf(page, '.sweep-section'), /; critical η 2\(1 \+ β\)\/L = 1\.9[;.]/);
    const line = await referenceLineColumn(page, reference);
    // The dashes cover 5/9 of the plot's height (about 215 px in a 270 px chart); here the trend line rising to the first diverged run,
    // η = 1.91, just right of the line, crosses it for a stretch, so fewer of its pixels show than of gd's.
    assert.ok(line.pixels > 80 && Math.abs(line.x - atMomentum) <= 2, `momentum: line at ${line.x} (${line.pixels} px), 2(1 + β)/L at ${atMomentum}, 2/L at ${atPlain}`);
    // Runs diverge to the right of the line and not to its left.
    for (const point of quadraticSweep(3, 'momentum').points) assert.equal(point.verdict === 'diverged', point.learningRate > 1.9, `η = ${point.learningRate}`);
    await page.screenshot('sweep-light-momentum');
  });

  it('draws no critical η line for Adam and says why', async () => {
    const reference = hexToRgb(THEMES.light.variables['vscode-charts-foreground']);
    const page = await open('light', quadraticRun(0.2, { optimizer: 'adam' }));
    await page.send({ type: 'showSweep', view: quadraticSweep(2, 'adam') });
    await page.waitForChart('.sweep-section');
    const legend = await page.page.locator('.sweep-section .chart-legend').innerText();
    assert.match(legend, /No critical η: Adam scales each step by the gradient’s size, so the curvature sets no limit/);
    assert.doesNotMatch(legend, /Critical η/);
    // The note is not a toggle: there is nothing drawn for it to show or hide.
    assert.equal(await page.page.locator('.sweep-section .chart-legend button', { hasText: 'Adam scales' }).count(), 0);
    assert.match(
      await summaryOf(page, '.sweep-section'),
      /; no critical η \(Adam scales each step by the gradient’s size, so the curvature sets no limit\)[;.]/,
    );
    const line = await referenceLineColumn(page, reference);
    assert.ok(line.pixels < 40, `no line: the tallest column of the reference color has ${line.pixels} px (at ${line.x})`);
    await page.screenshot('sweep-light-adam');
  });

  it('keeps the sweep after the page is rebuilt, and drops it for another formula', async () => {
    const page = await open('highContrast', quadraticRun(0.2));
    await page.send({ type: 'showSweep', view: quadraticSweep() });
    await page.reload();
    await page.waitForChart('.sweep-section');
    await page.screenshot('sweep-highContrast');
    await page.send({ type: 'showRun', view: rosenbrockRun({ runId: 3 }) });
    assert.equal(await page.page.locator('.sweep-section').isHidden(), true);
  });
});

describe('export', () => {
  it('posts exportData for CSV and JSON, from the run’s details', async () => {
    const page = await open('dark', quadraticRun(0.2));
    await page.clearPosted();
    assert.equal(await page.page.getByRole('button', { name: 'Export data as CSV' }).isVisible(), false, 'collapsed with the details');
    await page.page.locator('details.run-details summary').click();
    assert.equal(await page.page.locator('vscode-button[aria-label="Export data as CSV"]').getAttribute('title'), 'Export this run as CSV: step, η, loss and each parameter');
    await page.page.getByRole('button', { name: 'Export data as CSV' }).click();
    await page.page.getByRole('button', { name: 'Export data as JSON' }).click();
    assert.deepEqual(await page.posted(), [
      { type: 'exportData', format: 'csv' },
      { type: 'exportData', format: 'json' },
    ]);
  });

  for (const theme of ['dark', 'light'] as const) {
    it(`posts the chart as a PNG on the ${theme} editor background`, async () => {
      const page = await open(theme, rosenbrockRun());
      await page.clearPosted();
      await page.page.getByRole('button', { name: 'Save the loss chart as PNG' }).click();
      const [message] = await page.posted();
      assert.equal(message.type, 'exportImage');
      assert.ok(parseWebviewMessage(message), 'the host accepts it');
      const dataUrl = message.type === 'exportImage' ? message.dataUrl : '';

      // Decode it in a blank page (the panel's CSP rightly allows no data: images).
      const decoder = await page.page.context().newPage();
      const pixels = await decoder.evaluate(async (url) => {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const corner = Array.from(context.getImageData(0, 0, 1, 1).data);
        const all = context.getImageData(0, 0, image.width, image.height).data;
        let opaque = true;
        for (let i = 3; i < all.length; i += 4) if (all[i] !== 255) opaque = false;
        return { corner, opaque, width: image.width };
      }, dataUrl);
      await decoder.close();
      const background = THEMES[theme].variables['vscode-editor-background'];
      const expected = [1, 3, 5].map((at) => parseInt(background.slice(at, at + 2), 16));
      assert.deepEqual(pixels.corner.slice(0, 3), expected, 'the corner is the editor background');
      assert.equal(pixels.opaque, true, 'every pixel is opaque');
      assert.ok(pixels.width > 300);
    });
  }
});
