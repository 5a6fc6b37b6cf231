// `dynamic` blocks of aws_iam_policy_document, table by table: a known for_each expands into real
// statements, principals and conditions (`x.key` / `x.value`, or the iterator's name); an unknown one stays
// one statement standing for any number (the policy is partial); unknown stays unknown.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import type { PNode } from '../../../server/src/policy/model';
import { memoryHost } from '../../helpers/terraform';

function doc(body: string, vars = ''): string {
  return `provider "aws" {}
${vars}
resource "aws_kms_key" "k" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.d.json
}
data "aws_iam_policy_document" "d" {
${body}
}
`;
}

function run(text: string) {
  const files = { '/ws/main.tf': text };
  const a = analyze({ path: '/ws/main.tf', text, host: memoryHost(files) });
  const s = a.sources[0];
  const statements = (known(s.policy.root) as { Statement: Record<string, unknown>[] }).Statement;
  return { statements, partial: !!s.partial, findings: a.findings.map((f) => f.ruleId) };
}

/** The policy as JSON, each value as it is known (a template or expression by what it resolves to). */
function known(n: PNode | null): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.props.map((p) => [p.key, known(p.value)]));
    case 'array':
      return n.items.map(known);
    case 'symbolic':
      return n.resolved ?? `\${${n.expr}}`;
    case 'string':
      return n.resolved ?? n.value;
    case 'null':
      return null;
    default:
      return n.value;
  }
}

/** A statement in brief: its Sid, actions, principals and condition. */
function brief(st: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify({ sid: st.Sid, actions: st.Action, principals: st.Principal, condition: st.Condition }));
}

describe('terraform: dynamic blocks', () => {
  before(() => initTerraform());

  const cases: { name: string; vars?: string; body: string; expect: unknown[]; partial?: boolean }[] = [
    {
      name: 'a map expands into one statement per entry, statement.key and statement.value bound',
      vars: `variable "grants" {
  default = { Ops = ["arn:aws:iam::111122223333:role/ops"], Read = ["arn:aws:iam::111122223333:role/read"] }
}`,
      body: `  dynamic "statement" {
    for_each = var.grants
    content {
      sid     = statement.key
      actions = ["kms:Decrypt"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }`,
      expect: [
        { sid: 'Ops', actions: ['kms:Decrypt'], principals: { AWS: ['arn:aws:iam::111122223333:role/ops'] } },
        { sid: 'Read', actions: ['kms:Decrypt'], principals: { AWS: ['arn:aws:iam::111122223333:role/read'] } },
      ],
    },
    {
      name: 'a list expands with the index as key; the iterator argument renames the element',
      body: `  dynamic "statement" {
    for_each = ["kms:Encrypt", "kms:Decrypt"]
    iterator = action
    content {
      sid     = "A\${action.key}"
      actions = [action.value]
      principals {
        type        = "AWS"
        identifiers = ["arn:aws:iam::111122223333:role/app"]
      }
    }
  }`,
      expect: [
        { sid: 'A0', actions: ['kms:Encrypt'], principals: { AWS: ['arn:aws:iam::111122223333:role/app'] } },
        { sid: 'A1', actions: ['kms:Decrypt'], principals: { AWS: ['arn:aws:iam::111122223333:role/app'] } },
      ],
    },
    {
      name: 'dynamic principals and conditions inside a statement expand too, their type and test evaluated',
      body: `  statement {
    sid     = "Services"
    actions = ["kms:Decrypt"]
    dynamic "principals" {
      for_each = { Service = ["logs.amazonaws.com"], AWS = ["arn:aws:iam::111122223333:role/app"] }
      content {
        type        = principals.key
        identifiers = principals.value
      }
    }
    dynamic "condition" {
      for_each = [{ test = "StringEquals", variable = "aws:SourceAccount", values = ["111122223333"] }]
      content {
        test     = condition.value.test
        variable = condition.value.variable
        values   = condition.value.values
      }
    }
  }`,
      expect: [
        {
          sid: 'Services',
          actions: ['kms:Decrypt'],
          principals: { AWS: ['arn:aws:iam::111122223333:role/app'], Service: ['logs.amazonaws.com'] },
          condition: { StringEquals: { 'aws:SourceAccount': ['111122223333'] } },
        },
      ],
    },
    {
      name: 'a known empty collection gives no statement',
      vars: `variable "none" {
  default = {}
}`,
      body: `  statement {
    sid     = "Root"
    actions = ["kms:*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  dynamic "statement" {
    for_each = var.none
    content {
      actions = ["kms:*"]
      principals {
        type        = "AWS"
        identifiers = ["*"]
      }
    }
  }`,
      expect: [{ sid: 'Root', actions: ['kms:*'], principals: { AWS: ['arn:aws:iam::111122223333:root'] } }],
    },
    {
      name: 'an unknown collection: one statement for any number of them, the policy partial',
      vars: `variable "grants" {
  type = list(object({ type = string, ids = list(string) }))
}`,
      body: `  dynamic "statement" {
    for_each = var.grants
    content {
      actions = ["kms:Decrypt"]
      principals {
        type        = statement.value.type
        identifiers = statement.value.ids
      }
    }
  }`,
      expect: [{ sid: undefined, actions: ['kms:Decrypt'], principals: { 'statement.value.type': '${statement.value.ids}' } }],
      partial: true,
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = run(doc(c.body, c.vars));
      assert.deepEqual(r.statements.map(brief), c.expect.map((e) => JSON.parse(JSON.stringify(e))));
      assert.equal(r.partial, !!c.partial);
    });
  }

  it('kms:* from an expanded statement is judged like a written one; an unknown collection raises nothing', () => {
    const known = run(doc(`  dynamic "statement" {
    for_each = { Ops = "arn:aws:iam::111122223333:role/ops" }
    content {
      actions = ["kms:*"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }`));
    assert.ok(known.findings.includes('kms-star'), known.findings.join());
    const unknown = run(doc(`  dynamic "statement" {
    for_each = var.whatever
    content {
      actions = ["kms:*"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }`, 'variable "whatever" {}'));
    assert.ok(!unknown.findings.includes('kms-star') && !unknown.findings.includes('public-principal'), unknown.findings.join());
  });
});
