import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { ACCESS_REQUEST, type AccessResult } from '../../server/src/lsp/protocol';
import { LineIndex } from '../../server/src/text';
import { TestClient } from '../helpers/lsp-client';
import { LONG_ROLE, WILDCARD_POLICY } from '../fuzz/wildcards';

describe('the server on 10,000-character wildcards', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-wildcards-'));
  const uri = pathToFileURL(join(dir, 'adversarial.kms.json')).href;
  let client: TestClient;

  before(async () => {
    client = new TestClient();
    await client.initialize(dir);
    await client.open(uri, 'json', WILDCARD_POLICY);
  });
  after(() => client.close());

  it('publishes diagnostics, the pattern that matches nothing among them', async () => {
    // A hang shows as the test runner's timeout, not as a time asserted here.
    const diagnostics = await client.diagnosticsFor(uri, 1, 10 * 60 * 1000);
    const none = diagnostics.find((d) => d.code === 'unknown-action');
    assert.ok(none, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.match(none.message, /matches no KMS action/);
  });

  it('answers a hover on the pattern and the access matrix', async () => {
    const offset = WILDCARD_POLICY.indexOf('"kms:*?*?') + 3;
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: new LineIndex(WILDCARD_POLICY).positionAt(offset) });
    assert.match(JSON.stringify(hover?.contents), /matches no KMS action/);
    const r = (await client.conn.sendRequest(ACCESS_REQUEST, { uri, whatIf: [] })) as AccessResult;
    const role = r.matrices[0].rows.find((x) => x.id === LONG_ROLE)!;
    assert.equal(role.actions['kms:Decrypt'].value, 'allow');
    assert.equal(role.actions['kms:Encrypt'].value, 'iam');
    assert.equal(role.actions['kms:GenerateDataKey'].value, 'allow');
    assert.deepEqual(client.logs.filter((l) => /error/i.test(l)), []);
  });
});
