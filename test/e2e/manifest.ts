import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/e2e/code-server';

interface Manifest {
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    snippets?: { language: string; path: string }[];
  };
}

const manifest = (): Manifest => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The Command Palette label of a contributed command (`Category: Title`), or undefined when not contributed. */
export function contributedCommand(id: string): string | undefined {
  const c = manifest().contributes?.commands?.find((x) => x.command === id);
  return c && (c.category ? `${c.category}: ${c.title}` : c.title);
}

/** The first snippet contributed for `language`: its name, prefix and body, or undefined when there is none. */
export function firstSnippet(language: string): { name: string; prefix: string; body: string } | undefined {
  for (const s of manifest().contributes?.snippets ?? []) {
    if (s.language !== language) continue;
    const file = JSON.parse(readFileSync(join(ROOT, s.path), 'utf8')) as Record<string, { prefix: string | string[]; body: string | string[] }>;
    for (const [name, snippet] of Object.entries(file)) {
      const prefix = Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix;
      if (prefix) return { name, prefix, body: Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body };
    }
  }
  return undefined;
}
