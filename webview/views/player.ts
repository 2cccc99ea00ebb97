/**
 * Play the path: play, pause, step back and forth, and a scrubber over the run's steps. The step it is on (the
 * playhead) is highlighted on the loss curve and on the landscape together, so an overshoot is seen one step at
 * a time; hovering either chart, or its arrow keys, moves the same playhead, and the scrubber follows.
 *
 * The playhead is an index into the current run's kept points (every step of a run up to the charts' point
 * budget; longer runs keep each bucket's extremes). It stays on the same step when a new run arrives.
 */
import type { RunView } from '../../src/shared/protocol';
import { h, uniqueId } from '../dom';
import { formatInteger, formatLoss, formatParams } from '../format';
import { icon, setIcon } from '../icons';
import { overflowedAt } from '../overflow';
import { createButton, type Button } from '../toolkit';

/** A playback shows every kept point for at least this long, and takes at most MAX_PLAY_MILLISECONDS in all. */
const MAX_POINT_MILLISECONDS = 160;
const MAX_PLAY_MILLISECONDS = 8000;

export class Player {
  readonly element: HTMLElement;
  private readonly scrubber: HTMLInputElement;
  private readonly readout = h('span', { className: 'player-readout', attrs: { 'aria-live': 'off' } });
  /**
   * The readout and, under it, invisible copies of the widest texts it can show for this run (see readoutSizes),
   * stacked in one grid cell: the cell is as wide as the widest, so the scrubber beside it keeps its width while
   * the step and the loss change as it moves.
   */
  private readonly readoutBox = h('span', { className: 'player-readout-box' }, [this.readout]);
  private readoutSizesKey = '';
  /**
   * Under a run that overflowed: why the scrubber ends a step before the headline's "Diverged at step N". A line
   * of its own, there at every position, so the row does not reflow as the playhead reaches the end.
   */
  private readonly overflowNote = h('p', { className: 'player-note', hidden: true });
  private readonly play: Button;
  private readonly back: Button;
  private readonly forward: Button;
  private run: RunView | null = null;
  /** The kept point the playhead is on; null when the player is not in use (no playhead drawn). */
  private index: number | null = null;
  private playing: { startedAt: number; from: number; frame: number } | null = null;

  /** @param onMove the playhead moved to kept point `index` (null: off) */
  constructor(private readonly onMove: (index: number | null) => void) {
    const id = uniqueId('scrubber');
    this.scrubber = h('input', { id, className: 'player-scrubber', attrs: { type: 'range', min: '0', max: '0', step: '1', value: '0', 'aria-label': 'Step' } });
    this.play = createButton('', () => this.togglePlay(), { ariaLabel: 'Play the path', title: 'Play the path step by step', className: 'player-button' });
    this.back = createButton('', () => this.stepBy(-1), { ariaLabel: 'Previous step', title: 'One step back (Home on the scrubber: the start)', className: 'player-button' });
    this.forward = createButton('', () => this.stepBy(1), { ariaLabel: 'Next step', title: 'One step forward', className: 'player-button' });
    this.play.append(icon('play'));
    this.back.append(icon('stepBack'));
    this.forward.append(icon('stepForward'));
    this.element = h('section', { className: 'player', hidden: true, attrs: { 'aria-label': 'Play the path' } }, [
      this.play,
      this.back,
      this.forward,
      this.scrubber,
      this.readoutBox,
      this.overflowNote,
    ]);
    this.scrubber.addEventListener('input', () => {
      this.stop();
      this.moveTo(this.scrubber.valueAsNumber);
    });
  }

  /** The playhead's kept point, or null. */
  get current(): number | null {
    return this.index;
  }

  show(run: RunView): void {
    const previous = this.run;
    this.run = run;
    this.element.hidden = false;
    const points = run.series[0].points;
    const last = points.step.length - 1;
    this.scrubber.max = String(last);
    if (this.index !== null && previous) {
      // The same step of the new run (or the nearest kept one), so changing η while paused compares like with like.
      const step = previous.series[0].points.step[this.index] ?? 0;
      this.index = nearestIndex(points.step, step);
    }
    this.scrubber.value = String(this.index ?? last);
    const overflowed = overflowedAt(run);
    this.overflowNote.hidden = overflowed === null;
    this.overflowNote.textContent =
      overflowed === null ? '' : `The path ends at step ${formatInteger(run.final.step)}, the last finite step: step ${formatInteger(overflowed)} overflowed.`;
    this.sizeReadout(run);
    this.describe();
    for (const button of [this.play, this.back, this.forward]) button.toggleAttribute('disabled', last === 0);
  }

  /** The playhead was moved elsewhere (hover or arrow keys on a chart). */
  follow(index: number): void {
    this.stop();
    this.setIndex(index);
  }

  private stepBy(delta: number): void {
    this.stop();
    const points = this.run?.series[0].points.step.length ?? 1;
    // With no playhead yet the run is shown whole: the player stands at its end.
    this.moveTo(Math.min(points - 1, Math.max(0, (this.index ?? points - 1) + delta)));
  }

  private moveTo(index: number): void {
    this.setIndex(index);
    this.onMove(this.index);
  }

  private setIndex(index: number): void {
    const last = (this.run?.series[0].points.step.length ?? 1) - 1;
    this.index = Math.min(last, Math.max(0, Math.round(index)));
    this.scrubber.value = String(this.index);
    this.describe();
  }

  private togglePlay(): void {
    if (this.playing) {
      this.stop();
      return;
    }
    const count = this.run?.series[0].points.step.length ?? 0;
    if (count < 2) return;
    // From the start when at the end (or not started), else from where it is.
    const from = this.index === null || this.index >= count - 1 ? 0 : this.index;
    this.playing = { startedAt: performance.now(), from, frame: 0 };
    setIcon(this.play, 'pause');
    this.play.setAttribute('aria-label', 'Pause');
    this.moveTo(from);
    const perPoint = Math.min(MAX_POINT_MILLISECONDS, MAX_PLAY_MILLISECONDS / count);
    const tick = (now: number): void => {
      const playing = this.playing;
      if (!playing) return;
      const index = playing.from + Math.floor((now - playing.startedAt) / perPoint);
      if (index !== this.index) this.moveTo(Math.min(count - 1, index));
      if (index >= count - 1) {
        this.stop();
        return;
      }
      playing.frame = requestAnimationFrame(tick);
    };
    this.playing.frame = requestAnimationFrame(tick);
  }

  private stop(): void {
    if (!this.playing) return;
    cancelAnimationFrame(this.playing.frame);
    this.playing = null;
    setIcon(this.play, 'play');
    this.play.setAttribute('aria-label', 'Play the path');
  }

  private describe(): void {
    const run = this.run;
    if (!run) return;
    const points = run.series[0].points;
    const index = this.index ?? points.step.length - 1;
    const step = points.step[index] ?? 0;
    const loss = formatLoss(points.loss[index] ?? NaN);
    const overflowed = index === points.step.length - 1 ? overflowedAt(run) : null;
    this.readout.textContent = readoutText(formatInteger(step), formatInteger(run.final.step), loss);
    this.scrubber.setAttribute(
      'aria-valuetext',
      `Step ${formatInteger(step)} of ${formatInteger(run.final.step)}, loss ${loss}, ${formatParams(run.formula.variables, points.params[index] ?? [])}${overflowed === null ? '' : `; step ${formatInteger(overflowed)} overflowed`}`,
    );
  }

  /** Gives the readout the width of the widest text it can show for this run (the sizers change only with it). */
  private sizeReadout(run: RunView): void {
    const sizes = readoutSizes(run);
    const key = sizes.join('\n');
    if (key === this.readoutSizesKey) return;
    this.readoutSizesKey = key;
    this.readoutBox.replaceChildren(this.readout, ...sizes.map((text) => h('span', { className: 'player-readout-sizer', text, attrs: { 'aria-hidden': 'true' } })));
  }
}

function readoutText(step: string, lastStep: string, loss: string): string {
  return `Step ${step}/${lastStep} · loss ${loss}`;
}

/**
 * The texts as wide as any the readout can show for this run. The numerals are tabular, so a text's width
 * depends only on its shape (each digit written as 0): no step is wider than the last one, and the losses come in
 * a few shapes (0.0000, 0.000e-0, −0.0000, …); one text per loss shape, with the widest step, covers them all.
 */
function readoutSizes(run: RunView): string[] {
  const shapeOf = (text: string): string => text.replace(/\d/g, '0');
  const lastStep = formatInteger(run.final.step);
  const lossShapes = new Set<string>();
  for (const loss of run.series[0].points.loss) lossShapes.add(shapeOf(formatLoss(loss)));
  return [...lossShapes].map((loss) => readoutText(shapeOf(lastStep), lastStep, loss));
}

/** The index of the kept step nearest `step`. */
function nearestIndex(steps: readonly number[], step: number): number {
  let best = 0;
  for (let i = 1; i < steps.length; i++) if (Math.abs(steps[i] - step) < Math.abs(steps[best] - step)) best = i;
  return best;
}
