/**
 * The open simulation panels, and which one the η commands act on: the one last focused or created.
 * Keeps the `gdLab.panelOpen` context key true while any panel is open, so the palette offers the
 * η commands only then. The panels share the worker threads that run stability maps.
 */
import * as vscode from 'vscode';
import { StabilityMapWorkers } from '../stabilityMap/workerPool';
import type { SimulationPanel } from './simulationPanel';

export const PANEL_OPEN_CONTEXT = 'gdLab.panelOpen';

export class PanelRegistry implements vscode.Disposable {
  private readonly panels: SimulationPanel[] = [];
  private current: SimulationPanel | undefined;
  private readonly changed = new vscode.EventEmitter<SimulationPanel | undefined>();
  /** Fires with the panel the commands now act on (undefined when none is open). */
  readonly onDidChangeCurrent = this.changed.event;

  /** Started on the first map, by any panel. */
  readonly stabilityMapWorkers: StabilityMapWorkers;

  constructor(readonly extensionUri: vscode.Uri) {
    this.stabilityMapWorkers = new StabilityMapWorkers(vscode.Uri.joinPath(extensionUri, 'dist', 'stabilityMapWorker.js').fsPath);
  }

  /** The panel the η commands act on. */
  get active(): SimulationPanel | undefined {
    return this.current;
  }

  get all(): readonly SimulationPanel[] {
    return this.panels;
  }

  add(panel: SimulationPanel): void {
    this.panels.push(panel);
    panel.onDidChange((changed) => {
      if (changed.active) this.current = changed;
      if (changed === this.current) this.changed.fire(changed);
    });
    panel.onDidDispose((disposed) => this.remove(disposed));
    this.current = panel;
    this.update();
  }

  dispose(): void {
    for (const panel of [...this.panels]) panel.dispose();
    this.changed.dispose();
    this.stabilityMapWorkers.dispose();
  }

  private remove(panel: SimulationPanel): void {
    const index = this.panels.indexOf(panel);
    if (index !== -1) this.panels.splice(index, 1);
    if (this.current === panel) this.current = this.panels.find((p) => p.visible) ?? this.panels.at(-1);
    this.update();
  }

  private update(): void {
    void vscode.commands.executeCommand('setContext', PANEL_OPEN_CONTEXT, this.panels.length > 0);
    this.changed.fire(this.current);
  }
}
