/**
 * Hovering the learning rate of an optimizer line (`lr=`, `learning_rate=`, OneCycleLR's `max_lr=`, a schedule's
 * anchor) shows what the lab knows about it: the critical η of the loss it was last simulated on, and that run's
 * verdict — or how to find out.
 */
import * as vscode from 'vscode';
import { formatNumber } from '../../words/format';
import { type RecognisedOptimizer } from '../../core/training';
import { learningRateHoverText } from '../../words/trainingCode';
import { criticalFact } from '../../words/diagnosis';
import type { PanelRegistry } from '../panel/panelRegistry';
import type { TrainingDocuments } from './trainingDocuments';

export class OptimizerHover implements vscode.HoverProvider {
  constructor(
    private readonly documents: TrainingDocuments,
    private readonly registry: PanelRegistry,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const offset = document.offsetAt(position);
    const code = await this.documents.read(document);
    for (const optimizer of code.optimizers) {
      for (const span of learningRateArgumentSpans(document.getText(), optimizer)) {
        if (offset < span.start || offset > span.end) continue;
        const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
        return new vscode.Hover(this.contents(document, optimizer), range);
      }
    }
    return undefined;
  }

  private contents(document: vscode.TextDocument, optimizer: RecognisedOptimizer): vscode.MarkdownString {
    const panel = this.registry.all.find((p) => p.session.training?.link.documentUri === document.uri.toString() && p.session.training.link.line === optimizer.line);
    const run = panel?.session.lastCompletedRun;
    const simulate = `command:gdLab.simulateOptimizer?${encodeURIComponent(JSON.stringify([document.uri.toString(), optimizer.line]))}`;
    const paragraphs = learningRateHoverText({
      call: optimizer.optimizer.signature.name,
      framework: optimizer.framework,
      simulate,
      run:
        panel && run
          ? {
              loss: panel.session.formula.display,
              critical: criticalFact(run.diagnosis, run.settings),
              learningRate: formatNumber(run.settings.learningRate),
              headline: run.words.headline,
            }
          : null,
    });
    const markdown = new vscode.MarkdownString(paragraphs.join('\n\n'));
    markdown.isTrusted = { enabledCommands: ['gdLab.simulateOptimizer'] };
    return markdown;
  }
}

/**
 * Where the learning rate is given: the optimizer's own `lr=` / `learning_rate=` argument (a number, or the schedule
 * passed in its place), and the argument the run's η comes from when that is elsewhere (OneCycleLR's `max_lr=`, a
 * schedule's `initial_learning_rate=`) — keyword and value, or the value alone when given by position.
 */
function learningRateArgumentSpans(source: string, optimizer: RecognisedOptimizer): { start: number; end: number }[] {
  const own = optimizer.optimizer.signature.framework === 'pytorch' ? 'lr' : 'learning_rate';
  const anchor = optimizer.learningRate.find((value) => value.anchor);
  const wanted: [string, string][] = [[optimizer.optimizer.signature.name, own], ...(anchor ? [[anchor.call, anchor.parameter] as [string, string]] : [])];
  const calls = [optimizer.optimizer, optimizer.schedule, ...(optimizer.schedule?.children ?? [])];
  const spans: { start: number; end: number }[] = [];
  for (const [callName, parameter] of wanted) {
    const call = calls.find((c) => c?.signature.name === callName);
    const reading = call?.arguments.get(parameter);
    if (!call || !reading?.expr) continue;
    const { span } = reading.expr;
    const keyword = new RegExp(`\\b${parameter}\\s*=\\s*$`).exec(source.slice(call.argumentsSpan.start, span.start));
    spans.push({ start: keyword ? call.argumentsSpan.start + keyword.index : span.start, end: span.end });
  }
  return spans;
}
