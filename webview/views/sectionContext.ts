/** What every chart section needs from the panel. */
import type { SeriesColors } from '../charts/seriesStyle';
import type { WebviewMessage } from '../../src/shared/protocol';
import type { ChartTheme } from '../theme';

export interface SectionContext {
  post(message: WebviewMessage): void;
  /** The theme as of now (it changes live). */
  theme(): ChartTheme;
  /** Series colors shared by the loss chart and the landscape, so a run has one color everywhere. */
  colors: SeriesColors;
}
