import { resolve } from 'node:path';
import type { FileReads } from '../../host';
import { isLocalSource, moduleCallsOf, type ModuleCall } from './calls';
import { readFolder } from './folder';
import { moduleFile, type ModuleFile } from './scope';
import { walkWorkspace, WORKSPACE_FOLDERS_MAX } from './walk';

/** Folders of the workspace looked at for callers of a module (see `walk.ts`). */
export const CALLER_FOLDERS_MAX = WORKSPACE_FOLDERS_MAX;
/** Callers listed for one module. */
export const CALLERS_MAX = 20;

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
  const out: Caller[] = [];
  walkWorkspace(host, (folder, names) => {
    if (folder === dir || !names.some((n) => n.endsWith('.tf'))) return;
    for (const t of readFolder(folder, host, (n) => n.endsWith('.tf'))) {
      if (!/\bmodule\s+"/.test(t.text) || !/source\s*=\s*"\.\.?[/\\]/.test(t.text)) continue;
      const file = moduleFile(t.path, t.text);
      for (const call of moduleCallsOf(file.blocks)) {
        if (call.source && isLocalSource(call.source) && resolve(folder, call.source) === dir && out.length < CALLERS_MAX) out.push({ file, call });
      }
    }
    return out.length < CALLERS_MAX;
  });
  return out;
}
