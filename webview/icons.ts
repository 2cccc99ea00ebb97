/**
 * The player's icons as small SVGs drawn in the text color (the editor's fonts have no reliable glyphs for play,
 * pause or skip). Presentation attributes only: the panel's CSP allows no inline styles.
 */
const SVG = 'http://www.w3.org/2000/svg';

const SHAPES = {
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M4 2.5h3v11H4zM9 2.5h3v11H9z',
  stepBack: 'M3 2.5h2v11H3zM13 2.5v11L6 8z',
  stepForward: 'M11 2.5h2v11h-2zM3 2.5v11L10 8z',
} as const;

export type IconName = keyof typeof SHAPES;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', SHAPES[name]);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

/** Replaces an element's icon. */
export function setIcon(element: Element, name: IconName): void {
  element.querySelector('svg.icon')?.replaceWith(icon(name));
}
