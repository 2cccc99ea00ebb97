// What the end-to-end layer needs before it launches anything, each missing piece with the command that brings it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findCodeServer, installCommand } from '../../../scripts/codeServer/install';
import { chromiumPath } from '../../../scripts/setup/machine';

export { chromiumPath };
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

/** Problems that stop the layer from running, empty when it can run. */
export function e2ePrerequisiteProblems(): string[] {
  const problems: string[] = [];
  if (!existsSync(chromiumPath)) problems.push(`${chromiumPath} is missing: run ${installCommand} (it installs Debian's chromium)`);
  if (!findCodeServer()) problems.push(`code-server is not installed in .vscode-test/: run ${installCommand}`);
  if (!existsSync(join(repositoryRoot, 'dist', 'extension.js'))) problems.push('the extension is not built (dist/extension.js): run node esbuild.mjs');
  return problems;
}

/** Throws one error listing every missing prerequisite. */
export function assertE2ePrerequisites(): void {
  const problems = e2ePrerequisiteProblems();
  if (problems.length > 0) {
    throw new Error(`The end-to-end layer cannot run:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
