import type { Host } from '../../host';
import type { TerraformFile } from '../model';
import { parseHcl } from '../syntax/parser';
import { readBlocks } from '../syntax/resources';
import { siblingSummaries } from './sibling-summary';

/** Resources of a .tf file, read from a fresh parse whose tree is freed at once. */
export function readResources(text: string, path: string): TerraformFile {
  const parsed = parseHcl(text);
  try {
    return { path, resources: readBlocks(parsed.tree.rootNode, text) };
  } finally {
    parsed.tree.delete();
  }
}

/**
 * The other .tf files of the folder `path` lies in (a Terraform module), read through the host on first call.
 * Unreadable files are skipped. Each is parsed once per text (its summary), not on every analysis.
 */
export function siblingsOf(path: string, host: Host): () => TerraformFile[] {
  let files: TerraformFile[] | undefined;
  return () => (files ??= siblingSummaries(path, host).map((s) => s.file));
}
