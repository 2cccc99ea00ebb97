// Renders the extension's icon, media/icon.svg, to the 128×128 PNG the extension gallery shows (media/icon.png),
// with Debian's Chromium through playwright-core. Run it after changing the SVG and commit both files.
//
//   npm run icon
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from './setup/machine';

const root = join(import.meta.dirname, '..');
const source = join(root, 'media', 'icon.svg');
const target = join(root, 'media', 'icon.png');
const size = 128;

async function main(): Promise<void> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run npm run setup (it installs Debian's chromium)`);
  const svg = readFileSync(source, 'utf8');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    // The SVG inline in an empty page with no margin: the screenshot is exactly the icon, with transparent corners.
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: target, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  } finally {
    await browser.close();
  }
  console.log(`Rendered ${source} to ${target} (${size}×${size}).`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
