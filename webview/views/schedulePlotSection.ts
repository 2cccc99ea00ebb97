/** "Plot schedule": a training-code schedule on its own, with no loss: what it is, and η (and momentum) per update. */
import { FRAMEWORK_LABELS } from '../../src/shared/labels';
import type { ScheduleView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { schedulePlotChartModel } from '../charts/schedulePlotChart';
import { h, setChildren } from '../dom';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export class SchedulePlotSection {
  readonly element: HTMLElement;
  private readonly title = h('h1', { className: 'formula-title schedule-plot-title' });
  private readonly description = h('p', { className: 'schedule-plot-description' });
  private readonly chart = new ChartView({ label: 'Learning rate per update', sizeClass: 'chart-large' });
  private readonly card: HTMLElement;

  constructor(private readonly context: SectionContext) {
    this.card = createChartSection({ title: 'Learning-rate schedule', className: 'schedule-plot-section', chart: this.chart, post: context.post, theme: context.theme });
    this.element = h('div', { className: 'schedule-plot', hidden: true }, [h('header', { className: 'schedule-plot-header' }, [this.title, this.description]), this.card]);
  }

  render(view: ScheduleView | null): void {
    this.element.hidden = view === null;
    this.card.hidden = view === null;
    if (!view) return;
    this.title.textContent = view.title;
    setChildren(this.description, [
      h('code', { className: 'training-call', text: view.description }),
      ` · ${FRAMEWORK_LABELS[view.framework]} semantics: the first update sees step 0 of the schedule.`,
    ]);
    this.chart.render(schedulePlotChartModel(view, this.context.theme()));
  }
}
