import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { readPrincipal, PRINCIPAL_VIEWS_KEPT } from '../../../server/src/policy/principal-view';
import { analyze, type Analysis } from '../../../server/src/analyze';
import { trackedCaches, type TrackedCache } from '../../../server/src/cache';
import { ACTION_NAMES_KEPT, ACTION_PATTERNS_KEPT, CONDITION_KEYS_KEPT, findAction, findConditionKey, matchActions } from '../../../server/src/catalog';
import { ANALYSES_KEPT, analysisCache } from '../../../server/src/lsp/analyses';
import { CONFIGS_KEPT, EDITOR_SETTINGS_KEPT, editorSettingsCache, SettingsStore } from '../../../server/src/lsp/settings';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { nodePlatform } from '../../../server/src/lsp/node-platform';
import { LISTINGS_KEPT, nodeHost, READ_CHARS_KEPT, READ_FILE_CHARS_KEPT, READS_KEPT, withReadCache } from '../../../server/src/node-host';
import { WorkspaceLinter, WORKSPACE_RESULTS_KEPT } from '../../../server/src/lsp/workspace-lint';
import { createKeyscope } from '../../../server/src/service';
import { parsePrincipal, PRINCIPALS_KEPT } from '../../../server/src/policy/principals';
import { DOCUMENT_CHARS_KEPT, DOCUMENTS_KEPT, initTerraform, TABLE_MAX } from '../../../server/src/terraform';
import { parseCacheSize, PARSES_KEPT } from '../../../server/src/terraform/syntax/cache';
import { siblingIndex, SIBLING_INDEXES_KEPT } from '../../../server/src/terraform/module/sibling-index';
import { SUMMARIES_KEPT, SUMMARY_CHARS_KEPT, summaryOf } from '../../../server/src/terraform/module/sibling-summary';
import { ALONE_KEPT, aloneKey, builtKey, CALLED_BUILDS_KEPT, moduleKeyOf } from '../../../server/src/terraform/extract/module-sources';
import { fingerprint, str } from '../../../server/src/terraform/eval/value';
import { memoryHost } from '../../helpers/terraform';

/**
 * Every cache of the engine and the server, filled past its bound through the code that uses it: its size
 * never exceeds the bound, and the most recently used entries are still there (all of them for a
 * `BoundedMap`, the most recent half for a `GenerationMap`).
 */

/** The cache of that name created last. */
function cacheNamed(name: string): TrackedCache {
  const all = trackedCaches(name);
  assert.ok(all.length > 0, `no cache named ${name}`);
  return all[all.length - 1];
}

/**
 * Calls `use(i)` for i = 0 .. max + extra - 1, checking the bound as it goes, then that the keys of the last
 * `survivors` calls are kept.
 */
function fillPast(name: string, bound: number, use: (i: number) => unknown, key: (i: number) => unknown, survivors: number): TrackedCache {
  const n = bound + Math.max(10, bound >> 2);
  let cache: TrackedCache | undefined;
  for (let i = 0; i < n; i++) {
    use(i);
    cache ??= cacheNamed(name);
    if (cache.size > bound) assert.fail(`${name}: ${cache.size} entries after ${i + 1} uses, bound ${bound}`);
  }
  assert.ok(cache);
  assert.equal(cache.max, bound, `${name} states the bound the test fills`);
  assert.ok(cache.size >= survivors, `${name}: ${cache.size} entries`);
  for (let i = n - survivors; i < n; i++) assert.ok(cache.has(key(i)), `${name}: entry ${i} of ${n} was dropped`);
  return cache;
}

describe('catalogue and principal look-ups by value (generation maps)', () => {
  it('action names', () => {
    fillPast('catalog.actions', ACTION_NAMES_KEPT, (i) => findAction(`kms:Made${i}`), (i) => `kms:Made${i}`, ACTION_NAMES_KEPT / 2);
    assert.equal(findAction('kms:Decrypt')?.name, 'Decrypt');
  });

  it('action patterns', () => {
    fillPast('catalog.actionPatterns', ACTION_PATTERNS_KEPT, (i) => matchActions(`kms:Re${i}*`), (i) => `kms:Re${i}*`, ACTION_PATTERNS_KEPT / 2);
    assert.deepEqual(matchActions('kms:Re*').map((a) => a.name).sort(), ['ReEncryptFrom', 'ReEncryptTo', 'ReplicateKey', 'RetireGrant', 'RevokeGrant'].sort());
  });

  it('condition keys', () => {
    fillPast('catalog.conditionKeys', CONDITION_KEYS_KEPT, (i) => findConditionKey(`kms:EncryptionContext:k${i}`), (i) => `kms:EncryptionContext:k${i}`, CONDITION_KEYS_KEPT / 2);
  });

  it('parsed principals', () => {
    const arn = (i: number) => `arn:aws:iam::111122223333:role/r${i}`;
    fillPast('policy.principals', PRINCIPALS_KEPT, (i) => parsePrincipal(arn(i)), (i) => `AWS ${arn(i)}`, PRINCIPALS_KEPT / 2);
  });

  it('identities', () => {
    const arn = (i: number) => `arn:aws:iam::111122223333:user/u${i}`;
    fillPast('policy.principal-views', PRINCIPAL_VIEWS_KEPT, (i) => readPrincipal('AWS', arn(i)), (i) => `l AWS ${arn(i)}`, PRINCIPAL_VIEWS_KEPT / 2);
  });
});

describe('the server', () => {
  it('analyses of open documents', () => {
    const cache = analysisCache();
    const uri = (i: number) => `file:///ws/p${i}.kms.json`;
    fillPast('lsp.analyses', ANALYSES_KEPT, (i) => cache.set(uri(i), { version: 1, analysis: { path: uri(i) } as Analysis }), uri, ANALYSES_KEPT);
  });

  it('editor settings by document', () => {
    const cache = editorSettingsCache();
    const uri = (i: number) => `file:///ws/p${i}.kms.json`;
    fillPast('lsp.editorSettings', EDITOR_SETTINGS_KEPT, (i) => cache.set(uri(i), Promise.resolve({})), uri, EDITOR_SETTINGS_KEPT);
  });

  it('diagnostics of files that are not open, by file', async () => {
    const base = mkdtempSync(join(tmpdir(), 'keyscope-wslint-'));
    try {
      const store = new SettingsStore(undefined as never, () => false, nodePlatform);
      store.folders = [base];
      const engine = createKeyscope();
      const linter = new WorkspaceLinter(store, () => engine);
      const file = (i: number) => ({ uri: `file://${base}/f${i}.json`, path: join(base, `f${i}.json`) });
      const n = WORKSPACE_RESULTS_KEPT + Math.max(10, WORKSPACE_RESULTS_KEPT >> 2);
      for (let i = 0; i < n; i++) writeFileSync(file(i).path, '{}');
      const cache = cacheNamed('lsp.workspaceResults');
      assert.equal(cache.max, WORKSPACE_RESULTS_KEPT);
      for (let i = 0; i < n; i++) {
        await linter.lint(file(i));
        assert.ok(cache.size <= WORKSPACE_RESULTS_KEPT);
      }
      for (let i = n - WORKSPACE_RESULTS_KEPT; i < n; i++) assert.ok(cacheNamed('lsp.workspaceResults').has(file(i).uri), `file ${i}`);
      engine.dispose();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('configuration files by workspace folder', async () => {
    const base = mkdtempSync(join(tmpdir(), 'keyscope-folders-'));
    try {
      const folder = (i: number) => join(base, `f${i}`);
      const n = CONFIGS_KEPT + 10;
      for (let i = 0; i < n; i++) {
        mkdirSync(folder(i));
        writeFileSync(join(folder(i), '.keyscope.json'), JSON.stringify({ accounts: { [String(100000000000 + i)]: { name: `a${i}` } } }));
      }
      // The store asks the client nothing here (no configuration capability): only the files are read.
      const store = new SettingsStore(undefined as never, () => false, nodePlatform);
      store.folders = Array.from({ length: n }, (_, i) => folder(i));
      for (let i = 0; i < n; i++) {
        const { settings } = await store.forDocument(`file://${folder(i)}/key.kms.json`);
        assert.equal(settings.accounts[String(100000000000 + i)]?.name, `a${i}`);
        assert.ok(cacheNamed('lsp.configs').size <= CONFIGS_KEPT);
      }
      for (let i = n - CONFIGS_KEPT; i < n; i++) assert.ok(cacheNamed('lsp.configs').has(folder(i)));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('folder listings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-listings-'));
    try {
      const folder = (i: number) => join(dir, `d${i}`);
      const n = LISTINGS_KEPT + Math.max(10, LISTINGS_KEPT >> 2);
      // Folders last changed a minute ago: their listings are kept.
      const settled = new Date(Date.now() - 60_000);
      for (let i = 0; i < n; i++) {
        mkdirSync(folder(i));
        utimesSync(folder(i), settled, settled);
      }
      const host = withReadCache(nodeHost(dir));
      fillPast('lsp.listings', LISTINGS_KEPT, (i) => assert.deepEqual(host.listDir(folder(i)), []), folder, LISTINGS_KEPT);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('file texts read, by count and by characters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-reads-'));
    try {
      const file = (i: number) => join(dir, `f${i}.tf`);
      const n = READS_KEPT + Math.max(10, READS_KEPT >> 2);
      for (let i = 0; i < n; i++) writeFileSync(file(i), `locals { a${i} = ${i} }\n`);
      const host = withReadCache(nodeHost(dir));
      const cache = fillPast('lsp.reads', READS_KEPT, (i) => assert.deepEqual(host.read(file(i), 1 << 20), { text: `locals { a${i} = ${i} }\n` }), file, READS_KEPT);
      // Large files: the characters kept stay within their bound, the last file read is kept.
      mkdirSync(join(dir, 'big'));
      const big = (i: number) => join(dir, 'big', `b${i}.tf`);
      const count = Math.ceil(READ_CHARS_KEPT / READ_FILE_CHARS_KEPT) + 2;
      for (let i = 0; i < count; i++) writeFileSync(big(i), `#${String(i).padEnd(READ_FILE_CHARS_KEPT - 1, 'x')}`);
      for (let i = 0; i < count; i++) {
        const r = host.read(big(i), 4 << 20);
        assert.equal('text' in r && r.text.length, READ_FILE_CHARS_KEPT);
      }
      const kept = Array.from({ length: count }, (_, i) => cache.has(big(i)));
      assert.ok(kept.filter(Boolean).length <= READ_CHARS_KEPT / READ_FILE_CHARS_KEPT, `${kept.filter(Boolean).length} large files kept`);
      assert.deepEqual(kept.slice(-3), [true, true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Terraform analysis', () => {
  before(initTerraform);

  const doc = (i: number, filler = '') => `resource "aws_kms_key" "k${i}" {\n  description = "${i}"\n}\n${filler}`;

  it('what analyses keep for the next one, by document count (extraction tables and reports)', () => {
    const path = (i: number) => `/ws/kept/d${i}/main.tf`;
    fillPast('terraform.kept', DOCUMENTS_KEPT, (i) => analyze({ path: path(i), text: doc(i) }), path, DOCUMENTS_KEPT);
    fillPast('findings.docs', DOCUMENTS_KEPT, (i) => analyze({ path: path(1000 + i), text: doc(i) }), (i) => path(1000 + i), DOCUMENTS_KEPT);
  });

  it('what analyses keep for the next one, by total length, the last document always kept', () => {
    const size = Math.ceil(DOCUMENT_CHARS_KEPT / 3);
    const filler = `# ${'x'.repeat(size)}\n`;
    for (let i = 0; i < 5; i++) analyze({ path: `/ws/long/d${i}.tf`, text: doc(i, filler) });
    for (const name of ['terraform.kept', 'findings.docs']) {
      const cache = cacheNamed(name);
      assert.equal(cache.size, 2, name);
      assert.ok(cache.has('/ws/long/d4.tf') && cache.has('/ws/long/d3.tf'), name);
    }
    const huge = `# ${'x'.repeat(DOCUMENT_CHARS_KEPT)}\n`;
    analyze({ path: '/ws/long/huge.tf', text: doc(0, huge) });
    for (const name of ['terraform.kept', 'findings.docs']) {
      assert.equal(cacheNamed(name).size, 1, name);
      assert.ok(cacheNamed(name).has('/ws/long/huge.tf'), name);
    }
  });

  it('the extraction tables of one document', () => {
    const n = TABLE_MAX + 500;
    const block = (i: number) => `resource "aws_iam_role" "r${i}" {\n  name = "r${i}"\n}`;
    const text = Array.from({ length: n }, (_, i) => block(i)).join('\n') + '\n';
    analyze({ path: '/ws/tables/main.tf', text });
    for (const name of ['terraform.heads', 'terraform.blocks']) {
      const table = cacheNamed(name);
      assert.equal(table.max, TABLE_MAX, name);
      assert.ok(table.size <= TABLE_MAX, `${name}: ${table.size}`);
      for (let i = n - TABLE_MAX / 2; i < n; i++) assert.ok(table.has(block(i)), `${name}: block ${i} dropped`);
    }
    assert.equal(cacheNamed('terraform.builds').max, TABLE_MAX);
  });

  it('parses', () => {
    const path = (i: number) => `/ws/parses/f${i}.tf`;
    fillPast('terraform.parses', PARSES_KEPT, (i) => analyze({ path: path(i), text: doc(i) }), path, PARSES_KEPT);
    assert.equal(parseCacheSize(), PARSES_KEPT);
  });

  it('summaries of module files, by count and by characters', () => {
    const path = (i: number) => `/ws/summaries/f${i}.tf`;
    const cache = fillPast('terraform.summaries', SUMMARIES_KEPT, (i) => summaryOf(path(i), `locals {\n  a = ${i}\n}\n`), path, SUMMARIES_KEPT);
    const size = 4_000_000;
    const count = Math.ceil(SUMMARY_CHARS_KEPT / size) + 2;
    for (let i = 0; i < count; i++) summaryOf(`/ws/summaries/big${i}.tf`, `# ${String(i).padEnd(size - 3, 'x')}\n`);
    const kept = Array.from({ length: count }, (_, i) => cache.has(`/ws/summaries/big${i}.tf`));
    assert.ok(kept.filter(Boolean).length <= SUMMARY_CHARS_KEPT / size, `${kept.filter(Boolean).length} large summaries kept`);
    assert.deepEqual(kept.slice(-3), [true, true, true]);
  });

  it('builds of called modules, by module and argument values', () => {
    const module = { path: '/ws/mod/main.tf', text: 'variable "x" {}\n' };
    const files: Record<string, string> = { [module.path]: module.text };
    const root = (i: number) => `module "m" {\n  source = "../mod"\n  x      = "v${i}"\n}\n`;
    const host = memoryHost(files);
    const moduleKey = moduleKeyOf('/ws/mod', [module]);
    fillPast('terraform.calledBuilds', CALLED_BUILDS_KEPT, (i) => analyze({ path: '/ws/root/main.tf', text: root(i), host }), (i) => builtKey(moduleKey, `x=${fingerprint(str(`v${i}`))}`), CALLED_BUILDS_KEPT);
  });

  it("called modules' own policies, by module", () => {
    // A key whose policy every call reports on (root delegation), so that its own policy is asked for.
    const module = (i: number) => ({
      path: `/ws/alone/m${i}/main.tf`,
      text: `resource "aws_kms_key" "k" {\n  description = "key ${i}"\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }] })\n}\n`,
    });
    const files: Record<string, string> = {};
    const n = ALONE_KEPT + Math.max(10, ALONE_KEPT >> 2);
    for (let i = 0; i < n; i++) files[module(i).path] = module(i).text;
    const host = memoryHost(files);
    const root = (i: number) => `module "m" {\n  source = "../alone/m${i}"\n}\n`;
    const settings = { maxBytes: DEFAULT_SETTINGS.limits.maxFileSizeKB * 1024, varFiles: DEFAULT_SETTINGS.terraform.varFiles };
    fillPast('terraform.calledAlone', ALONE_KEPT, (i) => analyze({ path: '/ws/root/main.tf', text: root(i), host }), (i) => aloneKey(moduleKeyOf(`/ws/alone/m${i}`, [module(i)]), settings), ALONE_KEPT);
  });

  it('indexes of module files', () => {
    const path = (i: number) => `/ws/indexes/f${i}.tf`;
    fillPast('terraform.siblingIndexes', SIBLING_INDEXES_KEPT, (i) => siblingIndex(path(i), []), path, SIBLING_INDEXES_KEPT);
  });
});
