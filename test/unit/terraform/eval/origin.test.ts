// Values that stay unknown are labelled by what they are and where their value comes from, in the matrix
// rows and in hovers: `var.users (AWS principals, from the module call at main.tf:7)`. A hover on a variable
// of a module others call lists what each call of the workspace passes.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { describeCondition, evaluate } from '../../../../server/src/access';
import { analyze } from '../../../../server/src/analyze';
import { createKeyscope } from '../../../../server/src/service';
import { DEFAULT_SETTINGS } from '../../../../server/src/settings';
import { initTerraform } from '../../../../server/src/terraform';
import { memoryHost } from '../../../helpers/terraform';

const MODULE = `variable "admins" {
  description = "Who administers the key"
  type        = list(string)
}
variable "users" {
  type    = list(string)
  default = []
}
variable "auditor" {
  type = string
}
locals {
  readers = var.users
}
resource "aws_ssm_parameter" "ops" {
  name = "ops-role"
}
resource "aws_kms_key" "this" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = var.admins }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = var.users }, Action = ["kms:Decrypt"], Resource = "*" },
      { Sid = "Read", Effect = "Allow", Principal = { AWS = local.readers }, Action = ["kms:DescribeKey"], Resource = "*" },
      { Sid = "Audit", Effect = "Allow", Principal = { AWS = var.auditor }, Action = ["kms:DescribeKey"], Resource = "*" },
      { Sid = "Ops", Effect = "Allow", Principal = { AWS = aws_ssm_parameter.ops.value }, Action = ["kms:DescribeKey"], Resource = "*" },
    ]
  })
}
`;

const ROOT = `provider "aws" {}
variable "readers" {
  type = list(string)
}
module "key" {
  source  = "../modules/key"
  admins  = ["arn:aws:iam::111122223333:role/admin"]
  users   = var.readers
  auditor = "arn:aws:iam::111122223333:role/auditor"
}
`;

const OTHER = `module "second" {
  source = "../../modules/key"
  admins = ["arn:aws:iam::111122223333:role/second-admin"]
}
`;

const files: Record<string, string> = {
  '/ws/modules/key/main.tf': MODULE,
  '/ws/live/main.tf': ROOT,
  '/ws/envs/stage/main.tf': OTHER,
};

function rows(path: string): string[][] {
  const a = analyze({ path, text: files[path], host: memoryHost(files) });
  return a.sources.map((s) => evaluate(s, { settings: DEFAULT_SETTINGS }).rows.map((r) => r.label));
}

describe('terraform: unknown values labelled by kind and origin', () => {
  before(() => initTerraform());

  it('a module read on its own: each variable is set by each call of the module', () => {
    assert.deepEqual(rows('/ws/modules/key/main.tf'), [
      [
        'var.admins (AWS principals, set by each call of this module)',
        'var.users (AWS principals, set by each call of this module)',
        'local.readers (AWS principals, from local.readers at main.tf:13)',
        'var.auditor (AWS principal, set by each call of this module)',
        'aws_ssm_parameter.ops.value (AWS principal, known after apply)',
      ],
    ]);
  });

  it('through a call that passes an unknown value: the row names the call and its line', () => {
    const [labels] = rows('/ws/live/main.tf');
    assert.ok(labels.includes('role/admin (111122223333)'), labels.join('\n'));
    assert.ok(labels.includes('var.users (AWS principals, from the module call at main.tf:8)'), labels.join('\n'));
    assert.ok(labels.includes('role/auditor (111122223333)'), labels.join('\n'));
  });

  it('an expression reading several things names where each comes from', () => {
    const labelsOf = (principal: string) => {
      const text = MODULE.replace('Principal = { AWS = var.users }', `Principal = { AWS = ${principal} }`);
      const a = analyze({ path: '/ws/modules/key/main.tf', text, host: memoryHost({ ...files, '/ws/modules/key/main.tf': text }) });
      return evaluate(a.sources[0], { settings: DEFAULT_SETTINGS }).rows.map((r) => r.label);
    };
    // The elements a for expression makes of two lists: each list's origin.
    const each = labelsOf('[for r in concat(var.admins, local.readers) : r]');
    assert.ok(each.includes('[for r in concat(var.admins, local.readers) : r] (AWS principals, var.admins set by each call of this module; from local.readers at main.tf:13)'), each.join('\n'));
    // A function not evaluated, over a variable and a local: both origins, each once.
    const union = labelsOf('setunion(var.admins, local.readers, var.admins)');
    assert.ok(union.includes('setunion(var.admins, local.readers, var.admins) (AWS principal, var.admins set by each call of this module; from local.readers at main.tf:13)'), union.join('\n'));
    // concat of the lists themselves is read part by part: each part's row has its own origin.
    const parts = labelsOf('concat(var.admins, local.readers)');
    assert.ok(parts.includes('var.admins (AWS principals, set by each call of this module)') && parts.includes('local.readers (AWS principals, from local.readers at main.tf:13)'), parts.join('\n'));
  });

  it('a condition value written as an expression is labelled like a principal', () => {
    const text = MODULE.replace('Principal = { AWS = var.users }, Action = ["kms:Decrypt"], Resource = "*"', 'Principal = { AWS = "*" }, Action = ["kms:Decrypt"], Resource = "*", Condition = { StringEquals = { "aws:PrincipalAccount" = local.readers, "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }');
    const a = analyze({ path: '/ws/modules/key/main.tf', text, host: memoryHost({ ...files, '/ws/modules/key/main.tf': text }) });
    const anyone = evaluate(a.sources[0], { settings: DEFAULT_SETTINGS }).rows.find((r) => r.id === '*')!;
    const open = anyone.actions['kms:Decrypt'].conditions;
    assert.deepEqual(open.map((c) => [c.key, c.values, c.labels]), [
      ['aws:PrincipalAccount', ['${local.readers}'], ['local.readers (values, from local.readers at main.tf:13)']],
      ['kms:ViaService', ['s3.eu-west-1.amazonaws.com'], undefined],
    ]);
    assert.equal(describeCondition(open[0]), 'Allow if StringEquals aws:PrincipalAccount local.readers (values, from local.readers at main.tf:13) (statement "Use")');
    // Compared (keyscope diff) by what is written, not by the label's lines.
    assert.equal(describeCondition(open[0], false), 'Allow if StringEquals aws:PrincipalAccount ${local.readers} (statement "Use")');
  });

  it('a value in a root module that nothing sets says so', () => {
    const root = { '/ws/main.tf': 'provider "aws" {}\nvariable "admins" {\n  type = list(string)\n}\n' + MODULE.slice(MODULE.indexOf('resource "aws_kms_key"')).replace(/var\.(users|auditor)|local\.readers|aws_ssm_parameter\.ops\.value/g, 'var.admins') };
    const a = analyze({ path: '/ws/main.tf', text: root['/ws/main.tf'], host: memoryHost(root) });
    assert.deepEqual(a.sources.map((s) => evaluate(s, { settings: DEFAULT_SETTINGS }).rows.map((r) => r.label)), [['var.admins (AWS principals, no value in this workspace)']]);
  });

  it('a hover on a variable of a module lists what each call in the workspace passes', () => {
    const keyscope = createKeyscope({ host: memoryHost(files, '/ws', true) });
    const path = '/ws/modules/key/main.tf';
    const a = keyscope.analyze({ path, text: MODULE });
    const md = keyscope.hover(a, MODULE.indexOf('var.users }') + 5)?.markdown ?? '';
    assert.match(md, /each module call sets it/);
    assert.match(md, /`module\.second` at envs\/stage\/main\.tf:1: not set \(the default\)/);
    assert.match(md, /`module\.key` at live\/main\.tf:5: unknown list \(var\.readers\)/);
    const admins = keyscope.hover(a, MODULE.indexOf('var.admins }') + 5)?.markdown ?? '';
    assert.match(admins, /`module\.key` at live\/main\.tf:5: `\["arn:aws:iam::111122223333:role\/admin"\]`/);
    assert.match(admins, /`module\.second` at envs\/stage\/main\.tf:1: `\["arn:aws:iam::111122223333:role\/second-admin"\]`/);
  });
});
