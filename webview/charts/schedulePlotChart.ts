/**
 * A training-code schedule over its steps ("Plot schedule"): η per update and, when the schedule cycles it, the
 * momentum (or Adam's β1) per update on an axis of its own at the right.
 */
import type { ScheduleView } from '../../src/shared/protocol';
import { formatInteger, formatNumber } from '../format';
import type { ChartTheme } from '../theme';
import type { ChartLegendItem, ChartModel } from './model';
import { allPositive, baseOptions, numericAxis } from './setup';

export function schedulePlotChartModel(view: ScheduleView, theme: ChartTheme): ChartModel {
  const { steps, learningRates: rates, momenta } = view;
  const low = Math.min(...rates);
  const high = Math.max(...rates);
  // Schedules such as one-cycle span several decades; a log axis keeps the small end visible.
  const logAxis = allPositive(rates) && high / low > 50;
  const options = baseOptions(theme);
  options.scales = {
    x: numericAxis(theme, 'linear', 'Update', { min: 1, max: Math.max(2, view.totalSteps), integer: true }),
    y: numericAxis(theme, logAxis ? 'logarithmic' : 'linear', 'η'),
    ...(momenta ? { momentum: { ...numericAxis(theme, 'linear', 'momentum'), position: 'right' as const, grid: { drawOnChartArea: false } } } : {}),
  };
  const [rateColor, momentumColor] = [theme.series[0], theme.series[1]];
  const datasets: ChartModel['data']['datasets'] = [
    {
      label: 'η',
      data: steps.map((step, i) => ({ x: step, y: rates[i]! })),
      borderColor: rateColor,
      backgroundColor: rateColor,
      borderWidth: 2,
      pointRadius: 0,
      pointHoverRadius: 4,
      stepped: 'before',
    },
  ];
  const legend: ChartLegendItem[] = [{ label: 'η', color: rateColor, swatch: { kind: 'line', width: 2, dash: [] }, datasets: [0] }];
  if (momenta) {
    datasets.push({
      label: 'momentum',
      data: steps.map((step, i) => ({ x: step, y: momenta[i]! })),
      borderColor: momentumColor,
      backgroundColor: momentumColor,
      borderWidth: 2,
      borderDash: [6, 4],
      pointRadius: 0,
      pointHoverRadius: 4,
      yAxisID: 'momentum',
    });
    legend.push({ label: 'momentum (β1 for Adam)', color: momentumColor, swatch: { kind: 'line', width: 2, dash: [6, 4] }, datasets: [1] });
  }
  const peak = rates.indexOf(high);
  const momentumWords = momenta ? ` Momentum goes from ${formatNumber(momenta[0]!)} to ${formatNumber(Math.min(...momenta))} and back to ${formatNumber(momenta[momenta.length - 1]!)}.` : '';
  return {
    data: { datasets },
    options,
    legend,
    describePoint: (datasetIndex, index) => ({
      title: `Update ${formatInteger(steps[index]!)}`,
      lines: datasetIndex === 0 || !momenta ? [`η = ${formatNumber(rates[index]!, 4)}`] : [`momentum = ${formatNumber(momenta[index]!, 4)}`],
    }),
    navigable: momenta ? [0, 1] : [0],
    summary:
      `${view.title}: η goes from ${formatNumber(rates[0]!)} to ${formatNumber(rates[rates.length - 1]!)} over ${formatInteger(view.totalSteps)} updates, ` +
      `peaking at ${formatNumber(high)} at update ${formatInteger(steps[peak]!)}.${momentumWords}`,
  };
}
