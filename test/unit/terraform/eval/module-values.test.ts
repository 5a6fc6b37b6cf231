// A module's values: variables from the variable files Terraform loads by itself, their defaults, or unknown of
// their type; locals across the module's files, each once, a cycle reported once; read through the host.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { FileReads } from '../../../../server/src/host';
import { nodeHost } from '../../../../server/src/node-host';
import { initTerraform } from '../../../../server/src/terraform';
import { ModuleValues } from '../../../../server/src/terraform/eval/module-values';
import { fingerprint } from '../../../../server/src/terraform/eval/value';
import { ModuleScope, moduleFile } from '../../../../server/src/terraform/module/scope';
import { attribute } from '../../../../server/src/terraform/syntax/hcl';
import { memoryHost } from '../../../helpers/terraform';

const VARIABLES = `
variable "admins" {
  type    = list(string)
  default = ["arn:aws:iam::111122223333:role/default-admin"]
}
variable "readers" {
  type    = list(string)
  default = []
}
variable "account" { type = string }
variable "names" { type = list(string) }
variable "settings" { type = map(string) }
variable "anything" {}
variable "env" { default = "dev" }
`;

/** Evaluates `x = EXPR` written in main.tf of a module made of `files` (paths under /ws/m). */
function evaluate(expr: string, files: Record<string, string>): { value: string; values: ModuleValues } {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) all[`/ws/m/${k}`] = v;
  const text = `${all['/ws/m/main.tf'] ?? ''}\nlocals {\n  x = ${expr}\n}\n`;
  all['/ws/m/main.tf'] = text;
  const host = new FileReads(memoryHost(all), 1 << 20);
  const file = moduleFile('/ws/m/main.tf', text);
  const values = new ModuleValues(new ModuleScope(file, host), host);
  const locals = file.blocks.filter((b) => b.type === 'locals').pop();
  const a = attribute(locals!.body, 'x')!;
  return { value: fingerprint(values.evaluator.evaluate(a.value)), values };
}

describe('terraform module values', () => {
  before(() => initTerraform());

  it('converts a value to the variable\'s type: an optional attribute left out or null is its default, else null', () => {
    const typed = `
variable "statements" {
  type = list(object({
    sid        = optional(string)
    effect     = optional(string, "Allow")
    principals = optional(list(object({ type = string, identifiers = list(string) })))
    tags       = optional(map(object({ owner = optional(string) })), {})
  }))
}
variable "by_name" {
  type = map(object({ enabled = optional(bool, true) }))
}
variable "loose" { type = any }
`;
    const files = {
      'variables.tf': typed,
      'terraform.tfvars': [
        'statements = [{ sid = "A", principals = [{ type = "AWS", identifiers = ["x"] }] }, { effect = null, tags = { t = {} } }]',
        'by_name = { a = {}, b = { enabled = false } }',
        'loose = { a = 1 }',
      ].join('\n'),
    };
    const cases: [string, string][] = [
      ['var.statements[0].effect', '"Allow"'],
      ['var.statements[0].tags', '{}'],
      ['var.statements[0].principals[0].identifiers', '["x"]'],
      ['var.statements[1].sid', 'null'],
      ['var.statements[1].effect', '"Allow"'],
      ['var.statements[1].principals', 'null'],
      ['var.statements[1].tags.t.owner', 'null'],
      ['var.by_name.a.enabled', 'true'],
      ['var.by_name.b.enabled', 'false'],
      ['can(var.loose.b)', 'false'],
    ];
    for (const [expr, want] of cases) assert.equal(evaluate(expr, files).value, want, expr);
  });

  it('reads variables from terraform.tfvars, then *.auto.tfvars(.json) in name order, the later winning', () => {
    const files = {
      'variables.tf': VARIABLES,
      'terraform.tfvars': 'admins = ["arn:aws:iam::111122223333:role/tfvars-admin"]\nenv = "prod"\n',
      'terraform.tfvars.json': '{ "env": "stage", "settings": { "team": "orders" } }',
      'b.auto.tfvars': 'env = "b"\n',
      'a.auto.tfvars.json': '{ "env": "a" }',
      'other.tfvars': 'env = "ignored: only named with -var-file"\n',
    };
    assert.equal(evaluate('var.admins', files).value, '["arn:aws:iam::111122223333:role/tfvars-admin"]');
    assert.equal(evaluate('var.env', files).value, '"b"');
    assert.equal(evaluate('var.settings.team', files).value, '"orders"');
  });

  it('falls back to the default in a root module, else to an unknown of the declared type', () => {
    const files = { 'variables.tf': VARIABLES, 'providers.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\n' };
    assert.equal(evaluate('var.admins', files).value, '["arn:aws:iam::111122223333:role/default-admin"]');
    assert.equal(evaluate('var.readers', files).value, '[]');
    assert.equal(evaluate('var.account', files).value, '(unknown string var.account)');
    assert.equal(evaluate('var.names', files).value, '(unknown list var.names of (unknown string an element of var.names))');
    assert.equal(evaluate('var.settings', files).value, '(unknown map var.settings)');
    assert.equal(evaluate('var.anything', files).value, '(unknown any var.anything)');
    assert.equal(evaluate('var.undeclared', files).value, '(unknown any var.undeclared)');
  });

  it('in a module others call, keeps variables with a default unknown: a caller may set them', () => {
    const files = { 'variables.tf': VARIABLES };
    assert.equal(evaluate('var.admins', files).value, '(unknown list var.admins of (unknown string an element of var.admins))');
    assert.equal(evaluate('var.env', files).value, '(unknown any var.env)');
    const backend = { ...files, 'versions.tf': 'terraform {\n  backend "s3" {}\n}\n' };
    assert.equal(evaluate('var.env', backend).value, '"dev"');
  });

  it('takes a folder where terraform init ran (.terraform) for a root module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-root-'));
    mkdirSync(join(dir, '.terraform'));
    writeFileSync(join(dir, 'variables.tf'), VARIABLES);
    const text = 'locals {\n  x = var.env\n}\n';
    writeFileSync(join(dir, 'main.tf'), text);
    const host = new FileReads(nodeHost(dir), 1 << 20);
    const file = moduleFile(join(dir, 'main.tf'), text);
    const values = new ModuleValues(new ModuleScope(file, host), host);
    const x = attribute(file.blocks[0].body, 'x')!;
    assert.equal(fingerprint(values.evaluator.evaluate(x.value)), '"dev"');
  });

  it('keeps the kind through expressions over unknown variables', () => {
    const files = { 'variables.tf': VARIABLES, 'providers.tf': 'provider "aws" {}\n' };
    assert.equal(
      evaluate('[for n in var.names : format("arn:aws:iam::%s:role/%s", var.account, n)]', files).value,
      '(unknown list [for n in var.names : format("arn:aws:iam::%s:role/%s", var.account, n)] of (unknown string "arn:aws:iam::<var.account>:role/<an element of var.names>"))',
    );
    assert.equal(evaluate('concat(var.admins, var.names)', files).value, '["arn:aws:iam::111122223333:role/default-admin", ...(unknown string an element of var.names)]');
  });

  it('reads locals of the other files of the module, and roles by their name and path', () => {
    const files = {
      'variables.tf': VARIABLES,
      'locals.tf': 'locals {\n  prefix = "${var.env}-"\n  admin = aws_iam_role.admin.arn\n}\nprovider "aws" {}\n',
      'iam.tf': 'resource "aws_iam_role" "admin" {\n  name = "${local.prefix}admin"\n  path = "/keys/"\n}\n',
    };
    assert.equal(evaluate('local.admin', files).value, '(unknown string "arn:<the partition>:iam::<this account>:role/keys/dev-admin")');
  });

  it('reports a cycle of locals once, and leaves its locals unknown', () => {
    const files = { 'locals.tf': 'locals {\n  a = "${local.b}-x"\n  b = local.c\n  c = local.a\n}\n' };
    const { value, values } = evaluate('[local.a, local.b, local.a]', files);
    assert.match(value, /local\.a \(a cycle\)/);
    assert.equal(values.problems.length, 1);
    assert.match(values.problems[0].message, /local\.a refers to itself \(local\.a -> local\.b -> local\.c -> local\.a\)/);
    assert.equal(values.problems[0].path, '/ws/m/locals.tf');
  });

  it('evaluates a long chain of locals without running out of stack', () => {
    const chain = Array.from({ length: 500 }, (_, i) => `  l${i} = local.l${i + 1}`).join('\n');
    const { value } = evaluate('local.l0', { 'locals.tf': `locals {\n${chain}\n  l500 = "end"\n}\n` });
    assert.match(value, /unknown any local\.l\d+ \(nested too deeply\)|"end"/);
  });
});
