import { join } from 'node:path';
import type { FileReads } from '../../host';

/** Folders of the workspace looked at by one walk (callers of a module, identity policies); a larger workspace is read up to this many. */
export const WORKSPACE_FOLDERS_MAX = 2_000;
/** Folders never looked into: tools' and version control's own (as the workspace lint skips them). */
const SKIPPED = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

/** Names that are files, not folders to look into (listing a file gives nothing, but counts). */
const FILE_NAME = /\.(tf|json|tfvars|tpl|tftpl|hcl|md|txt|ya?ml|sh|py|js|ts|go|zip|lock)$/i;

/**
 * The folders of the workspace, breadth first from its root in name order, the first WORKSPACE_FOLDERS_MAX of
 * them, each with the names of its entries; `visit` returns false to stop the walk. Nothing without a root.
 */
export function walkWorkspace(host: FileReads, visit: (folder: string, names: readonly string[]) => boolean | void): void {
  const root = host.workspaceRoot;
  if (!root) return;
  const queue = [root];
  for (let seen = 0; queue.length > 0 && seen < WORKSPACE_FOLDERS_MAX; seen++) {
    const folder = queue.shift()!;
    const names = [...host.listDir(folder)].sort();
    for (const n of names) if (!n.startsWith('.') && !SKIPPED.has(n) && !FILE_NAME.test(n)) queue.push(join(folder, n));
    if (visit(folder, names) === false) return;
  }
}
