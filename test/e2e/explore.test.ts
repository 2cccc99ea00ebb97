// Exploring a two-variable loss (issue 6): the path on the contour map, Compare η÷10 · η · η×10, the learning-rate
// sweep, and a sweep point clicked to simulate its η. The screenshots (1600×1000, panel beside the code) are the
// README's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

/** ill_conditioned.py, line 3: an elongated bowl, 25 times steeper along w2 than along w1. */
const formula = '0.5*w1^2 + 12.5*w2^2';
/** Just under the critical η = 2/L = 0.08: the path zig-zags across the valley and still converges. */
const learningRate = 0.07;
const currentLabel = 'η = 0.07 · Gradient descent';

describe('explore a two-variable loss', () => {
  let workbench: Workbench | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };
  const panel = () => new SimulationPanelView(wb(), formula);

  before(async () => {
    workbench = await Workbench.launch({
      name: 'explore',
      viewport: { width: 1600, height: 1000 },
      userSettings: { 'gradientDescentLab.learningRate': learningRate },
    });
  });

  after(async () => {
    await workbench?.close();
  });

  it('draws the path on a contour map of the loss', async () => {
    await wb().openFile('ill_conditioned.py');
    // The code and the panel side by side, without the Explorer.
    await wb().page.keyboard.press('Control+B');
    await wb().waitUntil('the side bar to close', async () => ((await wb().page.locator('#workbench\\.parts\\.sidebar').isVisible()) ? undefined : true));
    await wb().selectLine(3);
    await wb().chooseFromEditorContextMenu('Simulate Gradient Descent');

    await panel().waitForVerdict(/^Converged/, 60_000);
    // Room for the panel to put the loss chart and the landscape side by side.
    await wb().resizeFirstEditorGroup(560);
    assert.match(await panel().formulaMeta(), /Start: w1 = 3, w2 = 1/);
    const landscape = await panel().waitForSection('landscape');
    assert.match(await landscape.locator('h2').innerText(), /^Landscape$/);
    assert.match(
      await panel().chartSummary('landscape'),
      /^Filled contour map of the loss over w1 and w2 \(dark is low\), with the \d+-step path from \(3, 1\) to \(/,
    );
    assert.ok((await panel().legend('landscape')).includes(currentLabel), `landscape legend: ${(await panel().legend('landscape')).join(' | ')}`);

    // The canvas itself: filled with the contour's color bands, and the path drawn over them in its legend color.
    const ink = await panel().waitForInk(
      'landscape',
      'contour bands and the path',
      ({ painted, colors, matching }) => painted > 0.5 && colors >= 8 && matching >= 100,
      await panel().legendColor('landscape', currentLabel),
    );
    assert.ok(ink.width > 200 && ink.height > 200, `the landscape canvas is ${ink.width}×${ink.height}`);

    await wb().screenshot('explore-1-landscape');
  });

  it('compares η÷10, η and η×10 as three named runs', async () => {
    // At η = 0.007 the run is still descending at the step limit; ×10 was checked (it converges), and the comparison
    // shows it.
    await wb().runCommand('Gradient Descent: Decrease Learning Rate ÷10');
    await panel().waitForLearningRateField('0.007');
    assert.match(await panel().waitForVerdict(/^Needs more steps: Still descending at the step limit/), /η = 0\.007 is too small\. With η = 0\.07 it converges at step 174\./);

    await panel().clickButton('Compare η/10 · η · 10η');
    const expected = ['η = 0.007 · Gradient descent', 'η÷10 = 7e-4 · Gradient descent', 'η×10 = 0.07 · Gradient descent'];
    const runs = await wb().waitUntil('the loss legend to list three runs', async () => {
      const labels = (await panel().legend('loss')).filter((label) => label.endsWith('· Gradient descent'));
      return labels.length === 3 ? labels : undefined;
    });
    assert.deepEqual([...runs].sort(), [...expected].sort());
    const landscapeRuns = (await panel().legend('landscape')).filter((label) => label.endsWith('· Gradient descent'));
    assert.deepEqual([...landscapeRuns].sort(), [...expected].sort());
    // The comparison leaves the current run and its verdict as they were.
    assert.match(await panel().headline(), /^Needs more steps: Still descending at the step limit/);
    for (const label of expected) {
      await panel().waitForInk('loss', `the curve of "${label}"`, ({ matching }) => matching >= 50, await panel().legendColor('loss', label));
    }
    // On the map, η's path and η×10's zig-zag show in their colors. (η÷10's path runs under η's: on a quadratic,
    // small steps all follow the same gradient-flow curve, η÷10 just gets less far along it.)
    for (const label of [expected[0], expected[2]]) {
      await panel().waitForInk('landscape', `the path of "${label}"`, ({ matching }) => matching >= 50, await panel().legendColor('landscape', label));
    }
    await wb().screenshot('explore-2-compare');
  });

  it('sweeps η and charts final loss against η with the critical η', async () => {
    await wb().runCommand('Gradient Descent: Sweep Learning Rates');
    const sweep = await panel().waitForSection('sweep');
    const legend = await panel().legend('sweep');
    assert.ok(legend.some((label) => /^Converged \(\d+\)$/.test(label)), `sweep legend: ${legend.join(' | ')}`);
    assert.ok(legend.some((label) => /^Diverged \(\d+(, plotted at the top)?\)$/.test(label)), `sweep legend: ${legend.join(' | ')}`);
    assert.ok(legend.includes('Critical η = 2/L = 0.08'), `sweep legend: ${legend.join(' | ')}`);
    assert.match(await panel().chartSummary('sweep'), /^Final loss for \d+ learning rates from /);
    await panel().waitForInk('sweep', 'points', ({ painted, colors }) => painted > 0.05 && colors >= 4);
    await sweep.scrollIntoViewIfNeeded();
    await wb().screenshot('explore-3-sweep');
  });

  it('simulates the η of a sweep point when it is clicked', async () => {
    const frame = await panel().frame();
    const canvas = frame.locator('.sweep-section canvas');
    const tooltip = frame.locator('.sweep-section .chart-tooltip');
    // Walk the points with the arrow keys (the tooltip follows) to a converged one at another η than the current.
    await canvas.focus();
    await wb().page.keyboard.press('Home');
    let target: string | undefined;
    for (let point = 0; point < 100 && target === undefined; point += 1) {
      const text = (await tooltip.innerText()).replace(/\s+/g, ' ');
      const title = /^η = (\S+)/.exec(text)?.[1];
      if (title && text.includes('Converged') && Number(title) > 0.01 && Number(title) < learningRate) target = title;
      else await wb().page.keyboard.press('ArrowRight');
    }
    assert.ok(target, 'no converged sweep point between η = 0.01 and 0.07');
    // Now click that point where the tooltip's caret sits, as a person would.
    const caret = { x: Number(await tooltip.getAttribute('data-caret-x')), y: Number(await tooltip.getAttribute('data-caret-y')) };
    const box = await canvas.boundingBox();
    assert.ok(box, 'the sweep canvas has no box on screen');
    await wb().page.mouse.click(box.x + caret.x, box.y + caret.y);

    // The η field shows the point's η in full; the tooltip gave it to four digits.
    await wb().waitUntil(`the η field to take the point's η ≈ ${target}`, async () => {
      const value = await panel().learningRateField();
      return Math.abs(Number(value) / Number(target) - 1) < 1e-3 ? value : undefined;
    });
    assert.match(await wb().statusBarItem(/^η = (?!0\.007 )\S+ · Gradient descent$/), /^η = \S+ · Gradient descent$/);
    await panel().waitForVerdict(/^Converged/);
    await wb().screenshot('explore-4-sweep-point-simulated');
  });
});
