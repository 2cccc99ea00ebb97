// What the integration tests share: the extension's API, documents with a selection, waits, and the messages the
// extension shows. Bundled into each test file (it is not a test file itself).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { SimulationPanel } from '../../../src/extension/panel/simulationPanel';

export const extensionId = `${manifest.publisher}.${manifest.name}`;

export function ourExtension(): vscode.Extension<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId);
  assert.ok(extension, `VS Code has not loaded ${extensionId}`);
  return extension;
}

/** Activates the extension and returns what `activate` returned. */
export async function extensionApi(): Promise<ExtensionApi> {
  const extension = ourExtension();
  const api = await extension.activate();
  assert.ok(api?.panels, 'activate() returned no { panels }');
  return api;
}

/** Closes every simulation panel, so that each test starts with none. */
export async function closeAllPanels(): Promise<void> {
  const { panels } = await extensionApi();
  for (const panel of [...panels.all]) panel.dispose();
  assert.equal(panels.all.length, 0, 'a panel survived dispose()');
}

/**
 * Opens an untitled document with `content` in the first column and selects `selected` in it (its first
 * occurrence); with `cursorAt` instead, puts an empty selection at the start of that text.
 */
export async function openWithSelection(
  content: string,
  target: { selected: string } | { cursorAt: string },
  language = 'python',
): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  const text = 'selected' in target ? target.selected : target.cursorAt;
  const offset = content.indexOf(text);
  assert.ok(offset >= 0, `"${text}" is not in the document`);
  const start = document.positionAt(offset);
  const end = 'selected' in target ? document.positionAt(offset + text.length) : start;
  editor.selection = new vscode.Selection(start, end);
  return editor;
}

/** Polls `probe` every 50 ms until it returns something other than undefined; fails after `timeoutMs`, saying what it awaited. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What the panel's last finished run reports, as the export's JSON (the CLI's report). */
export interface RunReport {
  diagnosis: { verdict: string; headline: string };
  settings: { learningRate: number; optimizer: { kind: string }; schedule: { kind: string }; maxSteps: number };
  final: { step: number; params: Record<string, number>; loss: number };
  trace: { loss: number[] };
  formula?: { display: string; source: string };
}

function lastRun(panel: SimulationPanel): RunReport | undefined {
  const exported = panel.session.exportData('json');
  return exported ? (JSON.parse([...exported.pieces()].join('')) as RunReport) : undefined;
}

/** Waits until the panel has finished a run that satisfies `done` (by default: any run), and returns its report. */
export function waitForRun(panel: SimulationPanel, what: string, done: (run: RunReport) => boolean = () => true): Promise<RunReport> {
  return waitFor(`the panel's run ${what}`, () => {
    const run = lastRun(panel);
    return run && done(run) ? run : undefined;
  });
}

/** Waits for the run with learning rate `learningRate` and returns its report. */
export function waitForRunAt(panel: SimulationPanel, learningRate: number): Promise<RunReport> {
  return waitForRun(panel, `at η = ${learningRate}`, (run) => run.settings.learningRate === learningRate);
}

type MessageKind = 'showErrorMessage' | 'showInformationMessage';

/**
 * Runs `action` while `vscode.window[kind]` records its messages instead of showing them (and answers as a person
 * closing the notification would: undefined). The extension and this suite share one `vscode` API object, since the
 * suite's bundle lies inside the extension's folder, so the extension's calls are recorded too.
 */
export async function recordingMessages<T>(kind: MessageKind, action: () => Thenable<T> | Promise<T>): Promise<{ result: T; messages: string[] }> {
  const messages: string[] = [];
  const window = vscode.window as unknown as Record<MessageKind, (message: string, ...rest: unknown[]) => Thenable<unknown>>;
  const original = window[kind];
  window[kind] = (message: string) => {
    messages.push(message);
    return Promise.resolve(undefined);
  };
  try {
    return { result: await action(), messages };
  } finally {
    window[kind] = original;
  }
}
