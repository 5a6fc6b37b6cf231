import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeLensRequest, DidSaveTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { BROKEN_FILE_LENS, BROKEN_POLICY_LENS } from '../../server/src/lsp/access';
import { suiteClient } from '../helpers/lsp-client';

const USER = { Sid: 'Use', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['kms:Decrypt'], Resource: '*' };
const text = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
// Only a key user: nobody could call kms:PutKeyPolicy (lockout-risk, a whole-policy finding).
const LOCKED = text(USER);
// The same with a statement being typed (no Action, no Resource yet).
const TYPING = text(USER, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' } });
const codes = (d: { code?: string | number }[]) => d.map((x) => x.code);

describe('quiet while typing (over the protocol)', () => {
  const { client, uri } = suiteClient('keyscope-typing-');

  it('a new empty file (zero bytes, or only white space) has no problem', async () => {
    for (const [name, content] of [['empty.kms.json', ''], ['blank.kms.json', '\n  \n'], ['empty.tf', '']]) {
      await client().open(uri(name), name.endsWith('.tf') ? 'terraform' : 'json', content);
      assert.deepEqual(await client().diagnosticsFor(uri(name), 1), [], name);
    }
  });

  it('holds whole-policy findings while a statement is incomplete, and reports them after a pause', async () => {
    const u = uri('typed.kms.json');
    await client().open(u, 'json', LOCKED);
    assert.ok(codes(await client().diagnosticsFor(u, 1)).includes('lockout-risk'), 'a complete policy gets it at once');
    await client().change(u, 2, TYPING);
    await client().diagnosticsFor(u, 2);
    await client().diagnosticsUntil(u, (d) => codes(d).includes('lockout-risk'));
    const v2 = client().history.filter((p) => p.uri === u && p.version === 2);
    assert.ok(v2.length >= 2, 'first without, then with the held finding: ' + JSON.stringify(client().history.filter((p) => p.uri === u).map((p) => [p.version, codes(p.diagnostics)])));
    assert.ok(!codes(v2[0].diagnostics).includes('lockout-risk'), 'held while the statement is incomplete');
    assert.ok(codes(v2[0].diagnostics).includes('statement-shape'), 'the statement itself is still reported');
    // Findings keep their index in the analysis: the held one's absence does not shift the others'.
    const shape = v2[0].diagnostics.find((x) => x.code === 'statement-shape')!;
    const again = v2[v2.length - 1].diagnostics.find((x) => x.code === 'statement-shape')!;
    assert.deepEqual(shape.data, again.data);
  });

  it('reports held findings on save', async () => {
    const u = uri('saved.kms.json');
    await client().open(u, 'json', LOCKED);
    await client().diagnosticsFor(u, 1);
    await client().change(u, 2, TYPING);
    assert.ok(!codes(await client().diagnosticsFor(u, 2)).includes('lockout-risk'));
    await client().conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: u } });
    assert.ok(codes(await client().diagnosticsUntil(u, (d) => codes(d).includes('lockout-risk'))).includes('lockout-risk'));
  });

  it('a complete policy that parses reports everything while typing', async () => {
    const u = uri('complete.kms.json');
    await client().open(u, 'json', text({ ...USER, Sid: 'Other' }));
    await client().diagnosticsFor(u, 1);
    await client().change(u, 2, LOCKED);
    assert.ok(codes(await client().diagnosticsFor(u, 2)).includes('lockout-risk'));
  });

  it('keeps the CodeLens line while the policy does not parse, with a placeholder title', async () => {
    const u = uri('broken.kms.json');
    await client().open(u, 'json', '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow",\n');
    await client().diagnosticsFor(u, 1);
    const lenses = (await client().conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } })) ?? [];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 0);
    assert.equal(lenses[0].command?.title, BROKEN_POLICY_LENS);
    await client().change(u, 2, LOCKED);
    await client().diagnosticsFor(u, 2);
    const fixed = (await client().conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } })) ?? [];
    assert.equal(fixed.length, 1);
    assert.equal(fixed[0].range.start.line, 0, 'on the same line once it parses');
    assert.match(fixed[0].command!.title, /admin.*decrypt/);
  });

  describe('in Terraform', () => {
    const KEY = 'resource "aws_kms_key" "k" {\n  description = "orders"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]\n  })\n}\n';
    const NEW_KEY = 'resource "aws_kms_key" "n" {\n  description = "new"\n}\n';
    const lensesOf = async (u: string) => (await client().conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: u } })) ?? [];

    it('a key block with a syntax error gets no tf-default-policy: its policy may be what does not parse', async () => {
      const u = uri('broken-key.tf');
      await client().open(u, 'terraform', KEY);
      assert.ok(!codes(await client().diagnosticsFor(u, 1)).includes('tf-default-policy'));
      await client().change(u, 2, KEY.replace('description = "orders"', 'description = '));
      assert.ok(!codes(await client().diagnosticsFor(u, 2)).includes('tf-default-policy'), 'not while typing');
      const before = client().history.length;
      await client().conn.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: u } });
      // The save publishes again: wait for it (polling, no fixed sleep).
      while (!client().history.slice(before).some((p) => p.uri === u)) await new Promise((r) => setTimeout(r, 20));
      assert.ok(!codes(client().published(u)!.diagnostics).includes('tf-default-policy'), 'nor on save');
    });

    it('holds tf-default-policy of a new key while the file has a syntax error, and reports it after a pause', async () => {
      const u = uri('new-key.tf');
      await client().open(u, 'terraform', KEY);
      await client().diagnosticsFor(u, 1);
      await client().change(u, 2, KEY + NEW_KEY + 'locals {\n  a = \n');
      assert.ok(!codes(await client().diagnosticsFor(u, 2)).includes('tf-default-policy'), 'held while the file does not parse');
      await client().diagnosticsUntil(u, (d) => codes(d).includes('tf-default-policy'));
      await client().change(u, 3, KEY + NEW_KEY);
      assert.ok(codes(await client().diagnosticsFor(u, 3)).includes('tf-default-policy'), 'a file that parses reports it while typing');
    });

    it('keeps the CodeLens on its line, with a placeholder title, while the file is broken outside its policies', async () => {
      const u = uri('lens.tf');
      const above = 'variable "a" {\n  type = string\n}\n';
      await client().open(u, 'terraform', above + KEY);
      await client().diagnosticsFor(u, 1);
      const valid = await lensesOf(u);
      assert.deepEqual(valid.map((l) => l.range.start.line), [3]);
      assert.match(valid[0].command!.title, /^Keyscope: /);
      // The variable block being retyped: the parser no longer reads the key's block as one.
      await client().change(u, 2, above.replace('string', '') + '\n' + KEY);
      await client().diagnosticsFor(u, 2);
      const broken = await lensesOf(u);
      assert.deepEqual(broken.map((l) => [l.range.start.line, l.command?.title]), [[4, BROKEN_FILE_LENS]], 'on the key\'s header, moved down a line with it');
      await client().change(u, 3, above + '\n' + KEY);
      await client().diagnosticsFor(u, 3);
      const fixed = await lensesOf(u);
      assert.deepEqual(fixed.map((l) => l.range.start.line), [4]);
      assert.equal(fixed[0].command!.title, valid[0].command!.title);
    });
  });
});
