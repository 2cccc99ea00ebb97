/**
 * Live intents — a slider or the start point being dragged — sent to the host so that the panel redraws as fast
 * as the host can answer, and no faster: at most one live intent is in flight; moves made meanwhile are merged into
 * the latest, sent when the answer arrives. (Posting every input event would queue runs in the host that nobody
 * sees, and the drag would lag further behind the pointer with each one.)
 *
 * It also measures what a person feels: from the input event to the frame that draws its answer. Each input is
 * marked (`gd-input`); when the answering run is drawn, the frame after it is marked (`gd-frame`) and the two are
 * joined in a `gd-input-to-frame` measure with the User Timing API. The webview tests check that these are
 * recorded; `npm run bench` reads them to report frames per second during a drag.
 */
import type { WebviewMessage } from '../src/shared/protocol';

export const INPUT_MARK = 'gd-input';
export const FRAME_MARK = 'gd-frame';
export const INPUT_TO_FRAME = 'gd-input-to-frame';
/** From the answer's arrival to the end of its drawing (validation and every chart's redraw): the panel's own work. */
export const DRAW = 'gd-draw';

/** A live intent the host has not answered in this long is taken as lost (a run the host refused, say). */
const LOST_AFTER_MILLISECONDS = 1000;
/** User Timing entries kept: enough for any drag, bounded however long the panel stays open. */
const KEPT_ENTRIES = 2000;

export class LiveChannel {
  private inFlight = false;
  /** When the input the in-flight intent answers happened (the earliest since the last one was sent). */
  private inFlightSince: number | null = null;
  private pending: WebviewMessage | null = null;
  private pendingSince: number | null = null;
  /** Input time of the answer to draw next: set when an answer arrives, read when its frame is drawn. */
  private answeredSince: number | null = null;
  /** When that answer arrived. */
  private answeredAt = 0;
  private lostTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (message: WebviewMessage) => void) {}

  /** A live move: posted now, or merged into the next post when one is in flight. */
  send(message: WebviewMessage): void {
    const at = performance.mark(INPUT_MARK).startTime;
    if (this.inFlight) {
      this.pending = message;
      this.pendingSince ??= at;
      return;
    }
    this.dispatch(message, at);
  }

  /** The end of a drag: drops moves not yet sent (the settled intent carries the final value) and posts it. */
  settle(message: WebviewMessage): void {
    this.pending = null;
    this.pendingSince = null;
    this.post(message);
  }

  /** A run arrived: the live intent in flight (if any) is answered, and the next move, if one waits, goes. */
  answered(): void {
    if (!this.inFlight) return;
    this.answeredSince = this.inFlightSince;
    this.answeredAt = performance.now();
    this.inFlight = false;
    this.inFlightSince = null;
    clearTimeout(this.lostTimer);
    this.sendPending();
  }

  /**
   * Call once the answer is drawn: marks the next frame (when the browser shows the canvas) and measures from the
   * input it answers.
   */
  frameDrawn(): void {
    const since = this.answeredSince;
    if (since === null) return;
    this.answeredSince = null;
    performance.measure(DRAW, { start: this.answeredAt, end: performance.now() });
    requestAnimationFrame(() => {
      const end = performance.mark(FRAME_MARK).startTime;
      performance.measure(INPUT_TO_FRAME, { start: since, end });
      if (performance.getEntriesByName(INPUT_TO_FRAME, 'measure').length > KEPT_ENTRIES) {
        performance.clearMeasures(INPUT_TO_FRAME);
        performance.clearMeasures(DRAW);
        performance.clearMarks(INPUT_MARK);
        performance.clearMarks(FRAME_MARK);
      }
    });
  }

  private dispatch(message: WebviewMessage, since: number): void {
    this.inFlight = true;
    this.inFlightSince = since;
    this.post(message);
    clearTimeout(this.lostTimer);
    this.lostTimer = setTimeout(() => {
      this.inFlight = false;
      this.inFlightSince = null;
      this.sendPending();
    }, LOST_AFTER_MILLISECONDS);
  }

  private sendPending(): void {
    if (!this.pending) return;
    const message = this.pending;
    const since = this.pendingSince ?? performance.now();
    this.pending = null;
    this.pendingSince = null;
    this.dispatch(message, since);
  }
}
