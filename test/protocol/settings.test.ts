import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/text';
import { TestClient } from '../helpers/lsp-client';

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: ['kms:Decrpyt', 'kms:Encrypt'], Resource: '*' }],
  },
  null,
  2,
);

const codes = (d: { code?: unknown }[]) => d.map((x) => x.code);

/** A workspace folder with files, and a client on it. */
async function workspace(files: Record<string, string>, settings: unknown = {}): Promise<{ dir: string; client: TestClient; uri: (rel: string) => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-settings-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const client = new TestClient();
  client.settings = settings;
  await client.initialize(dir);
  return { dir, client, uri: (rel) => pathToFileURL(join(dir, rel)).href };
}

describe('settings over the protocol', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.close())));

  it('keyscope.rules: "off" removes a rule\'s findings, a level changes their severity, on didChangeConfiguration', async () => {
    const ws = await workspace({}, { rules: { 'unknown-action': 'off' } });
    clients.push(ws.client);
    const uri = ws.uri('a.kms.json');
    await ws.client.open(uri, 'json', POLICY);
    assert.ok(!codes(await ws.client.diagnosticsFor(uri, 1)).includes('unknown-action'));
    await ws.client.settingsChanged({ rules: { 'unknown-action': 'hint' } });
    const d = await ws.client.diagnosticsUntil(uri, (x) => codes(x).includes('unknown-action'));
    assert.equal(d.find((x) => x.code === 'unknown-action')!.severity, 4);
    await ws.client.settingsChanged({});
    const back = await ws.client.diagnosticsUntil(uri, (x) => x.some((y) => y.code === 'unknown-action' && y.severity === 1));
    assert.equal(back.filter((x) => x.code === 'unknown-action').length, 1);
  });

  it('a workspace .keyscope.json applies, with per-path overrides', async () => {
    const config = { rules: { 'unknown-action': 'warning' }, overrides: [{ files: ['legacy/**'], rules: { 'unknown-action': 'off' } }] };
    const ws = await workspace({ '.keyscope.json': JSON.stringify(config), 'app/a.kms.json': POLICY, 'legacy/b.kms.json': POLICY });
    clients.push(ws.client);
    await ws.client.open(ws.uri('app/a.kms.json'), 'json', POLICY);
    await ws.client.open(ws.uri('legacy/b.kms.json'), 'json', POLICY);
    const app = await ws.client.diagnosticsFor(ws.uri('app/a.kms.json'), 1);
    assert.equal(app.find((x) => x.code === 'unknown-action')?.severity, 2, 'the config file sets warning');
    const legacy = await ws.client.diagnosticsFor(ws.uri('legacy/b.kms.json'), 1);
    assert.ok(!codes(legacy).includes('unknown-action'), 'the override turns it off under legacy/');
  });

  for (const [name, text, expected, line] of [
    ['not JSON', '{ "rules": { ', /\.keyscope\.json is not valid JSON \(.*\): it is ignored/, 0],
    ['a syntax error on its third line', '{\n  "rules": {\n    "unknown-action": "warning",,\n  }\n}', /\.keyscope\.json is not valid JSON \(.*\): it is ignored/, 2],
    ['a wrong shape', '{\n  "rules": { "unknown-action": "loud" },\n  "colour": 1\n}', /rules\.unknown-action must be one of error, warning, info, hint, off; it is ignored/, 1],
    ['a misspelt rule id', '{\n  "rules": {\n    "kms-stra": "off"\n  }\n}', /^rules\.kms-stra: no Keyscope rule has this id \(did you mean "kms-star"\?\); it is ignored$/, 2],
  ] as const) {
    it(`an invalid .keyscope.json (${name}) gets a diagnostic at the place, and analysis goes on with defaults`, async () => {
      const ws = await workspace({ '.keyscope.json': text });
      clients.push(ws.client);
      const uri = ws.uri('a.kms.json');
      await ws.client.open(uri, 'json', POLICY);
      const d = await ws.client.diagnosticsFor(uri, 1);
      assert.ok(codes(d).includes('unknown-action'), 'the policy is still analysed');
      assert.ok(!d.some((x) => /keyscope\.json/.test(x.message)), 'the policy carries no configuration message');
      const config = await ws.client.diagnosticsUntil(ws.uri('.keyscope.json'), (x) => x.length > 0);
      assert.match(config[0].message, expected, JSON.stringify(config));
      assert.equal(config[0].range.start.line, line);
      const position = new LineIndex(POLICY).positionAt(POLICY.indexOf('kms:Encrypt'));
      const hover = await ws.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      assert.match(JSON.stringify(hover?.contents), /kms:Encrypt/, 'the server still answers');
    });
  }

  it('keyscope.limits.maxFileSizeKB: a larger file gets one diagnostic instead of an analysis', async () => {
    const ws = await workspace({}, { limits: { maxFileSizeKB: 1 } });
    clients.push(ws.client);
    const uri = ws.uri('big.kms.json');
    const big = POLICY.replace('"Version"', `"Id": "${'x'.repeat(2048)}",\n  "Version"`);
    await ws.client.open(uri, 'json', big);
    const d = await ws.client.diagnosticsFor(uri, 1);
    assert.deepEqual(codes(d), ['analysis-limit']);
    assert.match(d[0].message, /over the 1 KB limit/);
  });
  it('keyscope.enable: false analyses nothing (no diagnostics, no hover, no key policy counted), in the editor or in a .keyscope.json, and true brings it back', async () => {
    const ws = await workspace({ 'off/.keyscope.json': JSON.stringify({ enable: false }), 'off/b.kms.json': POLICY }, { enable: false });
    clients.push(ws.client);
    const uri = ws.uri('a.kms.json');
    await ws.client.open(uri, 'json', POLICY);
    assert.deepEqual(await ws.client.diagnosticsFor(uri, 1), []);
    const at = new LineIndex(POLICY).positionAt(POLICY.indexOf('kms:Encrypt') + 4);
    assert.equal(await ws.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at }), null);
    await ws.client.settingsChanged({});
    assert.ok(codes(await ws.client.diagnosticsUntil(uri, (d) => d.length > 0)).includes('unknown-action'));
    assert.ok(await ws.client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at }));
    // A folder whose .keyscope.json says `"enable": false`: its files stay silent while the others are analysed.
    const off = ws.uri('off/b.kms.json');
    await ws.client.open(off, 'json', POLICY);
    assert.deepEqual(await ws.client.diagnosticsFor(off, 1), []);
    const status = await ws.client.statusUntil((s) => s.documents === 1);
    assert.deepEqual(status.uris, [uri]);
  });
});
