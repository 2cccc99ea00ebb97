/**
 * Ways to explore beyond one run: compare η/10, η, 10η; for a loss over data, compare batch sizes and constant η
 * against cosine annealing; pin and clear runs; sweep η; map the verdicts over η and momentum. (Export sits with
 * the run's details.)
 */
import type { RunView, WebviewMessage } from '../../src/shared/protocol';
import { h } from '../dom';
import { roundForCode } from '../../src/core/math/round';
import { createButton, type Button } from '../toolkit';

export class ExploreToolbar {
  readonly element: HTMLElement;
  private readonly clearPinned: Button;
  private readonly stabilityMap: Button;
  private readonly useInCode: Button;
  /** The η "Use η in code" writes: the current run's. */
  private learningRate: number | null = null;
  private readonly buttons: Button[];
  /** For a loss over data only. */
  private readonly dataButtons: Button[];

  constructor(post: (message: WebviewMessage) => void) {
    const compare = createButton('Compare η/10 · η · 10η', () => post({ type: 'compareLearningRates' }), {
      title: 'Run η/10 and 10η next to this run',
    });
    const pin = createButton('Pin run', () => post({ type: 'pinRun' }), { title: 'Keep this run on the charts while you change settings' });
    this.clearPinned = createButton('Clear pinned', () => post({ type: 'clearPinned' }), { title: 'Remove pinned and compared runs' });
    const sweep = createButton('Sweep η', () => post({ type: 'sweep' }), { title: 'Run a range of learning rates and chart the final loss' });
    const batchSizes = createButton('Compare batch sizes', () => post({ type: 'compareBatchSizes' }), {
      title: 'Run the full batch and two batch sizes next to this run, on the same data and seed',
    });
    const schedules = createButton('Constant η · cosine', () => post({ type: 'compareSchedules' }), {
      title: 'Run a constant η and cosine annealing of η to 0 next to each other, on the same data and seed',
    });
    this.dataButtons = [batchSizes, schedules];
    this.stabilityMap = createButton('Stability map', () => post({ type: 'stabilityMap' }), {
      title: 'Map the verdict over η and momentum β (or Adam’s β1)',
    });
    this.useInCode = createButton('Use η in code', () => {
      if (this.learningRate !== null) post({ type: 'useLearningRateInCode', learningRate: this.learningRate });
    });
    this.useInCode.hidden = true;
    this.buttons = [compare, ...this.dataButtons, pin, this.clearPinned, sweep, this.stabilityMap, this.useInCode];
    this.element = h('section', { className: 'explore-toolbar', attrs: { 'aria-label': 'Explore' } }, [
      h('div', { className: 'toolbar-group' }, this.buttons),
    ]);
    this.setEnabled(false);
  }

  show(run: RunView): void {
    this.setEnabled(true);
    const hasOthers = run.series.some((series) => series.role !== 'current');
    this.clearPinned.toggleAttribute('disabled', !hasOthers);
    for (const button of this.dataButtons) button.hidden = !run.minibatch;
    // Gradient descent and the other one-knob optimizers have no second setting to map against η.
    const mappable = ['momentum', 'nesterov', 'adam', 'adamw'].includes(run.settings.optimizer.kind);
    this.stabilityMap.toggleAttribute('disabled', !mappable);
    this.stabilityMap.title = mappable
      ? 'Map the verdict over η and momentum β (or Adam’s β1)'
      : 'Choose Momentum, Nesterov, Adam or AdamW to map the verdict over η and their momentum';
    // A run of a training script's optimizer can write its η back into the script (on this click only).
    const writable = run.training?.writable === true;
    this.useInCode.hidden = !writable;
    this.learningRate = writable ? roundForCode(run.settings.learningRate) : null;
    if (writable && run.training && this.learningRate !== null) {
      const η = String(this.learningRate);
      this.useInCode.textContent = `Use η = ${η} in code`;
      this.useInCode.title = `Write η = ${η} into ${run.training.origin}`;
    }
  }

  setEnabled(enabled: boolean): void {
    for (const button of this.buttons) button.toggleAttribute('disabled', !enabled);
  }
}
