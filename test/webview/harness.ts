/**
 * Loads the real panel (HTML from `renderPanelHtml`, the built `dist/webview.js`, `media/panel.css`) in headless
 * Chromium the way VS Code would, and gives the tests a small vocabulary over it: send a host message, read
 * the posted intents, switch theme, count drawn pixels, measure text contrast, save screenshots.
 *
 * Requires `node esbuild.mjs` first (the test checks and says so).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { renderPanelHtml } from '../../src/extension/panel/panelHtml';
import type { HostMessage, RunView, WebviewMessage } from '../../src/shared/protocol';
import { launchChromium } from '../e2e/support/browser';
import { chromiumPath } from '../e2e/support/prerequisites';
import { THEMES, type ThemeName } from './themes';
import { applyThemeInPage, installWebviewStub, prepareWebviewHtml } from './vscodeWebview';

const root = join(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(root, 'test-results', 'webview');

const FILES: Record<string, { path: string; type: string }> = {
  '/dist/webview.js': { path: 'dist/webview.js', type: 'text/javascript' },
  '/dist/webview.js.map': { path: 'dist/webview.js.map', type: 'application/json' },
  '/media/panel.css': { path: 'media/panel.css', type: 'text/css' },
};

export interface Harness {
  open(theme: ThemeName, viewport?: { width: number; height: number }): Promise<PanelPage>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(join(root, 'dist/webview.js'))) throw new Error('dist/webview.js is missing: run `node esbuild.mjs` first.');
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run \`npm run setup\` (it installs Debian's chromium).`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const server = await serve();
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await launchChromium();
  return {
    async open(theme, viewport = { width: 1000, height: 1400 }) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const panel = new PanelPage(page, `${origin}/panel.html?theme=${theme}`);
      // tsx compiles these tests with esbuild's keepNames, which wraps functions in a `__name` helper; functions
      // serialized into the page (init scripts, evaluate callbacks) need it defined there too.
      await page.addInitScript('globalThis.__name = (target) => target;');
      await page.addInitScript(installWebviewStub);
      await panel.load();
      return panel;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The page and the three files it loads; anything else is a 404 (which the CSP would block anyway). */
function serve(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/panel.html') {
      const origin = `http://${request.headers.host}`;
      const theme = (url.searchParams.get('theme') ?? 'dark') as ThemeName;
      const html = renderPanelHtml({
        cspSource: origin,
        nonce: randomBytes(16).toString('base64'),
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/media/panel.css`,
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(prepareWebviewHtml(html, theme in THEMES ? theme : 'dark'));
      return;
    }
    const file = FILES[url.pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
    response.end(readFileSync(join(root, file.path)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export class PanelPage {
  private readonly consoleErrors: string[] = [];

  constructor(
    readonly page: Page,
    private readonly url: string,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`pageerror: ${error.message}`));
    if (process.env.GD_LAB_DEBUG) page.on('console', (message) => console.log(`[page ${message.type()}] ${message.text()}`));
    if (process.env.GD_LAB_DEBUG) page.on('pageerror', (error) => console.log(`[pageerror] ${error.stack}`));
  }

  async load(): Promise<void> {
    await this.page.goto(this.url);
    await this.page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('aria-busy'));
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('aria-busy'));
  }

  /** Posts a message to the page as the extension host does. */
  async send(message: HostMessage | unknown): Promise<void> {
    await this.page.evaluate((data) => window.postMessage(data, '*'), message);
    // Messages are handled in a task: wait until the page has had one.
    await this.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  async posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __gdLab: { posted: WebviewMessage[] } }).__gdLab.posted.slice());
  }

  /**
   * Waits two animation frames: chart.js handles canvas mouse events (clicks included) in the next frame,
   * so what a click posts is there only after that.
   */
  async nextFrames(): Promise<void> {
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }

  /**
   * Stands in for the host's answers to live intents (a dragged slider or start point): each `adjustSetting` or
   * `setStart` posted is answered, in a later task as VS Code delivers messages, with the given view whose η is
   * nearest the posted one (its settings carrying the posted η and phase). The views are made by the real core
   * beforehand; what is measured is the panel: validating, drawing, and the frame after.
   */
  async answerLiveIntents(views: readonly RunView[]): Promise<void> {
    await this.page.evaluate((views) => {
      const recorder = (window as unknown as { __gdLab: { onPost?: (message: unknown) => void } }).__gdLab;
      let runId = 1000;
      recorder.onPost = (raw) => {
        const message = raw as { type: string; setting?: string; value?: number; phase?: string };
        if (message.type !== 'adjustSetting' && message.type !== 'setStart') return;
        const wanted = message.setting === 'learningRate' ? (message.value as number) : views[0].settings.learningRate;
        const nearest = views.reduce((best, view) =>
          Math.abs(Math.log(view.settings.learningRate / wanted)) < Math.abs(Math.log(best.settings.learningRate / wanted)) ? view : best,
        );
        const view = { ...nearest, runId: ++runId, phase: message.phase, settings: { ...nearest.settings, learningRate: wanted } };
        setTimeout(() => window.postMessage({ type: 'showRun', view }, '*'), 0);
      };
    }, views as RunView[]);
  }

  /**
   * Drags a range input the way a steady hand does, from inside the page: each animation frame moves the thumb one
   * position further (up to `last`, then back), for `frames` frames, sending the events a pointer drag sends
   * (`input` each frame; `change` at the end). Returns how long the drag took, in milliseconds. Driving it from
   * the page keeps the test runner's round trips out of the frame rate.
   */
  async dragInPage(selector: string, frames: number): Promise<number> {
    return this.page.evaluate(
      ({ selector, frames }) =>
        new Promise<number>((resolve) => {
          const input = document.querySelector<HTMLInputElement>(selector)!;
          const last = Number(input.max);
          input.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
          const started = performance.now();
          let frame = 0;
          const tick = (): void => {
            frame += 1;
            const period = 2 * last;
            const phase = frame % period;
            input.value = String(phase <= last ? phase : period - phase);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            if (frame < frames) {
              requestAnimationFrame(tick);
              return;
            }
            window.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
            input.dispatchEvent(new Event('change', { bubbles: true }));
            resolve(performance.now() - started);
          };
          requestAnimationFrame(tick);
        }),
      { selector, frames },
    );
  }

  /** The User Timing measures the panel recorded under `name` (durations in milliseconds). */
  async measures(name: string): Promise<number[]> {
    return this.page.evaluate((name) => performance.getEntriesByName(name, 'measure').map((entry) => entry.duration), name);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __gdLab: { posted: unknown[] } }).__gdLab.posted.length = 0;
    });
  }

  /** CSP violations, uncaught errors and console errors seen so far. */
  async problems(): Promise<string[]> {
    const inPage = await this.page.evaluate(() => {
      const recorder = (window as unknown as { __gdLab: { cspViolations: string[]; errors: string[] } }).__gdLab;
      return [...recorder.cspViolations.map((text) => `CSP: ${text}`), ...recorder.errors];
    });
    return [...inPage, ...this.consoleErrors];
  }

  async setTheme(name: ThemeName): Promise<void> {
    await this.page.evaluate(applyThemeInPage, THEMES[name]);
    await this.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  }

  /**
   * Waits until the chart canvas in `section` has drawn at least `minimum` pixels at the size of its frame
   * (chart.js follows a layout change, such as a scroll bar appearing, one animation frame later).
   */
  async waitForChart(section: string, minimum = 2000): Promise<void> {
    await this.page.waitForFunction(
      ({ selector, minimum }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(selector);
        if (!canvas || canvas.width === 0) return false;
        if (Math.abs(canvas.getBoundingClientRect().width - (canvas.parentElement?.clientWidth ?? 0)) > 0.5) return false;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (!data) return false;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
        return inked >= minimum;
      },
      { selector: `${section} canvas`, minimum },
    );
  }

  /** Pixels of the chart canvas in `section` that are drawn (the canvas is transparent where nothing is). */
  async inkedPixels(section: string): Promise<{ inked: number; total: number }> {
    return this.page.evaluate((selector) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      if (!canvas) return { inked: 0, total: 0 };
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let inked = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
      return { inked, total: data.length / 4 };
    }, `${section} canvas`);
  }

  /** How many opaque pixels of the chart canvas in `section` are within `tolerance` of `color` (per channel). */
  async pixelsNear(section: string, color: Rgb, tolerance = 12): Promise<number> {
    return this.page.evaluate(
      ({ selector, color, tolerance }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(selector);
        const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let count = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] < 250) continue;
          if (Math.abs(data[i] - color.r) <= tolerance && Math.abs(data[i + 1] - color.g) <= tolerance && Math.abs(data[i + 2] - color.b) <= tolerance) count++;
        }
        return count;
      },
      { selector: `${section} canvas`, color, tolerance },
    );
  }

  /** How many distinct colors (quantized to 4 bits a channel) the chart's plot area has. */
  async distinctColors(section: string): Promise<number> {
    return this.page.evaluate((selector) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255) seen.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
      return seen.size;
    }, `${section} canvas`);
  }

  /**
   * The WCAG 2 contrast ratio of an element's text against what is behind it (the first opaque background up
   * the tree, with translucent colors composited over it).
   */
  async contrastRatio(selector: string): Promise<number> {
    return this.page.evaluate((selector) => {
      type Rgba = [number, number, number, number];
      const parse = (text: string): Rgba => {
        const numbers = text.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 1];
        return [numbers[0], numbers[1], numbers[2], numbers[3] ?? 1];
      };
      const over = (top: Rgba, bottom: Rgba): Rgba => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1) as Rgba;
      const element = document.querySelector(selector);
      if (!element) throw new Error(`No element ${selector}`);
      const layers: Rgba[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const background = parse(getComputedStyle(node).backgroundColor);
        if (background[3] > 0) layers.push(background);
        if (background[3] === 1) break;
      }
      let backdrop: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) backdrop = over(layer, backdrop);
      const text = over(parse(getComputedStyle(element).color), backdrop);
      const luminance = ([r, g, b]: Rgba) => {
        const channel = (value: number) => {
          const c = value / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const [lighter, darker] = [luminance(text), luminance(backdrop)].sort((a, b) => b - a);
      return (lighter + 0.05) / (darker + 0.05);
    }, selector);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}

export function hexToRgb(hex: string): Rgb {
  const value = parseInt(hex.replace('#', ''), 16);
  return { r: (value >> 16) & 255, g: (value >> 8) & 255, b: value & 255 };
}

/**
 * Registers a file's hooks around the harness — one browser for the file, one page per test — and returns how
 * a test opens a page (showing `run` first, when given). After each test the page is closed and checked: no
 * CSP violations, uncaught errors or console errors along the way.
 */
export function panelTests(): { open(theme: ThemeName, run?: RunView, viewport?: { width: number; height: number }): Promise<PanelPage> } {
  let harness: Harness | undefined;
  let panel: PanelPage | null = null;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    if (!panel) return;
    const problems = await panel.problems();
    await panel.close();
    panel = null;
    assert.deepEqual(problems, [], 'no CSP violations, uncaught errors or console errors');
  });
  return {
    async open(theme, run, viewport) {
      assert.ok(harness, 'the harness did not start');
      panel = await harness.open(theme, viewport);
      if (run) {
        await panel.send({ type: 'showRun', view: run });
        await panel.waitForChart('.loss-section');
      }
      return panel;
    },
  };
}
