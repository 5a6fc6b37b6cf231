import { nodeHost } from '../node-host';
import type { Host } from '../host';

const hosts = new Map<string, Host>();

/** The workspace-confined file host for a folder (shared with the CLI's). */
export function nodeHostFor(folder: string): Host {
  let h = hosts.get(folder);
  if (!h) hosts.set(folder, (h = nodeHost(folder)));
  return h;
}
