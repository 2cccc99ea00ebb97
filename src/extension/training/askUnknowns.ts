/**
 * Values for what a training script leaves unknown (`lr=args.lr`), asked for one by one: never guessed. An answer is
 * read as a Python constant by the same parser (a number, True, a tuple), never run.
 */
import * as vscode from 'vscode';
import { readPythonLiteral, type PythonParser, type PyValue, type RecognisedOptimizer } from '../../core/training';
import { unknownReasonText } from '../../words/trainingCode';

/** The answers by unknown name, or undefined when the user cancelled. `known` answers are not asked again. */
export async function askUnknowns(
  parser: PythonParser,
  optimizer: RecognisedOptimizer,
  where: string,
  known: ReadonlyMap<string, PyValue> = new Map(),
): Promise<Map<string, PyValue> | undefined> {
  const answers = new Map(known);
  const asked = optimizer.unknown.filter((unknown) => !answers.has(unknown.name));
  for (const [index, unknown] of asked.entries()) {
    const hint = unknown.reason.why === 'parameter' && unknown.reason.defaultValue !== null ? String(unknown.reason.defaultValue) : undefined;
    const typed = await vscode.window.showInputBox({
      title: `${unknown.name} in ${where}${asked.length > 1 ? ` (${index + 1} of ${asked.length})` : ''}`,
      prompt: `${unknownReasonText(unknown.reason)}: type the value it has when you train (${unknown.call}'s ${unknown.parameter}).`,
      value: hint,
      placeHolder: unknown.parameter === 'lr' || unknown.parameter.includes('learning_rate') ? '0.001' : undefined,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' || readPythonLiteral(parser, text) === null ? 'Type a constant: a number (3e-4), True or False, or a tuple such as (0.9, 0.999)' : undefined),
    });
    if (typed === undefined || typed.trim() === '') return undefined;
    const value = readPythonLiteral(parser, typed);
    if (value === null) return undefined;
    answers.set(unknown.name, value);
  }
  return answers;
}
