/**
 * A child process of the memory bench: one panel run through the extension host's code path (SimulationSession, as
 * the panel drives it, with every message serialized as postMessage serializes it), then the run's Export written
 * to nowhere, a piece at a time. Prints what it posted and wrote as JSON; its peak RSS is reported by
 * reportPeakRss.mjs.
 *
 * Bundled by the bench (as the extension is), then run as
 *   node --import ./bench/memory/reportPeakRss.mjs panelRun.js <formula> <start,…> <steps> [compare] [export]
 */
import { compileFormula } from '../../src/core/formula';
import { defaultRunSettings } from '../../src/core/optim';
import { SimulationSession } from '../../src/extension/session/session';
import type { HostMessage } from '../../src/shared/protocol';

const [source = 'x^2 + 3*y^2', startText = '1,1', stepsText = '100000', ...flags] = process.argv.slice(2);
let posted = 0;
let largest = 0;
const port = {
  post(message: HostMessage): void {
    const size = JSON.stringify(message).length;
    posted += size;
    largest = Math.max(largest, size);
  },
};
const session = new SimulationSession(
  {
    formula: compileFormula(source),
    documentUri: null,
    origin: null,
    start: startText.split(',').map(Number),
    settings: { ...defaultRunSettings(), learningRate: 0.01, maxSteps: Number(stepsText), tolerance: 0 },
    lossAxis: 'auto',
  },
  port,
);
async function main(): Promise<void> {
  const started = performance.now();
  await (flags.includes('compare') ? session.compareLearningRates() : session.simulate());
  const ran = performance.now() - started;
  let exported = 0;
  if (flags.includes('export')) {
    for (const piece of session.exportData('csv')!.pieces()) exported += piece.length;
  }
  console.log(JSON.stringify({ postedBytes: posted, largestMessageBytes: largest, exportedBytes: exported, runMilliseconds: Math.round(ran) }));
  session.dispose();
}

void main();
