/**
 * The client's answers to the server's file requests in the browser (`keyscope/readFile`, `keyscope/listDir`):
 * files of the workspace folders only, read through `workspace.fs` (whatever file system holds them), a file's
 * type and size checked before a byte is read, and never more than the server's limit.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { LIST_DIR_REQUEST, READ_FILE_REQUEST, type ListDirParams, type ListDirResult, type ReadFileParams, type ReadFileResult } from '../../server/src/lsp/protocol';

/** A URI of a workspace folder's file, from the server's string; none for anything else (`..` included). */
function workspaceUri(raw: unknown): vscode.Uri | undefined {
  if (typeof raw !== 'string') return undefined;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(raw, true);
  } catch {
    return undefined;
  }
  if (uri.path.split('/').includes('..')) return undefined;
  return vscode.workspace.getWorkspaceFolder(uri) ? uri : undefined;
}

export async function readWorkspaceFile(p: ReadFileParams): Promise<ReadFileResult> {
  const uri = workspaceUri(p?.uri);
  const maxBytes = typeof p?.maxBytes === 'number' && p.maxBytes >= 0 ? p.maxBytes : 0;
  if (!uri) return { missing: true };
  let st: vscode.FileStat;
  try {
    st = await vscode.workspace.fs.stat(uri);
  } catch {
    return { missing: true };
  }
  if (!(st.type & vscode.FileType.File)) return { skipped: 'not-regular', kind: st.type & vscode.FileType.Directory ? 'a directory' : 'not a regular file' };
  if (st.size > maxBytes) return { skipped: 'too-large', bytes: st.size };
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    // It may have grown since the stat.
    if (bytes.byteLength > maxBytes) return { skipped: 'too-large', bytes: bytes.byteLength };
    return { text: new TextDecoder().decode(bytes) };
  } catch {
    return { missing: true };
  }
}

export async function listWorkspaceDir(p: ListDirParams): Promise<ListDirResult> {
  const uri = workspaceUri(p?.uri);
  if (!uri) return [];
  try {
    return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name);
  } catch {
    return [];
  }
}

export function answerFileRequests(client: BaseLanguageClient): void {
  client.onRequest(READ_FILE_REQUEST, readWorkspaceFile);
  client.onRequest(LIST_DIR_REQUEST, listWorkspaceDir);
}
