/**
 * Chart legends as HTML rather than canvas text: each entry is a real toggle button (keyboard reachable,
 * announced with its state), wraps in a narrow panel, and uses the theme's text color. The swatch is a small
 * SVG repeating the series' line pattern or the marker's shape, so the legend never relies on color alone.
 */
import type { PointStyle } from 'chart.js';
import { h } from '../dom';

export type Swatch =
  | { kind: 'line'; width: number; dash: readonly number[] }
  | { kind: 'marker'; shape: Exclude<PointStyle, false | HTMLImageElement | HTMLCanvasElement>; fill: string }
  /** A note with nothing drawn to stand for (why the sweep has no critical η line): blank, to keep the column. */
  | { kind: 'none' };

export interface LegendEntry {
  label: string;
  color: string;
  swatch: Swatch;
  hidden: boolean;
  /** Show or hide the entry's datasets; absent for entries that only explain a mark. */
  toggle?: () => void;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Each toggle button's current action. */
const toggles = new WeakMap<HTMLButtonElement, () => void>();

/** What each list shows now, to leave it as it is when a redraw (a frame of a drag) brings the same entries. */
const shown = new WeakMap<HTMLElement, string>();

export function renderLegend(list: HTMLElement, entries: readonly LegendEntry[]): void {
  const key = JSON.stringify(entries.map(({ label, color, swatch, hidden, toggle }) => [label, color, swatch, hidden, toggle !== undefined]));
  if (shown.get(list) === key) {
    // The same entries: only their toggles' actions are new (they close over the new chart data).
    const buttons = list.querySelectorAll('button');
    let at = 0;
    for (const entry of entries) if (entry.toggle) toggles.set(buttons[at++]!, entry.toggle);
    return;
  }
  shown.set(list, key);
  // Redrawn after every toggle: keep keyboard focus on the entry that was pressed.
  const focused = [...list.querySelectorAll('button')].findIndex((button) => button === document.activeElement);
  list.replaceChildren(
    ...entries.map((entry) => {
      const content = [swatchOf(entry), h('span', { className: 'legend-label', text: entry.label })];
      if (!entry.toggle) return h('li', { className: 'legend-entry' }, content);
      const toggle = entry.toggle;
      const button = h(
        'button',
        {
          className: 'legend-entry legend-toggle',
          attrs: { type: 'button', 'aria-pressed': String(!entry.hidden), title: entry.hidden ? 'Show' : 'Hide' },
        },
        content,
      );
      toggles.set(button, toggle);
      button.addEventListener('click', () => toggles.get(button)?.());
      return h('li', {}, [button]);
    }),
  );
  if (focused >= 0) list.querySelectorAll('button')[focused]?.focus();
}

function svgElement(name: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, name);
  // Presentation attributes, not inline styles: allowed by the panel's CSP.
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function swatchOf(entry: LegendEntry): SVGElement {
  const svg = svgElement('svg', { class: 'legend-swatch', width: 28, height: 14, viewBox: '0 0 28 14', 'aria-hidden': 'true' });
  const { swatch, color } = entry;
  if (swatch.kind === 'none') return svg;
  if (swatch.kind === 'line') {
    svg.append(
      svgElement('line', {
        x1: 1,
        y1: 7,
        x2: 27,
        y2: 7,
        stroke: color,
        'stroke-width': swatch.width,
        'stroke-dasharray': swatch.dash.length > 0 ? swatch.dash.join(' ') : 'none',
        'stroke-linecap': 'butt',
      }),
    );
    return svg;
  }
  const paint = { fill: swatch.fill, stroke: color, 'stroke-width': 1.5 };
  const cx = 14;
  const cy = 7;
  const r = 5;
  switch (swatch.shape) {
    case 'circle':
      svg.append(svgElement('circle', { cx, cy, r, ...paint }));
      break;
    case 'rect':
    case 'rectRounded':
      svg.append(svgElement('rect', { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, rx: swatch.shape === 'rectRounded' ? 2 : 0, ...paint }));
      break;
    case 'rectRot':
      svg.append(svgElement('polygon', { points: `${cx},${cy - r - 1} ${cx + r + 1},${cy} ${cx},${cy + r + 1} ${cx - r - 1},${cy}`, ...paint }));
      break;
    case 'triangle':
      svg.append(svgElement('polygon', { points: `${cx},${cy - r - 1} ${cx + r + 1},${cy + r} ${cx - r - 1},${cy + r}`, ...paint }));
      break;
    case 'crossRot':
    case 'cross': {
      const d = swatch.shape === 'crossRot' ? `M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx + r},${cy - r}L${cx - r},${cy + r}` : `M${cx},${cy - r}V${cy + r}M${cx - r},${cy}H${cx + r}`;
      svg.append(svgElement('path', { d, stroke: color, 'stroke-width': 2.5, fill: 'none' }));
      break;
    }
    case 'star': {
      const d = `M${cx},${cy - r - 1}V${cy + r + 1}M${cx - r - 1},${cy}H${cx + r + 1}M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx + r},${cy - r}L${cx - r},${cy + r}`;
      svg.append(svgElement('path', { d, stroke: color, 'stroke-width': 2, fill: 'none' }));
      break;
    }
    default:
      svg.append(svgElement('line', { x1: cx - r, y1: cy, x2: cx + r, y2: cy, stroke: color, 'stroke-width': 2 }));
  }
  return svg;
}
