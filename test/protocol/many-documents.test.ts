import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, HoverRequest, type CodeAction } from 'vscode-languageserver-protocol/node';
import { applyLspEdits, TestClient } from '../helpers/lsp-client';

const policy = (i: number) => `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "App${i}",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/app-${i}" },
      "Action": ["kms:Decrpyt"],
      "Resource": "*"
    }
  ]
}`;

// The server keeps the analyses of the most recently used documents only: with more documents open than it
// keeps, the first one opened is analysed again when asked, with the same findings and fixes.
describe('many documents open', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-many-'));
  const uris = Array.from({ length: 100 }, (_, i) => pathToFileURL(join(dir, `p${i}.kms.json`)).href);
  let client: TestClient;

  before(async () => {
    client = new TestClient();
    await client.initialize(dir);
    await Promise.all(uris.map((u, i) => client.open(u, 'json', policy(i))));
    for (const u of uris) await client.diagnosticsFor(u, 1);
  });
  after(() => client.close());

  it('validates every document on open', async () => {
    for (const u of uris) assert.ok((await client.diagnosticsFor(u, 1)).some((d) => d.code === 'unknown-action'), u);
  });

  it('answers hovers and code actions for the first document opened, and its fix applies', async () => {
    const uri = uris[0];
    const [diag] = (await client.diagnosticsFor(uri, 1)).filter((d) => d.code === 'unknown-action');
    assert.ok(diag);
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: diag.range.start });
    assert.ok(hover && JSON.stringify(hover.contents).length > 0);
    const actions = ((await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) ?? []) as CodeAction[];
    const fix = actions.find((a) => a.edit?.changes?.[uri] && /Decrypt/.test(a.title));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyLspEdits(policy(0), fix.edit!.changes![uri]);
    assert.match(fixed, /"kms:Decrypt"/);
    await client.change(uri, 2, fixed);
    assert.ok(!(await client.diagnosticsFor(uri, 2)).some((d) => d.code === 'unknown-action'));
  });
});
