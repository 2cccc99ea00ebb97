/**
 * The one handle on VS Code's webview API. `acquireVsCodeApi` may be called only once per page,
 * so every module that posts intents or keeps state goes through here.
 */
import type { WebviewMessage } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): unknown;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostChannel {
  /** Sends an intent to the extension host. */
  post(message: WebviewMessage): void;
  /** What `saveState` last stored, even from before the panel was hidden and recreated. */
  loadState(): unknown;
  saveState(state: unknown): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => api.getState(),
    saveState: (state) => {
      api.setState(state);
    },
  };
}
