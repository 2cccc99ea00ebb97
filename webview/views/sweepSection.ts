/**
 * The learning-rate sweep: final loss or steps to converge against η, with the current η marked; a point click
 * simulates that η. A sweep made for other settings than the run on screen says so (the host makes it again when
 * the settings settle; "Sweep again" does it at once).
 */
import type { RunView, SweepView } from '../../src/shared/protocol';
import { ChartView } from '../charts/chartView';
import { referenceLinesPlugin } from '../charts/referenceLines';
import { sweepChartModel } from '../charts/sweepChart';
import { h } from '../dom';
import { staleBecause } from '../staleness';
import type { SweepMetric } from '../state';
import { roundForCode } from '../../src/core/math/round';
import { createButton, createRadioGroup, type Button } from '../toolkit';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export class SweepSection {
  readonly element: HTMLElement;
  private readonly chart = new ChartView({ label: 'Learning-rate sweep', sizeClass: 'chart-large', plugins: [referenceLinesPlugin] });
  private readonly metric;
  private readonly stale = h('p', { className: 'stale-note', hidden: true, attrs: { role: 'note' } });
  private readonly useInCode: Button;
  /** The η the "Use η in code" button writes: the sweep's suggestion, rounded as the button says. */
  private suggested: number | null = null;
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
    this.useInCode = createButton('Use suggested η in code', () => {
      if (this.suggested !== null) this.context.post({ type: 'useLearningRateInCode', learningRate: this.suggested });
    });
    this.useInCode.hidden = true;
    this.element = createChartSection({
      title: 'Learning-rate sweep',
      className: 'sweep-section',
      chart: this.chart,
      tools: [this.metric, this.useInCode],
      notes: [this.stale],
      post: context.post,
      theme: context.theme,
    });
  }

  render(sweep: SweepView | null, metric: SweepMetric, run: RunView | null): void {
    this.element.hidden = sweep === null;
    if (!sweep) return;
    const because = run ? staleBecause(sweep, run, run.formula.variables) : null;
    // A sweep of a training script's optimizer can write its suggested η back into the script; not a stale one,
    // whose suggestion was checked for other settings.
    const writable = sweep.training?.writable === true && sweep.suggestedLearningRate !== null && because === null;
    this.suggested = writable && sweep.suggestedLearningRate !== null ? roundForCode(sweep.suggestedLearningRate) : null;
    this.useInCode.hidden = this.suggested === null;
    if (this.suggested !== null) {
      this.useInCode.textContent = `Use η = ${this.suggested} in code`;
      this.useInCode.title = `Write the suggested η = ${this.suggested} into ${sweep.training?.origin ?? 'the training code'}`;
    }
    this.syncing = true;
    this.metric.value = metric;
    this.syncing = false;
    this.stale.hidden = because === null;
    if (because !== null) {
      this.stale.replaceChildren(
        `This sweep was ${because}. `,
        createButton('Sweep again', () => this.context.post({ type: 'sweep' }), { title: 'Sweep η with the settings of the run shown now' }),
      );
    }
    this.element.classList.toggle('is-stale', because !== null);
    this.chart.render(
      sweepChartModel({
        sweep,
        metric,
        theme: this.context.theme(),
        currentLearningRate: run?.settings.learningRate ?? null,
        onSimulate: (learningRate) => this.context.post({ type: 'simulateLearningRate', learningRate }),
      }),
    );
  }
}
