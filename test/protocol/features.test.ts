import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, CompletionRequest, HoverRequest, type CompletionItem, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/text';
import { caret } from '../helpers/caret';
import { applyLspEdits, TestClient } from '../helpers/lsp-client';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "🔑 App", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/orders-app" },
      "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*",
      "Condition": { "StringEquals": { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } }
    }
  ]
}`;

describe('hover and completion over the protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-features-'));
  let client: TestClient;
  let n = 0;
  const fresh = (ext = 'kms.json') => pathToFileURL(join(dir, `f${++n}.${ext}`)).href;

  before(async () => {
    client = new TestClient();
    client.settings = { accounts: { '111122223333': { name: 'payments-prod', stage: 'prod' } } };
    await client.initialize(dir);
  });
  after(() => client.close());

  /** Opens the text (with a `|` caret) and returns its uri, clean text and the caret's position. */
  async function openAt(marked: string, ext?: string) {
    const { text, offset } = caret(marked);
    const uri = fresh(ext);
    await client.open(uri, ext === 'tf' ? 'terraform' : 'json', text);
    return { uri, text, position: new LineIndex(text).positionAt(offset) };
  }

  const hover = async (marked: string) => {
    const { uri, position, text } = await openAt(marked);
    const h = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    return { h, text };
  };

  it('hovers an action, with the range in UTF-16 units after an emoji on the same line', async () => {
    const { h, text } = await hover(POLICY.replace('"kms:Encrypt"', '"kms:En|crypt"'));
    assert.match((h!.contents as MarkupContent).value, /kms:Encrypt.*\n[\s\S]*Write data/);
    const line = text.split('\n')[5];
    assert.deepEqual(h!.range, { start: { line: 5, character: line.indexOf('"kms:Encrypt"') }, end: { line: 5, character: line.indexOf('"kms:Encrypt"') + 13 } });
  });

  it('hovers a Sid after a surrogate pair with the statement summary', async () => {
    const { h, text } = await hover(POLICY.replace('"🔑 App"', '"🔑 A|pp"'));
    assert.equal((h!.contents as MarkupContent).value, 'Lets role/orders-app (payments-prod 111122223333) read and write data with this key, only via s3.eu-west-1.amazonaws.com.');
    const line = text.split('\n')[4];
    assert.equal(h!.range!.start.character, line.indexOf('"🔑 App"'));
    assert.equal(h!.range!.end.character - h!.range!.start.character, '"🔑 App"'.length, 'the emoji counts as two UTF-16 units');
  });

  it('completes an action inside a half-typed document, replacing the whole string', async () => {
    const marked = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt", "kms:GenerateDa|';
    const { uri, text, position } = await openAt(marked);
    const res = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    const items = (Array.isArray(res) ? res : res?.items ?? []) as CompletionItem[];
    const item = items.find((i) => i.label === 'kms:GenerateDataKey')!;
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal(item.detail, 'Write · Write data');
    assert.equal(item.filterText, '"kms:GenerateDataKey"');
    assert.ok(!items.some((i) => i.label === 'kms:Decrypt'), 'already listed');
    const edit = item.textEdit as { range: never; newText: string };
    assert.ok(applyLspEdits(text, [edit]).endsWith('"kms:Decrypt", "kms:GenerateDataKey"'));
  });

  it('completes statement elements as snippets', async () => {
    const { uri, position } = await openAt('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "|"}]}');
    const res = await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    const items = (Array.isArray(res) ? res : res?.items ?? []) as CompletionItem[];
    assert.deepEqual(items.map((i) => i.label), ['Sid', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
    assert.equal(items[0].insertTextFormat, 2);
  });

  /** Documents that must get an answer, never a crash. */
  const MALFORMED: [string, string, string][] = [
    ['empty', 'kms.json', ''],
    ['one brace', 'kms.json', '{'],
    ['an array', 'kms.json', '[1, 2, {"Statement": []}]'],
    ['null', 'kms.json', 'null'],
    ['Statement is a number', 'kms.json', '{"Version": "2012-10-17", "Statement": 5}'],
    ['odd statement members', 'kms.json', '{"Statement": [1, "x", null, {"Principal": [], "Action": {"a": 1}, "Condition": "x", "Effect": 3}]}'],
    ['odd condition', 'kms.json', '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Condition": {"StringEquals": [1], "": {"": null}}}]}'],
    ['deep nesting', 'kms.json', '{"Statement": ' + '['.repeat(20000) + ']'.repeat(20000) + '}'],
    ['lone surrogates', 'kms.json', '{"Statement": [{"Sid": "\ud800\udfff\ud800", "Action": "kms:\udc00", "Principal": {"AWS": "\ud83d"}}]}'],
    ['comments and trailing commas', 'kms.json', '// x\n{"Statement": [{"Effect": "Allow",},],}'],
    ['BOM and CRLF', 'kms.json', '\ufeff{\r\n"Version": "2012-10-17",\r\n"Statement": []\r\n}'],
    ['broken Terraform', 'tf', 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Action = "kms:'],
    ['binary junk in Terraform', 'tf', '\u0000\u0001{{{"""\u0000 resource ${ <<EOF'],
  ];

  it('answers every request on malformed documents of many kinds, and keeps serving', async () => {
    for (const [name, ext, text] of MALFORMED) {
      const uri = fresh(ext);
      await client.open(uri, ext === 'tf' ? 'terraform' : 'json', text);
      await client.diagnosticsFor(uri, 1);
      const idx = new LineIndex(text);
      for (const offset of [0, Math.floor(text.length / 2), text.length]) {
        const position = idx.positionAt(offset);
        const range = { start: position, end: position };
        await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
        await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
        await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: [], only: ['source.fixAll.keyscope'] } });
      }
      assert.equal(client.proc.exitCode, null, `server exited after ${name}`);
    }
    assert.deepEqual(client.logs.filter((l) => /failed|internal error/i.test(l)), [], 'no handler or rule failed');
    const { h } = await hover(POLICY.replace('"kms:Decrypt"', '"kms:De|crypt"'));
    assert.match((h!.contents as MarkupContent).value, /kms:Decrypt/);
  });
});
