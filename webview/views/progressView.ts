/** A long run under way: a progress bar with the count (steps of a run, or runs of a sweep), and Cancel. */
import type { WebviewMessage } from '../../src/shared/protocol';
import { h } from '../dom';
import { formatInteger } from '../format';
import { createButton } from '../toolkit';

export class ProgressView {
  readonly element: HTMLElement;
  private readonly bar = h('progress', { attrs: { 'aria-label': 'Simulation progress' } });
  private readonly text = h('span', { className: 'progress-text' });
  private readonly cancel;
  /** The newest run drawn: progress for it or anything older is stale. */
  private drawnRunId = -Infinity;
  /** The run whose progress is shown, and whether the user asked to cancel it. */
  private runningId = -Infinity;
  private cancelling = false;

  constructor(post: (message: WebviewMessage) => void) {
    this.cancel = createButton(
      'Cancel',
      () => {
        this.cancelling = true;
        this.cancel.toggleAttribute('disabled', true);
        this.text.textContent = `${this.text.textContent} · cancelling…`;
        post({ type: 'cancel' });
      },
      { title: 'Stop this run and show what it did so far' },
    );
    this.element = h('section', { className: 'run-progress', hidden: true, attrs: { 'aria-label': 'Run in progress' } }, [
      this.bar,
      this.text,
      this.cancel,
    ]);
  }

  /** A run (or sweep) with this id has been drawn: progress up to it is over. */
  finish(runId: number): void {
    this.drawnRunId = Math.max(this.drawnRunId, runId);
    if (this.runningId <= this.drawnRunId) this.element.hidden = true;
  }

  update(runId: number, step: number, maxSteps: number, unit: 'steps' | 'runs'): void {
    if (runId <= this.drawnRunId || runId < this.runningId) return;
    if (runId > this.runningId) {
      this.runningId = runId;
      this.bar.setAttribute('aria-label', unit === 'runs' ? 'Sweep progress' : 'Simulation progress');
      this.cancelling = false;
      this.cancel.toggleAttribute('disabled', false);
    }
    if (this.cancelling) return; // keep saying "cancelling…" until the run answers
    const done = Math.min(step, maxSteps);
    this.bar.max = maxSteps;
    this.bar.value = done;
    const noun = unit === 'runs' ? 'Learning rate' : 'Step';
    this.text.textContent = `${noun} ${formatInteger(done)} of ${formatInteger(maxSteps)}`;
    this.element.hidden = false;
  }
}
