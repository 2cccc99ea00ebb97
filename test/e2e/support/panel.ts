// The simulation panel as a person sees it in the workbench: its verdict, formula, η field, legends and charts,
// read from the webview's own DOM. The webview's document is rebuilt when the panel is hidden and shown again, so
// every read looks the frame up afresh.
import type { Frame, Locator } from 'playwright-core';
import { checkingAdvice } from '../../../src/words/diagnosis';
import type { Workbench } from './workbench';

/** The chart cards of the panel, by their CSS class. */
export type PanelSection = 'loss' | 'schedule' | 'landscape' | 'sweep' | 'stability-map';

/** How much of a canvas is drawn on: the share of painted pixels and how many different colors they have. */
export interface CanvasInk {
  width: number;
  height: number;
  /** Pixels with any opacity, as a share of all pixels (0 … 1). */
  painted: number;
  /** Distinct colors among the painted pixels, counted in steps of 16 per channel. */
  colors: number;
  /** Pixels within a few levels of `color`, when one was asked about. */
  matching: number;
}

export class SimulationPanelView {
  /**
   * @param formula The formula the panel shows (its header, e.g. `x^2`); when given, only that panel's webview is
   *   read, so several panels can be open.
   */
  constructor(
    private readonly workbench: Workbench,
    readonly formula?: string,
  ) {}

  /** The frame of the panel's document, once the panel is visible and has drawn a run. */
  async frame(timeoutMs = 60_000): Promise<Frame> {
    const what = this.formula ? `the simulation panel of ${this.formula}` : 'a simulation panel';
    return this.workbench.waitUntil(`${what} to show a run`, async () => {
      for (const frame of await this.workbench.visibleWebviewFrames()) {
        const formula = frame.locator('.formula-header .formula');
        if ((await formula.count()) === 0) continue;
        // The header sets the formula as math (x²); its plain text (x^2) is kept in data-display.
        const text = ((await formula.getAttribute('data-display')) ?? '').trim();
        if (text !== '' && (this.formula === undefined || text === this.formula)) return frame;
      }
      return undefined;
    }, timeoutMs);
  }

  private async locator(selector: string): Promise<Locator> {
    return (await this.frame()).locator(selector).first();
  }

  /** The verdict region's text (`role="status"`): the headline, the advice and the rule of thumb. */
  async verdict(): Promise<string> {
    // Paragraph by paragraph, as the region is announced: in a narrow panel the rule of thumb is folded under
    // "More" (not painted, so not in innerText), but it is in the status region all the same.
    return (await this.locator('[role="status"]')).evaluate((status) =>
      [...status.children].map((paragraph) => (paragraph.textContent ?? '').trim()).join('\n').trim(),
    );
  }

  /** The verdict's headline as it is announced ("Converged at step 29"), without the glyph drawn before it. */
  async headline(): Promise<string> {
    return (await this.locator('[role="status"] .verdict-headline')).evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
    });
  }

  /** Waits until the verdict's headline matches `headline` and returns the whole verdict text. */
  async waitForVerdict(headline: RegExp, timeoutMs = this.workbench.timeoutMs): Promise<string> {
    // The run's verdict shows at once, its checked advice when the checks behind it finish: wait for that too.
    const checking = checkingAdvice();
    return this.workbench.waitUntil(
      `the verdict to read ${headline}, with its checked advice`,
      async () => {
        if (!headline.test(await this.headline())) return undefined;
        const verdict = await this.verdict();
        return verdict.includes(checking) ? undefined : verdict;
      },
      timeoutMs,
    );
  }

  /** The formula the panel's header shows, in plain math (`x^2`; the header sets it as x²). */
  async formulaText(): Promise<string> {
    return ((await (await this.locator('.formula-header .formula')).getAttribute('data-display')) ?? '').trim();
  }

  /** The header's line under the formula: "From quadratic.py:3 · Start: x = 10". */
  async formulaMeta(): Promise<string> {
    return (await (await this.locator('.formula-header .formula-meta')).innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The verdict's recommendation button's label, or null when there is none. */
  async recommendation(): Promise<string | null> {
    const frame = await this.frame();
    const button = frame.locator('.verdict .verdict-recommendation');
    return (await button.count()) === 0 ? null : (await button.innerText()).trim();
  }

  /** The facts behind the verdict, as term → value ("Final loss" → "1.36e-11"), from the run's details (opened). */
  async facts(): Promise<Record<string, string>> {
    const frame = await this.frame();
    // Opened in place, not clicked: a click would move the keyboard focus into the panel, away from the editor.
    await frame.locator('details.run-details').evaluate((element) => {
      (element as HTMLDetailsElement).open = true;
    });
    const terms = await frame.locator('.run-details .facts .fact dt').allInnerTexts();
    const values = await frame.locator('.run-details .facts .fact dd').allInnerTexts();
    return Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
  }

  /** The value in the "Learning rate η" field. */
  async learningRateField(): Promise<string> {
    return (await this.locator('.run-controls .learning-rate vscode-text-field input')).inputValue();
  }

  /** Waits until the η field reads `value`. */
  async waitForLearningRateField(value: string): Promise<void> {
    await this.workbench.waitUntil(`the η field to read ${value}`, async () => ((await this.learningRateField()) === value ? true : undefined));
  }

  /** The optimizer dropdown's shown choice. */
  async optimizerField(): Promise<string> {
    return ((await (await this.locator('.run-controls vscode-dropdown[aria-label="Optimizer"]')).evaluate((dropdown) => {
      const selected = (dropdown as HTMLElement & { selectedOptions?: HTMLElement[] }).selectedOptions?.[0];
      return selected?.textContent ?? '';
    })) ?? '').trim();
  }

  /** The section's card (hidden ones included). */
  async section(section: PanelSection): Promise<Locator> {
    return this.locator(`.${section}-section`);
  }

  /** Waits until the section is shown and returns it. */
  async waitForSection(section: PanelSection): Promise<Locator> {
    return this.workbench.waitUntil(`the ${section} chart to be shown`, async () => {
      const card = await this.section(section);
      return (await card.isVisible()) ? card : undefined;
    });
  }

  /** The labels of a chart's legend entries, in order. */
  async legend(section: PanelSection): Promise<string[]> {
    const labels = await (await this.section(section)).locator('.chart-legend .legend-label').allInnerTexts();
    return labels.map((label) => label.trim());
  }

  /** The chart's text summary (what a screen reader reads for the canvas). */
  async chartSummary(section: PanelSection): Promise<string> {
    return ((await (await this.section(section)).locator('.chart-view > p.visually-hidden').textContent()) ?? '').trim();
  }

  /**
   * How much of the section's canvas is painted, read from the canvas's pixels inside the webview. With `color`
   * (a CSS color), also counts the pixels of about that color: a path drawn in it.
   */
  async canvasInk(section: PanelSection, color?: string): Promise<CanvasInk> {
    const canvas = (await this.section(section)).locator('canvas');
    return canvas.evaluate((element, css) => {
      const canvas = element as HTMLCanvasElement;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('the canvas has no 2d context');
      const { width, height } = canvas;
      const pixels = context.getImageData(0, 0, width, height).data;
      let target: [number, number, number] | null = null;
      if (css) {
        const probe = document.createElement('canvas').getContext('2d')!;
        probe.fillStyle = css;
        probe.fillRect(0, 0, 1, 1);
        const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
        target = [r, g, b];
      }
      let painted = 0;
      let matching = 0;
      const colors = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        painted += 1;
        colors.add(((pixels[i] >> 4) << 8) | ((pixels[i + 1] >> 4) << 4) | (pixels[i + 2] >> 4));
        if (target && Math.abs(pixels[i] - target[0]) <= 8 && Math.abs(pixels[i + 1] - target[1]) <= 8 && Math.abs(pixels[i + 2] - target[2]) <= 8) {
          matching += 1;
        }
      }
      return { width, height, painted: painted / (width * height), colors: colors.size, matching };
    }, color);
  }

  /**
   * Waits until the section's canvas is painted as `accept` wants (a chart may draw a frame after its data
   * arrived), and returns what it found; on time-out the error names `what`.
   */
  async waitForInk(section: PanelSection, what: string, accept: (ink: CanvasInk) => boolean, color?: string): Promise<CanvasInk> {
    let last: CanvasInk | undefined;
    try {
      return await this.workbench.waitUntil(`the ${section} chart to show ${what}`, async () => {
        last = await this.canvasInk(section, color);
        return accept(last) ? last : undefined;
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nLast read of the canvas: ${JSON.stringify(last)}`, { cause: error });
    }
  }

  /** The stroke color of a legend entry's line swatch (the series' color on the chart). */
  async legendColor(section: PanelSection, label: string): Promise<string> {
    const entry = (await this.section(section)).locator('.chart-legend .legend-entry', { hasText: label }).first();
    const stroke = await entry.locator('svg line').first().getAttribute('stroke');
    if (!stroke) throw new Error(`The legend entry "${label}" has no line swatch.`);
    return stroke;
  }

  /** The η slider of the panel (a native range input inside the webview). */
  async learningRateSlider(): Promise<Locator> {
    return (await this.frame()).getByRole('slider', { name: 'Learning rate η' });
  }

  /** Clicks a toolkit button of the panel by its accessible name (its text, or aria-label), opening the run's details if it is there. */
  async clickButton(name: string): Promise<void> {
    const frame = await this.frame();
    // Export sits in the run's details, collapsed until opened: open them as a person would.
    const details = frame.locator('details.run-details');
    const inDetails = (await details.locator(`vscode-button[aria-label="${name}"], vscode-button:text-is("${name}")`).count()) > 0;
    if (inDetails && !(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await details.locator('summary').click();
    const button = frame.getByRole('button', { name, exact: true }).first();
    await this.workbench.waitUntil(`the panel's button "${name}" to be enabled`, async () => ((await button.isEnabled()) ? true : undefined));
    await button.click();
  }
}
