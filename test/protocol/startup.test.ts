import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { SERVER, TestClient } from '../helpers/lsp-client';
import { AWS_DEFAULT } from '../fixtures/policies';

// A misspelt action in a jsonencode policy: reported once the HCL grammar has loaded.
const TF = `resource "aws_kms_key" "app" {
  description = "app"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["kms:Decrpyt"]
      Resource  = "*"
    }]
  })
}
`;

const BROKEN_JSON = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Decrpyt', Resource: '*' }] }, null, 2);

describe('server start-up', () => {
  it('validates a Terraform document opened first, once the HCL grammar has loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-start-'));
    writeFileSync(join(dir, 'main.tf'), TF);
    const uri = pathToFileURL(join(dir, 'main.tf')).href;
    const client = new TestClient();
    try {
      await client.initialize(dir);
      await client.open(uri, 'terraform', TF);
      const diags = await client.diagnosticsFor(uri, 1);
      assert.ok(diags.some((d) => d.code === 'unknown-action'), JSON.stringify(diags.map((d) => d.code)));
      assert.deepEqual(client.logs.filter((l) => /unavailable|failed/.test(l)), []);
    } finally {
      await client.close();
    }
  });

  it('publishes JSON diagnostics without loading Terraform support, and loads it for the first .tf', async () => {
    // A copy of the bundle without the wasm files next to it: loading the HCL grammar fails, and says so.
    const bin = mkdtempSync(join(tmpdir(), 'keyscope-bin-'));
    copyFileSync(SERVER, join(bin, 'server.js'));
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-start-'));
    const json = pathToFileURL(join(dir, 'app.kms.json')).href;
    const clean = pathToFileURL(join(dir, 'clean.kms.json')).href;
    const tf = pathToFileURL(join(dir, 'main.tf')).href;
    const client = new TestClient({ server: join(bin, 'server.js') });
    try {
      await client.initialize(dir);
      await client.open(json, 'json', BROKEN_JSON);
      const diags = await client.diagnosticsFor(json, 1);
      assert.ok(diags.some((d) => d.code === 'unknown-action'), JSON.stringify(diags.map((d) => d.code)));
      await client.open(clean, 'json', AWS_DEFAULT);
      await client.diagnosticsFor(clean, 1);
      assert.deepEqual(client.logs.filter((l) => /Terraform support unavailable/.test(l)), [], 'JSON analysis must not load the HCL grammar');

      await client.open(tf, 'terraform', TF);
      await until(() => client.logs.some((l) => /Terraform support unavailable/.test(l)));
      // The server lives on: JSON documents are still analysed after an edit.
      await client.change(json, 2, BROKEN_JSON.replace('Decrpyt', 'Decrypt'));
      assert.ok(!(await client.diagnosticsFor(json, 2)).some((d) => d.code === 'unknown-action'));
    } finally {
      await client.close();
    }
  });
});

async function until(test: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the server');
    await new Promise((r) => setTimeout(r, 20));
  }
}
