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
 * that names it: what callers pass to its variables. See `callersOfModules`.
 */
export function callersOf(dir: string, host: FileReads): Caller[] {
  return callersOfModules(new Set([dir]), host);
}

/**
 * The calls of any of the modules in `dirs` written in the workspace's other modules, with a local source that
 * names it, at most CALLERS_MAX per module. The workspace is walked once (`walkWorkspace`: breadth first, with
 * its bound); a file is parsed only when its text has a `module` block naming a local source.
 */
export function callersOfModules(dirs: ReadonlySet<string>, host: FileReads): (Caller & { module: string })[] {
  const out: (Caller & { module: string })[] = [];
  if (dirs.size === 0) return out;
  const found = new Map<string, number>();
  walkWorkspace(host, (folder, names) => {
    if (!names.some((n) => n.endsWith('.tf'))) return;
    for (const t of readFolder(folder, host, (n) => n.endsWith('.tf'))) {
      if (!/\bmodule\s+"/.test(t.text) || !/source\s*=\s*"\.\.?[/\\]/.test(t.text)) continue;
      const file = moduleFile(t.path, t.text);
      for (const call of moduleCallsOf(file.blocks)) {
        const target = call.source && isLocalSource(call.source) ? resolve(folder, call.source) : undefined;
        if (!target || target === folder || !dirs.has(target) || (found.get(target) ?? 0) >= CALLERS_MAX) continue;
        found.set(target, (found.get(target) ?? 0) + 1);
        out.push({ file, call, module: target });
      }
    }
    // Done once every module has its callers.
    return !(found.size === dirs.size && [...found.values()].every((n) => n >= CALLERS_MAX));
  });
  return out;
}
