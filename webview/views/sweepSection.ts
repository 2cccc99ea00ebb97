/** The learning-rate sweep: final loss or steps to converge against η; a point click simulates that η. */
import type { SweepView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { referenceLinesPlugin } from '../charts/referenceLines';
import { sweepChartModel } from '../charts/sweepChart';
import type { SweepMetric } from '../state';
import { createRadioGroup } from '../toolkit';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export class SweepSection {
  readonly element: HTMLElement;
  private readonly chart = new ChartView({ label: 'Learning-rate sweep', sizeClass: 'chart-large', plugins: [referenceLinesPlugin] });
  private readonly metric;
  private syncing = false;

  constructor(
    private readonly context: SectionContext,
    onMetricChosen: (metric: SweepMetric) => void,
  ) {
    this.metric = createRadioGroup<SweepMetric>(
      'Show',
      [
        { value: 'finalLoss', label: 'Final loss' },
        { value: 'stepsToConverge', label: 'Steps to converge' },
      ],
      (metric) => {
        if (!this.syncing) onMetricChosen(metric);
      },
    );
    this.element = createChartSection({
      title: 'Learning-rate sweep',
      className: 'sweep-section',
      chart: this.chart,
      tools: [this.metric],
      post: context.post,
      theme: context.theme,
    });
  }

  render(sweep: SweepView | null, metric: SweepMetric): void {
    this.element.hidden = sweep === null;
    if (!sweep) return;
    this.syncing = true;
    this.metric.value = metric;
    this.syncing = false;
    this.chart.render(
      sweepChartModel({
        sweep,
        metric,
        theme: this.context.theme(),
        onSimulate: (learningRate) => this.context.post({ type: 'simulateLearningRate', learningRate }),
      }),
    );
  }
}
