import type { FileReads } from '../../host';
import type { TerraformFile } from '../model';
import { freeTree, parseHcl } from '../syntax/parser';
import { readBlocks } from '../syntax/resources';
import { siblingSummaries } from './sibling-summary';

/** Resources of a .tf file, read from a fresh parse whose tree is freed at once. */
export function readResources(text: string, path: string): TerraformFile {
  const parsed = parseHcl(text);
  try {
    return { path, resources: readBlocks(parsed.tree.rootNode, text) };
  } finally {
    freeTree(parsed);
  }
}

/**
 * The other .tf files of the folder `path` lies in (a Terraform module), read through the host on first call.
 * Files the host does not read are left out. Each is parsed once per text (its summary), not on every analysis.
 */
export function siblingsOf(path: string, host: FileReads): () => TerraformFile[] {
  let files: TerraformFile[] | undefined;
  return () => (files ??= siblingSummaries(path, host).map((s) => s.file));
}
