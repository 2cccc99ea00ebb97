/**
 * The colors and font the charts draw with, read from the CSS variables VS Code sets on the page for the
 * active theme (`--vscode-*` on <html>, a theme class on <body>). VS Code swaps both in place when the user
 * changes theme; `watchTheme` notices and the charts redraw with the new colors at once.
 *
 * Chart elements (axes, grid, text, markers) use the theme's own variables. Data series use the Okabe–Ito
 * palette instead, which stays distinguishable under the common color-vision deficiencies; the theme only
 * picks which of its colors lead (dark blues vanish on dark backgrounds, yellows on light ones).
 */

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface ChartTheme {
  kind: ThemeKind;
  /** Text and axis lines. */
  foreground: string;
  /** Secondary text: axis titles, tick labels of minor ticks. */
  mutedForeground: string;
  /** The editor background: the panel's own background and the PNG export's. */
  background: string;
  grid: string;
  focus: string;
  fontFamily: string;
  fontSize: number;
  /** Series colors, most prominent first; series[0] is the current run. */
  series: readonly string[];
  overshoot: string;
  divergence: string;
  convergence: string;
  /** Reference lines such as the critical learning rate. */
  reference: string;
}

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Okabe–Ito ordered so the first colors have at least 3:1 contrast with the theme's background. */
const SERIES_ON_DARK = [
  OKABE_ITO.skyBlue,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.yellow,
  OKABE_ITO.vermillion,
  OKABE_ITO.blue,
];
const SERIES_ON_LIGHT = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
];

interface Fallbacks {
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  focus: string;
}

/** Used only when a variable is missing (a theme that leaves it unset, or a page outside VS Code). */
const FALLBACKS: Record<ThemeKind, Fallbacks> = {
  dark: { foreground: '#cccccc', muted: '#9d9d9d', background: '#1e1e1e', grid: '#cccccc33', focus: '#007fd4' },
  light: { foreground: '#3b3b3b', muted: '#717171', background: '#ffffff', grid: '#61616133', focus: '#0090f1' },
  'high-contrast': { foreground: '#ffffff', muted: '#ffffff', background: '#000000', grid: '#ffffff80', focus: '#f38518' },
  'high-contrast-light': { foreground: '#292929', muted: '#292929', background: '#ffffff', grid: '#29292980', focus: '#006bbd' },
};

export function currentThemeKind(body: HTMLElement = document.body): ThemeKind {
  const classes = body.classList;
  // High-contrast light carries both classes (VS Code adds the old one for compatibility): test it first.
  if (classes.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (classes.contains('vscode-high-contrast')) return 'high-contrast';
  if (classes.contains('vscode-light')) return 'light';
  return 'dark';
}

export function isHighContrast(kind: ThemeKind): boolean {
  return kind === 'high-contrast' || kind === 'high-contrast-light';
}

export function isLightBackground(kind: ThemeKind): boolean {
  return kind === 'light' || kind === 'high-contrast-light';
}

export function readChartTheme(): ChartTheme {
  const kind = currentThemeKind();
  const fallback = FALLBACKS[kind];
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, otherwise: string): string => style.getPropertyValue(`--vscode-${name}`).trim() || otherwise;
  const foreground = read('editor-foreground', read('foreground', fallback.foreground));
  const highContrast = isHighContrast(kind);
  return {
    kind,
    foreground,
    // High-contrast themes have no dimmed text: everything must meet the contrast bar.
    mutedForeground: highContrast ? foreground : read('descriptionForeground', fallback.muted),
    background: read('editor-background', fallback.background),
    // The theme's chart lines are meant for a few lines; as a full grid behind data they are halved.
    grid: highContrast ? read('contrastBorder', fallback.grid) : fadeColor(read('charts-lines', fallback.grid), 0.5),
    focus: read('focusBorder', fallback.focus),
    fontFamily: read('font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(read('font-size', '13px')) || 13,
    series: isLightBackground(kind) ? SERIES_ON_LIGHT : SERIES_ON_DARK,
    overshoot: read('charts-orange', OKABE_ITO.orange),
    divergence: read('charts-red', OKABE_ITO.vermillion),
    convergence: read('charts-green', OKABE_ITO.bluishGreen),
    reference: read('charts-foreground', foreground),
  };
}

/** The color with its opacity multiplied by `factor` (the canvas parses any CSS color for us). */
export function fadeColor(color: string, factor: number): string {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return color;
  context.fillStyle = '#000000';
  context.fillStyle = color;
  const normalized = String(context.fillStyle);
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(normalized);
  if (hex) return `rgba(${parseInt(hex[1], 16)}, ${parseInt(hex[2], 16)}, ${parseInt(hex[3], 16)}, ${factor})`;
  const rgba = /^rgba?\(([^)]+)\)$/.exec(normalized);
  if (!rgba) return color;
  const [r, g, b, a = '1'] = rgba[1].split(',').map((part) => part.trim());
  return `rgba(${r}, ${g}, ${b}, ${Number(a) * factor})`;
}

/**
 * Calls `onChange` whenever VS Code switches theme: it rewrites the body's theme class and the variables in
 * <html>'s style together, and one observer sees both in a single callback.
 */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
