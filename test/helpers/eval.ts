import { Evaluator } from '../../server/src/terraform/eval/evaluator';
import { moduleEvaluator } from '../../server/src/terraform/eval/references';
import { fingerprint, str, unknown, type Value } from '../../server/src/terraform/eval/value';
import { parseHcl } from '../../server/src/terraform/syntax/parser';
import { attribute } from '../../server/src/terraform/syntax/hcl';

/**
 * Variables the evaluator tables read: known ones written in HCL; `var.unknown_*` are unknown, of the type
 * their name says; `local.role_arn` and the resources below are what a module would define.
 */
const VARS = `
account = "111122223333"
name = "orders"
enabled = true
roles = ["app", "ops"]
tags = { env = "prod", team = "orders" }
admins = ["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:user/ops"]
people = [{ name = "ann", arn = "arn:aws:iam::111122223333:user/ann" }, { name = "bob", arn = "arn:aws:iam::111122223333:user/bob" }]
json = "{\\"b\\": [1, 2], \\"a\\": {\\"x\\": null}}"
`;

const MODULE = `
locals {
  role_arn = "arn:aws:iam::\${var.account}:role/\${var.name}"
}
resource "aws_iam_role" "app" {
  name = "app-role"
}
resource "aws_kms_key" "this" {}
`;

let values: Map<string, Value> | undefined;

function variables(): Map<string, Value> {
  if (values) return values;
  const parsed = parseHcl(VARS);
  const ev = new Evaluator({ root: () => undefined });
  values = new Map();
  for (const c of parsed.tree.rootNode.namedChildren[0]?.namedChildren ?? []) {
    const name = c.namedChild(0)?.text;
    const a = name ? attribute(parsed.tree.rootNode.namedChildren[0], name) : undefined;
    if (a) values.set(a.name, ev.evaluate(a.value));
  }
  parsed.tree.delete();
  return values;
}

/** Evaluates one HCL expression in the test module and writes its value with `fingerprint`. */
export function evalText(expr: string): string {
  const mod = parseHcl(MODULE);
  const parsed = parseHcl(`x = ${expr}\n`);
  try {
    const vars = variables();
    const ev = moduleEvaluator({
      variable: (name) => (name.startsWith('unknown_') ? unknown(name.includes('list') ? 'list' : name.includes('flag') ? 'bool' : 'string', `var.${name}`) : vars.get(name)),
      local: (name, ev) => {
        const a = mod.tree.rootNode.namedChildren[0]?.namedChildren.find((b) => b.type === 'block' && b.namedChildren[0]?.text === 'locals');
        const body = a?.namedChildren.find((c) => c.type === 'body');
        const attr = attribute(body, name);
        return attr ? ev.evaluate(attr.value) : undefined;
      },
      resource: (type, name) => (mod.tree.rootNode.text.includes(`resource "${type}" "${name}"`) ? (attr) => (type === 'aws_iam_role' && attr === 'name' ? str('app-role') : undefined) : undefined),
    }, (c) => new Evaluator(c));
    const body = parsed.tree.rootNode.namedChildren[0];
    const a = attribute(body, 'x');
    if (!a) return 'no expression';
    return fingerprint(ev.evaluate(a.value));
  } finally {
    parsed.tree.delete();
    mod.tree.delete();
  }
}
