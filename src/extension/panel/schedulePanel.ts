/**
 * A "Plot schedule" panel: the learning rate (and the momentum a schedule cycles) of each update of a training-code
 * schedule, with no loss. The same page as the simulation panel, showing only the schedule; it is rebuilt from the
 * view it was given whenever the page reloads.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseWebviewMessage, type ScheduleView } from '../../shared/protocol';
import { renderPanelHtml } from './panelHtml';

export const SCHEDULE_VIEW_TYPE = 'gdLab.schedule';

export class SchedulePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  /** Opens a panel beside the editor showing `view`. */
  static show(extensionUri: vscode.Uri, view: ScheduleView): SchedulePanel {
    const panel = vscode.window.createWebviewPanel(SCHEDULE_VIEW_TYPE, `η: ${view.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    return new SchedulePanel(panel, extensionUri, view);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly view: ScheduleView,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'panel-icon.svg');
    const webview = panel.webview;
    const asUri = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      title: panel.title,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (message?.type === 'ready') {
      void this.panel.webview.postMessage({ type: 'showSchedule', view: this.view });
    } else if (message?.type === 'exportImage') {
      const target = await vscode.window.showSaveDialog({ filters: { 'PNG image': ['png'] }, title: 'Save the schedule as PNG' });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, Buffer.from(message.dataUrl.slice(message.dataUrl.indexOf(',') + 1), 'base64'));
    }
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}

/**
 * A schedule panel left open when VS Code restarts is closed: its plot came from a script that may have changed
 * since, and "Plot schedule" on the line draws it again at once.
 */
export class SchedulePanelSerializer implements vscode.WebviewPanelSerializer {
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    panel.dispose();
  }
}
