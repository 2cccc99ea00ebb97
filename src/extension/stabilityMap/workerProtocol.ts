/**
 * What the extension host and a stability-map worker thread say to each other. Only plain data crosses: the
 * worker reads the formula from its source text itself (a compiled formula is code and cannot be sent).
 */
import type { MapCell, RunSettings, Stability, StabilityMapAxes } from '../../core/optim';

export interface MapRowsRequest {
  readonly id: number;
  readonly formulaSource: string;
  readonly start: readonly number[];
  readonly settings: RunSettings;
  readonly stability: Stability;
  readonly axes: StabilityMapAxes;
  /** The grid's rows to run, by index. */
  readonly rows: readonly number[];
}

export type MapRowsReply =
  | { readonly id: number; readonly ok: true; readonly cells: readonly MapCell[] }
  | { readonly id: number; readonly ok: false; readonly message: string };
