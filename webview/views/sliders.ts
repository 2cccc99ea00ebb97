/**
 * Live sliders: η on a log scale with the critical η and the recommended η marked on its track, and the optimizer's
 * momentum β (momentum, Nesterov) or β1 and β2 (Adam, AdamW) when those run. Dragging re-runs as fast as the host
 * answers (through the LiveChannel); when the drag ends or pauses, the settled value is sent and the host does the
 * rest (landscape, the advice's checks, a stale sweep or map).
 *
 * Native `<input type="range">` elements styled with VS Code's theme variables: the webview-ui-toolkit has no
 * slider (its components are button, checkbox, data grid, divider, dropdown, link, option, panels, progress ring,
 * radio, tag, text area and text field), and a native range is keyboard-operable and announced by screen readers
 * as a slider without any ARIA of ours. Arrow keys move one step; Page Up / Page Down move a decade of η (×10, ÷10)
 * or 0.1 of β.
 */
import type { OptimizerSettings } from '../../src/core/optim/types';
import type { RunView, SliderSetting } from '../../src/shared/protocol';
import { h, uniqueId } from '../dom';
import { formatNumber } from '../format';
import type { LiveChannel } from '../liveChannel';
import {
  complementLogSliderScale,
  fractionAlong,
  learningRateRange,
  linearSliderScale,
  logSliderScale,
  STEPS_PER_DECADE,
  type SliderScale,
} from '../sliderScale';

/** A drag held still this long counts as a pause: the settled run follows. */
export const PAUSE_MILLISECONDS = 300;
/** Marks closer than this share of the track have their labels lean apart. */
const NEAR_MARKS = 0.12;
/** Keyboard moves settle this long after the last key. */
const KEYS_SETTLE_MILLISECONDS = 250;

interface Mark {
  value: number;
  kind: 'critical' | 'suggested';
  label: string;
  title: string;
}

interface Track {
  scale: SliderScale;
  min: number;
  max: number;
  logarithmic: boolean;
  /** Positions Page Up / Page Down move. */
  page: number;
}

class SettingSlider {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly output: HTMLOutputElement;
  private readonly marksLayer = h('div', { className: 'slider-marks', attrs: { 'aria-hidden': 'true' } });
  private track: Track | null = null;
  private dragging = false;
  /** A value was sent live and not settled yet: the thumb is the user's, not the host's. */
  private unsettled = false;
  private lastSent: number | null = null;
  /** The marks drawn now (a frame of a drag usually brings the same). */
  private marksKey = '';
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly setting: SliderSetting,
    symbol: string,
    name: string,
    private readonly live: LiveChannel,
  ) {
    const id = uniqueId(`slider-${setting}`);
    this.input = h('input', { id, className: 'slider-input', attrs: { type: 'range', min: '0', max: '1', step: '1', 'aria-label': name } });
    this.output = h('output', { className: 'slider-value', attrs: { for: id, 'aria-hidden': 'true' } });
    this.element = h('div', { className: `slider-row slider-${setting}` }, [
      h('label', { className: 'slider-label', text: symbol, attrs: { for: id, title: name } }),
      h('div', { className: 'slider-track' }, [this.input, this.marksLayer]),
      this.output,
    ]);
    this.input.addEventListener('input', () => this.moved());
    this.input.addEventListener('change', () => this.settle());
    this.input.addEventListener('pointerdown', () => {
      this.dragging = true;
      const release = (): void => {
        this.dragging = false;
        window.removeEventListener('pointerup', release);
        window.removeEventListener('pointercancel', release);
        this.settle();
      };
      window.addEventListener('pointerup', release);
      window.addEventListener('pointercancel', release);
    });
    this.input.addEventListener('keydown', (event) => {
      if (!this.track || (event.key !== 'PageUp' && event.key !== 'PageDown')) return;
      event.preventDefault();
      const position = this.input.valueAsNumber + (event.key === 'PageUp' ? this.track.page : -this.track.page);
      this.input.value = String(Math.min(this.track.scale.last, Math.max(0, position)));
      this.moved();
    });
  }

  /** Writes the run's value and marks, unless the user is moving this slider (then the thumb is theirs). */
  show(value: number, track: Track, marks: readonly Mark[]): void {
    if (this.dragging || this.unsettled) return;
    this.track = track;
    this.input.max = String(track.scale.last);
    this.input.value = String(track.scale.positionOf(value));
    this.lastSent = value;
    this.describe(value);
    const marksKey = JSON.stringify([track.min, track.max, marks]);
    if (marksKey === this.marksKey) return;
    this.marksKey = marksKey;
    const placed = marks
      .map((mark) => ({ mark, fraction: fractionAlong(track.scale, mark.value, track.min, track.max, track.logarithmic) }))
      .filter((placed): placed is { mark: Mark; fraction: number } => placed.fraction !== null)
      .sort((a, b) => a.fraction - b.fraction);
    this.marksLayer.replaceChildren(
      // The track's ends, so a drag's scale is plain (1e−4 … 10 for η).
      h('span', { className: 'slider-end slider-end-min', text: formatNumber(track.min, 4) }),
      h('span', { className: 'slider-end slider-end-max', text: formatNumber(track.max, 4) }),
      ...placed.map(({ mark, fraction }, i) => {
        // Labels of marks close together (the suggested η just under the critical η) lean apart, not over each other.
        const near = (other: { fraction: number } | undefined): boolean => other !== undefined && Math.abs(other.fraction - fraction) < NEAR_MARKS;
        const lean = near(placed[i + 1]) ? ' lean-left' : near(placed[i - 1]) ? ' lean-right' : '';
        const element = h('span', { className: `slider-mark slider-mark-${mark.kind}${lean}`, attrs: { title: mark.title } }, [
          h('span', { className: 'slider-mark-tick' }),
          h('span', { className: 'slider-mark-label', text: mark.label }),
        ]);
        // Over the thumb's centre at that value: the track is inset by half a thumb at each end. A CSSOM write.
        element.style.left = `calc(var(--thumb) / 2 + (100% - var(--thumb)) * ${fraction.toFixed(4)})`;
        return element;
      }),
    );
    this.input.setAttribute('aria-description', marks.map((mark) => mark.title).join('; '));
  }

  /** The thumb moved (pointer or key): send the value live, and settle after a pause. */
  private moved(): void {
    if (!this.track) return;
    const value = this.track.scale.valueAt(this.input.valueAsNumber);
    this.describe(value);
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), this.dragging ? PAUSE_MILLISECONDS : KEYS_SETTLE_MILLISECONDS);
    if (value === this.lastSent) return;
    this.lastSent = value;
    this.unsettled = true;
    this.live.send({ type: 'adjustSetting', setting: this.setting, value, phase: 'live' });
  }

  /** The drag ended or paused: the full run for where the thumb is. */
  private settle(): void {
    clearTimeout(this.settleTimer);
    if (!this.unsettled || this.lastSent === null) return;
    this.unsettled = false;
    this.live.settle({ type: 'adjustSetting', setting: this.setting, value: this.lastSent, phase: 'settled' });
  }

  private describe(value: number): void {
    const text = formatNumber(value, 4);
    this.output.textContent = text;
    this.input.setAttribute('aria-valuetext', text);
  }
}

export class SliderPanel {
  readonly element: HTMLElement;
  private readonly learningRate: SettingSlider;
  private readonly momentum: SettingSlider;
  private readonly beta1: SettingSlider;
  private readonly beta2: SettingSlider;

  constructor(live: LiveChannel) {
    this.learningRate = new SettingSlider('learningRate', 'η', 'Learning rate η', live);
    this.momentum = new SettingSlider('momentum', 'β', 'Momentum β', live);
    this.beta1 = new SettingSlider('beta1', 'β1', 'Adam β1 (momentum of the gradient)', live);
    this.beta2 = new SettingSlider('beta2', 'β2', 'Adam β2 (momentum of the squared gradient)', live);
    this.element = h('section', { className: 'sliders', hidden: true, attrs: { 'aria-label': 'Sliders' } }, [
      this.learningRate.element,
      this.momentum.element,
      this.beta1.element,
      this.beta2.element,
    ]);
  }

  /** The η slider's native input (the tests and the keyboard reach it by its label too). */
  get learningRateInput(): HTMLInputElement {
    return this.learningRate.input;
  }

  show(run: RunView): void {
    this.element.hidden = false;
    const { learningRate, optimizer } = run.settings;
    // The track spans from creeping to diverging around plain gradient descent's 2/L, which does not move when β
    // does (the optimizer's own limit is marked on it).
    const range = learningRateRange(run.stability.criticalLearningRate, learningRate);
    const track: Track = { scale: logSliderScale(range.min, range.max), ...range, logarithmic: true, page: STEPS_PER_DECADE };
    this.learningRate.show(learningRate, track, learningRateMarks(run));
    const beta = momentumOf(optimizer);
    this.momentum.element.hidden = beta === null;
    // Nesterov needs β > 0 (torch.optim refuses 0).
    if (beta !== null) this.momentum.show(beta, fractionTrack(optimizer.kind === 'nesterov' ? 0.01 : 0), []);
    const betas = adamBetasOf(optimizer);
    this.beta1.element.hidden = betas === null;
    this.beta2.element.hidden = betas === null;
    // How many β sliders share η's row when the panel is wide.
    this.element.classList.toggle('one-beta', beta !== null);
    this.element.classList.toggle('two-betas', betas !== null);
    if (betas) {
      this.beta1.show(betas.beta1, fractionTrack(0), []);
      this.beta2.show(betas.beta2, { scale: complementLogSliderScale(0.1, 1e-4), min: 0.9, max: 0.9999, logarithmic: false, page: 10 }, []);
    }
  }
}

/** β and β1 from `min` to 0.99 in hundredths. */
function fractionTrack(min: number): Track {
  return { scale: linearSliderScale(min, 0.99, 0.01), min, max: 0.99, logarithmic: false, page: 10 };
}

function learningRateMarks(run: RunView): Mark[] {
  const marks: Mark[] = [];
  const critical = run.diagnosis.criticalLearningRate;
  if (critical !== null) marks.push({ value: critical, kind: 'critical', label: 'critical', title: `Critical η = ${formatNumber(critical)}: above it the run diverges` });
  // The recommendation's η, when it changes η: checked by running it (a live run has none; the settled one does).
  const recommendation = run.diagnosis.recommendation;
  if (recommendation?.learningRate !== undefined) {
    marks.push({ value: recommendation.learningRate, kind: 'suggested', label: 'try', title: `Recommended: ${recommendation.label}` });
  }
  return marks;
}

function momentumOf(optimizer: OptimizerSettings): number | null {
  return optimizer.kind === 'momentum' || optimizer.kind === 'nesterov' ? optimizer.momentum : null;
}

function adamBetasOf(optimizer: OptimizerSettings): { beta1: number; beta2: number } | null {
  return optimizer.kind === 'adam' || optimizer.kind === 'adamw' ? { beta1: optimizer.beta1, beta2: optimizer.beta2 } : null;
}
