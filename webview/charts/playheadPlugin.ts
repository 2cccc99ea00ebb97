/**
 * The playhead: the step the player (or the pointer, or the arrow keys on either chart) is on, drawn over the
 * loss curve and the landscape at once. A mark, not data: moving it redraws the chart (`chart.draw()`) without
 * updating its datasets, so scrubbing stays smooth on runs of thousands of points.
 *
 * On the loss chart: a thin vertical line at the step and a ring on the curve. On the landscape: the step just
 * taken as an arrow from the previous point to this one, and a ring, so an overshoot is seen as a jump across the
 * valley.
 */
import type { Chart, Plugin } from 'chart.js';

export interface PlayheadMark {
  /** The point, in data coordinates. */
  at: { x: number; y: number };
  /** The point before it, for the arrow of the step (the landscape). */
  from?: { x: number; y: number } | null;
  /** A vertical line through the point across the chart (the loss chart). */
  rule?: boolean;
  color: string;
  /** The ring's fill, so it stands out on any background. */
  fill: string;
}

const marks = new WeakMap<Chart, PlayheadMark | null>();

/** Sets (or clears, with null) the mark the chart draws; the caller redraws. */
export function setPlayheadMark(chart: Chart, mark: PlayheadMark | null): void {
  marks.set(chart, mark);
}

export const playheadPlugin: Plugin<'line'> = {
  id: 'playhead',
  afterDatasetsDraw(chart) {
    const mark = marks.get(chart as unknown as Chart);
    if (!mark) return;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x.getPixelForValue(mark.at.x);
    const y = scales.y.getPixelForValue(mark.at.y);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
    ctx.clip();
    ctx.strokeStyle = mark.color;
    if (mark.rule) {
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x, chartArea.top);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    if (mark.from) {
      const fromX = scales.x.getPixelForValue(mark.from.x);
      const fromY = scales.y.getPixelForValue(mark.from.y);
      if (Number.isFinite(fromX) && Number.isFinite(fromY) && Math.hypot(x - fromX, y - fromY) > 4) drawArrow(ctx, fromX, fromY, x, y, mark.color);
    }
    ctx.lineWidth = 2.5;
    ctx.fillStyle = mark.fill;
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
  },
};

function drawArrow(ctx: CanvasRenderingContext2D, fromX: number, fromY: number, toX: number, toY: number, color: string): void {
  const angle = Math.atan2(toY - fromY, toX - fromX);
  // The arrow ends at the ring's edge, not under it.
  const endX = toX - 7 * Math.cos(angle);
  const endY = toY - 7 * Math.sin(angle);
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(fromX, fromY);
  ctx.lineTo(endX, endY);
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.moveTo(endX, endY);
  ctx.lineTo(endX - 8 * Math.cos(angle - 0.4), endY - 8 * Math.sin(angle - 0.4));
  ctx.lineTo(endX - 8 * Math.cos(angle + 0.4), endY - 8 * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}
