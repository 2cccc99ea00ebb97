// Writes the walkthrough's two composite buttons into the steps' descriptions, where they are command links whose
// argument is URI-encoded JSON (unreadable there; readable here). The descriptions live in package.nls.json (package.json
// names them `%walkthrough.getStarted.<step>.description%`, so they can be translated like every other contributed
// string). Run it after changing the sample or the commands below; `--check` only says whether package.nls.json is up
// to date (the packaging test runs it).
//
//   node --import tsx scripts/walkthroughLinks.ts [--check]
//
// Why composite: a walkthrough button runs one command, and no built-in command opens a document with given text.
// - "Open a Sample" focuses the second editor group (VS Code creates it beside the walkthrough when there is none, so
//   the walkthrough stays in view at any window width), opens an untitled Python file there and inserts the sample
//   as a snippet, leaving the cursor on `loss = x**2`. The sample lives in the link, so the .vsix ships no samples/.
// - "Simulate Gradient Descent" first moves the focus from the walkthrough to the next editor group (the sample):
//   run from the walkthrough, the command would otherwise see no active text editor.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const manifestPath = join(import.meta.dirname, '..', 'package.json');
const stringsPath = join(import.meta.dirname, '..', 'package.nls.json');

const sample = [
  '# Loss functions to try with Gradient Descent Lab',
  '# Put the cursor on a loss (or select one), right-click and choose',
  '# "Simulate Gradient Descent". Start values come from assignments',
  '# above the formula, or from default arguments.',
  '',
  '# A quadratic bowl: minimum at x = 0, curvature 2, so plain gradient',
  '# descent converges for a learning rate below 2/2 = 1.',
  'x = 10',
  'loss = x**2$0',
  '',
  "# Rosenbrock's banana valley: easy to find, slow to follow to (1, 1).",
  'def rosenbrock(x=-1.5, y=2.0):',
  '    return (1 - x)**2 + 100 * (y - x**2)**2',
  '',
].join('\n');

/** The button of each step, by step id: a `runCommands` link. */
const links: Record<string, unknown> = {
  openSample: {
    commands: [
      'workbench.action.focusSecondEditorGroup',
      { command: 'workbench.action.files.newUntitledFile', args: { languageId: 'python' } },
      { command: 'editor.action.insertSnippet', args: { snippet: sample } },
    ],
  },
  simulate: { commands: ['workbench.action.focusNextGroup', 'gdLab.simulate'] },
};

/** `command:runCommands?<JSON>`, encoded so that the walkthrough's link syntax `[label](href)` keeps it whole. */
function runCommandsLink(argument: unknown): string {
  const encoded = encodeURIComponent(JSON.stringify(argument)).replace(/[()!*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:runCommands?${encoded}`;
}

interface WalkthroughStep {
  id: string;
  description: string;
}

function main(): void {
  const check = process.argv.includes('--check');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { contributes: { walkthroughs: { steps: WalkthroughStep[] }[] } };
  const steps = manifest.contributes.walkthroughs[0].steps;
  const text = readFileSync(stringsPath, 'utf8');
  const strings = new Map(Object.entries(JSON.parse(text) as Record<string, string>));
  for (const [id, argument] of Object.entries(links)) {
    const step = steps.find((candidate) => candidate.id === id);
    if (!step) throw new Error(`package.json has no walkthrough step "${id}".`);
    const key = /^%(.+)%$/.exec(step.description)?.[1];
    const description = key === undefined ? undefined : strings.get(key);
    if (key === undefined || description === undefined) {
      throw new Error(`The walkthrough step "${id}" should name its description in package.nls.json (%key%), found ${JSON.stringify(step.description)}.`);
    }
    // The step's last line is its button: `[Label](command:runCommands?…)`.
    const updated = description.replace(/\]\(command:runCommands\?[^)]*\)$/, `](${runCommandsLink(argument)})`);
    if (updated === description && !description.endsWith(`](${runCommandsLink(argument)})`)) {
      throw new Error(`The walkthrough step "${id}" does not end with a [Label](command:runCommands?…) button.`);
    }
    strings.set(key, updated);
  }
  const updatedText = `${JSON.stringify(Object.fromEntries(strings), null, 2)}\n`;
  if (updatedText === text) {
    console.log('The walkthrough links in package.nls.json are up to date.');
  } else if (check) {
    console.error('The walkthrough links in package.nls.json are out of date: run node --import tsx scripts/walkthroughLinks.ts');
    process.exitCode = 1;
  } else {
    writeFileSync(stringsPath, updatedText);
    console.log('Updated the walkthrough links in package.nls.json.');
  }
}

main();
