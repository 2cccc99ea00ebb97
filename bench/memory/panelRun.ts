/**
 * A child process of the memory bench: one panel run through the extension host's code path (SimulationSession, as
 * the panel drives it, with every message serialized as postMessage serializes it), then the run's Export written
 * to nowhere, a piece at a time. Prints what it posted and wrote as JSON; its peak RSS is reported by
 * reportPeakRss.mjs.
 *
 * Bundled by the bench (as the extension is), then run as
 *   node --import ./bench/memory/reportPeakRss.mjs panelRun.js <formula> <start,…> <steps> [compare] [export]
 *   node --import ./bench/memory/reportPeakRss.mjs panelRun.js file:<PATH:LINE> - <steps> batch=<B> [schedule=cosine] [export]
 * (the second: the loss over data at that line of a file, with its data files, run in minibatches of B).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readDocumentFormula, languageOfPath } from '../../src/core/documentFormula';
import { compileFormula, type Formula } from '../../src/core/formula';
import { defaultRunSettings, type RunSettings } from '../../src/core/optim';
import { formulaRangeAt } from '../../src/extension/session/formulaAtCursor';
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
/** The loss over data at PATH:LINE, read as the editor reads it (its data files beside it), and its start. */
async function formulaInFile(argument: string): Promise<{ formula: Formula; start: number[] }> {
  const [, path, line] = /^(.*):(\d+)$/.exec(argument)!;
  const text = readFileSync(path!, 'utf8');
  const lineStart = text.split('\n').slice(0, Number(line) - 1).reduce((offset, l) => offset + l.length + 1, 0);
  const range = formulaRangeAt(text, lineStart);
  const read = await readDocumentFormula({ text, start: range.start, end: range.end, languageId: languageOfPath(path!), defaultStartValue: 1 }, (written) =>
    Promise.resolve(readFileSync(join(dirname(path!), written), 'utf8')),
  );
  if (!read.ok) throw new Error(read.error.message);
  return { formula: read.formula, start: [...read.start] };
}

const option = (name: string): string | undefined => flags.find((flag) => flag.startsWith(`${name}=`))?.slice(name.length + 1);

async function main(): Promise<void> {
  const { formula, start } = source.startsWith('file:') ? await formulaInFile(source.slice(5)) : { formula: compileFormula(source), start: startText.split(',').map(Number) };
  const batch = option('batch');
  const settings: RunSettings = {
    ...defaultRunSettings(),
    learningRate: Number(option('lr') ?? 0.01),
    maxSteps: Number(stepsText),
    tolerance: 0,
    ...(batch === undefined ? {} : { batchSize: Number(batch), shuffle: true, seed: 0 }),
    ...(option('schedule') === 'cosine' ? { schedule: { kind: 'cosine', tMax: null, minLr: 0 } } : {}),
  };
  const session = new SimulationSession({ formula, documentUri: null, origin: null, start, settings, lossAxis: 'auto' }, port);
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
