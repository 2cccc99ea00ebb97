// Mocha inside VS Code's extension host. The host (VS Code through @vscode/test-electron, or code-server; see
// ../runTests.ts) loads this file's bundle as `--extensionTestsPath` and awaits `run()`. The test files are bundled
// beside it as `*.test.js`. When GD_LAB_INTEGRATION_RESULTS names a file, the counts and each test's outcome are
// written there as JSON (`IntegrationResults`) for the runner to print, whichever host ran them.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface IntegrationTestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  error?: string;
}

export interface IntegrationResults {
  passed: number;
  failed: number;
  skipped: number;
  tests: IntegrationTestOutcome[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000 });
  const testFiles = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) mocha.addFile(join(__dirname, name));

  const tests: IntegrationTestOutcome[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultsFile = process.env.GD_LAB_INTEGRATION_RESULTS;
      if (resultsFile) {
        const count = (state: IntegrationTestOutcome['state']) => tests.filter((outcome) => outcome.state === state).length;
        const results: IntegrationResults = { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), tests };
        writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
      }
      if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`));
      else resolve();
    });
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed' }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'skipped' }));
    // A failing hook is reported as a failure of the hook ("before all" hook for …), which counts like a test.
    runner.on('fail', (test, error: Error) => tests.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? error.message }));
  });
}
