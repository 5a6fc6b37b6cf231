import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CompletionRequest, type CompletionItem } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/text';
import { caret } from '../helpers/caret';
import { applyLspEdits, suiteClient } from '../helpers/lsp-client';
import { expandSnippet } from '../helpers/snippet-expander';

describe('completion of action sets and Terraform block skeletons, over the protocol', () => {
  const { client, dir } = suiteClient('keyscope-complete-');
  let n = 0;

  /** Opens `marked` (caret at `|`) and returns the items offered there and the text. */
  async function complete(marked: string, ext: string): Promise<{ items: CompletionItem[]; text: string }> {
    const { text, offset } = caret(marked);
    const uri = pathToFileURL(join(dir, `f${++n}.${ext}`)).href;
    await client().open(uri, ext === 'tf' ? 'terraform' : 'json', text);
    await client().diagnosticsFor(uri, 1);
    const res = await client().conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: new LineIndex(text).positionAt(offset) });
    return { items: (Array.isArray(res) ? res : res?.items ?? []) as CompletionItem[], text };
  }
  const apply = (text: string, item: CompletionItem) => applyLspEdits(text, [item.textEdit as { range: never; newText: string }]);

  it('offers kms:GenerateDataKey* and kms:ReEncrypt* with their capabilities, and the console sets in a list', async () => {
    const json = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": ["|"], "Resource": "*" }\n  ]\n}';
    const { items, text } = await complete(json, 'kms.json');
    const gdk = items.find((i) => i.label === 'kms:GenerateDataKey*')!;
    assert.match(gdk.detail!, /^Write data · 4 actions$/);
    assert.match(items.find((i) => i.label === 'kms:ReEncrypt*')!.detail!, /Read data \+ Write data/);
    const users = items.find((i) => i.label === 'key users (console default)')!;
    assert.ok(users, 'the console key-user set');
    const written = apply(text, users);
    assert.ok(written.includes('"Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]'), written);
    assert.ok(items.some((i) => i.label === 'key administrators (console default)'));
    assert.match(items.find((i) => i.label === 'kms:CreateKey')!.detail!, /IAM policy only/);
  });

  it('offers no multi-item set where Action is a single string', async () => {
    const json = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": "|", "Resource": "*" }\n  ]\n}';
    const { items } = await complete(json, 'kms.json');
    assert.ok(items.some((i) => i.label === 'kms:GenerateDataKey*'));
    assert.ok(!items.some((i) => i.label.startsWith('key users')));
  });

  it('offers statement { } in an aws_iam_policy_document, and principals/condition skeletons in a statement', async () => {
    const doc = (body: string) => `data "aws_iam_policy_document" "key" {\n${body}\n}\n`;
    const top = await complete(doc('  st|'), 'tf');
    const statement = top.items.find((i) => i.label === 'statement')!;
    assert.ok(statement, JSON.stringify(top.items.map((i) => i.label)));
    assert.equal(statement.insertTextFormat, 2, 'a snippet');
    assert.match((statement.textEdit as { newText: string }).newText, /^statement \{\n    sid    = "\$1"\n/);
    const inner = await complete(doc('  statement {\n    effect = "Allow"\n    |\n  }'), 'tf');
    const labels = inner.items.map((i) => i.label);
    for (const l of ['principals', 'condition', 'actions', 'resources']) assert.ok(labels.includes(l), `${l} in ${labels}`);
    assert.match((inner.items.find((i) => i.label === 'condition')!.textEdit as { newText: string }).newText, /condition \{\n      test     = .*\n      variable = "\$2"\n      values   = \["\$3"\]\n    \}/);
  });

  describe('in a jsonencode policy, before the model has a node there', () => {
    const key = (policy: string) => `resource "aws_kms_key" "k" {\n  policy = jsonencode({\n${policy}\n  })\n}\n`;
    const statement = (body: string) => key(`    Version = "2012-10-17"\n    Statement = [\n      {\n        Sid = "App"\n${body}\n      },\n    ]`);
    const accept = (text: string, item: CompletionItem) => applyLspEdits(text, [{ ...(item.textEdit as { range: never; newText: string }), newText: expandSnippet((item.textEdit as { newText: string }).newText).text }]);

    it('offers the statement elements not yet written for a new key in a statement, and writes it as HCL', async () => {
      const { items, text } = await complete(statement('        Res|'), 'tf');
      const labels = items.map((i) => i.label);
      for (const l of ['Resource', 'Effect', 'Principal', 'Action', 'NotAction', 'Condition']) assert.ok(labels.includes(l), `${l} in ${labels}`);
      for (const l of ['Sid', 'Version', 'Statement']) assert.ok(!labels.includes(l), `no ${l} in ${labels}`);
      assert.ok(accept(text, items.find((i) => i.label === 'Resource')!).includes('        Resource = "*"\n'));
      assert.ok(accept(text, items.find((i) => i.label === 'Principal')!).includes('        Principal = { AWS = "" }\n'));
    });

    it('offers Version, Id and Statement at the policy level, not the statement elements', async () => {
      const { items, text } = await complete(key('    Version = "2012-10-17"\n    Sta|'), 'tf');
      assert.deepEqual(items.map((i) => i.label).sort(), ['Id', 'Statement']);
      assert.match(accept(text, items.find((i) => i.label === 'Statement')!), /\n    Statement = \[\n/);
    });

    it('offers "Allow" and "Deny" right after Effect = or Effect: before a string is typed, quoted', async () => {
      for (const op of ['=', ':']) {
        const { items, text } = await complete(statement(`        Effect ${op} |`), 'tf');
        assert.deepEqual(items.map((i) => i.label), ['Allow', 'Deny']);
        assert.ok(accept(text, items[0]).includes(`        Effect ${op} "Allow"\n`));
      }
    });

    it('offers no element name inside a string or after another key\'s =', async () => {
      assert.deepEqual((await complete(statement('        Action = "Res|"'), 'tf')).items.filter((i) => i.label === 'Resource'), []);
      assert.deepEqual((await complete(statement('        Action = Res|'), 'tf')).items.filter((i) => i.label === 'Resource'), []);
    });
  });
});
