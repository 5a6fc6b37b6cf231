// The Keyscope language server processes of one code-server instance, and what the extension wrote to its
// "Keyscope" output channel: the editor tests use them to crash the server and to check how it was stopped.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CodeServer } from '../../scripts/e2e/code-server';

/** The pids of the language servers started from this code-server's extensions folder (read from /proc). */
export function serverPids(cs: CodeServer): number[] {
  // The workspace, the user data and the extensions folder share one temporary folder per code-server.
  const extensions = join(dirname(cs.workspace), 'extensions');
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (args.includes('--node-ipc') && args.some((a) => a.startsWith(extensions) && a.endsWith(join('server', 'out', 'server.js')))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Everything the extension wrote to its "Keyscope" output so far. VS Code keeps an extension's log output
 * channel in `exthost/<extension id>/Keyscope.log` under the session's logs; a restarted extension host starts
 * another session folder.
 */
export function keyscopeOutput(cs: CodeServer): string {
  return sessionLogs(cs, /^Keyscope\.log$/);
}

/** The session's log files whose names match `name`, concatenated in path order. */
export function sessionLogs(cs: CodeServer, name: RegExp): string {
  const files: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.test(e)) files.push(p);
    }
  };
  walk(join(dirname(cs.workspace), 'user-data', 'logs'));
  return files.sort().map((f) => readFileSync(f, 'utf8')).join('\n');
}
