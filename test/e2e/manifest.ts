import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/e2e/code-server';

interface Manifest {
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
  };
}

const manifest = (): Manifest => JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The Command Palette label of a contributed command (`Category: Title`), or undefined when not contributed. */
export function contributedCommand(id: string): string | undefined {
  const c = manifest().contributes?.commands?.find((x) => x.command === id);
  return c && (c.category ? `${c.category}: ${c.title}` : c.title);
}
