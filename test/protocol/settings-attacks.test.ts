// Hostile and invalid settings against the real server over stdio: each is reported where it is, ignored,
// and analysis of every document goes on with the defaults. A hang shows as the runner's timeout.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver-protocol/node';
import { SETTINGS_REQUEST, type SettingsResult } from '../../server/src/lsp/protocol';
import { TestClient } from '../helpers/lsp-client';
import { ATTACKS, HOSTILE_FILES, POLICY, STAGED_POLICY } from '../fixtures/settings-attacks';

const codes = (d: { code?: unknown }[]) => d.map((x) => x.code);

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-attack-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('invalid and hostile settings over the protocol', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.close())));
  const start = async (dir: string, settings: unknown = {}) => {
    const client = new TestClient();
    clients.push(client);
    client.settings = settings;
    await client.initialize(dir);
    return client;
  };
  const uri = (dir: string, rel: string) => pathToFileURL(join(dir, rel)).href;

  for (const attack of ATTACKS) {
    it(`.keyscope.json with ${attack.name}: a diagnostic at the value, the rest analysed with defaults`, async () => {
      const dir = folder({ '.keyscope.json': attack.config });
      const client = await start(dir);
      // A key policy (include globs), a policy found by its content, and one with staged accounts.
      await client.open(uri(dir, 'keys/a.kms.json'), 'json', POLICY);
      await client.open(uri(dir, 'other/policy.json'), 'json', POLICY);
      await client.open(uri(dir, 'keys/staged.kms.json'), 'json', STAGED_POLICY);
      for (const rel of ['keys/a.kms.json', 'other/policy.json']) {
        const d = await client.diagnosticsFor(uri(dir, rel), 1);
        assert.ok(codes(d).includes('unknown-action'), `${rel} is analysed: ${JSON.stringify(codes(d))}`);
        assert.ok(!codes(d).includes('analysis-limit'), `${rel} is within the default limits`);
      }
      const staged = await client.diagnosticsFor(uri(dir, 'keys/staged.kms.json'), 1);
      assert.ok(codes(staged).includes('cross-stage-access'), JSON.stringify(codes(staged)));
      const config = await client.diagnosticsUntil(uri(dir, '.keyscope.json'), (x) => x.length > 0);
      const hit = config.find((x) => attack.message.test(x.message));
      assert.ok(hit, JSON.stringify(config.map((x) => x.message)));
      assert.deepEqual(hit.range.start, attack.at, hit.message);
      assert.deepEqual(client.logs.filter((l) => /failed|internal error/i.test(l)), [], 'no handler failed');
    });
  }

  it('invalid editor settings: one window message, the defaults, every document analysed', async () => {
    const dir = folder();
    const client = await start(dir, {
      files: { include: ['**/+(*)x', ''], contentSniffing: 'yes' },
      limits: { maxFileSizeKB: 'big', maxNestingDepth: 100 },
      accounts: { '111122223333': { name: 42, stage: 'prod' } },
      rules: { 'unknown-action': 'loud' },
    });
    const docs = ['a.kms.json', 'b.kms.json', 'staged.kms.json'];
    for (const [i, rel] of docs.entries()) await client.open(uri(dir, rel), 'json', i === 2 ? STAGED_POLICY : POLICY);
    for (const rel of docs) {
      const d = await client.diagnosticsFor(uri(dir, rel), 1);
      assert.ok(codes(d).includes(rel.startsWith('staged') ? 'cross-stage-access' : 'unknown-action'), `${rel}: ${JSON.stringify(codes(d))}`);
    }
    assert.equal(client.shown.length, 1, JSON.stringify(client.shown));
    for (const part of [
      /keyscope\.files\.include\[0\]: extended globs/,
      /keyscope\.files\.include\[1\]: an empty glob/,
      /keyscope\.files\.contentSniffing must be true or false/,
      /keyscope\.limits\.maxFileSizeKB must be a number of at least 1/,
      /keyscope\.accounts\.111122223333\.name must be a string/,
      /keyscope\.rules\.unknown-action must be one of/,
    ])
      assert.match(client.shown[0], part);
    const r = (await client.conn.sendRequest(SETTINGS_REQUEST, { uri: uri(dir, 'a.kms.json') })) as SettingsResult;
    assert.deepEqual(r.settings.files, { include: ['**/*.kms.json', '**/*key-policy*.json', '**/kms/**/*.json'], contentSniffing: true });
    assert.equal(r.settings.limits.maxFileSizeKB, 2048);
    assert.deepEqual(r.settings.accounts, { '111122223333': { stage: 'prod' } });
  });

  for (const hostile of HOSTILE_FILES) {
    it(`a .keyscope.json that is ${hostile.name} is refused without reading it, and analysis goes on`, async (t) => {
      const dir = folder();
      if (!hostile.make(dir)) return t.skip(hostile.unavailable);
      const client = await start(dir);
      await client.open(uri(dir, 'a.kms.json'), 'json', POLICY);
      const d = await client.diagnosticsFor(uri(dir, 'a.kms.json'), 1);
      assert.ok(codes(d).includes('unknown-action'), JSON.stringify(codes(d)));
      const config = await client.diagnosticsUntil(uri(dir, '.keyscope.json'), (x) => x.length > 0);
      assert.equal(config.length, 1);
      assert.match(config[0].message, hostile.reason);
      assert.doesNotMatch(config[0].message, /root:|\\u0000|\0/, 'no bytes of the file are shown');
    });
  }

  it('a .keyscope.json above the workspace folder does not apply; one below it applies to its folder', async () => {
    const parent = folder({ '.keyscope.json': JSON.stringify({ rules: { 'unknown-action': 'off' } }) });
    const dir = join(parent, 'ws');
    mkdirSync(join(dir, 'legacy'), { recursive: true });
    writeFileSync(join(dir, 'legacy', '.keyscope.json'), JSON.stringify({ overrides: [{ files: ['old/**'], rules: { 'unknown-action': 'hint' } }] }));
    const client = await start(dir);
    await client.open(uri(dir, 'a.kms.json'), 'json', POLICY);
    await client.open(uri(dir, 'legacy/old/b.kms.json'), 'json', POLICY);
    const a = await client.diagnosticsFor(uri(dir, 'a.kms.json'), 1);
    assert.equal(a.find((x) => x.code === 'unknown-action')?.severity, 1, 'the parent folder\'s file is not read');
    const b = await client.diagnosticsFor(uri(dir, 'legacy/old/b.kms.json'), 1);
    assert.equal(b.find((x) => x.code === 'unknown-action')?.severity, 4, 'the nested file applies, its globs relative to its folder');
    const r = (await client.conn.sendRequest(SETTINGS_REQUEST, { uri: uri(dir, 'legacy/old/b.kms.json') })) as SettingsResult;
    assert.equal(r.config, join(dir, 'legacy', '.keyscope.json'));
    assert.equal(r.relPath, 'old/b.kms.json');
  });

  it('fixing a .keyscope.json on disk clears its diagnostics and applies it', async () => {
    const dir = folder({ '.keyscope.json': '{ "rules": { "unknown-action": "loud" } }' });
    const client = await start(dir);
    await client.open(uri(dir, 'a.kms.json'), 'json', POLICY);
    await client.diagnosticsUntil(uri(dir, '.keyscope.json'), (x) => x.length === 1);
    writeFileSync(join(dir, '.keyscope.json'), '{ "rules": { "unknown-action": "hint" } }');
    await client.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uri(dir, '.keyscope.json'), type: 2 }] });
    await client.diagnosticsUntil(uri(dir, '.keyscope.json'), (x) => x.length === 0);
    await client.diagnosticsUntil(uri(dir, 'a.kms.json'), (x) => x.some((y) => y.code === 'unknown-action' && y.severity === 4));
  });
});
