// Snippets through the server's completion, over the protocol: offered where they fit (a policy in an empty
// document or as `policy =`, statements in a Statement list or a policy document, a key's blocks at the top
// level of a .tf), never in a string or a comment, and written with the file's indentation as it is.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, InsertTextMode, type CompletionItem, type TextEdit } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/text';
import { caret } from '../helpers/caret';
import { applyLspEdits, TestClient } from '../helpers/lsp-client';
import { run } from '../helpers/rule-table';
import { expandSnippet } from '../helpers/snippet-expander';
import { initTerraform } from '../../server/src/terraform';

const ROOT_STATEMENT = '{\n    "Sid": "Root",\n    "Effect": "Allow",\n    "Principal": { "AWS": "arn:aws:iam::111122223333:root" },\n    "Action": "kms:*",\n    "Resource": "*"\n}';
/** A JSON key policy indented by `unit`, with `marked` (holding the caret) after its one statement. */
const jsonPolicy = (unit: string, marked: string) =>
  `{\n${unit}"Version": "2012-10-17",\n${unit}"Statement": [\n${ROOT_STATEMENT.replace(/^/gm, unit + unit).replace(/ {4}/g, unit)}\n${marked}\n${unit}]\n}\n`;
const KEY = (statements: string) => `resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      {\n        Effect    = "Allow"\n        Principal = { AWS = "arn:aws:iam::111122223333:root" }\n        Action    = "kms:*"\n        Resource  = "*"\n      },\n${statements}\n    ]\n  })\n}\n`;
const DOC = (body: string) => `data "aws_iam_policy_document" "k" {\n${body}\n}\n`;

describe('snippets in the server\'s completion, over the protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-snippets-'));
  let client: TestClient;
  let n = 0;

  before(async () => {
    await initTerraform();
    client = new TestClient();
    await client.initialize(dir);
  });
  after(() => client.close());

  /** The items offered at `|` in a new file named `*.<ext>`, the snippets among them, and the text. */
  async function complete(marked: string, ext: string): Promise<{ items: CompletionItem[]; snippets: CompletionItem[]; text: string }> {
    const { text, offset } = caret(marked);
    const uri = pathToFileURL(join(dir, `f${++n}.${ext}`)).href;
    await client.open(uri, ext === 'tf' ? 'terraform' : 'json', text);
    await client.diagnosticsFor(uri, 1);
    const res = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: new LineIndex(text).positionAt(offset) });
    const items = (Array.isArray(res) ? res : res?.items ?? []) as CompletionItem[];
    return { items, snippets: items.filter((i) => i.label.startsWith('kms-')), text };
  }
  const labels = (items: CompletionItem[]) => items.map((i) => i.label).sort();
  /** The text after accepting `label` with the snippet's defaults, its other edits included. */
  function accept(text: string, items: CompletionItem[], label: string): string {
    const item = items.find((i) => i.label === label);
    assert.ok(item, `${label} in ${labels(items)}`);
    assert.equal(item.insertTextMode, InsertTextMode.asIs, 'indented as the file is: inserted as it is');
    const edit = item.textEdit as TextEdit;
    return applyLspEdits(text, [{ ...edit, newText: expandSnippet(edit.newText).text }, ...(item.additionalTextEdits ?? [])]);
  }

  it('an empty JSON document: the key policies, no statement', async () => {
    const { snippets, items, text } = await complete('kms-p|', 'kms.json');
    assert.deepEqual(labels(snippets), ['kms-policy-app', 'kms-policy-bu', 'kms-policy-domain', 'kms-policy-team']);
    const written = accept(text, items, 'kms-policy-bu');
    assert.equal(JSON.parse(written).Version, '2012-10-17');
  });

  it('inside a string (an ARN being typed) and at a policy key: no snippet', async () => {
    const arn = await complete(jsonPolicy('  ', '').replace('"Resource": "*"', '"Resource": "arn:aws:kms:eu-west-1:111122223333:key/platform-kms-ad|"'), 'kms.json');
    assert.deepEqual(labels(arn.snippets), []);
    const key = await complete(jsonPolicy('  ', '').replace('{\n  "Version"', '{\n  kms-|\n  "Version"'), 'kms.json');
    assert.deepEqual(labels(key.snippets), []);
    const comment = await complete('# kms-|\n', 'tf');
    assert.deepEqual(labels(comment.snippets), []);
    const description = await complete('resource "aws_kms_key" "k" {\n  description = "kms-|"\n}\n', 'tf');
    assert.deepEqual(labels(description.snippets), []);
  });

  it('a JSON Statement list: statements, written with the file\'s four spaces, with the comma the list needs', async () => {
    const { snippets, items, text } = await complete(jsonPolicy('    ', '        kms-statement-a|'), 'kms.json');
    assert.ok(snippets.length >= 9 && snippets.every((s) => s.label.startsWith('kms-statement-') && !s.label.endsWith('-doc')), `${labels(snippets)}`);
    const written = accept(text, items, 'kms-statement-admins');
    const policy = JSON.parse(written);
    assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ['Root', 'AllowKeyAdministration']);
    assert.ok(written.includes('\n        {\n            "Sid": "AllowKeyAdministration",\n            "Effect": "Allow",\n'), written);
    assert.ok(written.includes('\n                "kms:CreateAlias",\n'), 'a list inside the statement: one more level of four');
    assert.deepEqual(run(written, 'p.kms.json').findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
  });

  it('a tab-indented JSON file gets tabs', async () => {
    const { items, text } = await complete(jsonPolicy('\t', '\t\t|'), 'kms.json');
    const written = accept(text, items, 'kms-statement-users');
    assert.ok(written.includes('\n\t\t{\n\t\t\t"Sid": "AllowUseOfTheKey",\n'), written);
    assert.equal(JSON.parse(written).Statement.length, 2);
  });

  it('the top level of a .tf: a key\'s blocks, in both policy forms; no statement', async () => {
    const { snippets } = await complete('terraform {\n}\n\nkms-|', 'tf');
    assert.deepEqual(labels(snippets), ['app', 'bu', 'domain', 'team'].flatMap((s) => [`kms-key-${s}`, `kms-key-${s}-doc`]).sort());
  });

  it('policy = in a KMS key: the policy as jsonencode(...), indented under the attribute', async () => {
    const { snippets, items, text } = await complete('resource "aws_kms_key" "k" {\n    description = "orders"\n    policy = kms-policy-b|\n}\n', 'tf');
    assert.deepEqual(labels(snippets), ['kms-policy-app', 'kms-policy-bu', 'kms-policy-domain', 'kms-policy-team']);
    const written = accept(text, items, 'kms-policy-bu');
    assert.ok(written.includes('    policy = jsonencode({\n        Version = "2012-10-17"\n'), written);
    assert.ok(written.includes('\n    })\n}\n'), written);
    const result = run(written, 'k.tf');
    assert.equal(result.sources.length, 1);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
  });

  it('a jsonencode Statement list: statement objects, never -doc blocks, with the commas HCL lists take', async () => {
    const { snippets, items, text } = await complete(KEY('      kms-statement-r|'), 'tf');
    assert.ok(snippets.length >= 9 && snippets.every((s) => !s.label.endsWith('-doc')), `${labels(snippets)}`);
    const written = accept(text, items, 'kms-statement-read-data');
    assert.ok(written.includes('\n      {\n        Sid    = "AllowReadData"\n'), written);
    const result = run(written, 'k.tf');
    assert.equal(result.sources[0]?.policy.statements.length, 2, written);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
  });

  it('an aws_iam_policy_document: statement blocks (-doc) beside the statement skeleton, never objects; the file\'s indentation', async () => {
    const { snippets, items, text } = await complete(DOC('    statement {\n        sid = "Root"\n    }\n    |'), 'tf');
    assert.ok(snippets.length >= 9 && snippets.every((s) => s.label.endsWith('-doc')), `${labels(snippets)}`);
    assert.ok(items.some((i) => i.label === 'statement'), 'the skeleton too');
    const written = accept(text, items, 'kms-statement-users-doc');
    assert.ok(written.includes('\n    statement {\n        sid    = "AllowUseOfTheKey"\n        effect = "Allow"\n        principals {\n            type'), written);
    const skeleton = items.find((i) => i.label === 'statement')!;
    assert.equal(skeleton.insertTextMode, InsertTextMode.asIs);
    assert.match((skeleton.textEdit as TextEdit).newText, /^statement \{\n {8}sid {4}= "\$1"\n {8}effect = /);
  });

  it('a heredoc policy\'s Statement list: JSON statements', async () => {
    const heredoc = `resource "aws_kms_key" "k" {\n  policy = <<EOF\n${jsonPolicy('  ', '    kms-statement-d|')}EOF\n}\n`;
    const { snippets, items, text } = await complete(heredoc, 'tf');
    assert.ok(snippets.length >= 9 && snippets.every((s) => s.detail?.startsWith('KMS statement:')), `${snippets.map((s) => s.detail)}`);
    const written = accept(text, items, 'kms-statement-default');
    assert.ok(written.includes('  },\n    {\n      "Sid": "EnableIAMUserPermissions",'), written);
  });
});
