/**
 * `npm run bench`: the performance promises, measured side by side in one run and printed as tables.
 * Numbers depend on the machine; the ratios are what to compare.
 */
import { benchData } from './data';
import { benchFormula, benchReading } from './formula';
import { benchMemory } from './memory';
import { benchChecks, benchOptimizer } from './optimizer';
import { benchPanel } from './panel';
import { benchRunLoop } from './runLoop';

console.log(`gd-lab benchmarks · Node ${process.version} · ${new Date().toISOString()}`);
benchFormula();
benchReading();
benchOptimizer();
benchRunLoop();
benchChecks();
benchData();
benchMemory();
benchPanel().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
