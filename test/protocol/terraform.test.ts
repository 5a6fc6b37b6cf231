import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/policy/json-writer';
import { LineIndex } from '../../server/src/text';
import { TestClient } from '../helpers/lsp-client';

const MAIN = `resource "aws_kms_key" "app" {
  description         = "app"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "App"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Decrpyt", "kms:Encrypt"]
        Resource  = "*"
      },
    ]
  })
}
`;

const DOC = `data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    sid       = "Logs"
    actions   = ["kms:GenerateDataKey*", "kms:Decrpyt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/Logs"]
    }
  }
}
`;

const KEY = `resource "aws_kms_key" "logs" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.logs.json
}
`;

describe('language server over stdio: Terraform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-tf-'));
  mkdirSync(join(dir, 'mod'));
  const main = join(dir, 'main.tf');
  const uri = pathToFileURL(main).href;
  const docUri = pathToFileURL(join(dir, 'mod', 'policy.tf')).href;
  let client: TestClient;

  before(async () => {
    writeFileSync(main, MAIN);
    writeFileSync(join(dir, 'mod', 'policy.tf'), DOC);
    writeFileSync(join(dir, 'mod', 'key.tf'), KEY);
    client = new TestClient();
    await client.initialize(dir);
  });
  after(() => client.close());

  async function quickFix(u: string, text: string, code: string, title: string): Promise<string> {
    const diags = await client.diagnosticsFor(u, 1);
    const d = diags.find((x) => x.code === code);
    assert.ok(d, JSON.stringify(diags));
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } })) ?? [];
    const fix = actions.find((a) => 'title' in a && a.title === title);
    assert.ok(fix && 'edit' in fix && fix.edit, JSON.stringify(actions.map((a) => a.title)));
    const idx = new LineIndex(text);
    return applyEdits(text, fix.edit!.changes![u].map((e) => ({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), newText: e.newText })));
  }

  it('reports a jsonencode finding at the action token in the .tf, and its quick fix writes HCL', async () => {
    await client.open(uri, 'terraform', MAIN);
    const diags = await client.diagnosticsFor(uri, 1);
    const d = diags.find((x) => x.code === 'unknown-action');
    assert.ok(d, JSON.stringify(diags));
    assert.deepEqual(d.range, { start: { line: 17, character: 21 }, end: { line: 17, character: 34 } });
    assert.ok(!diags.some((x) => x.code === 'invalid-principal' || x.code === 'public-principal'), 'the role reference raises no alarm');
    const fixed = await quickFix(uri, MAIN, 'unknown-action', 'Change to "kms:Decrypt"');
    assert.ok(fixed.includes('Action    = ["kms:Decrypt", "kms:Encrypt"]'), fixed);
    await client.change(uri, 2, fixed);
    const after = await client.diagnosticsFor(uri, 2);
    assert.equal(after.filter((x) => x.code === 'unknown-action').length, 0);
  });

  it('analyses a policy document whose key lives in another file of the module', async () => {
    await client.open(docUri, 'terraform', DOC);
    const diags = await client.diagnosticsFor(docUri, 1);
    const d = diags.find((x) => x.code === 'unknown-action');
    assert.ok(d, JSON.stringify(diags));
    assert.deepEqual(d.range, { start: { line: 12, character: 41 }, end: { line: 12, character: 54 } });
    const fixed = await quickFix(docUri, DOC, 'unknown-action', 'Change to "kms:Decrypt"');
    assert.ok(fixed.includes('actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]'), fixed);
  });

  it('honours # keyscope-ignore and survives half-typed HCL', async () => {
    const ignored = MAIN.replace('        Action    = ["kms:Decrpyt"', '        # keyscope-ignore unknown-action\n        Action    = ["kms:Decrpyt"');
    await client.change(uri, 3, ignored);
    assert.equal((await client.diagnosticsFor(uri, 3)).filter((x) => x.code === 'unknown-action').length, 0);
    await client.change(uri, 4, MAIN.slice(0, MAIN.indexOf('Resource  = "*"\n      },\n    ]')));
    await client.diagnosticsFor(uri, 4);
  });
});
