/** The learning rate η per step of the current run, shown when the schedule changes it over the run. */
import type { RunView } from '../../src/shared/protocol';
import { formatInteger, formatNumber } from '../format';
import { countOf } from '../plural';
import { scheduleNameInText } from '../../src/shared/labels';
import type { ChartTheme } from '../theme';
import type { ChartModel } from './model';
import { allPositive, baseOptions, numericAxis } from './setup';

export function scheduleChartModel(run: RunView, theme: ChartTheme): ChartModel {
  const points = run.series[0].points;
  const rates = points.learningRate;
  const low = Math.min(...rates);
  const high = Math.max(...rates);
  // Schedules such as one-cycle span several decades; a log axis keeps the small end visible.
  const logAxis = allPositive(rates) && high / low > 50;
  const options = baseOptions(theme);
  options.scales = {
    x: numericAxis(theme, 'linear', 'Step', { min: 0, max: Math.max(1, points.step[points.step.length - 1]), integer: true }),
    y: numericAxis(theme, logAxis ? 'logarithmic' : 'linear', 'η'),
  };
  const color = theme.series[0];
  const peak = rates.indexOf(high);
  const scheduleName = scheduleNameInText(run.settings.schedule.kind);
  return {
    data: {
      datasets: [
        {
          label: 'η',
          data: points.step.map((step, i) => ({ x: step, y: rates[i] })),
          borderColor: color,
          backgroundColor: color,
          borderWidth: 2,
          pointRadius: 0,
          pointHoverRadius: 4,
          stepped: 'before',
        },
      ],
    },
    options,
    legend: [],
    describePoint: (_datasetIndex, index) => ({
      title: `Step ${formatInteger(points.step[index])}`,
      lines: [`η = ${formatNumber(rates[index], 4)}`],
    }),
    navigable: [0],
    summary:
      `Learning rate schedule (${scheduleName}): η goes from ${formatNumber(rates[0])} to ` +
      `${formatNumber(rates[rates.length - 1])} over ${countOf(run.final.step, 'step')}, ` +
      `peaking at ${formatNumber(high)} at step ${formatInteger(points.step[peak])}.`,
  };
}
