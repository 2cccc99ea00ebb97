/**
 * The loss an optimizer from training code runs on, picked in a QuickPick: a formula from the workspace (loss-like
 * lines of open documents and of the workspace's source files, read as formulas), one of the samples, a quadratic of
 * chosen curvature and conditioning, or a formula typed in. The last choice for each optimizer line comes first.
 */
import * as vscode from 'vscode';
import { readFormula, type Formula } from '../../core/formula';
import { startPointOf } from '../../core/formula/assignedValues';
import { scopedStartValues } from '../../core/formula/scopedStartValues';
import { quadraticLoss, SAMPLE_LOSSES } from '../../core/sampleLosses';
import { defaultStartValue } from '../configuration';
import { formulaRangeAt } from '../session/formulaAtCursor';

export interface PickedLoss {
  readonly formula: Formula;
  readonly start: number[];
  /** "losses.py:12", "Sample: Rosenbrock", "Quadratic, L = 10, κ = 100". */
  readonly origin: string;
  /** The document the formula is in, when it is in one (the panel follows its edits). */
  readonly documentUri: string | null;
  /** Offsets of the formula in that document. */
  readonly range: { start: number; end: number } | null;
}

/** What is remembered of a choice, to offer it first next time. */
interface RememberedLoss {
  source: string;
  start: number[];
  origin: string;
  documentUri: string | null;
}

/** Files searched for loss formulas, and how many; big files and generated folders are skipped. */
const SEARCHED = '**/*.{py,jl,ts,js,md,r,R,m,tex}';
const EXCLUDED = '**/{node_modules,.git,.venv,venv,env,dist,build,out,site-packages,__pycache__}/**';
const MAX_FILES = 200;
const MAX_FILE_BYTES = 200_000;
const MAX_CANDIDATES = 40;
/** Lines that look like a loss: `loss = …`, `cost <- …`, `def f(…):`, `function …`, `$$ … $$`. */
const LOSS_LINE = /^\s*(?:(?:async\s+)?def\s+\w+\s*\(|function\b|\w*(?:loss|cost|objective|risk|energy)\w*\s*(?::[^=]*)?(?:<-|=(?!=))|.*\$[^$]+\$)/i;

type Item = vscode.QuickPickItem & { pick?: () => Promise<PickedLoss | undefined> };

export async function pickLoss(context: vscode.ExtensionContext, key: string, title: string): Promise<PickedLoss | undefined> {
  const items: Item[] = [];
  const remembered = context.workspaceState.get<RememberedLoss>(`gdLab.loss:${key}`);
  const last = remembered ? fromRemembered(remembered) : undefined;
  if (last) items.push({ label: last.formula.display, description: `last used · ${last.origin}`, pick: async () => last });

  const found = await workspaceFormulas();
  if (found.length > 0) items.push({ label: 'In your workspace', kind: vscode.QuickPickItemKind.Separator });
  for (const candidate of found) items.push({ label: candidate.formula.display, description: candidate.origin, detail: startText(candidate), pick: async () => candidate });

  items.push({ label: 'Samples', kind: vscode.QuickPickItemKind.Separator });
  for (const sample of SAMPLE_LOSSES) {
    items.push({
      label: `$(beaker) ${sample.name}`,
      description: sample.formula,
      detail: sample.about,
      pick: async () => {
        const read = readFormula(sample.formula);
        if (!read.ok) return undefined;
        return { formula: read.formula, start: read.formula.variables.map((name) => sample.start.get(name) ?? 1), origin: `Sample: ${sample.name}`, documentUri: null, range: null };
      },
    });
  }
  items.push({ label: 'Make one', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(symbol-operator) Quadratic of chosen curvature and conditioning…', detail: '½(L·x² + (L/κ)·y²): gradient descent’s critical η is 2/L', pick: askQuadratic });
  items.push({ label: '$(edit) Type a formula…', detail: 'x^2 + 10*y^2, (w - 3)**2 + b**2, …', pick: askFormula });

  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder: 'The loss to run it on', matchOnDescription: true, matchOnDetail: true });
  const loss = await chosen?.pick?.();
  if (loss) {
    const memory: RememberedLoss = { source: loss.formula.source, start: loss.start, origin: loss.origin, documentUri: loss.documentUri };
    await context.workspaceState.update(`gdLab.loss:${key}`, memory);
  }
  return loss;
}

function fromRemembered(memory: RememberedLoss): PickedLoss | undefined {
  const read = readFormula(memory.source);
  if (!read.ok || read.formula.variables.length !== memory.start.length || !memory.start.every(Number.isFinite)) return undefined;
  return { formula: read.formula, start: memory.start, origin: memory.origin, documentUri: memory.documentUri, range: null };
}

function startText(loss: PickedLoss): string {
  return `Start: ${loss.formula.variables.map((name, i) => `${name} = ${loss.start[i]}`).join(', ')}`;
}

/** Loss-like lines of open documents first, then of the workspace's files, that read as formulas with variables. */
async function workspaceFormulas(): Promise<PickedLoss[]> {
  const seen = new Set<string>();
  const found: PickedLoss[] = [];
  const scan = (text: string, uri: vscode.Uri): void => {
    let offset = 0;
    const lines = text.split('\n');
    for (let line = 0; line < lines.length && found.length < MAX_CANDIDATES; line++) {
      const content = lines[line]!;
      const lineStart = offset;
      offset += content.length + 1;
      if (!LOSS_LINE.test(content)) continue;
      const range = formulaRangeAt(text, lineStart);
      const read = readFormula(text.slice(range.start, range.end));
      if (!read.ok || read.formula.variables.length === 0) continue;
      const key = `${read.formula.display}\u0000${uri.toString()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const firstLine = text.slice(0, range.start).split('\n').length - 1;
      // The start values in scope where the loss is written, as Simulate Gradient Descent reads them there.
      const windowStart = lines.slice(0, Math.max(0, firstLine - 5000)).reduce((sum, above) => sum + above.length + 1, 0);
      const inScope = scopedStartValues(text.slice(windowStart), range.start - windowStart, read.formula.variables);
      const start = startPointOf(read.formula.variables, read.formula.startValues, inScope, defaultStartValue());
      found.push({ formula: read.formula, start, origin: `${vscode.workspace.asRelativePath(uri)}:${firstLine + 1}`, documentUri: uri.toString(), range });
    }
  };
  const open = new Set<string>();
  for (const document of vscode.workspace.textDocuments) {
    if (document.isClosed || document.uri.scheme === 'output' || document.getText().length > MAX_FILE_BYTES) continue;
    open.add(document.uri.toString());
    scan(document.getText(), document.uri);
  }
  const files = await vscode.workspace.findFiles(SEARCHED, EXCLUDED, MAX_FILES);
  for (const uri of files) {
    if (found.length >= MAX_CANDIDATES) break;
    if (open.has(uri.toString())) continue;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.length <= MAX_FILE_BYTES) scan(new TextDecoder().decode(bytes), uri);
    } catch {
      // A file that vanished or cannot be read offers nothing.
    }
  }
  return found;
}

async function askQuadratic(): Promise<PickedLoss | undefined> {
  const parse = (text: string): { curvature: number; condition: number } | string => {
    const numbers = text.split(/[,\s]+/).filter((part) => part !== '').map(Number);
    if (numbers.length !== 2 || !numbers.every(Number.isFinite)) return 'Type two numbers: the largest curvature L, then the condition number κ (e.g. 10, 100)';
    const [curvature, condition] = numbers as [number, number];
    if (!(curvature > 0)) return 'The curvature L must be greater than 0';
    if (!(condition >= 1)) return 'The condition number κ is the ratio of the curvatures: at least 1';
    return { curvature, condition };
  };
  const typed = await vscode.window.showInputBox({
    title: 'Quadratic loss ½(L·x² + (L/κ)·y²)',
    prompt: 'Largest curvature L and condition number κ. Gradient descent diverges above η = 2/L, and crawls along y when κ is large.',
    value: '10, 100',
    validateInput: (text) => {
      const parsed = parse(text);
      return typeof parsed === 'string' ? parsed : undefined;
    },
  });
  if (typed === undefined) return undefined;
  const parsed = parse(typed);
  if (typeof parsed === 'string') return undefined;
  const quadratic = quadraticLoss(parsed.curvature, parsed.condition);
  const read = quadratic ? readFormula(quadratic.formula) : undefined;
  if (!quadratic || !read?.ok) return undefined;
  return {
    formula: read.formula,
    start: read.formula.variables.map((name) => quadratic.start.get(name) ?? 1),
    origin: `Quadratic, L = ${parsed.curvature}, κ = ${parsed.condition}`,
    documentUri: null,
    range: null,
  };
}

async function askFormula(): Promise<PickedLoss | undefined> {
  const typed = await vscode.window.showInputBox({
    title: 'Loss formula',
    prompt: 'A formula in Python, JavaScript, Julia, LaTeX or plain math; start values from its defaults (def f(x=1.5)) or 1.',
    placeHolder: 'x^2 + 10*y^2',
    validateInput: (text) => {
      const read = readFormula(text);
      return read.ok ? (read.formula.variables.length === 0 ? 'The formula has no variable to descend in' : undefined) : `${read.error.message} (column ${read.error.column})`;
    },
  });
  if (typed === undefined) return undefined;
  const read = readFormula(typed);
  if (!read.ok || read.formula.variables.length === 0) return undefined;
  return { formula: read.formula, start: read.formula.variables.map((name) => read.formula.startValues.get(name) ?? defaultStartValue()), origin: 'Typed in', documentUri: null, range: null };
}
