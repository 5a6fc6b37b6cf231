// Packs a test-only extension as a .vsix in a fresh temporary folder, to install beside keyscope.vsix.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVSIX } from '@vscode/vsce';

/** What a test extension's manifest must say; publisher, version, licence and engine are filled in. */
export interface TestManifest {
  name: string;
  displayName: string;
  description: string;
  [field: string]: unknown;
}

/** Writes the manifest and a README, lets `fill` add the extension's files, and packs it; returns the .vsix path. */
export async function packTestExtension(manifest: TestManifest, fill: (dir: string) => void | Promise<void>): Promise<string> {
  const base = mkdtempSync(join(tmpdir(), `keyscope-${manifest.name}-`));
  const dir = join(base, 'extension');
  mkdirSync(dir);
  const full = { publisher: 'keyscope', version: '0.0.0', private: true, license: 'MIT', engines: { vscode: '^1.82.0' }, ...manifest };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(full, null, 2));
  writeFileSync(join(dir, 'README.md'), `# ${manifest.displayName}\n\n${manifest.description}\n`);
  await fill(dir);
  const packagePath = join(base, `${manifest.name}.vsix`);
  await createVSIX({ cwd: dir, packagePath, dependencies: false, allowMissingRepository: true, skipLicense: true });
  return packagePath;
}
