import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';

const key = (comment: string) => `resource "aws_kms_key" "app" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action = [
        ${comment}
        "kms:Encrpt",
      ]
      Resource = "arn:aws:kms:eu-west-1:111122223333:key/*"
    }]
  })
}
`;

const SHOWN = new Set(['unknown-action', 'resource-not-star']);
const ruleIds = (text: string) => analyze({ path: '/ws/main.tf', text }).findings.map((f) => f.ruleId).filter((id) => SHOWN.has(id)).sort();
const rules = (comment: string) => ruleIds(key(comment));

describe('terraform: # keyscope-ignore', () => {
  before(() => initTerraform());

  it('suppresses the named rule on the next line only', () => {
    assert.deepEqual(rules(''), ['resource-not-star', 'unknown-action']);
    assert.deepEqual(rules('# keyscope-ignore unknown-action'), ['resource-not-star']);
    assert.deepEqual(rules('// keyscope-ignore unknown-action'), ['resource-not-star']);
    assert.deepEqual(rules('/* keyscope-ignore unknown-action */'), ['resource-not-star']);
    assert.deepEqual(rules('# keyscope-ignore resource-not-star'), ['resource-not-star', 'unknown-action']);
  });

  it('takes a comma-separated list, and stacked comment lines', () => {
    const text = key('').replace('      Resource =', '      # keyscope-ignore kms-star, resource-not-star\n      Resource =').replace('        \n', '        # keyscope-ignore unknown-action\n        # keyscope-ignore other-rule\n');
    assert.deepEqual(ruleIds(text), []);
  });

  it('does not apply to JSON documents', () => {
    const json = '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},\n# keyscope-ignore unknown-action\n"Action": "kms:Encrpt", "Resource": "*"}]}';
    assert.ok(analyze({ path: 'a.kms.json', text: json }).findings.some((f) => f.ruleId === 'unknown-action'));
  });
});
