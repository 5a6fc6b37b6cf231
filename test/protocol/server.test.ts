import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/policy/json-writer';
import { LineIndex } from '../../server/src/text';
import { TestClient } from '../helpers/lsp-client';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" },
      "Action": ["kms:Decrpyt", "kms:Encrypt"],
      "Resource": "*"
    }
  ]
}`;

describe('language server over stdio', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-lsp-'));
  const file = join(dir, 'app.kms.json');
  const uri = pathToFileURL(file).href;
  let client: TestClient;

  before(async () => {
    writeFileSync(file, POLICY);
    client = new TestClient();
    await client.initialize(dir);
  });
  after(() => client.close());

  it('publishes diagnostics with rule id, docs link and the exact range', async () => {
    await client.open(uri, 'json', POLICY);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'unknown-action');
    assert.ok(d, JSON.stringify(diags));
    assert.equal(d.source, 'keyscope');
    assert.match(d.codeDescription!.href, /docs\/rules\/unknown-action\.md$/);
    assert.deepEqual(d.range, { start: { line: 6, character: 17 }, end: { line: 6, character: 30 } });
  });

  it('offers the did-you-mean quick fix, which applies cleanly', async () => {
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'unknown-action')!;
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) ?? [];
    const fix = actions.find((a) => 'title' in a && a.title === 'Change to "kms:Decrypt"');
    assert.ok(fix && 'edit' in fix && fix.edit, JSON.stringify(actions));
    const idx = new LineIndex(POLICY);
    const edits = fix.edit!.changes![uri].map((e) => ({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), newText: e.newText }));
    const fixed = applyEdits(POLICY, edits);
    assert.ok(fixed.includes('"kms:Decrypt", "kms:Encrypt"'));
    await client.change(uri, 2, fixed);
    const after = await client.diagnosticsFor(uri, 2);
    assert.equal(after.filter((x) => x.code === 'unknown-action').length, 0);
  });

  it('drops diagnostics for stale versions and reports the newest', async () => {
    await client.change(uri, 3, POLICY.replace('kms:Encrypt', 'kms:Encrpyt'));
    await client.change(uri, 4, POLICY);
    const diags = await client.diagnosticsFor(uri, 4);
    assert.equal(diags.filter((x) => x.code === 'unknown-action').length, 1);
  });

  it('survives malformed input', async () => {
    const bad = join(dir, 'bad.kms.json');
    const badUri = pathToFileURL(bad).href;
    await client.open(badUri, 'json', '{"Statement": [ {"Effect": ');
    const diags = await client.diagnosticsFor(badUri, 1);
    assert.ok(diags.some((d) => d.code === 'json-syntax'));
  });
});
