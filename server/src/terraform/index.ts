import type { PolicySource } from '../policy/model';
import type { Host } from '../host';
import type { TerraformFile } from './model';
import { siblingsOf, readResources } from './module';
import { initParser } from './parser';

export interface TerraformExtraction {
  file: TerraformFile;
  sources: PolicySource[];
}

/** Loads the HCL grammar. Must be awaited once before `extractTerraform` is used. */
export async function initTerraform(): Promise<void> {
  await initParser();
}

/** Every key policy of a .tf file, spans mapped into the .tf text. */
export function extractTerraform(text: string, path: string, host?: Host): TerraformExtraction {
  const file = readResources(text, path);
  if (host) file.siblings = siblingsOf(path, host);
  return { file, sources: [] };
}
