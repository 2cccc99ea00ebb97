// A real VS Code (code-server) in headless Chromium, driven the way a person uses it: keyboard, right-click,
// the command palette, the webview's own DOM. See test/e2e/README.md for an example.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import { resultsDir, startCodeServer } from '../../../scripts/codeServer/launch';
import { launchChromium } from './browser';
import { assertE2ePrerequisites, repositoryRoot } from './prerequisites';

/** Screenshots, code-server's log and the browser console of each test file. */
export const e2eResultsDir = join(resultsDir, 'e2e');
/** The sample workspace: quadratic.py, ill_conditioned.py, notes.md. */
export const sampleWorkspace = join(repositoryRoot, 'test', 'e2e', 'workspace');

export interface LaunchOptions {
  /** Names the files this run writes: `test-results/e2e/<name>-code-server.log`, `<name>-console.log`, screenshots. */
  name: string;
  /** The folder to open (default: the sample workspace). */
  workspace?: string;
  /** Merged over the launcher's default user settings. */
  userSettings?: Record<string, unknown>;
  /** How long one step may take (default 30 s; the first steps after start get more). */
  timeoutMs?: number;
  /** The browser window's size (default 1440×900). Screenshots for the README use 1600×1000. */
  viewport?: { width: number; height: number };
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** What serves a workbench: a URL to open, and how to stop it when the workbench closes. */
export interface WorkbenchServer {
  readonly workspaceUrl: string;
  /** Where its log is, for failure messages, when known. */
  readonly logFile?: string;
  stop(): Promise<void>;
}

/** A workbench page on a code-server of its own. Create with `Workbench.launch`, always `close()` (in `after`). */
export class Workbench {
  private failureCount = 0;
  private closed = false;

  private constructor(
    readonly name: string,
    readonly server: WorkbenchServer,
    private readonly browser: Browser,
    /** The workbench page, for anything the helpers below do not cover. */
    readonly page: Page,
    readonly timeoutMs: number,
  ) {}

  /**
   * Checks prerequisites, starts code-server with this repository's built extension, opens the workspace in Chromium,
   * waits for the workbench and dismisses what pops up at start. Stops everything it started if a step fails.
   */
  static async launch(options: LaunchOptions): Promise<Workbench> {
    assertE2ePrerequisites();
    const server = await startCodeServer({
      workspace: options.workspace ?? sampleWorkspace,
      extensionDevelopmentFolder: repositoryRoot,
      userSettings: options.userSettings,
      logName: join('e2e', `${options.name}-code-server`),
    });
    return Workbench.open(server, options);
  }

  /**
   * Opens a workbench some other way already serves (`npm start`, a code-server with an installed .vsix) in
   * Chromium. `close()` stops `server` too, so pass a no-op `stop` for a server the caller stops itself.
   */
  static async open(server: WorkbenchServer, options: Pick<LaunchOptions, 'name' | 'timeoutMs' | 'viewport'>): Promise<Workbench> {
    mkdirSync(e2eResultsDir, { recursive: true });
    const timeoutMs = options.timeoutMs ?? 30_000;
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      const consoleLog = join(e2eResultsDir, `${options.name}-console.log`);
      writeFileSync(consoleLog, '');
      page.on('console', (message) => appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`));
      page.on('pageerror', (error) => appendFileSync(consoleLog, `[pageerror] ${error.stack ?? error.message}\n`));

      const workbench = new Workbench(options.name, server, browser, page, timeoutMs);
      await page.goto(server.workspaceUrl, { waitUntil: 'domcontentloaded', timeout: 120_000 });
      await workbench.waitVisible(page.locator('.monaco-workbench'), 'the workbench (.monaco-workbench)', 120_000);
      await workbench.waitVisible(page.locator('.explorer-folders-view, .explorer-viewlet'), 'the Explorer with the workspace', 120_000);
      await workbench.dismissStartupPopups();
      return workbench;
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await server.stop();
      throw error;
    }
  }

  /** Closes the browser and stops code-server; safe to call twice, and from `after` when `launch` failed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.browser.close();
    } finally {
      await this.server.stop();
    }
  }

  // ── Waiting ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Waits until `locator` is visible; on time-out throws saying what it waited for, with a screenshot. */
  async waitVisible(locator: Locator, what: string, timeoutMs = this.timeoutMs): Promise<Locator> {
    try {
      await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
      return locator.first();
    } catch (error) {
      throw await this.failure(`waiting for ${what}`, timeoutMs, error);
    }
  }

  /** Polls `probe` until it returns a value other than undefined; on time-out throws saying what it waited for. */
  async waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = this.timeoutMs): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) throw await this.failure(`waiting for ${what}`, timeoutMs, lastError);
      await sleep(250);
    }
  }

  private async failure(what: string, timeoutMs: number, cause: unknown): Promise<Error> {
    this.failureCount += 1;
    const shot = await this.screenshot(`${this.name}-failure-${this.failureCount}`).catch(() => undefined);
    const reason = cause instanceof Error ? ` (${cause.message.split('\n')[0]})` : '';
    return new Error(
      `Timed out after ${seconds(timeoutMs)} ${what}${reason}.${shot ? ` Screenshot: ${shot}.` : ''}${this.server.logFile ? ` code-server log: ${this.server.logFile}` : ''}`,
      { cause },
    );
  }

  // ── Start-up ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Closes notification toasts and any open quick input or menu, so the editor area is clear. */
  async dismissStartupPopups(): Promise<void> {
    await this.closeMenus();
    await this.clearNotifications();
  }

  // ── Editors ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Opens a workspace file with Quick Open (Ctrl+P, its name, Enter) and waits for its editor tab to be active. */
  async openFile(fileName: string): Promise<void> {
    await this.openQuickInput('Control+P', 'Quick Open', fileName);
    // Until the list has filtered, the focused row may still be a recently opened file: wait for ours.
    await this.waitVisible(
      this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: fileName }),
      `"${fileName}" as the first match in Quick Open`,
    );
    await this.page.keyboard.press('Enter');
    if (!(await this.quickInputClosed(this.timeoutMs))) throw await this.failure('waiting for Quick Open to close', this.timeoutMs, undefined);
    await this.waitVisible(
      this.page.locator(`.tabs-container .tab.active[data-resource-name="${fileName}"]`),
      `the active editor tab "${fileName}"`,
    );
    await this.waitVisible(this.activeEditor.locator('.view-lines'), `the editor of ${fileName}`);
    await this.activeEditor.locator('.view-lines').click();
  }

  /** The text editor of the active editor group. */
  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Moves the cursor with "Go to Line/Column" (Ctrl+G): `line`, or `line:column`. Lines and columns start at 1. */
  async goTo(line: number, column?: number): Promise<void> {
    await this.openQuickInput('Control+G', 'Go to Line', column === undefined ? `:${line}` : `:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    if (!(await this.quickInputClosed(this.timeoutMs))) throw await this.failure('waiting for Go to Line to close', this.timeoutMs, undefined);
    await this.waitUntil(`the cursor at line ${line}`, async () =>
      (await this.cursorPosition()).startsWith(`Ln ${line},`) ? true : undefined,
    );
  }

  /** Selects line `line` from its first non-blank character to its end (Go to Line, Home, Shift+End). */
  async selectLine(line: number): Promise<void> {
    await this.goTo(line);
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Shift+End');
    await this.waitUntil(`line ${line} to be selected`, async () =>
      /^Ln \d+, Col \d+ \(\d+ selected\)$/.test(await this.cursorPosition()) ? true : undefined,
    );
  }

  /** Selects `length` characters of line `line` starting at `column` (both from 1). */
  async selectRange(line: number, column: number, length: number): Promise<void> {
    await this.goTo(line, column);
    for (let step = 0; step < length; step += 1) await this.page.keyboard.press('Shift+ArrowRight');
    await this.waitUntil(`${length} characters selected`, async () =>
      (await this.cursorPosition()).includes(`(${length} selected)`) ? true : undefined,
    );
  }

  /** Selects the first occurrence of `text` after the cursor with the Find widget (Ctrl+F, type, Escape). */
  async selectText(text: string): Promise<void> {
    await this.page.keyboard.press('Control+F');
    const input = await this.waitVisible(this.page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input'), 'the Find input');
    await input.fill(text);
    await this.waitUntil(`"${text}" to be found in the editor`, async () =>
      (await this.cursorPosition()).includes(`(${text.length} selected)`) ? true : undefined,
    );
    await this.page.keyboard.press('Escape');
  }

  /** The status bar's cursor item, e.g. `Ln 3, Col 1 (11 selected)`. */
  async cursorPosition(): Promise<string> {
    const item = this.page.locator('#status\\.editor\\.selection');
    return (await item.count()) > 0 ? (await item.innerText()).trim() : '';
  }

  // ── Menus and commands ──────────────────────────────────────────────────────────────────────────────────────────

  /** Right-clicks the selection (or the cursor when nothing is selected) in the active editor. */
  async openEditorContextMenu(): Promise<void> {
    await this.closeMenus();
    const target = await this.waitUntil('the selection or the cursor in the active editor', async () => {
      // A selection is drawn as one or more boxes per line; some may be empty. Take the first with an area.
      for (const box of await this.activeEditor.locator('.view-overlays .selected-text').all()) {
        const bounds = await box.boundingBox();
        if (bounds && bounds.width > 1 && bounds.height > 1) return bounds;
      }
      const cursor = await this.activeEditor.locator('.cursors-layer .cursor').first().boundingBox();
      return cursor ?? undefined;
    });
    await this.page.mouse.click(target.x + target.width / 2, target.y + target.height / 2, { button: 'right' });
    await this.waitVisible(this.page.locator('.context-view .monaco-menu'), 'the editor context menu');
  }

  /** The labels of the open context menu's entries, in order. */
  async contextMenuLabels(): Promise<string[]> {
    const labels = await this.page.locator('.context-view .monaco-menu .action-menu-item .action-label').allInnerTexts();
    return labels.map((label) => label.trim()).filter((label) => label.length > 0);
  }

  /** Right-clicks in the editor (see `openEditorContextMenu`) and chooses the entry labelled `label`. */
  async chooseFromEditorContextMenu(label: string): Promise<void> {
    await this.openEditorContextMenu();
    const entry = this.page.locator('.context-view .monaco-menu .action-item', {
      has: this.page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    });
    try {
      await this.waitVisible(entry, `the context menu entry "${label}"`, 5_000);
    } catch (error) {
      const labels = await this.contextMenuLabels().catch(() => []);
      await this.page.keyboard.press('Escape');
      throw new Error(`${(error as Error).message}\nThe menu had: ${labels.join(' | ') || '(nothing)'}`, { cause: error });
    }
    // A menu entry runs on mouse-up only after the menu has taken focus: hover it (which focuses it), then Enter.
    await entry.first().hover();
    await this.waitVisible(entry.and(this.page.locator('.focused')), `the context menu entry "${label}" to take focus`, 5_000);
    await this.page.keyboard.press('Enter');
    await this.waitUntil('the context menu to close', async () => ((await this.page.locator('.context-view .monaco-menu').isVisible()) ? undefined : true), 5_000);
  }

  /** The rows of the open quick input (palette, Quick Open). */
  private get quickInputRows(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  /** Each row's label, e.g. `Gradient Descent: Simulate Gradient Descent`. */
  private async quickInputLabels(): Promise<string[]> {
    const labels: string[] = [];
    for (const row of await this.quickInputRows.all()) {
      labels.push(collapseWhitespace(await row.locator('.label-name').first().innerText().catch(() => '')));
    }
    return labels;
  }

  /** Opens the command palette (F1), types `query` and returns the listed commands' titles. The palette stays open. */
  async searchCommands(query: string): Promise<string[]> {
    await this.openQuickInput('F1', 'the command palette', `>${query}`);
    // The list filters as one types, starting from recently used commands: wait until it reads the same twice.
    let previous: string | undefined;
    return this.waitUntil(`the command palette's list for "${query}" to settle`, async () => {
      await sleep(250);
      const labels = await this.quickInputLabels();
      const current = labels.join('\n');
      const settled = current === previous;
      previous = current;
      return settled ? labels : undefined;
    });
  }

  /**
   * Searches the palette for `query` until the listed titles satisfy `accept` (the palette learns an extension's
   * commands a while after start-up, and `when` clauses change what it lists), closing it after each look.
   */
  async waitForCommands(query: string, what: string, accept: (labels: string[]) => boolean): Promise<string[]> {
    return this.waitUntil(`the command palette to list ${what} for "${query}"`, async () => {
      const labels = await this.searchCommands(query);
      await this.pressEscape();
      return accept(labels) ? labels : undefined;
    });
  }

  /**
   * Runs a command from the palette by its full title, e.g. `Gradient Descent: Simulate Gradient Descent`, and waits
   * for the palette to close. A command that asks something (an input box, a quick pick) reuses the palette's widget:
   * name the question's title in `opens` and this waits for that instead.
   */
  async runCommand(title: string, options: { opens?: string } = {}): Promise<void> {
    const labels = await this.searchCommands(title);
    if (!labels.includes(title)) {
      await this.pressEscape();
      throw new Error(`The command palette has no command "${title}"; for that query it lists: ${labels.join(' | ') || '(nothing)'}`);
    }
    await this.focusQuickInputRow(title, labels.length);
    await this.page.keyboard.press('Enter');
    if (options.opens !== undefined) {
      await this.waitVisible(this.page.locator('.quick-input-widget .quick-input-title', { hasText: options.opens }), `the question "${options.opens}"`);
      return;
    }
    if (!(await this.quickInputClosed(this.timeoutMs))) throw await this.failure('waiting for the command palette to close', this.timeoutMs, undefined);
  }

  /** Types `text` into the open input box (replacing what it holds) and presses Enter; waits for the box to close. */
  async answerInput(text: string): Promise<void> {
    const input = await this.waitVisible(this.page.locator('.quick-input-widget input'), 'the input box');
    await input.fill(text);
    await this.page.keyboard.press('Enter');
    if (!(await this.quickInputClosed(this.timeoutMs))) throw await this.failure(`waiting for the input box to take "${text}" and close`, this.timeoutMs, undefined);
  }

  /** The labels of the open quick pick's items, in order. */
  async quickPickLabels(): Promise<string[]> {
    await this.waitVisible(this.quickInputRows, 'the quick pick\'s items');
    return this.quickInputLabels();
  }

  /** Chooses the item labelled exactly `label` in the open quick pick (arrow keys, then Enter); waits for it to close. */
  async chooseQuickPickItem(label: string): Promise<void> {
    const labels = await this.quickPickLabels();
    if (!labels.includes(label)) {
      await this.pressEscape();
      throw new Error(`The quick pick has no item "${label}"; it lists: ${labels.join(' | ') || '(nothing)'}`);
    }
    await this.focusQuickInputRow(label, labels.length);
    await this.page.keyboard.press('Enter');
    if (!(await this.quickInputClosed(this.timeoutMs))) throw await this.failure(`waiting for the quick pick to close after "${label}"`, this.timeoutMs, undefined);
  }

  /** Moves the quick input's focus to the row labelled `label` with the arrow keys, as a person would. */
  private async focusQuickInputRow(label: string, rows: number): Promise<void> {
    const focusedLabel = async () =>
      collapseWhitespace(await this.page.locator('.quick-input-widget .monaco-list-row.focused .label-name').first().innerText().catch(() => ''));
    for (let step = 0; step <= rows && (await focusedLabel()) !== label; step += 1) {
      await this.page.keyboard.press('ArrowDown');
    }
    if ((await focusedLabel()) !== label) throw new Error(`Could not move the quick input's focus to "${label}".`);
  }

  /** Presses Escape once: closes the palette, Quick Open, a menu or the Find widget. */
  async pressEscape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /**
   * Closes an open context menu or quick input (palette, Quick Open, Go to Line), if any, so keys reach the editor.
   * Escape goes only to what is open: in the editor it would clear the selection.
   */
  async closeMenus(): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    const quickInput = this.page.locator('.quick-input-widget');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const menuOpen = await menu.isVisible();
      // A quick input that was just accepted may still be fading out; give it a moment before pressing Escape.
      const quickInputOpen = !menuOpen && (await quickInput.isVisible()) && !(await this.quickInputClosed(1_000));
      if (!menuOpen && !quickInputOpen) return;
      await this.page.keyboard.press('Escape');
      await sleep(100);
    }
  }

  /**
   * Opens a quick input with `key` and types `text` into it. A webview that takes the focus as it comes back (a panel
   * tab just clicked) closes a quick input that opened a moment before; when that happens this opens it again,
   * rather than waiting on an input that is gone.
   */
  private async openQuickInput(key: string, what: string, text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input').first();
    const attempts = 3;
    for (let attempt = 1; ; attempt += 1) {
      await this.closeMenus();
      await this.page.keyboard.press(key);
      try {
        await input.waitFor({ state: 'visible', timeout: attempt === attempts ? this.timeoutMs : 10_000 });
        await input.fill(text, { timeout: 5_000 });
        await sleep(100);
        if ((await input.isVisible()) && (await input.inputValue()) === text) return;
      } catch (error) {
        if (attempt === attempts) throw await this.failure(`typing "${text}" into ${what}`, this.timeoutMs, error);
      }
      if (attempt === attempts) throw await this.failure(`${what} to stay open with "${text}" typed`, this.timeoutMs, undefined);
    }
  }

  /** Waits up to `timeoutMs` for the quick input to be hidden; true when it is. */
  private async quickInputClosed(timeoutMs: number): Promise<boolean> {
    return this.page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden', timeout: timeoutMs })
      .then(() => true)
      .catch(() => false);
  }

  // ── Tabs and the status bar ─────────────────────────────────────────────────────────────────────────────────────

  /** The titles of the editor tabs (all groups), in order. */
  async tabTitles(): Promise<string[]> {
    const labels = await this.page.locator('.tabs-container .tab .label-name').allInnerTexts();
    return labels.map(collapseWhitespace);
  }

  /** Clicks the editor tab whose title matches `title` and waits for it to be the active tab of its group. */
  async clickTab(title: string | RegExp): Promise<void> {
    await this.closeMenus();
    const tab = this.page.locator('.tabs-container .tab', { has: this.page.locator('.label-name', { hasText: title }) });
    await (await this.waitVisible(tab, `the editor tab ${String(title)}`)).click();
    await this.waitVisible(tab.and(this.page.locator('.active')), `the editor tab ${String(title)} to be active`);
  }

  /**
   * Drags the sash between the first two editor groups so that the first is about `width` pixels wide (the code
   * narrower, the panel beside it wider). Needs two groups side by side.
   */
  async resizeFirstEditorGroup(width: number): Promise<void> {
    const groups = this.page.locator('#workbench\\.parts\\.editor .editor-group-container');
    const first = await groups.nth(0).boundingBox();
    const second = await groups.nth(1).boundingBox();
    if (!first || !second) throw new Error('resizeFirstEditorGroup needs two editor groups on screen.');
    const sashX = (first.x + first.width + second.x) / 2;
    const y = first.y + first.height / 2;
    await this.page.mouse.move(sashX, y);
    await this.page.mouse.down();
    await this.page.mouse.move(first.x + width, y, { steps: 10 });
    await this.page.mouse.up();
    // Off the sash, or it stays highlighted in screenshots.
    await this.page.mouse.move(first.x + width / 2, first.y + first.height - 40);
    await this.waitUntil(`the first editor group to be about ${width} px wide`, async () => {
      const box = await groups.nth(0).boundingBox();
      return box && Math.abs(box.width - width) <= 8 ? true : undefined;
    });
  }

  /** The text of the status-bar item matching `pattern`, once there is one. */
  async statusBarItem(pattern: RegExp, timeoutMs = this.timeoutMs): Promise<string> {
    return this.waitUntil(`a status-bar item matching ${pattern}`, async () => {
      const texts = await this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').allInnerTexts();
      return texts.map(collapseWhitespace).find((text) => pattern.test(text));
    }, timeoutMs);
  }

  /** The texts of every status-bar item. */
  async statusBarTexts(): Promise<string[]> {
    const texts = await this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').allInnerTexts();
    return texts.map(collapseWhitespace).filter((text) => text.length > 0);
  }

  // ── Notifications ───────────────────────────────────────────────────────────────────────────────────────────────

  /** The messages of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    const messages = this.page.locator('.notifications-toasts .notification-list-item-message');
    return (await messages.allInnerTexts()).map(collapseWhitespace);
  }

  /** Waits for a notification toast whose message contains `text` (or matches it) and returns the message. */
  async waitForNotification(text: string | RegExp, timeoutMs = this.timeoutMs): Promise<string> {
    const matches = (message: string) => (typeof text === 'string' ? message.includes(text) : text.test(message));
    return this.waitUntil(`a notification ${typeof text === 'string' ? `containing "${text}"` : `matching ${text}`}`, async () =>
      (await this.notifications()).find(matches),
      timeoutMs,
    );
  }

  /** Closes every notification toast. */
  async clearNotifications(): Promise<void> {
    const closeButtons = this.page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear');
    for (let round = 0; round < 20 && (await closeButtons.count()) > 0; round += 1) {
      await closeButtons.first().click({ force: true }).catch(() => undefined);
      await sleep(100);
    }
  }

  // ── Webviews ────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The frame of a webview whose document has an element matching `selector`. A webview's DOM lives in nested
   * iframes (the host's `iframe.webview`, then `#active-frame`), so this searches every frame of the page.
   */
  async webviewFrame(selector: string, timeoutMs = 60_000): Promise<Frame> {
    return this.waitUntil(`a webview with ${selector}`, async () => {
      for (const frame of this.page.frames()) {
        // A webview is two frames served from …/contrib/webview/browser/pre/: a host page, and inside it the
        // `#active-frame` with the extension's document. Other iframes (the web worker extension host's) are not.
        const host = frame.parentFrame();
        if (frame.isDetached() || !host || !host.url().includes('/webview/browser/pre/')) continue;
        if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
      }
      return undefined;
    }, timeoutMs);
  }

  /**
   * The documents of the webviews on screen: each `#active-frame` whose host frame (`iframe.webview`) is visible in the
   * workbench. A hidden panel's webview may linger in the page, hidden; it is left out.
   */
  async visibleWebviewFrames(): Promise<Frame[]> {
    const frames: Frame[] = [];
    for (const frame of this.page.frames()) {
      const host = frame.parentFrame();
      if (frame.isDetached() || !host || !host.url().includes('/webview/browser/pre/')) continue;
      const visible = async (inner: Frame) => {
        const element = await inner.frameElement().catch(() => null);
        return element ? element.isVisible() : false;
      };
      if ((await visible(frame)) && (await visible(host))) frames.push(frame);
    }
    return frames;
  }

  /** Waits for `selector` in a webview and returns its visible text. */
  async webviewText(selector: string, timeoutMs = 60_000): Promise<string> {
    const frame = await this.webviewFrame(selector, timeoutMs);
    return (await frame.locator(selector).first().innerText()).trim();
  }

  // ── Evidence ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Saves a screenshot of the whole window as `test-results/e2e/<name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(e2eResultsDir, `${name}.png`);
    await this.page.screenshot({ path, timeout: 15_000 });
    return path;
  }
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
