/**
 * The stability map (η × momentum β, or η × Adam's β1): verdicts over a grid of the two, Distill's diagram for any
 * formula. A click or Enter on a cell runs that setting. A map made for other settings says so, with "Map again".
 */
import type { RunView, StabilityMapView } from '../../src/shared/protocol';
import { cellGridPlugin } from '../charts/cellGridPlugin';
import { ChartView } from '../charts/chartView';
import { parameterValueOf, stabilityMapChartModel } from '../charts/stabilityMapChart';
import { h } from '../dom';
import { staleBecause } from '../staleness';
import { createButton } from '../toolkit';
import { createChartSection } from './chartSection';
import type { SectionContext } from './sectionContext';

export class StabilityMapSection {
  readonly element: HTMLElement;
  private readonly chart = new ChartView({ label: 'Stability map: verdicts over η and momentum', sizeClass: 'chart-map', plugins: [cellGridPlugin] });
  private readonly stale = h('p', { className: 'stale-note', hidden: true, attrs: { role: 'note' } });
  private readonly title: HTMLElement;

  constructor(private readonly context: SectionContext) {
    this.element = createChartSection({
      title: 'Stability map',
      className: 'stability-map-section',
      chart: this.chart,
      notes: [this.stale],
      post: context.post,
      theme: context.theme,
    });
    this.title = this.element.querySelector('h2') ?? h('h2');
  }

  /** Shown while there is a map for this formula and the run's optimizer has the map's parameter. */
  render(map: StabilityMapView | null, run: RunView | null): void {
    const shown = map !== null && run !== null && parameterValueOf(run.settings.optimizer, map.parameter) !== null;
    this.element.hidden = !shown;
    if (!shown || !map || !run) return;
    this.title.textContent = map.parameter === 'momentum' ? 'Stability map: η × momentum β' : 'Stability map: η × β1';
    const because = staleBecause(map, run, run.formula.variables, map.parameter);
    this.stale.hidden = because === null;
    if (because !== null) {
      this.stale.replaceChildren(
        `This map was ${because}. `,
        createButton('Map again', () => this.context.post({ type: 'stabilityMap' }), { title: 'Map the verdicts with the settings of the run shown now' }),
      );
    }
    this.element.classList.toggle('is-stale', because !== null);
    this.chart.render(
      stabilityMapChartModel({
        map,
        current: run.settings,
        theme: this.context.theme(),
        onSimulate: (learningRate, value) => this.context.post({ type: 'simulateMapCell', learningRate, parameter: map.parameter, value }),
      }),
    );
  }
}
