/**
 * The loss surface around the path, with the iterates on it joined in order.
 * - One variable (`curve`): f over the visited range and the iterates on it, so an overshoot shows as a jump
 *   across the valley.
 * - Two or more (`contour`): filled level bands of f over two variables (the others held fixed) and the path
 *   over them, so zig-zags across a valley and outward spirals show; start and end marked.
 */
import type { ChartDataset } from 'chart.js';
import type { LandscapeView, RunView, SeriesView } from '../../src/shared/protocol';
import { formatInteger, formatNumber } from '../format';
import { countOf } from '../plural';
import { isLightBackground, type ChartTheme } from '../theme';
import { clipToBox, type Box } from './clipDiverged';
import { LevelScale } from './colormap';
import type { ContourLayer } from './contourPlugin';
import { describeTracePoint } from './lossChart';
import type { ChartLegendItem, ChartModel, PointDescription } from './model';
import { SeriesColors } from './seriesStyle';
import { baseOptions, numericAxis, type ChartPoint } from './setup';

type Curve = Extract<LandscapeView, { kind: 'curve' }>;
type Contour = Extract<LandscapeView, { kind: 'contour' }>;

export interface LandscapeInput {
  run: RunView;
  landscape: LandscapeView;
  theme: ChartTheme;
  colors: SeriesColors;
  hiddenSeries: ReadonlySet<string>;
  onToggleSeries(key: string): void;
}

type DatasetRole =
  | { kind: 'path'; series: SeriesView }
  | { kind: 'start'; series: SeriesView }
  | { kind: 'end'; series: SeriesView }
  | { kind: 'surface' }
  | { kind: 'halo' };

/** The color bar's width and the gaps beside it; its labels' width is measured. */
const COLOR_BAR_WIDTH = 10;
const COLOR_BAR_GAPS = 10 + 4 + 6;

export function landscapeChartModel(input: LandscapeInput): ChartModel {
  const { run, landscape, theme, colors, hiddenSeries } = input;
  colors.assign(run.series, theme.series.length);
  const variables = run.formula.variables;
  const isContour = landscape.kind === 'contour';
  // Which coordinates of a parameter vector go on the axes.
  const xOf = (params: number[]) => (isContour ? params[landscape.x] : params[(landscape as Curve).variable]);
  const yOf = (params: number[], loss: number) => (isContour ? params[(landscape as Contour).y] : loss);

  const datasets: ChartDataset<'line', ChartPoint[]>[] = [];
  const roles: DatasetRole[] = [];
  const legend: ChartLegendItem[] = [];
  // Paths are drawn over a busy background: a halo in the page color under each keeps them readable.
  const halo = isLightBackground(theme.kind) ? 'rgba(255, 255, 255, 0.85)' : 'rgba(0, 0, 0, 0.7)';
  const showNames = run.series.length > 1;
  const box = mapBox(landscape);
  let currentPath = -1;

  run.series.forEach((series) => {
    const style = colors.styleOf(series, theme);
    const hidden = hiddenSeries.has(series.key);
    const pathDatasets: number[] = [];
    const points = series.points;
    const isCurrent = series.role === 'current';
    let data = points.params.map((params, i) => ({ x: xOf(params), y: yOf(params, points.loss[i]) }));
    let label = series.label;
    // A diverged comparison runs far off the map (the host sampled the surface around the bounded runs): it is
    // drawn up to where it leaves the map, and the legend says so.
    if (!isCurrent && series.verdict === 'diverged') {
      const clipped = clipToBox(data, box);
      data = clipped.data;
      const when = series.divergedAt === null ? 'diverged' : `diverged at step ${formatInteger(series.divergedAt)}`;
      label = `${series.label} (${when}${clipped.exit || data.length === 0 ? ': leaves the map' : ''})`;
    }
    const few = data.length <= 150;
    if (isContour) {
      datasets.push({
        label: '',
        data,
        borderColor: halo,
        backgroundColor: halo,
        borderWidth: style.width + 3,
        pointRadius: few ? 3.5 : 0,
        pointHoverRadius: 0,
        pointHitRadius: 0,
        hidden,
        order: 5,
      });
      roles.push({ kind: 'halo' });
      pathDatasets.push(datasets.length - 1);
    }
    datasets.push({
      label,
      data,
      borderColor: style.color,
      backgroundColor: style.color,
      // Wider than the others when they are drawn over it, so its color shows on both sides of theirs.
      borderWidth: isCurrent && showNames ? style.width + 1 : style.width,
      borderDash: style.dash,
      // Another run's path also carries a dot every twentieth of its length, ringed in the page's color: where it
      // follows the current path (the same valley), its dots still show whose it is.
      pointRadius: isCurrent ? (few ? 2.5 : 0) : markEvery(data.length, few ? 2 : 3),
      pointBorderColor: isCurrent ? style.color : halo,
      pointBorderWidth: isCurrent ? 1 : 1.5,
      pointHoverRadius: 5,
      hidden,
      // Other runs over the current one: runs of nearby η (or Adam's at any η) follow the same valley, and under the
      // current path they vanish; thinner and dashed on top, they let the current one show around and between them.
      order: isCurrent ? 3 : 2,
    });
    roles.push({ kind: 'path', series });
    pathDatasets.push(datasets.length - 1);
    if (isCurrent) currentPath = datasets.length - 1;
    legend.push({
      label,
      color: style.color,
      swatch: { kind: 'line', width: style.width, dash: style.dash },
      datasets: pathDatasets,
      onToggle: () => input.onToggleSeries(series.key),
    });
    if (isCurrent) {
      const first = data[0];
      const last = data[data.length - 1];
      datasets.push({
        label: 'Start',
        data: [first],
        showLine: false,
        pointStyle: 'circle',
        pointRadius: 6,
        pointHoverRadius: 7,
        borderWidth: 2.5,
        borderColor: theme.foreground,
        backgroundColor: theme.background,
        hidden,
        order: 1,
      });
      roles.push({ kind: 'start', series });
      legend.push({ label: 'Start', color: theme.foreground, swatch: { kind: 'marker', shape: 'circle', fill: theme.background }, datasets: [], fixed: true });
      datasets.push({
        label: 'End',
        data: [last],
        showLine: false,
        pointStyle: 'rectRot',
        pointRadius: 7,
        pointHoverRadius: 8,
        borderWidth: 2,
        borderColor: theme.background,
        backgroundColor: theme.foreground,
        hidden,
        order: 1,
      });
      roles.push({ kind: 'end', series });
      legend.push({ label: 'End', color: theme.background, swatch: { kind: 'marker', shape: 'rectRot', fill: theme.foreground }, datasets: [], fixed: true });
    }
  });

  const options = baseOptions(theme);
  const font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
  if (landscape.kind === 'curve') {
    const curve: Curve = landscape;
    const name = variables[curve.variable];
    datasets.push({
      label: `loss as a function of ${name}`,
      // NaN leaves a gap where the loss is not finite.
      data: curve.xs.map((x, i) => ({ x, y: curve.loss[i] ?? NaN })),
      borderColor: theme.mutedForeground,
      backgroundColor: theme.mutedForeground,
      borderWidth: 1.5,
      pointRadius: 0,
      pointHoverRadius: 0,
      pointHitRadius: 0,
      order: 10,
    });
    roles.push({ kind: 'surface' });
    legend.push({ label: `loss as a function of ${name}`, color: theme.mutedForeground, swatch: { kind: 'line', width: 1.5, dash: [] }, datasets: [], fixed: true });
    // The axes cover the sampled curve, which the host sampled around the current run (and bounded
    // comparisons): a diverged comparison's far-away steps run off the chart instead of flattening it.
    const { low, high } = curveRange(curve);
    options.scales = {
      x: numericAxis(theme, 'linear', name, { min: curve.xs[0], max: curve.xs[curve.xs.length - 1], labelBounds: false }),
      y: numericAxis(theme, 'linear', 'Loss', Number.isFinite(low) ? { min: low, max: high, labelBounds: false } : {}),
    };
  } else {
    options.scales = {
      x: numericAxis(theme, 'linear', variables[landscape.x], {
        min: landscape.xs[0],
        max: landscape.xs[landscape.xs.length - 1],
        labelBounds: false,
      }),
      y: numericAxis(theme, 'linear', variables[landscape.y], {
        min: landscape.ys[0],
        max: landscape.ys[landscape.ys.length - 1],
        labelBounds: false,
      }),
    };
    const colorBarRoom = COLOR_BAR_WIDTH + COLOR_BAR_GAPS + colorBarLabelWidth(landscape.loss, font);
    options.layout = { padding: { top: 4, right: colorBarRoom, bottom: 0, left: 0 } };
    const layer: ContourLayer = {
      xs: landscape.xs,
      ys: landscape.ys,
      loss: landscape.loss,
      labelColor: theme.foreground,
      font,
      colorBarWidth: colorBarRoom,
    };
    options.plugins = { ...options.plugins, contour: layer };
  }
  const describePoint = (datasetIndex: number, index: number): PointDescription | null => {
    const role = roles[datasetIndex];
    if (!role || role.kind === 'halo' || role.kind === 'surface') return null;
    const at = role.kind === 'path' ? index : role.kind === 'start' ? 0 : role.series.points.step.length - 1;
    const description = describeTracePoint(role.series, variables, at, showNames);
    if (role.kind === 'start') description.title = `Start · ${description.title}`;
    if (role.kind === 'end') description.title = `End · ${description.title}`;
    return description;
  };

  return {
    data: { datasets },
    options,
    legend,
    describePoint,
    navigable: roles.flatMap((role, index) => (role.kind === 'path' ? [index] : [])),
    summary: landscapeSummary(run, landscape),
    playhead:
      currentPath === -1
        ? undefined
        : {
            dataset: currentPath,
            hoverRadius: 24,
            mark: (index) => {
              const path = datasets[currentPath].data;
              const at = path[index];
              return at ? { at, from: index > 0 ? path[index - 1] : null, color: theme.foreground, fill: theme.background } : null;
            },
          },
  };
}

/** Point radii that mark about twenty evenly spaced points of a path (and its ends), the rest none. */
function markEvery(count: number, radius: number): number[] {
  const every = Math.max(1, Math.ceil(count / 20));
  return Array.from({ length: count }, (_, index) => (index % every === 0 || index === count - 1 ? radius : 0));
}

/** The map's extent in chart coordinates: the sampled grid, or the curve's x range and loss range. */
function mapBox(landscape: LandscapeView): Box {
  if (landscape.kind === 'contour') {
    return { xMin: landscape.xs[0], xMax: landscape.xs[landscape.xs.length - 1], yMin: landscape.ys[0], yMax: landscape.ys[landscape.ys.length - 1] };
  }
  const { low, high } = curveRange(landscape);
  return { xMin: landscape.xs[0], xMax: landscape.xs[landscape.xs.length - 1], yMin: low, yMax: high };
}

/** The loss axis of a curve: its finite values with 5% room either side. */
function curveRange(curve: Curve): { low: number; high: number } {
  const finite = curve.loss.filter((value): value is number => value !== null);
  if (finite.length === 0) return { low: -Infinity, high: Infinity };
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  const room = (high - low) * 0.05 || Math.max(1, Math.abs(high)) * 0.05;
  return { low: low - room, high: high + room };
}

/**
 * The widest label the color bar writes (its level values in the panel's format), measured in the chart's font,
 * so that a map whose losses run to 1.2e300 keeps its labels inside the chart.
 */
function colorBarLabelWidth(loss: readonly (number | null)[], font: string): number {
  // Measured once per landscape and font: a live drag redraws the same landscape every frame.
  const cached = labelWidths.get(loss);
  if (cached?.font === font) return cached.width;
  const levels = LevelScale.fit(loss);
  const context = document.createElement('canvas').getContext('2d');
  if (!levels || !context) return 48;
  context.font = font;
  let widest = 0;
  for (let band = 0; band <= levels.bands; band++) widest = Math.max(widest, context.measureText(formatNumber(levels.levelValue(band), 2)).width);
  const width = Math.ceil(widest);
  labelWidths.set(loss, { font, width });
  return width;
}

const labelWidths = new WeakMap<readonly (number | null)[], { font: string; width: number }>();

export function landscapeSummary(run: RunView, landscape: LandscapeView): string {
  const variables = run.formula.variables;
  const points = run.series[0].points;
  const steps = formatInteger(run.final.step);
  if (landscape.kind === 'curve') {
    const name = variables[landscape.variable];
    const values = points.params.map((params) => params[landscape.variable]);
    const crossings = countReversals(values);
    return (
      `Loss as a function of ${name} from ${formatNumber(landscape.xs[0])} to ${formatNumber(landscape.xs[landscape.xs.length - 1])}, ` +
      `with the ${steps}-step path from ${name} = ${formatNumber(values[0])} to ${name} = ${formatNumber(values[values.length - 1])}` +
      (crossings > 0 ? `; the iterates change direction ${countOf(crossings, 'time')}.` : '.')
    );
  }
  const [x, y] = [variables[landscape.x], variables[landscape.y]];
  const at = (params: number[]) => `(${formatNumber(params[landscape.x])}, ${formatNumber(params[landscape.y])})`;
  const held = variables
    .map((name, index) => (index === landscape.x || index === landscape.y ? null : `${name} = ${formatNumber(landscape.fixed[index])}`))
    .filter((text): text is string => text !== null);
  return (
    `Filled contour map of the loss over ${x} and ${y} (dark is low)` +
    (held.length > 0 ? `, other variables held at ${held.join(', ')}` : '') +
    `, with the ${steps}-step path from ${at(points.params[0])} to ${at(points.params[points.params.length - 1])} in (${x}, ${y}).`
  );
}

/** How many times a sequence turns back (a step in the opposite direction of the one before). */
function countReversals(values: readonly number[]): number {
  let reversals = 0;
  for (let i = 2; i < values.length; i++) {
    if ((values[i] - values[i - 1]) * (values[i - 1] - values[i - 2]) < 0) reversals += 1;
  }
  return reversals;
}

/**
 * Whether two landscapes are the same samples. A live run keeps the last landscape, but it arrives as new arrays
 * in every message: the section keeps the one it has, so the contour's raster (cached per landscape) is reused.
 */
export function sameLandscape(a: LandscapeView | null, b: LandscapeView | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  const same = (x: readonly (number | null)[], y: readonly (number | null)[]): boolean => x.length === y.length && x.every((value, i) => value === y[i]);
  if (a.kind === 'curve' && b.kind === 'curve') return a.variable === b.variable && same(a.xs, b.xs) && same(a.loss, b.loss);
  if (a.kind === 'contour' && b.kind === 'contour') {
    return a.x === b.x && a.y === b.y && same(a.xs, b.xs) && same(a.ys, b.ys) && same(a.fixed, b.fixed) && same(a.loss, b.loss);
  }
  return false;
}
