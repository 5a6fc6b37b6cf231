import { join } from 'node:path';
import type { FileReads } from '../../host';

/**
 * The files of a folder whose names `accept` takes, read through the host, in name order. Unreadable files
 * are skipped, and so are files longer than `maxLength`; a folder that cannot be listed has none.
 */
export function readFolder(dir: string, host: FileReads, accept: (name: string) => boolean, maxLength = Infinity): { name: string; path: string; text: string }[] {
  let names: string[];
  try {
    names = host.listDir(dir);
  } catch {
    return [];
  }
  const out: { name: string; path: string; text: string }[] = [];
  for (const name of [...names].sort()) {
    if (!accept(name)) continue;
    const path = join(dir, name);
    let text: string | undefined;
    try {
      text = host.readFile(path);
    } catch {
      text = undefined;
    }
    if (text !== undefined && text.length <= maxLength) out.push({ name, path, text });
  }
  return out;
}
