import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/policy/json-writer';
import { LineIndex } from '../../server/src/text';
import { TestClient } from '../helpers/lsp-client';

const KEYS = `resource "aws_kms_key" "app" {
  description             = "app"
  deletion_window_in_days = 30
}

resource "aws_kms_key" "signing" {
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
  enable_key_rotation      = true
}
`;
const POLICY = `resource "aws_kms_key_policy" "app" {
  key_id = aws_kms_key.app.id
  policy = var.policy
}
`;

describe('language server: Terraform resource checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-lsp-tfres-'));
  const file = join(dir, 'mod', 'keys.tf');
  const uri = pathToFileURL(file).href;
  let client: TestClient;

  before(async () => {
    mkdirSync(join(dir, 'mod'));
    writeFileSync(file, KEYS);
    writeFileSync(join(dir, 'mod', 'policy.tf'), POLICY);
    client = new TestClient();
    await client.initialize(dir);
  });
  after(() => client.close());

  it('reports rotation findings at the resource, with severities, and sees the key policy in the sibling file', async () => {
    await client.open(uri, 'terraform', KEYS);
    const diags = await client.diagnosticsFor(uri, 1);
    const rotation = diags.filter((d) => d.code === 'tf-key-rotation');
    assert.deepEqual(rotation.map((d) => [d.range.start.line, d.severity]), [[0, 2], [8, 1]]);
    // aws_kms_key_policy.app in policy.tf attaches a policy to aws_kms_key.app: no default-policy note for it.
    assert.deepEqual(diags.filter((d) => d.code === 'tf-default-policy').map((d) => d.range.start.line), [5]);
  });

  it('applies the rotation suggestion: enable_key_rotation inserted with the file alignment', async () => {
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'tf-key-rotation' && x.range.start.line === 0)!;
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) ?? [];
    // Turning rotation on changes what the key does: a suggestion, offered but never preferred.
    const fix = actions.find((a) => 'title' in a && a.title === 'Suggestion: set enable_key_rotation = true (KMS then rotates the key material every year)');
    assert.ok(fix && 'edit' in fix && fix.edit, JSON.stringify(actions));
    assert.equal(fix.isPreferred, false);
    const idx = new LineIndex(KEYS);
    const edits = fix.edit!.changes![uri].map((e) => ({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), newText: e.newText }));
    const fixed = applyEdits(KEYS, edits);
    assert.ok(fixed.includes('  deletion_window_in_days = 30\n  enable_key_rotation     = true\n}'), fixed);
    await client.change(uri, 2, fixed);
    const again = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(again.filter((x) => x.code === 'tf-key-rotation').map((x) => x.range.start.line), [9]);
  });
});
