import type { PolicySource } from '../policy/model';
import type { Host } from '../host';
import { withParses } from './syntax/cache';
import { extractPolicies } from './extract/extract';
import type { TerraformFile } from './model';
import { siblingsOf } from './module/files';
import { initParser } from './syntax/parser';
import { Generation, MemoStore } from './memo';
import { resourceBlocks, type BlockTable } from './syntax/resources';
import type { BuildTable } from './extract/build-memo';
import type { HeadTable } from './syntax/top-blocks';
import { ModuleScope, moduleFile } from './module/scope';
import { suppressionsOf, type Suppressions } from './syntax/suppress';

export interface TerraformExtraction {
  file: TerraformFile;
  sources: PolicySource[];
  /** `# keyscope-ignore` comments: rule ids suppressed per line. */
  suppressions: Suppressions;
}

/** Loads the HCL grammar. Must be awaited once before `extractTerraform` is used. */
export async function initTerraform(): Promise<void> {
  await initParser();
}

/**
 * Every key policy of a .tf file, spans mapped into the .tf text, and its resources. The parse is cached per
 * path, so the next call for the same document after an edit re-parses incrementally.
 */
export function extractTerraform(text: string, path: string, host?: Host): TerraformExtraction {
  return withParses(() => {
    // What the last extraction of this path read from parts of the file whose text has not changed is reused.
    const last = kept.last(path);
    const blocks: BlockTable = new Generation(last?.blocks);
    const builds: BuildTable = new Generation(last?.builds);
    const heads: HeadTable = new Generation(last?.heads);
    const parsed = moduleFile(path, text, heads);
    const file: TerraformFile = { path, resources: resourceBlocks(parsed.blocks, text, blocks) };
    if (host) file.siblings = siblingsOf(path, host);
    const scope = new ModuleScope(parsed, host);
    const sources = extractPolicies(parsed, scope, host, builds);
    kept.keep(path, { blocks: blocks.kept(), builds: builds.kept(), heads: heads.kept() }, text.length);
    return { file, sources, suppressions: suppressionsOf(parsed.root, text) };
  });
}

type Kept<T> = T extends Generation<infer V> ? Map<string, V> : never;
const kept = new MemoStore<{ blocks: Kept<BlockTable>; builds: Kept<BuildTable>; heads: Kept<HeadTable> }>();
