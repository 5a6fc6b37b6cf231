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
