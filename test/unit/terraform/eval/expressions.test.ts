// The expression evaluator, construct by construct: each row is HCL text, parsed for real, and the value it
// evaluates to (as `fingerprint` writes it) or the unknown it stays.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initTerraform } from '../../../../server/src/terraform';
import { evalText } from '../../../helpers/eval';

/** [expression, expected fingerprint] */
type Row = [string, string];

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    for (const [expr, expected] of rows) it(`${expr} -> ${expected}`, () => assert.equal(evalText(expr), expected));
  });
}

describe('terraform evaluator: constructs', () => {
  before(() => initTerraform());

  table('literals', [
    ['"a"', '"a"'],
    ['"a\\nb\\u0041"', '"a\\nbA"'],
    ['12', '12'],
    ['1.5', '1.5'],
    ['true', 'true'],
    ['null', 'null'],
    ['[1, "a", [true]]', '[1, "a", [true]]'],
    ['{ b = 1, a = "x", "c d" = null }', '{"a": "x", "b": 1, "c d": null}'],
    ['{ (var.name) = 1 }', '{"orders": 1}'],
  ]);

  table('templates', [
    ['"arn:aws:iam::${var.account}:root"', '"arn:aws:iam::111122223333:root"'],
    ['"${var.admins}"', '["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:user/ops"]'],
    ['"n=${1 + 2}"', '"n=3"'],
    ['"role/${var.unknown_name}"', '(unknown string "role/<var.unknown_name>")'],
    ['"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"', '(unknown string "arn:aws:iam::<this account>:root")'],
    ['"%{ if var.enabled }on%{ else }off%{ endif }"', '"on"'],
    ['"%{ if var.unknown_flag }on%{ endif }!"', '(unknown string "<%{ if var.unknown_flag }on%{ endif }>!")'],
    ['"%{ for r in var.roles }${r},%{ endfor }"', '"app,ops,"'],
    ['"%{ for i, r in var.roles ~} ${i}=${r} %{~ endfor }"', '"0=app1=ops"'],
    ['"$${literal} %%{x}"', '"${literal} %{x}"'],
  ]);

  table('references', [
    ['var.account', '"111122223333"'],
    ['var.unknown_list', '(unknown list var.unknown_list)'],
    ['local.role_arn', '"arn:aws:iam::111122223333:role/orders"'],
    ['path.module', '"."'],
    ['data.aws_caller_identity.current.account_id', '(unknown string this account)'],
    ['data.aws_partition.current.partition', '(unknown string the partition)'],
    ['data.aws_region.current.name', '(unknown string the region)'],
    ['aws_iam_role.app.arn', '(unknown string "arn:<the partition>:iam::<this account>:role/app-role")'],
    ['aws_kms_key.this.arn', "(unknown string the key's own ARN)"],
    ['var.missing', '(unknown any var.missing)'],
  ]);

  table('operators and conditionals', [
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * 3', '9'],
    ['10 % 4 - -1', '3'],
    ['"5" + 1', '6'],
    ['var.account == "111122223333"', 'true'],
    ['var.unknown_name == "x"', '(unknown bool var.unknown_name == "x")'],
    ['!var.enabled || var.unknown_flag', '(unknown bool !var.enabled || var.unknown_flag)'],
    ['var.enabled || var.unknown_flag', 'true'],
    ['false && var.unknown_flag', 'false'],
    ['3 >= 2 && 1 < 2', 'true'],
    ['var.enabled ? "a" : "b"', '"a"'],
    ['var.unknown_flag ? "a" : "a"', '"a"'],
    ['var.unknown_flag ? "a" : "b"', '(unknown string var.unknown_flag ? "a" : "b")'],
    ['1 / 0', '(unknown any 1 / 0 (invalid: division by zero))'],
  ]);

  table('for expressions', [
    ['[for r in var.roles : upper(r)]', '["APP", "OPS"]'],
    ['[for i, r in var.roles : "${i}:${r}"]', '["0:app", "1:ops"]'],
    ['[for r in var.roles : r if r != "ops"]', '["app"]'],
    ['{for k, v in var.tags : v => k}', '{"orders": "team", "prod": "env"}'],
    ['{for r in ["a", "b", "a"] : r => r...}', '{"a": ["a", "a"], "b": ["b"]}'],
    ['[for r in var.unknown_list : "arn:aws:iam::${var.account}:role/${r}"]', '(unknown list [for r in var.unknown_list : "arn:aws:iam::${var.account}:role/${r}"] of (unknown string "arn:aws:iam::111122223333:role/<var.unknown_list[*]>"))'],
    ['[for r in var.roles : r if var.unknown_flag]', '[...(unknown string "app")]'],
    ['{for r in ["a", "a"] : r => 1}', '(unknown any {for r in ["a", "a"] : r => 1} (invalid: duplicate key "a" in a for expression (add ... to group)))'],
  ]);

  table('splats, indexes and attributes', [
    ['var.people[*].arn', '["arn:aws:iam::111122223333:user/ann", "arn:aws:iam::111122223333:user/bob"]'],
    ['var.people.*.name', '["ann", "bob"]'],
    ['var.people[1].name', '"bob"'],
    ['var.tags["env"]', '"prod"'],
    ['var.tags.team', '"orders"'],
    ['var.roles.0', '"app"'],
    ['var.roles[5]', '(unknown any var.roles[5] (invalid: index 5 out of range for a list of 2))'],
    ['var.unknown_list[0]', '(unknown any var.unknown_list[0])'],
    ['var.unknown_list[*].arn', '(unknown list var.unknown_list[*].arn of (unknown any var.unknown_list[*].arn))'],
    ['null[*]', '[]'],
    ['"x"[*]', '["x"]'],
  ]);
});

describe('terraform evaluator: bounds', () => {
  before(() => initTerraform());

  it('stops at a nesting depth and says so', () => {
    const deep = '('.repeat(200) + '1' + ')'.repeat(200);
    assert.match(evalText(deep), /^\(unknown any .*invalid: expression nested too deeply\)\)?$/s);
  });

  it('stops at a list size', () => {
    const hundred = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
    assert.match(evalText(`setproduct(${hundred}, ${hundred}, ${hundred})`), /invalid: setproduct: too many combinations/);
  });

  it('stops at a string size', () => {
    assert.match(evalText('format("%200000s", "a")'), /invalid: format: width too large/);
    const words = `[${Array.from({ length: 2000 }, () => '"' + 'x'.repeat(60) + '"').join(', ')}]`;
    assert.match(evalText(`join("", ${words})`), /invalid: a string longer than 100000 characters/);
  });
});

describe('terraform evaluator: template text', () => {
  before(() => initTerraform());
  const rows: Row[] = [
    ['"Users ${var.name} b"', '"Users orders b"'],
    ['"${var.name} ${var.account}"', '"orders 111122223333"'],
    ['"%{ if var.enabled } %{ endif }|"', '" |"'],
    ['"a %{~ if var.enabled ~} b %{~ endif ~} c"', '"abc"'],
    ['<<EOT\n  hello ${var.name}\nEOT', '"  hello orders\\n"'],
    ['<<-EOT\n    hello ${var.name}\n      more\n    EOT', '"hello orders\\n  more\\n"'],
  ];
  for (const [expr, expected] of rows) it(`${JSON.stringify(expr)} -> ${expected}`, () => assert.equal(evalText(expr), expected));
});
