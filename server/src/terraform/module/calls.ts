import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import type { FileReads } from '../../host';
import { attributesOf, blockAttribute, stringLiteral, type HclAttribute, type HclBlock } from '../syntax/hcl';

/** A `module "name" { source = ... }` block: its arguments, and the meta-arguments Terraform reads itself. */
export interface ModuleCall {
  name: string;
  block: HclBlock;
  /** The `source` as written, when it is a literal string. */
  source?: string;
  /** Arguments that bind the called module's variables (meta-arguments left out). */
  args: HclAttribute[];
  count?: HclAttribute;
  forEach?: HclAttribute;
}

/** Arguments of a module block that are Terraform's own, not the called module's variables. */
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** The module calls among a file's top-level blocks. */
export function moduleCallsOf(blocks: readonly HclBlock[]): ModuleCall[] {
  const out: ModuleCall[] = [];
  for (const b of blocks) {
    if (b.type !== 'module' || !b.labels[0]) continue;
    const attrs = attributesOf(b.body);
    out.push({
      name: b.labels[0],
      block: b,
      source: stringLiteral(blockAttribute(b, 'source')?.value),
      args: attrs.filter((a) => !META_ARGUMENTS.has(a.name)),
      count: attrs.find((a) => a.name === 'count'),
      forEach: attrs.find((a) => a.name === 'for_each'),
    });
  }
  return out;
}

/** Where a called module's files are, or why they cannot be read. */
export type CallTarget = { dir: string } | { missing: 'not-downloaded' | 'not-found' | 'no-source' };

/** Longest `.terraform/modules/modules.json` read: a real one lists a few hundred modules in a few KB. */
export const MODULES_JSON_MAX_CHARS = 1_000_000;

/** A local source, as Terraform recognises one: it starts with `./` or `../`. */
export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source.startsWith('.\\') || source.startsWith('..\\');
}

/**
 * The folder of a called module. A local source (`./x`, `../x`) is relative to the calling module's folder;
 * any other (registry, git, an archive) is where `terraform init` put it, as `.terraform/modules/modules.json`
 * of the root module lists it (`Key` is the call's address, `a.b` for a call `b` inside module `a`; `Dir` is
 * relative to the root module). A folder outside the workspace is never read.
 */
export function callTarget(call: ModuleCall, callerDir: string, key: string, rootDir: string, host: FileReads): CallTarget {
  if (call.source === undefined) return { missing: 'no-source' };
  let dir: string | undefined;
  if (isLocalSource(call.source)) dir = resolve(callerDir, call.source);
  else {
    const found = installedModules(rootDir, host).get(key);
    if (found === undefined) return { missing: 'not-downloaded' };
    dir = isAbsolute(found) ? normalize(found) : resolve(rootDir, found);
  }
  if (!inside(dir, host.workspaceRoot)) return { missing: 'not-found' };
  if (!host.listDir(dir).some((n) => n.endsWith('.tf'))) return { missing: isLocalSource(call.source) ? 'not-found' : 'not-downloaded' };
  return { dir };
}

function inside(dir: string, root: string | undefined): boolean {
  if (root === undefined) return true;
  const r = relative(root, dir);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

/**
 * The modules `terraform init` installed for the root module at `rootDir`: call address -> folder (as
 * written, relative to the root). Empty when there is no such file or it is not what Terraform writes.
 */
export function installedModules(rootDir: string, host: FileReads): Map<string, string> {
  const out = new Map<string, string>();
  const text = host.readFile(join(rootDir, '.terraform', 'modules', 'modules.json'));
  if (text === undefined || text.length > MODULES_JSON_MAX_CHARS) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return out;
  }
  const modules = (parsed as { Modules?: unknown } | null)?.Modules;
  if (!Array.isArray(modules)) return out;
  for (const m of modules) {
    const key = (m as { Key?: unknown })?.Key;
    const dir = (m as { Dir?: unknown })?.Dir;
    if (typeof key === 'string' && typeof dir === 'string' && key !== '' && !out.has(key)) out.set(key, dir);
  }
  return out;
}

/** What a user reads about a call whose module cannot be analysed. */
export function missingMessage(name: string, why: 'not-downloaded' | 'not-found' | 'no-source'): string {
  if (why === 'not-downloaded') return `module.${name}: module source not downloaded: run terraform init to analyse it`;
  if (why === 'not-found') return `module.${name}: the module's folder has no .tf files Keyscope can read; values from it stay unknown`;
  return `module.${name}: its source is not a literal string; values from it stay unknown`;
}
