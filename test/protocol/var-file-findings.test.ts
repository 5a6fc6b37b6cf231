// The language server over stdio: a value of terraform.tfvars.json that makes a key public is reported there, at
// the value, pointing at the use in main.tf (test/fixtures/forms/tfvars-values' module); the policy file a
// variable names in terraform.tfvars (test/fixtures/forms/tfvars-policy) has its finding at the path value.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { suiteClient } from '../helpers/lsp-client';
import { ACCESS_REQUEST, type AccessResult } from '../../server/src/lsp/protocol';

const FORMS = join(__dirname, '..', 'fixtures', 'forms');

describe('language server over stdio: findings caused by a variable file, in that file', () => {
  const { dir, uri, client } = suiteClient('keyscope-var-file-findings-');
  cpSync(join(FORMS, 'tfvars-values', 'main.tf'), join(dir, 'json-vars', 'main.tf'), { recursive: true });
  writeFileSync(join(dir, 'json-vars', 'terraform.tfvars.json'), '{\n  "admins": ["arn:aws:iam::111122223333:role/admin"],\n  "readers": ["*"]\n}\n');
  cpSync(join(FORMS, 'tfvars-policy'), join(dir, 'tfvars-policy'), { recursive: true });
  const CONDITIONED = 'provider "aws" {}\nvariable "trail_account" {\n  type = string\n}\nresource "aws_kms_key" "logs" {\n  description = "logs"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Sid = "Trail", Effect = "Allow", Principal = { Service = "cloudtrail.amazonaws.com" }, Action = "kms:GenerateDataKey*", Resource = "*", Condition = { StringEquals = { "aws:SourceAccount" = var.trail_account } } }]\n  })\n}\n';
  mkdirSync(join(dir, 'cond'), { recursive: true });
  writeFileSync(join(dir, 'cond', 'main.tf'), CONDITIONED);

  const open = async (lang: string, name: string) => {
    await client().open(uri(name), lang, readFileSync(join(dir, name), 'utf8'));
    return client().diagnosticsFor(uri(name), 1);
  };

  it('terraform.tfvars.json: the public reader at its value, pointing at the use', async () => {
    const diags = await open('json', 'json-vars/terraform.tfvars.json');
    const pub = diags.filter((d) => d.code === 'public-principal');
    assert.deepEqual(pub.map((d) => [d.range.start.line + 1, d.range.start.character, d.relatedInformation?.[0].location.uri]), [[3, 13, uri('json-vars/main.tf')]]);
  });

  it('terraform.tfvars: the public statement of the policy file it names, at the path', async () => {
    const diags = await open('terraform-vars', 'tfvars-policy/terraform.tfvars');
    assert.deepEqual(diags.filter((d) => d.code === 'public-principal').map((d) => [d.range.start.line + 1, d.relatedInformation?.map((r) => r.location.uri)]), [
      [21, [uri('tfvars-policy/policies/logs.json'), uri('tfvars-policy/main.tf')]],
    ]);
  });

  it('the matrix labels a condition value written as an expression with where its value comes from', async () => {
    await open('terraform', 'cond/main.tf');
    const r = (await client().conn.sendRequest(ACCESS_REQUEST, { uri: uri('cond/main.tf') })) as AccessResult;
    const cells = r.matrices.flatMap((m) => m.rows.flatMap((row) => Object.values(row.actions)));
    const labels = cells.flatMap((d) => d.conditions.map((c) => c.labels)).filter((l) => l !== undefined);
    assert.deepEqual(labels[0], ['var.trail_account (a value, no value in this workspace)']);
  });
});
