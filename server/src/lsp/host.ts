import { nodeHost } from '../node-host';
import type { Host } from '../host';
import { withReadCache } from './read-cache';

const hosts = new Map<string, Host>();

/** The workspace-confined file host for a folder (shared with the CLI's), its reads cached. */
export function nodeHostFor(folder: string): Host {
  let h = hosts.get(folder);
  if (!h) hosts.set(folder, (h = withReadCache(nodeHost(folder))));
  return h;
}
