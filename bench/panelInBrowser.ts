/**
 * The panel's share of a live frame (see bench/panel.ts): a real drag on the η slider of the built panel
 * (dist/webview.js) in Debian's Chromium, with a stand-in host answering each live intent with a view made
 * beforehand. Each frame is measured by the panel itself, from the input event to the animation frame after its
 * answer is drawn.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { liveRuns } from '../test/webview/fixtures';
import { startHarness } from '../test/webview/harness';
import { printTable, quantile } from './measure';

const root = join(import.meta.dirname, '..');

export async function benchLiveFrameInBrowser(): Promise<void> {
  if (!existsSync(join(root, 'dist/webview.js')) || !existsSync('/usr/bin/chromium')) {
    console.log('\nLive slider, panel: skipped (needs `node esbuild.mjs` and Debian’s chromium).');
    return;
  }
  const harness = await startHarness();
  const rows: string[][] = [];
  try {
    for (const width of [460, 1100]) {
      const views = liveRuns([1e-5, 3e-5, 1e-4, 3e-4, 6e-4, 1e-3, 1.2e-3, 1.5e-3, 2e-3, 3e-3, 1e-2]);
      const page = await harness.open('dark', { width, height: 700 });
      await page.send({ type: 'showRun', view: { ...views[0], phase: 'settled' } });
      await page.waitForChart('.loss-section');
      await page.answerLiveIntents(views);
      // Back and forth across the track, a position a frame, for 240 frames: a drag of about four seconds.
      const milliseconds = await page.dragInPage('.slider-learningRate input', 240);
      const seconds = milliseconds / 1000;
      const frames = await page.measures('gd-input-to-frame');
      const draws = await page.measures('gd-draw');
      rows.push([
        `${width} × 700`,
        `${frames.length}`,
        `${quantile(draws, 0.5).toFixed(1)} ms`,
        `${quantile(frames, 0.5).toFixed(1)} ms`,
        `${quantile(frames, 0.9).toFixed(1)} ms`,
        `${(frames.length / seconds).toFixed(0)}`,
      ]);
      await page.close();
    }
  } finally {
    await harness.close();
  }
  printTable(
    'Live slider, panel in Chromium: η dragged a position a frame for 240 frames; per drawn frame, input → answer (a prebuilt 10,000-step view) → drawn → next frame',
    ['panel', 'frames', 'draw (median)', 'input → frame (median)', 'p90', 'frames/s drawn'],
    rows,
  );
}
