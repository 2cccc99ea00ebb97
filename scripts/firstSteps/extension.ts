// A helper extension that only `npm start` loads beside Gradient Descent Lab (it is never packaged): once VS Code has
// started, it opens losses.py from the workspace with its first formula, `loss = x**2`, selected, and the walkthrough
// "Get started with Gradient Descent Lab" beside it. A newcomer then has a formula to right-click, the steps to
// follow, and a palette where "Gradient Descent" finds Simulate (which is offered while an editor is open).
import * as vscode from 'vscode';

/** The walkthrough Gradient Descent Lab contributes: `<publisher>.<name>#<walkthrough id>` from its package.json. */
const walkthroughId = 'gradient-descent-lab.gradient-descent-lab#getStarted';
const sampleName = 'losses.py';
/** The sample's first formula; the README's and the walkthrough's first example. */
const firstFormula = /^loss = x\*\*2\s*$/;

function isOpen(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()),
  );
}

/** The folder's losses.py, or undefined when it has none (`npm start -- <folder>`). */
async function readSample(folder: vscode.WorkspaceFolder): Promise<vscode.TextDocument | undefined> {
  try {
    return await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, sampleName));
  } catch {
    return undefined;
  }
}

/** Shows the sample in the first column, focused, with its first formula selected. */
async function showSample(document: vscode.TextDocument): Promise<void> {
  const line = Array.from({ length: document.lineCount }, (_, index) => document.lineAt(index)).find((candidate) => firstFormula.test(candidate.text));
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.One,
    preview: false,
    selection: line ? new vscode.Range(line.range.start, new vscode.Position(line.lineNumber, line.text.trimEnd().length)) : undefined,
  });
}

/**
 * The walkthrough focuses its first step once it has drawn, which can come after the sample was shown (seen in CI):
 * the palette's Simulate then finds no active text editor. If the focus leaves the sample for a non-text editor within
 * the first seconds, give it back, once; after that, a click elsewhere is the person's own.
 */
function keepSampleFocused(document: vscode.TextDocument): void {
  const stop = (): void => {
    listener.dispose();
    clearTimeout(timer);
  };
  const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor !== undefined) return;
    stop();
    void showSample(document);
  });
  const timer = setTimeout(stop, 5_000);
}

export async function activate(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  // A reloaded window has its editors back: leave them as the person arranged them.
  if (folder && isOpen(vscode.Uri.joinPath(folder.uri, sampleName))) return;
  const sample = folder && (await readSample(folder));
  // The walkthrough beside the sample (`true`: to the side), or alone. Then the sample takes the focus, so that
  // Simulate from the palette acts on it: it reads the active text editor.
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId, Boolean(sample));
  if (!sample) return;
  await showSample(sample);
  keepSampleFocused(sample);
}

export function deactivate(): void {}
