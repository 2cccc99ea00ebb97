/** One polite live region for the whole panel: keyboard moves on a chart are spoken from here. */
import { h } from '../dom';

let region: HTMLElement | null = null;

export function announcerElement(): HTMLElement {
  region ??= h('div', { className: 'visually-hidden', attrs: { 'aria-live': 'polite', 'aria-atomic': 'true' } });
  return region;
}

export function announce(text: string): void {
  const element = announcerElement();
  // Clearing first makes a repeated message (the same point twice) be spoken again.
  element.textContent = '';
  element.textContent = text;
}
