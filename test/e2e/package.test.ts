// The .vsix that `npm run package` built (test:e2e builds it first): what it ships, its size, its manifest.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, it } from 'node:test';
import { ROOT, VSIX } from '../../scripts/e2e/code-server';
import { RULES } from '../../server/src/rules';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The files vsce puts in the package, as `vsce ls` reports them. */
function packagedFiles(): string[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
}

describe('the .vsix', () => {
  it('ships only the bundles, the wasm files, media, the schemas, the rule pages and the documents', () => {
    const allowed = [
      /^client\/out\/(extension\.js|browser-extension\.js|terminateProcess\.sh)$/, /^server\/out\/(server|browser-server)\.js$/, /^server\/out\/[\w-]+\.wasm$/, /^server\/out\/web-tree-sitter\.cjs$/,
      /^media\/[\w.-]+$/, /^schemas\/[\w.-]+\.json$/, /^language\/[\w.-]+\.json$/,
      /^docs\/rules\/[\w-]+\.md$/,
      /^(README\.md|LICENSE|CHANGELOG\.md|package\.json|THIRD-PARTY-NOTICES\.md)$/,
    ];
    const files = packagedFiles();
    assert.deepEqual(files.filter((f) => !allowed.some((re) => re.test(f))), []);
    for (const f of ['client/out/extension.js', 'server/out/server.js', 'client/out/browser-extension.js', 'server/out/browser-server.js', 'server/out/web-tree-sitter.wasm', 'server/out/tree-sitter-hcl.wasm', 'server/out/web-tree-sitter.cjs', 'media/icon.png', 'schemas/key-policy.schema.json', 'schemas/key-policy-editor.schema.json', 'language/terraform.language-configuration.json']) {
      assert.ok(files.includes(f), `${f} is packaged`);
    }
    assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps');
    assert.ok(!files.includes('server/out/cli.js'), 'the CLI is the npm package, not part of the extension');
    // Every rule's page, for "Keyscope: Show rule documentation" offline.
    for (const r of RULES) assert.ok(files.includes(`docs/rules/${r.meta.id}.md`), `docs/rules/${r.meta.id}.md is packaged`);
  });

  it('carries the licences of what it bundles: every package in its bundles, and the grammar', () => {
    const notices = readFileSync(join(ROOT, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    const listed = [...notices.matchAll(/^## (\S+) [\d.]+$/gm)].map((m) => m[1]);
    for (const name of ['vscode-languageclient', 'vscode-languageserver', 'vscode-jsonrpc', 'jsonc-parser', 'vscode-uri', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl']) {
      assert.ok(listed.includes(name), `${name} is listed: ${listed.join(', ')}`);
    }
    // The browser's bundles are covered too.
    assert.match(notices, /browser-server\.js/);
    // Each with its licence and the licence text it ships.
    for (const section of notices.split(/^## /m).slice(1)) assert.match(section, /^Licence: \S+[\s\S]*```[\s\S]+```/m, section.split('\n')[0]);
  });

  it('stays within its size budget (3 MB)', () => {
    assert.ok(statSync(VSIX).size < 3 * 1024 * 1024, `${VSIX}: ${statSync(VSIX).size} bytes`);
  });

  it('has client bundles within their budget (500 KB, vscode-languageclient included), for desktop VS Code and the browser', () => {
    for (const name of ['extension.js', 'browser-extension.js']) {
      const bundle = join(ROOT, 'client', 'out', name);
      assert.ok(statSync(bundle).size < 500 * 1024, `${bundle}: ${statSync(bundle).size} bytes`);
    }
  });

  it('has server bundles within their budget (1.5 MB), the Web Worker\'s with the tree-sitter runtime inside', () => {
    for (const name of ['server.js', 'browser-server.js']) {
      const bundle = join(ROOT, 'server', 'out', name);
      assert.ok(statSync(bundle).size < 1.5 * 1024 * 1024, `${bundle}: ${statSync(bundle).size} bytes`);
    }
  });

  it('is a web extension too: a browser entry, limited support of virtual workspaces', () => {
    assert.equal(manifest.browser, './client/out/browser-extension.js');
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.virtualWorkspaces.description, /git/);
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
    // Terraform gets a language configuration but no grammar: a Terraform extension's grammar is never overridden.
    const terraform = manifest.contributes.languages.find((l: { id: string }) => l.id === 'terraform');
    assert.equal(terraform.configuration, './language/terraform.language-configuration.json');
    assert.ok(!manifest.contributes.grammars, 'no TextMate grammar');
    // Key-policy files get the schema that leaves them to the server; the shape schema ships for other editors.
    const schema = manifest.contributes.jsonValidation[0];
    assert.equal(schema.url, './schemas/key-policy-editor.schema.json');
    assert.ok(JSON.parse(readFileSync(join(ROOT, schema.url), 'utf8')).allowComments);
  });
});

// The release as CI runs it (.github/workflows/release.yml): the dry run builds and checks both packages once;
// publishing takes exactly those files. Here after the tests above: the dry run rebuilds the production bundles.
describe('the release', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-release-'));
  const release = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts', 'release.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VSCE_PAT: '', OVSX_PAT: '', NODE_AUTH_TOKEN: '', GITHUB_REF_TYPE: '' }, timeout: 600_000 });
  const { version } = manifest;
  const vsix = `keyscope-${version}.vsix`;
  const tgz = `keyscope-${version}.tgz`;

  it('dry run: builds the .vsix and the npm package of one version, with their checksums, and publishes nothing', () => {
    const r = release('--dry-run', dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['SHA256SUMS', tgz, vsix].sort());
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    for (const f of [vsix, tgz]) assert.ok(sums.includes(`${createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')}  ${f}`), f);
    assert.match(r.stdout, /Dry run: nothing was published/);
    // Each registry gets the one file built: the Marketplace and Open VSX the same .vsix.
    const plan = r.stdout.split('\n').filter((l) => l.startsWith('  to '));
    assert.equal(plan.length, 3, r.stdout);
    assert.equal(plan.filter((l) => l.includes(join(dir, vsix))).length, 2);
    assert.ok(plan.some((l) => l.includes(`npm publish ${join(dir, tgz)}`)));
  });

  it('publish: refuses without every token, and refuses a file the dry run did not build', () => {
    const none = release('--publish', dir);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /nothing published: VSCE_PAT, OVSX_PAT, NODE_AUTH_TOKEN not set/);
    appendFileSync(join(dir, tgz), 'x');
    const tampered = release('--publish', dir);
    assert.equal(tampered.status, 1);
    assert.match(tampered.stderr, /is not the file the dry run built/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the workflow builds once in the dry run and publishes that artefact, only for a version tag', () => {
    type Step = { run?: string; uses?: string; with?: Record<string, string>; env?: Record<string, string> };
    const wf = load(readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, { needs?: string; if?: string; steps: Step[] }> };
    assert.deepEqual((wf.on.push as { tags: string[] }).tags, ['v*']);
    const { build, publish } = wf.jobs;
    assert.ok(build.steps.some((s) => s.run === 'node scripts/release.mjs --dry-run dist/release'));
    const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const download = publish.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    assert.equal(download?.with?.name, upload?.with?.name);
    assert.equal(publish.needs, 'build');
    assert.match(publish.if ?? '', /refs\/tags\/v/);
    const step = publish.steps.find((s) => s.run === 'node scripts/release.mjs --publish dist/release');
    assert.deepEqual(Object.keys(step?.env ?? {}).sort(), ['NODE_AUTH_TOKEN', 'OVSX_PAT', 'VSCE_PAT']);
    // Nothing is built again where it is published.
    assert.ok(!publish.steps.some((s) => /vsce package|npm run package|build(-npm)?\.mjs|npm test/.test(s.run ?? '')), 'the publish job builds nothing');
  });
});
