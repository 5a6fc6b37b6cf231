// The functions policy code uses, one table each: known arguments give Terraform's result, unknown ones an
// unknown of the result's kind (keeping what is known of it), and functions outside the list stay unknown.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initTerraform } from '../../../../server/src/terraform';
import { FUNCTIONS } from '../../../../server/src/terraform/eval/funcs';
import { evalText } from '../../../helpers/eval';

type Row = [string, string];

const TABLES: Record<string, Row[]> = {
  format: [
    ['format("arn:%s:iam::%s:root", "aws", var.account)', '"arn:aws:iam::111122223333:root"'],
    ['format("arn:%s:iam::%s:root", data.aws_partition.current.partition, data.aws_caller_identity.current.account_id)', '(unknown string "arn:<the partition>:iam::<this account>:root")'],
    ['format("%d%%, %5.2f|%-4s|%04d|%x|%t", 42, 3.14159, "ab", 7, 255, true)', '"42%,  3.14|ab  |0007|ff|true"'],
    ['format("%q %v %#v", "a", 1, {a = [1]})', '"\\"a\\" 1 {\\"a\\":[1]}"'],
    ['format("%[2]s-%[1]s", "a", "b")', '"b-a"'],
    ['format("%s %s", "a")', '(unknown any format("%s %s", "a") (invalid: format: not enough arguments for the specification))'],
    ['format(var.unknown_name, "a")', '(unknown string format(var.unknown_name, "a"))'],
  ],
  formatlist: [
    ['formatlist("arn:aws:iam::%s:role/%s", var.account, var.roles)', '["arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:role/ops"]'],
    ['formatlist("%s-%s", ["a", "b"], ["c"])', '(unknown any formatlist("%s-%s", ["a", "b"], ["c"]) (invalid: formatlist: the lists have different lengths))'],
    ['formatlist("role/%s", var.unknown_list)', '(unknown list formatlist("role/%s", var.unknown_list) of (unknown string formatlist("role/%s", var.unknown_list)))'],
  ],
  concat: [
    ['concat(["a"], ["b", "c"], [])', '["a", "b", "c"]'],
    ['concat(var.admins, var.unknown_list)', '["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:user/ops", ...(unknown any an element of var.unknown_list)]'],
    ['concat("a")', '(unknown any concat("a") (invalid: concat: a list is required, not a string))'],
  ],
  flatten: [
    ['flatten([["a", ["b"]], [], "c"])', '["a", "b", "c"]'],
    ['flatten([var.roles, var.unknown_list])', '["app", "ops", ...(unknown any an element of var.unknown_list)]'],
  ],
  distinct: [['distinct(["a", "b", "a", 1, "1"])', '["a", "b", 1, "1"]']],
  compact: [['compact(["a", "", null, "b"])', '["a", "b"]']],
  merge: [
    ['merge({a = 1, b = 2}, null, {b = 3})', '{"a": 1, "b": 3}'],
    ['merge(var.tags, var.unknown_map)', '(unknown map merge(var.tags, var.unknown_map))'],
  ],
  lookup: [
    ['lookup(var.tags, "env", "dev")', '"prod"'],
    ['lookup(var.tags, "owner", "nobody")', '"nobody"'],
    ['lookup(var.tags, "owner")', '(unknown any lookup(var.tags, "owner") (invalid: lookup: no key "owner" and no default))'],
  ],
  element: [
    ['element(var.roles, 3)', '"ops"'],
    ['element(var.roles, -1)', '"ops"'],
    ['element([], 0)', '(unknown any element([], 0) (invalid: element: the list is empty))'],
  ],
  join: [
    ['join(",", var.roles, ["x"])', '"app,ops,x"'],
    ['join(",", concat(var.roles, var.unknown_list))', '(unknown string "app,ops<join(\\",\\", concat(var.roles, var.unknown_list))>")'],
  ],
  split: [
    ['split(",", "a,b,,c")', '["a", "b", "", "c"]'],
    ['split(",", var.unknown_name)', '(unknown list split(",", var.unknown_name) of (unknown string an element of split(",", var.unknown_name)))'],
  ],
  replace: [
    ['replace("a-b-c", "-", "/")', '"a/b/c"'],
    ['replace("a1b", "/[0-9]/", "x")', '(unknown string replace("a1b", "/[0-9]/", "x"))'],
  ],
  lower: [['lower("ARN:${var.unknown_name}")', '(unknown string "arn:<var.unknown_name>")']],
  upper: [['upper("ab")', '"AB"']],
  trimspace: [['trimspace("  a b \\n")', '"a b"']],
  coalesce: [
    ['coalesce(null, "", "x", "y")', '"x"'],
    ['coalesce(null, var.unknown_name, "x")', '(unknown string coalesce(null, var.unknown_name, "x"))'],
  ],
  coalescelist: [['coalescelist([], ["a"], ["b"])', '["a"]']],
  try: [
    ['try(var.tags.owner, var.tags.team)', '"orders"'],
    ['try(var.unknown_name, "x")', '(unknown string var.unknown_name)'],
    ['try(var.roles[9], [][0])', '(unknown any try(var.roles[9], [][0]) (invalid: no argument of try could be evaluated: index 0 out of range for a list of 0))'],
  ],
  can: [
    ['can(var.tags.owner)', 'false'],
    ['can(var.tags.env)', 'true'],
    ['can(var.unknown_name)', '(unknown bool can(var.unknown_name))'],
  ],
  tolist: [['tolist(toset(["b", "a"]))', '["a", "b"]']],
  toset: [['toset(["b", "a", "b"])', 'set["a", "b"]']],
  tomap: [['tomap({a = "1"})', '{"a": "1"}']],
  keys: [['keys(var.tags)', '["env", "team"]']],
  values: [['values(var.tags)', '["prod", "orders"]']],
  length: [
    ['length("héllo")', '5'],
    ['length(var.roles)', '2'],
    ['length(concat(var.roles, var.unknown_list))', '(unknown number length(concat(var.roles, var.unknown_list)))'],
  ],
  contains: [
    ['contains(var.roles, "ops")', 'true'],
    ['contains(var.roles, "x")', 'false'],
    ['contains(concat(var.roles, var.unknown_list), "x")', '(unknown bool contains(concat(var.roles, var.unknown_list), "x"))'],
  ],
  zipmap: [['zipmap(["a", "b"], [1, 2])', '{"a": 1, "b": 2}']],
  setproduct: [['setproduct(["a", "b"], [1])', '[["a", 1], ["b", 1]]']],
  jsonencode: [
    ['jsonencode({b = [1, true], a = null})', '"{\\"a\\":null,\\"b\\":[1,true]}"'],
    ['jsonencode({a = var.unknown_name})', '(unknown string jsonencode({a = var.unknown_name}))'],
  ],
  jsondecode: [
    ['jsondecode(var.json)', '{"a": {"x": null}, "b": [1, 2]}'],
    ['jsondecode("{")', '(unknown any jsondecode("{") (invalid: jsondecode: not valid JSON))'],
  ],
};

describe('terraform evaluator: functions', () => {
  before(() => initTerraform());
  for (const [name, rows] of Object.entries(TABLES)) {
    describe(name, () => {
      for (const [expr, expected] of rows) it(`${expr} -> ${expected}`, () => assert.equal(evalText(expr), expected));
    });
  }

  it('has a table for every function it evaluates', () => {
    const missing = [...FUNCTIONS.keys()].filter((f) => !TABLES[f]);
    assert.deepEqual(missing, []);
  });

  it('evaluates a function outside its list to an unknown, never a guess', () => {
    assert.equal(evalText('cidrsubnet("10.0.0.0/16", 8, 1)'), '(unknown any cidrsubnet("10.0.0.0/16", 8, 1))');
    assert.equal(evalText('timestamp()'), '(unknown any timestamp())');
  });
});
