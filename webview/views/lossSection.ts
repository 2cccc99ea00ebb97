/** The loss chart with its log/linear switch; hovering it or its arrow keys move the playhead. */
import type { LossScale, RunView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { exitArrowsPlugin } from '../charts/exitArrowsPlugin';
import { lossChartModel, lossScaleFor } from '../charts/lossChart';
import { referenceLinesPlugin } from '../charts/referenceLines';
import { h } from '../dom';
import { createCheckbox } from '../toolkit';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export interface LossSectionEvents {
  /** The user switched the axis; the choice is remembered for later runs. */
  onScaleChosen(scale: LossScale): void;
  onToggleSeries(key: string): void;
  onPlayheadMove(index: number): void;
}

export class LossSection {
  readonly element: HTMLElement;
  readonly chart: ChartView;
  private readonly logScale;
  private readonly note = h('span', { className: 'chart-note', hidden: true, text: 'Log scale needs a positive loss.' });
  /** Set while the checkbox is written from a view: the toolkit fires `change` for that too. */
  private syncing = false;

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
    this.element = createChartSection({
      title: 'Loss',
      className: 'loss-section',
      chart: this.chart,
      tools: [this.note, this.logScale],
      post: context.post,
      theme: context.theme,
    });
  }

  render(run: RunView, scaleChoice: LossScale | null, hiddenSeries: ReadonlySet<string>): void {
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
      }),
    );
  }
}
