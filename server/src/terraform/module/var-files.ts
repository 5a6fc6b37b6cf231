import { dirname } from 'node:path';
import { readFolder } from './folder';
import type { FileReads, Host } from '../../host';

/** A variable file of a module, read through the host. */
export interface VarFile {
  path: string;
  text: string;
  json: boolean;
}

/** Longest variable file read: far above any real one; a larger file is skipped (its values stay unknown). */
export const VAR_FILE_MAX_CHARS = 1_000_000;

/**
 * Reads a variable file named by the user through the host, bounded like the ones Terraform loads by itself:
 * undefined when it cannot be read or is longer than VAR_FILE_MAX_CHARS.
 */
export function readVarFile(path: string, host: Host): VarFile | undefined {
  let text: string | undefined;
  try {
    // Checked and capped before it is read, like every file (a FIFO or a device is never opened for reading).
    const r = host.read(path, VAR_FILE_MAX_CHARS);
    text = 'text' in r ? r.text : undefined;
  } catch {
    text = undefined;
  }
  if (text === undefined || text.length > VAR_FILE_MAX_CHARS) return undefined;
  return { path, text, json: path.endsWith('.json') };
}

/** Variable files Terraform loads by itself in a root module. */
function isAutoVarFile(name: string): boolean {
  return name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json');
}

/**
 * The variable files Terraform reads by itself for the module whose file is `path`, in the order it reads
 * them (a later file's value wins): `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars` and
 * `*.auto.tfvars.json` in lexical order of their names. Read through the host; unreadable or oversized
 * files are skipped.
 */
export function autoVarFiles(path: string, host: FileReads): VarFile[] {
  const rank = (n: string) => (n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2);
  const files = readFolder(dirname(path), host, isAutoVarFile, VAR_FILE_MAX_CHARS);
  // Name order within each rank: the sort is stable.
  files.sort((a, b) => rank(a.name) - rank(b.name));
  return files.map((f) => ({ path: f.path, text: f.text, json: f.name.endsWith('.json') }));
}
