/** The η schedule, shown only when the learning rate changes over the run. */
import type { RunView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { scheduleChartModel } from '../charts/scheduleChart';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export class ScheduleSection {
  readonly element: HTMLElement;
  private readonly chart = new ChartView({ label: 'Learning rate per step', sizeClass: 'chart-small' });

  constructor(private readonly context: SectionContext) {
    this.element = createChartSection({
      title: 'Learning rate schedule',
      className: 'schedule-section',
      chart: this.chart,
      post: context.post,
      theme: context.theme,
    });
  }

  render(run: RunView): void {
    this.element.hidden = run.constantLearningRate;
    if (!run.constantLearningRate) this.chart.render(scheduleChartModel(run, this.context.theme()));
  }
}
