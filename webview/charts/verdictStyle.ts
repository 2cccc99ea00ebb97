/**
 * One look per verdict, shared by the sweep chart and the verdict line: an Okabe–Ito color and a distinct
 * marker shape (and glyph for text), so a verdict never depends on color alone.
 */
import type { PointStyle } from 'chart.js';
import type { Verdict } from '../../src/core/optim/types';
import { OKABE_ITO } from '../theme';

export interface VerdictStyle {
  color: string;
  pointStyle: PointStyle;
  /** The same shape as a character, for the verdict line above the charts. */
  glyph: string;
}

export const VERDICT_STYLES: Record<Verdict, VerdictStyle> = {
  converged: { color: OKABE_ITO.bluishGreen, pointStyle: 'circle', glyph: '●' },
  'needs-more-steps': { color: OKABE_ITO.skyBlue, pointStyle: 'rect', glyph: '■' },
  'too-slow': { color: OKABE_ITO.reddishPurple, pointStyle: 'triangle', glyph: '▲' },
  oscillating: { color: OKABE_ITO.orange, pointStyle: 'rectRot', glyph: '◆' },
  diverged: { color: OKABE_ITO.vermillion, pointStyle: 'crossRot', glyph: '✕' },
  stationary: { color: '#999999', pointStyle: 'rectRounded', glyph: '▬' },
};
