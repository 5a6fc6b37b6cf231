import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { mkfifo, sparseFile, tempFolder, TWO_GIB } from '../helpers/hostile-files';
import { TestClient } from '../helpers/lsp-client';

const KEY = (target: string) => `resource "aws_kms_key" "app" {
  enable_key_rotation = true
  policy              = file("\${path.module}/${target}")
}

resource "aws_kms_key" "inline" {
  enable_key_rotation = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:Decrpyt", Resource = "*" }]
  })
}
`;

// Each attack used to hang the server for good (a FIFO read synchronously) or stall it for seconds at 2 GB of
// memory (a 2 GiB sparse file read whole). A hang shows here as the runner's timeout.
describe('language server over stdio: FIFOs and huge files in the workspace', () => {
  const ws = tempFolder('keyscope-hostile-');
  const at = (...p: string[]) => join(ws.dir, ...p);
  let client: TestClient;

  before(async () => {
    for (const m of ['fifo-target', 'sparse-target', 'fifo-sibling', 'sparse-sibling']) mkdirSync(at(m));
    mkfifo(at('fifo-target', 'policy.json'));
    sparseFile(at('sparse-target', 'policy.json'), TWO_GIB);
    mkfifo(at('fifo-sibling', 'other.tf'));
    sparseFile(at('sparse-sibling', 'generated.tf'), TWO_GIB);
    client = new TestClient();
    await client.initialize(ws.dir);
  });
  after(async () => {
    await client.close();
    ws.remove();
  });

  const open = async (mod: string) => {
    const uri = pathToFileURL(at(mod, 'main.tf')).href;
    await client.open(uri, 'terraform', KEY('policy.json'));
    return { uri, d: await client.diagnosticsFor(uri, 1, 30_000) };
  };

  it('a FIFO as the file() target: an info on the file() line; the rest of the file analysed', async () => {
    const { d } = await open('fifo-target');
    const note = d.find((x) => x.code === 'analysis-limit');
    assert.equal(note?.severity, 3, JSON.stringify(d));
    assert.equal(note?.range.start.line, 2);
    assert.match(note?.message ?? '', /^Skipped policy\.json: not a regular file \(it is a named pipe \(FIFO\)\)/);
    assert.ok(d.some((x) => x.code === 'unknown-action'));
  });

  it('a 2 GiB sparse file() target: too large, on the file() line', async () => {
    const { d } = await open('sparse-target');
    const note = d.find((x) => x.code === 'analysis-limit');
    assert.equal(note?.range.start.line, 2);
    assert.match(note?.message ?? '', /^Skipped policy\.json: too large \(2\.0 GB/);
  });

  it('a FIFO or a 2 GiB file among the module files: an info on the first line', async () => {
    for (const [mod, re] of [['fifo-sibling', /^Skipped other\.tf \(another file of this module\): not a regular file/], ['sparse-sibling', /^Skipped generated\.tf \(another file of this module\): too large/]] as const) {
      const { d } = await open(mod);
      const note = d.find((x) => x.code === 'analysis-limit');
      assert.equal(note?.range.start.line, 0, mod);
      assert.match(note?.message ?? '', re);
      assert.ok(d.some((x) => x.code === 'unknown-action'), mod);
    }
  });

  it('keeps answering: a hover after all of them', async () => {
    const uri = pathToFileURL(at('fifo-target', 'main.tf')).href;
    const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 120 } });
    assert.ok(hover);
  });
});
