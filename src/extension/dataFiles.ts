/**
 * Data files a loss's code loads (`np.loadtxt("house.csv")`), read through VS Code's file system (so remote and
 * virtual workspaces work), next to the code: a path is taken relative to the document's folder, and must stay
 * inside that folder or a workspace folder. Size-capped before reading. Each refusal says why, and the core
 * shows it where the file is named.
 */
import * as vscode from 'vscode';
import { MAX_DATA_FILE_BYTES } from '../core/data/dataFiles';
import type { DataFileReader } from '../core/documentFormula';

export function dataFileReader(document: vscode.TextDocument): DataFileReader {
  return async (written) => {
    if (document.uri.scheme === 'untitled') throw new Error('save the file first, so the data next to it can be found');
    const folder = vscode.Uri.joinPath(document.uri, '..');
    const absolute = written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written);
    const target = absolute ? document.uri.with({ path: written.replace(/\\/g, '/') }) : vscode.Uri.joinPath(folder, written.replace(/\\/g, '/'));
    const roots = [folder, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    const inside = roots.some((root) => root.scheme === target.scheme && root.authority === target.authority && (target.path === root.path || target.path.startsWith(`${root.path.replace(/\/$/, '')}/`)));
    if (!inside) throw new Error('it is outside the file’s folder and the workspace; the lab reads data next to the code');
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(target)).size;
    } catch (error) {
      throw new Error(`there is no such file next to ${document.uri.path.split('/').pop()} (${vscode.workspace.asRelativePath(target)})`, { cause: error });
    }
    if (size > MAX_DATA_FILE_BYTES) throw new Error(`it is ${(size / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_DATA_FILE_BYTES / 1024 / 1024} MB the lab reads`);
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(target));
  };
}
