/**
 * A worker thread that runs rows of a stability map (bundled to dist/stabilityMapWorker.js). The grid is hundreds
 * of whole runs; in a worker they leave the extension host's event loop free, and two workers share the grid.
 */
import { parentPort } from 'node:worker_threads';
import { readFormula, type Formula } from '../../core/formula';
import { runStabilityRows } from '../../core/optim';
import type { MapRowsReply, MapRowsRequest } from './workerProtocol';

/** The last formula read: a map's rows all come for the same one. */
let cached: { source: string; formula: Formula } | undefined;

function formulaOf(source: string): Formula {
  if (cached?.source === source) return cached.formula;
  const read = readFormula(source);
  if (!read.ok) throw new Error(read.error.message);
  cached = { source, formula: read.formula };
  return read.formula;
}

parentPort?.on('message', (request: MapRowsRequest) => {
  let reply: MapRowsReply;
  try {
    const formula = formulaOf(request.formulaSource);
    const cells = runStabilityRows(formula, request.start, request.settings, request.stability, request.axes, request.rows);
    reply = { id: request.id, ok: true, cells };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
