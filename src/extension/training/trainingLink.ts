/**
 * A panel's link to the optimizer line it simulates: what the panel shows about it (TrainingView), and finding
 * the line again in the script as it is now (it may have moved since, or been edited).
 */
import * as vscode from 'vscode';
import type { RunSettings } from '../../core/optim';
import { givenArguments, learningRateEdits, runSettingsFromCode, type PyValue, type RecognisedOptimizer } from '../../core/training';
import type { TrainingLink, TrainingView } from '../../shared/protocol';
import type { TrainingDocuments } from './trainingDocuments';

/** "train.py:9". */
export function lineName(document: vscode.TextDocument, line: number): string {
  return `${document.uri.path.split('/').pop() ?? 'untitled'}:${line}`;
}

export function trainingViewOf(document: vscode.TextDocument, optimizer: RecognisedOptimizer, settings: RunSettings): TrainingView {
  const call = optimizer.optimizer;
  return {
    origin: lineName(document, optimizer.line),
    call: `${call.signature.name}(${givenArguments(call, document.getText())})`,
    framework: optimizer.framework,
    schedule: optimizer.schedule?.signature.name ?? null,
    // Writable when every place the learning rate is written is in the file (a no-op edit tells).
    writable: learningRateEdits(optimizer.learningRate, settings.learningRate, settings.learningRate).ok,
  };
}

/** The numeric answers, as the link keeps them (restored after a reload). */
export function linkOf(document: vscode.TextDocument, optimizer: RecognisedOptimizer, answers: ReadonlyMap<string, PyValue>): TrainingLink {
  const numbers: [string, number][] = [];
  for (const [name, value] of answers) if (value.type === 'int' || value.type === 'float') numbers.push([name, value.value]);
  return { documentUri: document.uri.toString(), line: optimizer.line, answers: numbers };
}

export function answersOf(link: TrainingLink): Map<string, PyValue> {
  return new Map(link.answers.map(([name, value]) => [name, { type: 'float', value }] as const));
}

/**
 * The linked optimizer in the script as it is now: on its line, else the nearest optimizer of the same constructor
 * (lines above it were added or removed). Undefined when the script or the optimizer is gone.
 */
export async function findLinkedOptimizer(
  documents: TrainingDocuments,
  link: TrainingLink,
  constructor: string | null,
): Promise<{ document: vscode.TextDocument; optimizer: RecognisedOptimizer } | undefined> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(vscode.Uri.parse(link.documentUri));
  } catch {
    return undefined;
  }
  const code = await documents.read(document);
  const sameKind = (o: RecognisedOptimizer): boolean => constructor === null || o.optimizer.signature.name === constructor;
  const onLine = code.optimizers.find((o) => o.line === link.line && sameKind(o));
  const nearest = [...code.optimizers].filter(sameKind).sort((a, b) => Math.abs(a.line - link.line) - Math.abs(b.line - link.line))[0];
  const optimizer = onLine ?? nearest;
  return optimizer ? { document, optimizer } : undefined;
}

/** The link and view of a restored panel, read from the script as it is now; null when the optimizer is gone. */
export async function restoreTraining(documents: TrainingDocuments, link: TrainingLink): Promise<{ link: TrainingLink; view: TrainingView } | null> {
  const found = await findLinkedOptimizer(documents, link, null);
  if (!found || found.optimizer.line !== link.line) return null;
  const settings = runSettingsFromCode(found.optimizer, { answers: answersOf(link) });
  return settings.ok ? { link, view: trainingViewOf(found.document, found.optimizer, settings.settings) } : null;
}
