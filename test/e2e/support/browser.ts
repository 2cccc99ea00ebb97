// Debian's Chromium, headless, as playwright-core drives it here (never `playwright install`: no browser downloads).
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './prerequisites';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 60_000 });
}
