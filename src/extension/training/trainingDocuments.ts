/**
 * The training code of open Python documents, read once per document version (CodeLens, hovers and commands ask
 * for the same document many times while it is open) and forgotten when the document closes.
 */
import * as vscode from 'vscode';
import { optimizerOnLine, readTrainingCode, type RecognisedOptimizer, type TrainingCode } from '../../core/training';
import { pythonParser } from './pythonGrammar';

export class TrainingDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; code: Promise<TrainingCode> }>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri) {
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString()));
  }

  /** The optimizers recognised in the document as it is now. */
  read(document: vscode.TextDocument): Promise<TrainingCode> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.code;
    const source = document.getText();
    const code = pythonParser(this.extensionUri).then((parser) => readTrainingCode(parser, source));
    this.cache.set(key, { version: document.version, code });
    // A failure is not cached: the next request tries again.
    code.catch(() => this.cache.delete(key));
    return code;
  }

  /** The optimizer constructed on `line` (1-based), or the one whose call spans it. */
  async optimizerAt(document: vscode.TextDocument, line: number): Promise<RecognisedOptimizer | undefined> {
    return optimizerOnLine(await this.read(document), line);
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}
