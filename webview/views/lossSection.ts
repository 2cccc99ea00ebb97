/** The loss chart with its log/linear switch; hovering it or its arrow keys move the playhead. */
import type { LossScale, RunView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { exitArrowsPlugin } from '../charts/exitArrowsPlugin';
import { lossChartModel, lossScaleFor } from '../charts/lossChart';
import { referenceLinesPlugin } from '../charts/referenceLines';
import { h, uniqueId } from '../dom';
import { formatNumber } from '../format';
import { createCheckbox } from '../toolkit';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export interface LossSectionEvents {
  /** The user switched the axis; the choice is remembered for later runs. */
  onScaleChosen(scale: LossScale): void;
  onToggleSeries(key: string): void;
  /** The user moved the batch loss's smoothing (0 … 0.99). */
  onSmoothingChosen(smoothing: number): void;
  onPlayheadMove(index: number): void;
}

export class LossSection {
  readonly element: HTMLElement;
  readonly chart: ChartView;
  private readonly logScale;
  private readonly note = h('span', { className: 'chart-note', hidden: true, text: 'Log scale needs a positive loss.' });
  /** Set while the checkbox is written from a view: the toolkit fires `change` for that too. */
  private syncing = false;
  /** TensorBoard's smoothing of the batch loss: shown for a minibatch run only. */
  private readonly smoothing: HTMLInputElement;
  private readonly smoothingValue = h('output', { className: 'smoothing-value' });
  private readonly smoothingControl: HTMLElement;

  constructor(
    private readonly context: SectionContext,
    private readonly events: LossSectionEvents,
  ) {
    this.chart = new ChartView({
      label: 'Loss per step',
      sizeClass: 'chart-large',
      plugins: [referenceLinesPlugin, exitArrowsPlugin],
      onPlayheadMove: (index) => events.onPlayheadMove(index),
    });
    this.logScale = createCheckbox('Log scale', (checked) => {
      if (!this.syncing) events.onScaleChosen(checked ? 'log' : 'linear');
    });
    const smoothingId = uniqueId('smoothing');
    this.smoothing = h('input', {
      id: smoothingId,
      attrs: { type: 'range', min: '0', max: '0.99', step: '0.01', 'aria-describedby': `${smoothingId}-hint` },
    }) as HTMLInputElement;
    this.smoothing.addEventListener('input', () => {
      const value = Number(this.smoothing.value);
      this.smoothingValue.textContent = formatNumber(value, 2);
      events.onSmoothingChosen(value);
    });
    this.smoothingControl = h('div', { className: 'smoothing-control', hidden: true }, [
      h('label', { text: 'Smoothing', attrs: { for: smoothingId } }),
      this.smoothing,
      this.smoothingValue,
      h('span', { id: `${smoothingId}-hint`, className: 'visually-hidden', text: 'Averages the batch loss over recent updates, as TensorBoard does' }),
    ]);
    this.element = createChartSection({
      title: 'Loss',
      className: 'loss-section',
      chart: this.chart,
      tools: [this.smoothingControl, this.note, this.logScale],
      post: context.post,
      theme: context.theme,
    });
  }

  render(run: RunView, scaleChoice: LossScale | null, hiddenSeries: ReadonlySet<string>, smoothing: number): void {
    this.smoothingControl.hidden = !run.series[0]?.batchLoss;
    if (document.activeElement !== this.smoothing) this.smoothing.value = String(smoothing);
    this.smoothingValue.textContent = formatNumber(smoothing, 2);
    const { scale, logPossible } = lossScaleFor(run, scaleChoice);
    this.syncing = true;
    this.logScale.checked = scale === 'log';
    this.logScale.toggleAttribute('disabled', !logPossible);
    this.syncing = false;
    this.note.hidden = logPossible;
    this.element.hidden = false;
    this.chart.render(
      lossChartModel({
        run,
        theme: this.context.theme(),
        scale,
        colors: this.context.colors,
        hiddenSeries,
        onToggleSeries: this.events.onToggleSeries,
        smoothing,
      }),
    );
  }
}
