import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { trackedCaches } from '../../../server/src/cache';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { DOCUMENTS_KEPT, initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

/**
 * What the engine keeps does not grow without bound over many edits that bring new values: wildcards in
 * Action, principals, condition keys and wildcard condition values, in JSON and in Terraform, with new files
 * now and then. Counted in cache entries (not bytes), through every named cache alive.
 */

const EDITS = 800;
const STATEMENTS = 8; // each with two or more new values of each kind: 12,800 or more, past every bound by value

function statements(i: number, count: number): unknown[] {
  return Array.from({ length: count }, (_, j) => {
    const n = i * count + j;
    return {
      Sid: `S${n}`,
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${String(100000000000 + n)}:role/app-${n}`, `arn:aws:iam::111122223333:user/u${n}`] },
      Action: [`kms:Re${n}*`, `kms:Decrypt${n}`, `s3:Get${n}*`],
      Resource: '*',
      Condition: {
        StringLike: { 'aws:PrincipalArn': [`arn:aws:iam::*:role/w${n}-*`], [`kms:EncryptionContext:k${n}`]: 'v*', [`aws:RequestTag/t${n}`]: 'x' },
      },
    };
  });
}

function jsonPolicy(i: number, count = STATEMENTS): string {
  const root = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
  return JSON.stringify({ Version: '2012-10-17', Statement: [root, ...statements(i, count)] }, null, 2);
}

function terraform(i: number): string {
  return `resource "aws_kms_key" "k" {
  description = "edit ${i}"
  policy = jsonencode(${jsonPolicy(1_000_000 + i, 1)})
}

resource "aws_iam_role" "r${i}" {
  name = "role-${i}"
}
`;
}

interface Count {
  entries: number;
  byName: Map<string, { size: number; max: number }>;
}

/** Entries of every named cache, each checked against its bound. */
function count(): Count {
  const byName = new Map<string, { size: number; max: number }>();
  let entries = 0;
  for (const c of trackedCaches()) {
    assert.ok(c.size <= c.max, `${c.name}: ${c.size} entries, bound ${c.max}`);
    byName.set(c.name, { size: c.size, max: c.max });
    entries += c.size;
  }
  return { entries, byName };
}

describe('memory over many edits that bring new values', () => {
  before(initTerraform);

  it('stays within the caches bounds', () => {
    const settings = { ...DEFAULT_SETTINGS, deployerArn: 'arn:aws:iam::111122223333:role/deployer' };
    const counts: Count[] = [];
    for (let i = 0; i < EDITS; i++) {
      // The same documents edited, and every 16th edit a new file of a module with a sibling.
      const json = analyze({ path: '/ws/key.kms.json', text: jsonPolicy(i), settings });
      assert.ok(json.findings.length > 0);
      const dir = `/ws/m${i >> 4}`;
      const host = memoryHost({ [`${dir}/main.tf`]: terraform(i), [`${dir}/other.tf`]: terraform(i + 1) });
      const tf = analyze({ path: `${dir}/main.tf`, text: terraform(i), settings, host });
      assert.equal(tf.sources.length, 1);
      if ((i + 1) % 200 === 0) counts.push(count());
    }
    const last = counts[counts.length - 1];
    // The test went past the bounds of the look-ups by value.
    for (const name of ['catalog.actions', 'catalog.actionPatterns', 'catalog.conditionKeys', 'policy.principals', 'policy.principal-views']) {
      const c = last.byName.get(name);
      assert.ok(c && c.size >= c.max / 2, `${name}: ${c?.size} of ${c?.max}`);
    }
    // Caches made per document (the extraction tables) are reached only through the documents kept.
    assert.ok((last.byName.get('terraform.kept')?.size ?? 0) <= DOCUMENTS_KEPT);
    const bound = [...last.byName.values()].reduce((a, c) => a + c.max, 0);
    for (const c of counts) assert.ok(c.entries <= bound, `${c.entries} entries`);
  });
});
