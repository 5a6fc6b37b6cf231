// The language server over stdio on our fixtures of composed, conditional and placeholder policies
// (test/fixtures/forms/composition, conditional, placeholders): the editor gets the same findings as the CLI,
// fragments are not judged as whole policies, and the matrix marks a conditional statement "if <condition>".
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ACCESS_REQUEST, type AccessResult } from '../../server/src/lsp/protocol';
import { tempFolder } from '../helpers/hostile-files';
import { TestClient } from '../helpers/lsp-client';

const FORMS = join(__dirname, '..', 'fixtures', 'forms');

describe('language server over stdio: composed, conditional and placeholder policies', () => {
  const ws = tempFolder('keyscope-composed-');
  const at = (...p: string[]) => join(ws.dir, ...p);
  const uri = (...p: string[]) => pathToFileURL(at(...p)).href;
  let client: TestClient;

  before(async () => {
    for (const d of ['composition', 'conditional', 'placeholders', 'tfvars-policy', 'tfvars-json-policy', 'tfvars-values', 'templates']) cpSync(join(FORMS, d), at(d), { recursive: true });
    client = new TestClient();
    await client.initialize(ws.dir);
  });
  after(async () => {
    await client.close();
    ws.remove();
  });

  const open = async (lang: string, ...p: string[]) => {
    await client.open(uri(...p), lang, readFileSync(at(...p), 'utf8'));
    return client.diagnosticsFor(uri(...p), 1);
  };

  it('a fragment in a file of its own gets no whole-policy finding, and a note for its registry consumer', async () => {
    const diags = await open('terraform', 'composition', 'fragments.tf');
    assert.deepEqual(diags.filter((d) => d.code === 'lockout-risk' || d.code === 'version'), []);
    assert.ok(diags.some((d) => d.code === 'statement-shape' && /outside this workspace/.test(d.message)));
  });

  it('the composed document: a Sid collision between sources is an error, a shared statement reported once', async () => {
    const diags = await open('terraform', 'composition', 'main.tf');
    assert.deepEqual(diags.filter((d) => d.code === 'duplicate-sid').map((d) => d.range.start.line + 1), [95]);
    assert.equal(diags.filter((d) => d.code === 'root-delegation').length, 1);
  });

  it('a statement under an unknown condition is checked, and its matrix cells hold the condition', async () => {
    const diags = await open('terraform', 'conditional', 'main.tf');
    assert.deepEqual(diags.filter((d) => d.code === 'public-principal').map((d) => d.range.start.line + 1), [33]);
    const r = (await client.conn.sendRequest(ACCESS_REQUEST, { uri: uri('conditional', 'main.tf') })) as AccessResult;
    const logs = r.matrices.find((m) => m.name === 'aws_kms_key.logs')!;
    const anyone = logs.rows.find((x) => x.id === '*')!;
    assert.equal(anyone.actions['kms:Decrypt'].value, 'conditional');
    assert.deepEqual(anyone.actions['kms:Decrypt'].conditions.map((c) => [c.operator, c.key]), [['Terraform', 'var.enable_log_delivery']]);
  });

  it('a placeholder account: one note, no invalid principal, no lockout', async () => {
    const diags = await open('json', 'placeholders', 'guide.kms.json');
    assert.deepEqual(diags.filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.code), []);
    assert.deepEqual(diags.filter((d) => d.code === 'placeholder-value').length, 1);
  });

  it('a key policy written in terraform.tfvars is analysed in the variable file, as the editor names its language', async () => {
    const diags = await open('terraform-vars', 'tfvars-policy', 'terraform.tfvars');
    assert.deepEqual(diags.filter((d) => d.code === 'kms-star').map((d) => d.range.start.line + 1), [15]);
  });

  it('a key policy written in terraform.tfvars.json is analysed in the JSON variable file, on its lines', async () => {
    const diags = await open('json', 'tfvars-json-policy', 'terraform.tfvars.json');
    assert.deepEqual(diags.filter((d) => d.code === 'kms-star').map((d) => d.range.start.line + 1), [17]);
    assert.deepEqual(diags.filter((d) => d.severity === 1).map((d) => d.code), []);
    const r = (await client.conn.sendRequest(ACCESS_REQUEST, { uri: uri('tfvars-json-policy', 'terraform.tfvars.json') })) as AccessResult;
    assert.deepEqual(r.matrices.map((m) => m.name), ['aws_kms_key.orders']);
  });

  it('a public reader set in terraform.tfvars is reported at its value there, pointing at the use', async () => {
    const diags = await open('terraform-vars', 'tfvars-values', 'terraform.tfvars');
    const pub = diags.filter((d) => d.code === 'public-principal');
    assert.deepEqual(pub.map((d) => [d.range.start.line + 1, d.range.start.character]), [[2, 10]]);
    assert.equal(pub[0].relatedInformation?.[0].location.uri, uri('tfvars-values', 'main.tf'));
  });

  it('a template no call renders, opened on its own, is analysed with its placeholders symbolic', async () => {
    const diags = await open('plaintext', 'templates', 'templates', 'standalone.json.tpl');
    assert.ok(diags.length > 0);
    assert.deepEqual(diags.filter((d) => d.severity === 1).map((d) => d.code), []);
  });
});
