import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CompletionRequest, ConfigurationRequest, DidCloseTextDocumentNotification, HoverRequest, type Diagnostic, type Hover } from 'vscode-languageserver-protocol/node';
import { bigTerraform } from '../../scripts/bench-inputs';
import { createKeyscope } from '../../server/src/service';
import { initTerraform } from '../../server/src/terraform';
import { LineIndex } from '../../server/src/text';
import { TestClient } from '../helpers/lsp-client';

// A .tf file of many keys takes the server a while to analyse. Meanwhile it answers: hovers and completions in
// that file once its policies are extracted, and requests about other documents at once. Proven by order, never
// by time: each answer arrives before the big file's diagnostics are published.
describe('requests answered while a large .tf file is analysed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-busy-'));
  const big = bigTerraform(600);
  const bigUri = pathToFileURL(join(dir, 'keys.tf')).href;
  const small = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "A", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": "kms:Decrypt", "Resource": "*" }]\n}\n';
  const smallUri = pathToFileURL(join(dir, 'app.kms.json')).href;
  let client: TestClient;
  const at = (text: string, needle: string, from = 0) => new LineIndex(text).positionAt(text.indexOf(needle, from) + 5);
  const hover = (uri: string, text: string, needle: string, from?: number) =>
    client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, needle, from) }) as Promise<Hover | null>;
  const hoverText = (h: Hover | null) => JSON.stringify(h?.contents ?? null);

  before(async () => {
    client = new TestClient();
    await client.initialize(dir);
    await client.open(smallUri, 'json', small);
    await client.diagnosticsFor(smallUri, 1);
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a hover in the file and one in another document before the file is diagnosed', async () => {
    await client.open(bigUri, 'terraform', big);
    // Sent together, at once: the hover in the big file is answered once its policies are extracted, while
    // the rules still run on them; the other document's hover and completion go between the steps of that
    // analysis. Every answer arrives before the big file's diagnostics (order, not time, is what is checked).
    const [inBig, inSmall, completion] = await Promise.all([
      hover(bigUri, big, 'kms:Decrypt', big.length / 2),
      hover(smallUri, small, 'kms:Decrypt'),
      client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: smallUri }, position: at(small, '"kms:Decrypt"') }),
    ]);
    assert.equal(client.published(bigUri), undefined, 'an answer waited for the big file\'s diagnostics');
    assert.match(hoverText(inBig), /Decrypt/);
    assert.match(hoverText(inSmall), /Decrypt/);
    assert.ok(completion && (Array.isArray(completion) ? completion : completion.items).length > 0);
    await client.diagnosticsFor(bigUri, 1, 120_000);
  });

  it('answers a hover in another document while a large .tf file is being extracted', async () => {
    // A file never analysed: its extraction starts from nothing (no parse, no blocks kept). Its folder's
    // settings are known already: the server starts extracting it as it reads the open, waiting for nothing.
    const text = bigTerraform(600).replaceAll('"key ', '"other key ');
    const uri = pathToFileURL(join(dir, 'other-keys.tf')).href;
    let asked = false;
    client.conn.onRequest(ConfigurationRequest.type, (p) => {
      asked ||= p.items.some((i) => i.scopeUri === uri);
      return p.items.map(() => client.settings);
    });
    const order: string[] = [];
    try {
      await client.open(uri, 'terraform', text);
      // Sent right behind the open, in this order. The hover in the big file needs its policies: it is
      // answered once the extraction is done. The other document's hover, read after it, is answered first:
      // between two steps of that extraction.
      const inBig = hover(uri, text, 'kms:Decrypt', text.length / 2).then((h) => (order.push('big'), h));
      const inSmall = hover(smallUri, small, 'kms:Decrypt').then((h) => (order.push(client.published(uri) ? 'small after the big file was diagnosed' : 'small'), h));
      const [hb, hs] = await Promise.all([inBig, inSmall]);
      assert.deepEqual(order, ['small', 'big']);
      assert.match(hoverText(hb), /Decrypt/);
      assert.match(hoverText(hs), /Decrypt/);
      await client.diagnosticsFor(uri, 1, 120_000);
      assert.ok(!asked, 'the settings were asked for the document rather than its folder');
    } finally {
      client.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => client.settings));
      await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
  });

  it('answers a hover after an edit from the new text, and diagnoses it as a whole analysis would', async () => {
    const edited = big.replace('"key 150"', '"key 150 edited"').replace('kms:Decrypt", "kms:Encrypt"]', 'kms:Decrpyt", "kms:Encrypt"]');
    await client.change(bigUri, 2, edited);
    const h = await hover(bigUri, edited, 'kms:Decrpyt');
    assert.notEqual(client.published(bigUri)?.version, 2);
    assert.match(hoverText(h), /Decrpyt|not a KMS action|unknown/i);
    const diagnostics = await client.diagnosticsFor(bigUri, 2, 120_000);
    // The same findings, in the same places, as one uninterrupted analysis of the same text.
    await initTerraform();
    const engine = createKeyscope();
    try {
      const expected = engine.analyze({ path: join(dir, 'keys.tf'), text: edited }).findings;
      const idx = new LineIndex(edited);
      const key = (code: unknown, line: number, character: number) => `${code}@${line}:${character}`;
      assert.deepEqual(
        diagnostics.map((d: Diagnostic) => key(d.code, d.range.start.line, d.range.start.character)),
        expected.map((f) => {
          const p = idx.positionAt(f.span.start);
          return key(f.ruleId, p.line, p.character);
        }),
      );
      assert.ok(diagnostics.some((d) => d.code === 'unknown-action'));
    } finally {
      engine.dispose();
    }
  });
});
