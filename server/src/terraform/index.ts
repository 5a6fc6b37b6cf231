import type { PolicySource } from '../policy/model';
import type { Host } from '../host';
import { withParses } from './cache';
import { extractPolicies } from './extract';
import type { TerraformFile } from './model';
import { siblingsOf } from './module';
import { initParser } from './parser';
import { readBlocks } from './resources';
import { ModuleScope, moduleFile } from './scope';
import { suppressionsOf, type Suppressions } from './suppress';

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
    const parsed = moduleFile(path, text);
    const file: TerraformFile = { path, resources: readBlocks(parsed.root, text) };
    if (host) file.siblings = siblingsOf(path, host);
    const scope = new ModuleScope(parsed, host);
    return { file, sources: extractPolicies(parsed, scope, host), suppressions: suppressionsOf(parsed.root, text) };
  });
}
