import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/policy/json-writer';
import type { EditOp, PArray, PObject, Policy } from '../../../server/src/policy/model';
import { conditionEntries, principalEntries } from '../../../server/src/policy/values';
import { initTerraform } from '../../../server/src/terraform';
import { extract } from '../../helpers/terraform';

/** Applies the ops a function builds from the first policy of `tf`; returns the new text (or undefined: no fix). */
function edit(tf: string, build: (p: Policy) => EditOp[]): string | undefined {
  const s = extract(tf).sources[0];
  const edits = s.writer.write(build(s.policy));
  if (!edits) return undefined;
  const out = applyEdits(tf, edits);
  assert.deepEqual(extract(out).sources.flatMap((x) => x.syntaxErrors), [], `still parses:\n${out}`);
  return out;
}

const AFT = `resource "aws_kms_key_policy" "k" {
  policy = jsonencode(
    {
      "Version" : "2012-10-17",
      "Statement" : [
        {
          "Effect" : "Allow",
          "Principal" : { "AWS" : "arn:aws:iam::111122223333:root" },
          "Action" : concat(["kms:Decrypt"], var.more),
          "Resource" : "*",
        }
      ]
    }
  )
}
`;

const DOC = `data "aws_iam_policy_document" "d" {
  statement {
    sid       = "Use"
    actions   = ["kms:Decrypt", "kms:Encrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/App"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.eu-west-1.amazonaws.com"]
    }
  }
}
`;

describe('terraform writers', () => {
  before(() => initTerraform());

  describe('jsonencode: the object style as written (quoted keys, colons, commas)', () => {
    it('adds a member after a trailing comma, in the same style', () => {
      const out = edit(AFT, (p) => [{ op: 'addProp', object: p.statements[0].node, key: 'Condition', value: { Bool: { 'aws:SecureTransport': 'true' } } }]);
      assert.match(out!, /"Resource" : "\*",\n {10}"Condition" : \{\n {12}"Bool" : \{\n {14}"aws:SecureTransport" : "true"\n {12}\}\n {10}\},\n/);
    });
    it('adds to and removes from the literal list of a concat()', () => {
      const added = edit(AFT, (p) => [{ op: 'addItem', array: p.statements[0].action!.value as PArray, value: 'kms:Encrypt' }]);
      assert.match(added!, /concat\(\["kms:Decrypt", "kms:Encrypt"\], var\.more\)/);
      const arr = (p: Policy) => p.statements[0].action!.value as PArray;
      assert.equal(edit(AFT, (p) => [{ op: 'removeItem', array: arr(p), item: arr(p).items[1] }]), undefined, 'a symbolic argument cannot be removed');
    });
    it('renames a key keeping it quoted; removes a member with its line', () => {
      const out = edit(AFT, (p) => [{ op: 'renameKey', prop: p.statements[0].resource!, key: 'NotResource' }, { op: 'removeProp', object: p.statements[0].node, prop: p.statements[0].effect! }]);
      assert.ok(out!.includes('"NotResource" : "*",') && !out!.includes('"Effect"'), out);
    });
    it('writes bare identifiers and aligned = when the object does', () => {
      const tf = `resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::111122223333:root" }\n      Action    = "kms:*"\n    }]\n  })\n}\n`;
      const out = edit(tf, (p) => [{ op: 'addProp', object: p.statements[0].node, key: 'Resource', value: '*' }, { op: 'addProp', object: p.statements[0].principal!.value as PObject, key: 'Service', value: 'logs.amazonaws.com' }]);
      assert.ok(out!.includes('      Action    = "kms:*"\n      Resource  = "*"\n'), out);
      assert.ok(out!.includes('{ AWS = "arn:aws:iam::111122223333:root", Service = "logs.amazonaws.com" }'), out);
    });
    it('escapes ${ in new strings so they stay literal', () => {
      const out = edit(AFT, (p) => [{ op: 'replace', node: p.statements[0].resource!.value, value: '${not a template}' }]);
      assert.ok(out!.includes('"Resource" : "$${not a template}"'), out);
    });
  });

  describe('policy document: blocks and attributes', () => {
    it('adds a condition block; a key added to an operator is another condition block', () => {
      const out = edit(DOC, (p) => {
        const op = conditionEntries(p.statements[0])[0].operatorProp.value as PObject;
        return [{ op: 'addProp', object: op, key: 'kms:CallerAccount', value: '111122223333' }];
      });
      assert.ok(out!.includes('    condition {\n      test     = "StringEquals"\n      variable = "kms:CallerAccount"\n      values   = ["111122223333"]\n    }\n  }\n}'), out);
    });
    it('a scalar where HCL needs a list becomes a one-element list', () => {
      const out = edit(DOC, (p) => [{ op: 'replace', node: p.statements[0].action!.value, value: 'kms:Decrypt' }]);
      assert.ok(out!.includes('actions   = ["kms:Decrypt"]'), out);
    });
    it('sets the default Effect by adding an attribute, aligned', () => {
      const out = edit(DOC.replace('    sid       = "Use"\n', ''), (p) => [{ op: 'replace', node: p.statements[0].effect!.value, value: 'Deny' }]);
      assert.ok(out!.includes('    condition {') && /effect += "Deny"/.test(out!), out);
    });
    it('renames between elements the data source has, and refuses the others', () => {
      const rename = (key: string) => edit(DOC, (p) => [{ op: 'renameKey', prop: p.statements[0].resource!, key }]);
      assert.ok(rename('NotResource')!.includes('not_resources = ["*"]'));
      assert.equal(rename('Sid'), undefined, 'a list attribute cannot become a string one');
      assert.equal(rename('Unknown'), undefined);
      const principal = edit(DOC, (p) => [{ op: 'renameKey', prop: p.statements[0].principal!, key: 'NotPrincipal' }]);
      assert.ok(principal!.includes('    not_principals {'), principal);
      const type = edit(DOC, (p) => [{ op: 'renameKey', prop: principalEntries(p.statements[0].principal)[0].typeProp!, key: 'Service' }]);
      assert.ok(type!.includes('type        = "Service"'), type);
    });
    it('removes an action, a condition block, a principals block, a whole statement', () => {
      const a = edit(DOC, (p) => [{ op: 'removeItem', array: p.statements[0].action!.value as PArray, item: (p.statements[0].action!.value as PArray).items[0] }]);
      assert.ok(a!.includes('actions   = ["kms:Encrypt"]'), a);
      const c = edit(DOC, (p) => [{ op: 'removeProp', object: p.statements[0].node, prop: p.statements[0].condition! }]);
      assert.ok(!c!.includes('condition') && c!.includes('    }\n\n  }\n}'), c);
      const pr = edit(DOC, (p) => [{ op: 'removeProp', object: p.statements[0].principal!.value as PObject, prop: (p.statements[0].principal!.value as PObject).props[0] }]);
      assert.ok(!pr!.includes('principals'), pr);
      const st = edit(DOC, (p) => [{ op: 'removeItem', array: p.statementProp!.value as PArray, item: p.statements[0].node }]);
      assert.ok(!st!.includes('statement'), st);
    });
    it('removes an action followed by 300,000 blanks on its line (no quadratic backtracking)', () => {
      const tf = DOC.replace('actions   = ["kms:Decrypt", "kms:Encrypt"]', `actions   = [\n      "kms:Decrypt",\n      "kms:Encrypt"${' '.repeat(300000)}]`);
      const out = edit(tf, (p) => [{ op: 'removeItem', array: p.statements[0].action!.value as PArray, item: (p.statements[0].action!.value as PArray).items[1] }]);
      assert.ok(out!.includes('"kms:Decrypt"') && !out!.includes('"kms:Encrypt"'), out!.slice(0, 300));
    });
    it('adds a statement block for a new statement', () => {
      const out = edit(DOC, (p) => [{ op: 'addItem', array: p.statementProp!.value as PArray, value: { Sid: 'Grant', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } } }]);
      assert.ok(out!.includes(`  statement {
    sid       = "Grant"
    effect    = "Allow"
    actions   = ["kms:CreateGrant"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/App"]
    }

    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}`), out);
    });
    it('replaces a public principal with a principals block', () => {
      const tf = DOC.replace('type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:role/App"]', 'type        = "*"\n      identifiers = ["*"]');
      const out = edit(tf, (p) => [{ op: 'replace', node: p.statements[0].principal!.value, value: { AWS: 'arn:aws:iam::111122223333:root' } }]);
      assert.ok(out!.includes('    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:root"]\n    }'), out);
    });
  });

  describe('heredoc: JSON in the heredoc indentation', () => {
    it('adds a member with the heredoc indentation step', () => {
      const tf = 'resource "aws_kms_key" "k" {\n  policy = <<-EOF\n    {\n        "Statement": [{\n            "Effect": "Allow",\n            "Principal": "*",\n            "Action": "kms:*"\n        }]\n    }\n  EOF\n}\n';
      const out = edit(tf, (p) => [{ op: 'addProp', object: p.statements[0].node, key: 'Condition', value: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }]);
      assert.ok(out!.includes('            "Action": "kms:*",\n            "Condition": {\n                "StringEquals": {\n                    "kms:CallerAccount": "111122223333"\n                }\n            }\n'), out);
    });
  });
});
