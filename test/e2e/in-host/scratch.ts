// Files for the in-host cases, in a folder of their own inside the workspace code-server serves (a temporary
// copy of the fixture workspace), so the cases can open, edit, create and delete real documents.
import * as vscode from 'vscode';

let count = 0;

/** A new, empty folder in the workspace, unique to the calling case. */
export async function scratchFolder(): Promise<vscode.Uri> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) throw new Error('the in-host cases need a workspace folder');
  const dir = vscode.Uri.joinPath(root, 'in-host-scratch', String(++count));
  await vscode.workspace.fs.createDirectory(dir);
  return dir;
}

/** Writes a file (UTF-8) and returns its URI. */
export async function writeText(uri: vscode.Uri, text: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Whether a file exists, by asking VS Code's file system. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** An LSP range from its four numbers. */
export const R = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

/** Asserts that a VS Code range is a real `vscode.Range` spanning the LSP range (same line/character numbers). */
export function sameRange(actual: unknown, expected: { start: { line: number; character: number }; end: { line: number; character: number } }): void {
  if (!(actual instanceof vscode.Range)) throw new Error(`not a vscode.Range: ${JSON.stringify(actual)}`);
  const want = new vscode.Range(expected.start.line, expected.start.character, expected.end.line, expected.end.character);
  if (!actual.isEqual(want)) throw new Error(`range ${JSON.stringify(actual)} is not ${JSON.stringify(want)}`);
}
