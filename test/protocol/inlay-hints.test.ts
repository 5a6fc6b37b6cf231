import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { InlayHintRequest, type InlayHint } from 'vscode-languageserver-protocol/node';
import { KEY_POLICY_ACTIONS } from '../../server/src/catalog';
import { LineIndex } from '../../server/src/text';
import { TestClient } from '../helpers/lsp-client';

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:role/ops' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Partner', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '777788889999' } } },
    ],
  },
  null,
  2,
);

describe('inlay hints over the protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-hints-'));
  const uri = pathToFileURL(join(dir, 'app.kms.json')).href;
  let client: TestClient;

  before(async () => {
    client = new TestClient();
    client.settings = { accounts: { '444455556666': { name: 'orders-prod', stage: 'prod' }, '777788889999': { name: 'partner' } } };
    await client.initialize(dir);
    await client.open(uri, 'json', POLICY);
    await client.diagnosticsFor(uri, 1);
  });
  after(() => client.close());

  it('names declared accounts beside their ids, and says what kms:* grants a non-root principal', async () => {
    const lines = new LineIndex(POLICY);
    const range = { start: { line: 0, character: 0 }, end: lines.positionAt(POLICY.length) };
    const hints = ((await client.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? []) as InlayHint[];
    const at = (h: InlayHint) => lines.offsetAt(h.position);
    // Each hint sits right after the value it explains.
    const after = (h: InlayHint) => POLICY.slice(0, at(h));
    const admin = KEY_POLICY_ACTIONS.filter((a) => a.capability === 'administer').length;
    const data = KEY_POLICY_ACTIONS.filter((a) => a.capability === 'readData' || a.capability === 'writeData').length;
    assert.deepEqual(
      hints.map((h) => h.label),
      ['‹orders-prod, prod›', '‹orders-prod, prod›', `= ${admin} admin + ${data} data + 2 destroy actions`, '‹partner›'],
      'no kms:* hint for the account root',
    );
    assert.ok(after(hints[0]).endsWith('"arn:aws:iam::444455556666:root"'));
    assert.ok(after(hints[1]).endsWith('"arn:aws:iam::444455556666:role/ops"'));
    assert.ok(after(hints[2]).endsWith('"kms:*"') && after(hints[2]).includes('"Sid": "Ops"'));
    assert.ok(after(hints[3]).endsWith('"777788889999"'));
    assert.ok(hints.every((h) => h.paddingLeft));
  });

  it('answers only for the range asked', async () => {
    const line = POLICY.split('\n').findIndex((l) => l.includes('"Sid": "Partner"'));
    const hints = ((await client.conn.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line, character: 0 }, end: { line: line + 12, character: 0 } } })) ?? []) as InlayHint[];
    assert.deepEqual(hints.map((h) => h.label), ['‹partner›']);
  });
});
