import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../../../server/src/analyze';
import { trackedCaches } from '../../../server/src/cache';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

/**
 * What the engine keeps does not grow without bound over many edits that bring new values: wildcards in
 * Action, principals, condition keys and wildcard condition values, in JSON and in Terraform, with new files
 * now and then. Counted in cache entries (not bytes), through every named cache alive.
 */

// A collection before each count, so that caches owned by what is no longer reachable are not counted.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

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
  caches: number;
  byName: Map<string, { size: number; max: number; count: number }>;
}

async function count(): Promise<Count> {
  // A WeakRef keeps its target until the job that made or read it ends: let it end first.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const byName = new Map<string, { size: number; max: number; count: number }>();
  let entries = 0;
  const all = trackedCaches();
  for (const c of all) {
    assert.ok(c.size <= c.max, `${c.name}: ${c.size} entries, bound ${c.max}`);
    const e = byName.get(c.name) ?? { size: 0, max: 0, count: 0 };
    e.size += c.size;
    e.max += c.max;
    e.count++;
    byName.set(c.name, e);
    entries += c.size;
  }
  return { entries, caches: all.length, byName };
}

describe('memory over many edits that bring new values', () => {
  before(initTerraform);

  it('stays within the caches bounds, and the number of caches stops growing', async () => {
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
      if ((i + 1) % 200 === 0) counts.push(await count());
    }
    const last = counts[counts.length - 1];
    // The test went past the bounds of the look-ups by value.
    for (const name of ['catalog.actions', 'catalog.actionPatterns', 'catalog.conditionKeys', 'policy.principals', 'access.identities']) {
      const c = last.byName.get(name);
      assert.ok(c && c.size >= c.max / 2, `${name}: ${c?.size} of ${c?.max}`);
    }
    // Caches per document (the extraction tables) come and go with the documents kept: their number stops.
    const mid = counts[1];
    assert.ok(last.caches <= mid.caches, `${mid.caches} caches after 400 edits, ${last.caches} after ${EDITS}`);
    const bound = [...last.byName.values()].reduce((a, c) => a + c.max, 0);
    assert.ok(last.entries <= bound);
    for (const c of counts) assert.ok(c.entries <= bound, `${c.entries} entries`);
  });
});
