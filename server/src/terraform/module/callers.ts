import { join, resolve } from 'node:path';
import type { FileReads } from '../../host';
import { isLocalSource, moduleCallsOf, type ModuleCall } from './calls';
import { readFolder } from './folder';
import { moduleFile, type ModuleFile } from './scope';

/** Folders of the workspace looked at for callers of a module; a larger workspace is read up to this many. */
export const CALLER_FOLDERS_MAX = 2_000;
/** Callers listed for one module. */
export const CALLERS_MAX = 20;
/** Folders never looked into: tools' and version control's own. */
const SKIPPED = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

/** Names that are files, not folders to look into (listing a file gives nothing, but counts). */
const FILE_NAME = /\.(tf|json|tfvars|tpl|tftpl|hcl|md|txt|ya?ml|sh|py|js|ts|go|zip|lock)$/i;

/** A module call, in another module of the workspace, whose local source is a given module's folder. */
export interface Caller {
  file: ModuleFile;
  call: ModuleCall;
}

/**
 * The calls of the module in `dir` written in the workspace's other modules, with a local source (`../kms`)
 * that names it: what callers pass to its variables. The workspace is walked breadth first, its first
 * CALLER_FOLDERS_MAX folders; a file is parsed only when its text has a `module` block naming a local source.
 */
export function callersOf(dir: string, host: FileReads): Caller[] {
  const root = host.workspaceRoot;
  if (!root) return [];
  const out: Caller[] = [];
  const queue = [root];
  for (let seen = 0; queue.length > 0 && seen < CALLER_FOLDERS_MAX && out.length < CALLERS_MAX; seen++) {
    const folder = queue.shift()!;
    const names = host.listDir(folder);
    for (const n of [...names].sort()) {
      if (!n.startsWith('.') && !SKIPPED.has(n) && !FILE_NAME.test(n)) queue.push(join(folder, n));
    }
    if (folder === dir || !names.some((n) => n.endsWith('.tf'))) continue;
    for (const t of readFolder(folder, host, (n) => n.endsWith('.tf'))) {
      if (!/\bmodule\s+"/.test(t.text) || !/source\s*=\s*"\.\.?[/\\]/.test(t.text)) continue;
      const file = moduleFile(t.path, t.text);
      for (const call of moduleCallsOf(file.blocks)) {
        if (call.source && isLocalSource(call.source) && resolve(folder, call.source) === dir && out.length < CALLERS_MAX) out.push({ file, call });
      }
    }
  }
  return out;
}
