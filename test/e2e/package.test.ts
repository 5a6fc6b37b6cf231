// The .vsix that `npm run package` built (test:e2e builds it first): what it ships, its size, its manifest.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, VSIX } from '../../scripts/e2e/code-server';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The files vsce puts in the package, as `vsce ls` reports them. */
function packagedFiles(): string[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

describe('the .vsix', () => {
  it('ships only the bundles, the wasm files, snippets, media, the schema and the documents', () => {
    const allowed = [
      /^client\/out\/(extension\.js|terminateProcess\.sh)$/, /^server\/out\/server\.js$/, /^server\/out\/[\w-]+\.wasm$/, /^server\/out\/web-tree-sitter\.cjs$/,
      /^snippets\/[\w-]+\.code-snippets$/, /^media\/[\w.-]+$/, /^schemas\/[\w.-]+\.json$/,
      /^(README\.md|LICENSE|CHANGELOG\.md|package\.json)$/,
    ];
    const files = packagedFiles();
    assert.deepEqual(files.filter((f) => !allowed.some((re) => re.test(f))), []);
    for (const f of ['client/out/extension.js', 'server/out/server.js', 'server/out/web-tree-sitter.wasm', 'server/out/tree-sitter-hcl.wasm', 'server/out/web-tree-sitter.cjs', 'media/icon.png', 'schemas/key-policy.schema.json']) {
      assert.ok(files.includes(f), `${f} is packaged`);
    }
    assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps');
    assert.ok(!files.includes('server/out/cli.js'), 'the CLI is the npm package, not part of the extension');
  });

  it('stays within its size budget (3 MB)', () => {
    assert.ok(statSync(VSIX).size < 3 * 1024 * 1024, `${VSIX}: ${statSync(VSIX).size} bytes`);
  });

  it('has a client bundle within its budget (500 KB, vscode-languageclient included)', () => {
    const bundle = join(ROOT, 'client', 'out', 'extension.js');
    assert.ok(statSync(bundle).size < 500 * 1024, `${bundle}: ${statSync(bundle).size} bytes`);
  });

  it('has a manifest complete for publication', () => {
    for (const field of ['publisher', 'displayName', 'description', 'icon', 'license', 'repository', 'galleryBanner']) {
      assert.ok(manifest[field], `package.json has ${field}`);
    }
    assert.deepEqual([...manifest.categories].sort(), ['Linters', 'Programming Languages', 'Snippets']);
    assert.ok(manifest.keywords.length > 0 && manifest.keywords.length <= 30);
    // The client relies on VS Code 1.82 APIs (the types it is built against).
    assert.match(manifest.engines.vscode, /^\^1\.(8[2-9]|9\d|1\d\d)\./);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.ok(!manifest.activationEvents.includes('*'), 'activates only on the languages and files it serves');
    assert.ok(!manifest.activationEvents.some((e: string) => e.startsWith('workspaceContains:')), 'a folder with .tf files does not start anything by itself');
    assert.ok(!manifest.extensionDependencies, 'installs offline: no extension dependencies');
    const schema = manifest.contributes.jsonValidation[0];
    assert.deepEqual(JSON.parse(readFileSync(join(ROOT, schema.url), 'utf8')).title, 'AWS KMS key policy');
  });
});
