/**
 * Writes a file a piece at a time, so an export of millions of steps is never one string in memory and never
 * freezes the extension host. VS Code's file system API writes whole files only, so the pieces go to a file in the
 * system's temporary folder first (each write awaited: the event loop runs between pieces), and VS Code's file system
 * then copies it to the target, whichever file system that is (a remote or virtual workspace's too). A cancelled or
 * failed write leaves the target as it was.
 */
import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

/** Writes `pieces` to `target`; false when cancelled through `token`. `onPiece` hears the characters written so far. */
export async function writeFileInPieces(
  target: vscode.Uri,
  pieces: Iterable<string>,
  token?: vscode.CancellationToken,
  onPiece?: (characters: number) => void,
): Promise<boolean> {
  const temporary = join(tmpdir(), `gd-lab-export-${randomBytes(8).toString('hex')}`);
  const file = await open(temporary, 'w');
  try {
    let characters = 0;
    try {
      for (const piece of pieces) {
        if (token?.isCancellationRequested === true) return false;
        await file.write(piece, null, 'utf8');
        characters += piece.length;
        onPiece?.(characters);
      }
    } finally {
      await file.close();
    }
    await vscode.workspace.fs.copy(vscode.Uri.file(temporary), target, { overwrite: true });
    return true;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
