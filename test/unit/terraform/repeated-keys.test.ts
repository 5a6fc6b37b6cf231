// Keys with count or for_each: a known collection gives one policy per instance, each with count.index or
// each.key/each.value bound and named by its address; an unknown one gives one policy whose each is unknown,
// and no alarm.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../server/src/access';
import { analyze } from '../../../server/src/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

const key = (meta: string, principal: string) => `provider "aws" {}
variable "teams" {
  type = map(string)
}
resource "aws_kms_key" "k" {
  ${meta}
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = ${principal} }, Action = "kms:*", Resource = "*" }]
  })
}
`;

function run(text: string) {
  const a = analyze({ path: '/ws/main.tf', text, host: memoryHost({ '/ws/main.tf': text }) });
  return {
    names: a.sources.map((s) => s.name),
    rows: a.sources.map((s) => evaluate(s, { settings: DEFAULT_SETTINGS }).rows.map((r) => r.label)),
    stars: a.findings.filter((f) => f.ruleId === 'kms-star').map((f) => f.message),
  };
}

describe('terraform: keys with count and for_each', () => {
  before(() => initTerraform());

  it('for_each over a known map: one policy per key, each.value bound', () => {
    const r = run(key('for_each = { red = "arn:aws:iam::111122223333:role/red", blue = "arn:aws:iam::111122223333:role/blue" }', 'each.value'));
    assert.deepEqual(r.names, ['aws_kms_key.k["blue"]', 'aws_kms_key.k["red"]']);
    assert.deepEqual(r.rows, [['role/blue (111122223333)'], ['role/red (111122223333)']]);
    assert.equal(r.stars.length, 2);
  });

  it('count: one policy per index, count.index bound', () => {
    const r = run(key('count = 2', '["arn:aws:iam::111122223333:role/app-a", "arn:aws:iam::111122223333:role/app-b"][count.index]'));
    assert.deepEqual(r.names, ['aws_kms_key.k[0]', 'aws_kms_key.k[1]']);
    assert.deepEqual(r.rows, [['role/app-a (111122223333)'], ['role/app-b (111122223333)']]);
  });

  it('for_each over a collection nobody sets: one policy, each unknown, no alarm', () => {
    const r = run(key('for_each = var.teams', 'each.value'));
    assert.deepEqual(r.names, ['aws_kms_key.k']);
    assert.deepEqual(r.stars, []);
  });
});
