/** Choose Optimizer…, Choose Schedule…, Set Step Limit…: the current panel's run settings. */
import * as vscode from 'vscode';
import { maxStepsKept, OPTIMIZER_KINDS, SCHEDULE_KINDS, type OptimizerKind, type ScheduleKind } from '../../core/optim';
import { OPTIMIZER_LABELS, SCHEDULE_LABELS } from '../../shared/labels';
import type { PanelRegistry } from '../panel/panelRegistry';
import { parseStepLimit } from '../session/inputs';
import { withActivePanel } from './activePanel';

const OPTIMIZER_DETAILS: Readonly<Record<OptimizerKind, string>> = {
  gd: 'θ ← θ − η∇L(θ) · torch.optim.SGD',
  momentum: 'Heavy-ball momentum 0.9 · torch.optim.SGD(momentum=0.9)',
  nesterov: 'Look-ahead momentum 0.9 · torch.optim.SGD(nesterov=True)',
  adagrad: 'Per-parameter η shrinking with the sum of squared gradients · torch.optim.Adagrad',
  rmsprop: 'Per-parameter η from a running average of squared gradients (α = 0.99) · torch.optim.RMSprop',
  adam: 'Momentum and RMSProp with bias correction, β = (0.9, 0.999) · torch.optim.Adam',
  adamw: 'Adam with decoupled weight decay 0.01 · torch.optim.AdamW',
};

const SCHEDULE_DETAILS: Readonly<Record<ScheduleKind, string>> = {
  constant: 'The same η every step',
  step: 'η × γ every step size steps · StepLR',
  exponential: 'η × γ every step · ExponentialLR',
  cosine: 'η follows half a cosine down to a minimum over the run · CosineAnnealingLR',
  'warmup-cosine': 'η rises linearly, then cosine-anneals · LinearLR → CosineAnnealingLR',
  onecycle: 'η rises to a peak, then anneals far below the start · OneCycleLR',
};

export function registerRunSettingsCommands(registry: PanelRegistry): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gdLab.chooseOptimizer', (value?: unknown) =>
      withActivePanel(registry, async (panel) => {
        const current = panel.session.settings.optimizer.kind;
        const kind = isOneOf(value, OPTIMIZER_KINDS) ? value : await pick(OPTIMIZER_KINDS, current, OPTIMIZER_LABELS, OPTIMIZER_DETAILS, 'Optimizer');
        if (kind) await panel.run(() => panel.session.setOptimizer(kind));
      }),
    ),
    vscode.commands.registerCommand('gdLab.chooseSchedule', (value?: unknown) =>
      withActivePanel(registry, async (panel) => {
        const current = panel.session.settings.schedule.kind;
        const kind = isOneOf(value, SCHEDULE_KINDS) ? value : await pick(SCHEDULE_KINDS, current, SCHEDULE_LABELS, SCHEDULE_DETAILS, 'Learning-rate schedule');
        if (kind) await panel.run(() => panel.session.setSchedule(kind));
      }),
    ),
    vscode.commands.registerCommand('gdLab.setMaxSteps', (value?: unknown) =>
      withActivePanel(registry, async (panel) => {
        // A run keeps every step: a formula of many variables gets fewer.
        const limit = maxStepsKept(panel.session.formula.variables.length);
        const typed =
          typeof value === 'number'
            ? String(value)
            : await vscode.window.showInputBox({
                title: 'Step limit',
                prompt: 'The most updates a run applies. Long runs show progress and can be cancelled.',
                value: String(panel.session.settings.maxSteps),
                validateInput: (text) => {
                  const parsed = parseStepLimit(text, limit);
                  return parsed.ok ? undefined : parsed.message;
                },
              });
        if (typed === undefined) return;
        const parsed = parseStepLimit(typed, limit);
        if (!parsed.ok) {
          void vscode.window.showErrorMessage(`Step limit not changed: ${parsed.message}.`);
          return;
        }
        await panel.run(() => panel.session.setMaxSteps(parsed.value));
      }),
    ),
  ];
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

async function pick<T extends string>(
  kinds: readonly T[],
  current: string,
  labels: Readonly<Record<T, string>>,
  details: Readonly<Record<T, string>>,
  title: string,
): Promise<T | undefined> {
  const items = kinds.map((value) => ({ value, label: labels[value], description: value === current ? 'current' : undefined, detail: details[value] }));
  const now = (kinds as readonly string[]).includes(current) ? labels[current as T] : 'as read from your code';
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder: `${title} (now ${now})` });
  return chosen?.value;
}
