import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { jsonencodeKey, hclStatement } from '../fixtures/terraform-key';
import { tempFolder } from '../helpers/hostile-files';
import { TestClient } from '../helpers/lsp-client';

// A list of 100,000 numbers: 200 KB, far under the size limit, but its syntax tree needs more than the 32 MB
// heap the parser gets below. The heap is really exhausted (emscripten aborts the wasm instance), as a 20 MB
// generated file exhausts the default 2 GB one; only the ceiling is lowered (KEYSCOPE_TREE_SITTER_HEAP_MB), so
// the test takes a second instead of a minute and 2 GB.
const EXHAUSTING = `locals {\n  numbers = [${'1,'.repeat(100_000)}]\n}\n`;

// The default root statement and a misspelt action.
const KEY = jsonencodeKey(hclStatement('Effect = "Allow"', 'Principal = { AWS = "arn:aws:iam::111122223333:root" }', 'Action = "kms:Decrpyt"', 'Resource = "*"'));
const ACTION_LINE = KEY.split('\n').findIndex((l) => l.includes('kms:Decrpyt'));

describe('language server over stdio: a parser failure is contained to its file', () => {
  const ws = tempFolder('keyscope-parser-');
  const uri = (name: string) => pathToFileURL(join(ws.dir, name.replace('.tf', ''), name)).href;
  let client: TestClient;

  before(async () => {
    // Each file in a folder of its own: no module reads another.
    for (const [name, text] of [['huge.tf', EXHAUSTING], ['key.tf', KEY], ['later.tf', KEY]]) {
      mkdirSync(join(ws.dir, name.replace('.tf', '')));
      writeFileSync(join(ws.dir, name.replace('.tf', ''), name), text);
    }
    client = new TestClient({ env: { KEYSCOPE_TREE_SITTER_HEAP_MB: '32' } });
    await client.initialize(ws.dir);
  });
  after(async () => {
    await client.close();
    ws.remove();
  });

  it('reports the failure on the file that caused it', async () => {
    await client.open(uri('huge.tf'), 'terraform', EXHAUSTING);
    const d = await client.diagnosticsFor(uri('huge.tf'), 1, 60_000);
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.equal(d[0].code, 'analysis-limit');
    assert.match(d[0].message, /^Not analysed: the Terraform parser failed \(.*\); it is restarted for the next analysis\./);
    assert.deepEqual(d[0].range.start, { line: 0, character: 0 });
  });

  it('goes on analysing the next file with a fresh parser, and the one after', async () => {
    await client.open(uri('key.tf'), 'terraform', KEY);
    const d = await client.diagnosticsFor(uri('key.tf'), 1, 60_000);
    assert.ok(d.some((x) => x.code === 'unknown-action'), JSON.stringify(d.map((x) => x.code)));
    await client.open(uri('later.tf'), 'terraform', KEY.replace('Decrpyt', 'Encrpyt'));
    const later = await client.diagnosticsFor(uri('later.tf'), 1, 60_000);
    assert.ok(later.some((x) => x.code === 'unknown-action' && /Encrpyt/.test(x.message)));
    // Hovers work on the new parser's trees.
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uri('key.tf') }, position: { line: ACTION_LINE, character: KEY.split('\n')[ACTION_LINE].indexOf('Decrpyt') } });
    assert.ok(hover, 'a hover on the action');
  });

  it('another file of the module that broke the parser is parsed once, then skipped with a note until it changes', async () => {
    mkdirSync(join(ws.dir, 'module'));
    writeFileSync(join(ws.dir, 'module', 'generated.tf'), EXHAUSTING);
    const main = pathToFileURL(join(ws.dir, 'module', 'main.tf')).href;
    writeFileSync(join(ws.dir, 'module', 'main.tf'), KEY);
    await client.open(main, 'terraform', KEY);
    const first = await client.diagnosticsFor(main, 1, 60_000);
    assert.deepEqual(first.map((x) => x.code), ['analysis-limit']);
    assert.match(first[0].message, /^Not analysed: the Terraform parser failed/);
    await client.change(main, 2, KEY.replace('Decrpyt', 'Decrpt'));
    const second = await client.diagnosticsFor(main, 2, 60_000);
    assert.ok(second.some((x) => x.code === 'unknown-action'), JSON.stringify(second.map((x) => x.code)));
    const note = second.find((x) => x.code === 'analysis-limit');
    assert.equal(note?.severity, 3);
    assert.match(note?.message ?? '', /^Skipped generated\.tf \(another file of this module\): the Terraform parser failed on it before/);
  });

  it('a file that changes after its failure is analysed again', async () => {
    await client.change(uri('huge.tf'), 2, KEY);
    const d = await client.diagnosticsFor(uri('huge.tf'), 2, 60_000);
    assert.ok(d.some((x) => x.code === 'unknown-action'), JSON.stringify(d.map((x) => x.code)));
    assert.match(client.logs.join('\n'), /the Terraform parser failed while analysing .*huge\.tf/);
  });
});
