// Properties of the matrix over generated key policies and identity policies (fast-check): what adding a
// statement may change, what statement order and duplicates may not, where iam-allow may appear.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { evaluate, type AccessMatrix, type CellValue, type KeyIam } from '../../../server/src/access';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import type { IamPrincipal } from '../../../server/src/terraform/iam/types';

const HOME = '111122223333';
const OTHER = '444455556666';
// The key's account is declared: what the policy says of it is not what these properties are about.
const SETTINGS = { ...DEFAULT_SETTINGS, keyAccount: HOME };

const ROLES = ['app', 'ops'].map((r) => `arn:aws:iam::${HOME}:role/${r}`);
const PRINCIPALS = [`arn:aws:iam::${HOME}:root`, `arn:aws:iam::${OTHER}:root`, ...ROLES, `arn:aws:iam::${OTHER}:role/partner`, `arn:aws:iam::${HOME}:user/ann`, '*'];
const ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:PutKeyPolicy', 'kms:*', 'kms:Describe*', 'kms:GenerateDataKey*', 'kms:CreateGrant', '*'];
const CONDITIONS: Record<string, Record<string, string | string[]>>[] = [
  { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
  { StringNotEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } },
  { ArnEquals: { 'aws:PrincipalArn': ROLES[0] } },
  { StringEquals: { 'kms:CallerAccount': HOME } },
  { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  { StringLike: { 'kms:ResourceAliases': 'alias/app-*' } },
];

type Stmt = Record<string, unknown>;

const statement = (effect?: 'Allow' | 'Deny') =>
  fc
    .record({
      effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
      principals: fc.subarray(PRINCIPALS, { minLength: 1, maxLength: 2 }),
      actions: fc.subarray(ACTIONS, { minLength: 1, maxLength: 3 }),
      notAction: fc.boolean(),
      condition: fc.option(fc.constantFrom(...CONDITIONS), { freq: 2 }),
    })
    .map(({ effect, principals, actions, notAction, condition }): Stmt => ({
      Effect: effect,
      Principal: principals.includes('*') ? '*' : { AWS: principals },
      [notAction && effect === 'Deny' ? 'NotAction' : 'Action']: actions,
      Resource: '*',
      ...(condition ? { Condition: condition } : {}),
    }));

const policyArb = fc.array(statement(), { minLength: 1, maxLength: 4 });

function matrix(statements: Stmt[], iam?: KeyIam, whatIf: string[] = []): AccessMatrix {
  return evaluate(parseJsonPolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'p.kms.json'), { settings: SETTINGS, whatIf, iam });
}

/** Every cell's value, by row id and action. */
function cells(m: AccessMatrix): Map<string, CellValue> {
  const out = new Map<string, CellValue>();
  for (const r of m.rows) for (const [a, d] of Object.entries(r.actions)) out.set(`${r.id} ${a}`, d.value);
  return out;
}

const GRANTED = new Set<CellValue>(['allow', 'iam-allow', 'iam', 'conditional']);

/** `after` gives at least what `before` gives, cell by cell (the cells of `before`'s rows). */
function noLessThan(before: Map<string, CellValue>, after: Map<string, CellValue>): string | undefined {
  for (const [k, b] of before) {
    const a = after.get(k) ?? 'none';
    if (b === 'allow' && a !== 'allow') return `${k}: allow -> ${a}`;
    if (GRANTED.has(b) && !GRANTED.has(a)) return `${k}: ${b} -> ${a}`;
  }
  return undefined;
}

// The rows of one side evaluated on the other, so that each cell has a counterpart.
const rowsOf = (statements: Stmt[]) => [...new Set(matrix(statements).rows.map((r) => r.id))];

const RUNS = { numRuns: 150 };

describe('matrix properties (generated policies)', () => {
  it('adding an Allow never removes access', () => {
    fc.assert(
      fc.property(policyArb, statement('Allow'), (p, s) => {
        const rows = rowsOf(p);
        const why = noLessThan(cells(matrix(p, undefined, rows)), cells(matrix([...p, s], undefined, rows)));
        assert.equal(why, undefined, JSON.stringify([...p, s]));
      }),
      RUNS,
    );
  });

  it('adding a Deny never adds access', () => {
    fc.assert(
      fc.property(policyArb, statement('Deny'), (p, s) => {
        const rows = rowsOf([...p, s]);
        const why = noLessThan(cells(matrix([...p, s], undefined, rows)), cells(matrix(p, undefined, rows)));
        assert.equal(why, undefined, JSON.stringify([...p, s]));
      }),
      RUNS,
    );
  });

  it('statement order and duplicate statements do not change any cell', () => {
    fc.assert(
      fc.property(
        policyArb.chain((p) => fc.tuple(fc.constant(p), fc.shuffledSubarray(p, { minLength: p.length, maxLength: p.length }), fc.subarray(p))),
        ([p, shuffled, dups]) => {
          assert.deepEqual(cells(matrix([...shuffled, ...dups])), cells(matrix(p)), JSON.stringify(p));
        },
      ),
      RUNS,
    );
  });
});

/** A role of the workspace with identity policies given as statements (Resource "*" unless they say). */
function role(name: string, ...policies: Stmt[][]): IamPrincipal {
  return {
    address: `aws_iam_role.${name}`,
    kind: 'role',
    arn: `arn:aws:iam::${HOME}:role/${name}`,
    policies: policies.map((statements, i) => ({
      name: `aws_iam_role_policy.${name}_${i}`,
      policy: parseJsonPolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'iam.tf').policy,
      placeOf: (index) => ({ path: '/ws/iam.tf', line: index, character: 0 }),
    })),
    unread: [],
  };
}

const identityStatement = (effect?: 'Allow' | 'Deny') =>
  fc
    .record({
      effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Deny'),
      actions: fc.subarray(ACTIONS, { minLength: 1, maxLength: 3 }),
      resource: fc.constantFrom('*', `arn:aws:kms:*:${HOME}:key/*`, `arn:aws:kms:*:${OTHER}:key/*`, 'arn:aws:kms:*:*:alias/app', 'arn:aws:kms:eu-west-1:*:key/*'),
      condition: fc.option(fc.constantFrom(...CONDITIONS), { freq: 3 }),
    })
    .map(({ effect, actions, resource, condition }): Stmt => ({ Effect: effect, Action: actions, Resource: resource, ...(condition ? { Condition: condition } : {}) }));

const identityArb = fc.array(identityStatement(), { minLength: 1, maxLength: 3 });
const iamOf = (...policies: Stmt[][]): KeyIam => ({ workspace: { principals: [role('app', ...policies), role('reader', ...policies)], scps: [], unplacedScps: [] } });
const READER = `arn:aws:iam::${HOME}:role/reader`;
// The workspace's roles as what-if rows too, so that a row they get with identity policies has its counterpart.
const WORKSPACE = [READER, ROLES[0]];

describe('identity-policy properties (generated policies)', () => {
  it('iam-allow appears only where the key policy alone delegates to IAM', () => {
    fc.assert(
      fc.property(policyArb, identityArb, (p, id) => {
        const rows = [...rowsOf(p), ...WORKSPACE];
        const alone = cells(matrix(p, undefined, rows));
        const withIam = cells(matrix(p, iamOf(id), rows));
        for (const [k, v] of withIam) if (v === 'iam-allow') assert.equal(alone.get(k), 'iam', `${k}: ${JSON.stringify({ p, id })}`);
      }),
      RUNS,
    );
  });

  it('identity policies never add access the key policy does not give, and only deny or narrow what it allows', () => {
    fc.assert(
      fc.property(policyArb, identityArb, (p, id) => {
        const rows = [...rowsOf(p), ...WORKSPACE];
        const alone = cells(matrix(p, undefined, rows));
        const withIam = cells(matrix(p, iamOf(id), rows));
        for (const [k, v] of withIam) {
          const before = alone.get(k) ?? 'none';
          if (GRANTED.has(v)) assert.ok(GRANTED.has(before), `${k}: ${before} -> ${v}`);
          if (v === 'allow') assert.equal(before, 'allow', k);
        }
      }),
      RUNS,
    );
  });

  it('adding an identity Allow never removes access; adding an identity Deny never adds it', () => {
    fc.assert(
      fc.property(policyArb, identityArb, identityStatement('Allow'), identityStatement('Deny'), (p, id, allow, deny) => {
        const rows = [...rowsOf(p), ...WORKSPACE];
        const base = cells(matrix(p, iamOf(id), rows));
        assert.equal(noLessThan(base, cells(matrix(p, iamOf([...id, allow]), rows))), undefined, JSON.stringify({ p, id, allow }));
        assert.equal(noLessThan(cells(matrix(p, iamOf([...id, deny]), rows)), base), undefined, JSON.stringify({ p, id, deny }));
      }),
      RUNS,
    );
  });

  it('identity statement order does not change any cell', () => {
    fc.assert(
      fc.property(policyArb, identityArb.chain((id) => fc.tuple(fc.constant(id), fc.shuffledSubarray(id, { minLength: id.length, maxLength: id.length }))), (p, [id, shuffled]) => {
        const rows = [...rowsOf(p), ...WORKSPACE];
        assert.deepEqual(cells(matrix(p, iamOf(shuffled), rows)), cells(matrix(p, iamOf(id), rows)));
      }),
      RUNS,
    );
  });
});
