/**
 * The PNG export: the chart's canvas is transparent (the panel's background shows through), so it is copied
 * onto an opaque fill of the theme's editor color first; otherwise an image viewer shows light text on white.
 */
import { isLightBackground, type ChartTheme } from '../theme';

export function chartToPngDataUrl(canvas: HTMLCanvasElement, theme: ChartTheme): string {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d');
  if (!context) throw new Error('No 2D canvas context for the PNG export.');
  // A solid base first, in case the theme's editor color has transparency.
  context.fillStyle = isLightBackground(theme.kind) ? '#ffffff' : '#000000';
  context.fillRect(0, 0, copy.width, copy.height);
  context.fillStyle = theme.background;
  context.fillRect(0, 0, copy.width, copy.height);
  context.drawImage(canvas, 0, 0);
  return copy.toDataURL('image/png');
}
