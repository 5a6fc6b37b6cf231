import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKeyscope } from '../../../server/src/service';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../../server/src/settings';

// One principal, one name: the hover on it, its matrix row and the rules' messages say it the same way.
const ROLE = 'arn:aws:iam::444455556666:role/app';
const ROOT = 'arn:aws:iam::444455556666:root';
const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:Decrypt', 'kms:PutKeyPolicy'], Resource: '*' },
      { Sid: 'App', Effect: 'Allow', Principal: { AWS: ROLE }, Action: ['kms:PutKeyPolicy', 'kms:Decrypt'], Resource: '*' },
    ],
  },
  null,
  2,
);

function names(settings: KeyscopeSettings) {
  const k = createKeyscope({ settings });
  try {
    const analysis = k.analyze({ path: 'key.kms.json', text: POLICY });
    const hovers = new Map([ROLE, ROOT].map((v) => [v, k.hover(analysis, POLICY.indexOf(v) + 5)!.markdown]));
    const [{ matrix }] = k.access(analysis);
    const row = (id: string) => matrix.rows.find((r) => r.id === id)!.label;
    const message = (rule: string) => analysis.findings.find((f) => f.ruleId === rule)!.message;
    return { hoverOn: (v: string) => hovers.get(v)!, row, message };
  } finally {
    k.dispose();
  }
}

describe('principal names', () => {
  for (const [what, settings, account] of [
    ['an account named in the settings', { ...DEFAULT_SETTINGS, accounts: { '444455556666': { name: 'prod' } } }, 'prod 444455556666'],
    ['an account the settings do not name', DEFAULT_SETTINGS, '444455556666'],
  ] as const) {
    it(`the hover, the matrix row and a rule message name a role and ${what} the same way`, () => {
      const n = names(settings);
      const role = `role/app (${account})`;
      assert.equal(n.row(ROLE), role);
      assert.ok(n.hoverOn(ROLE).includes('`' + role + '`'), n.hoverOn(ROLE));
      assert.ok(n.message('admin-and-user').startsWith(`${role} both administers this key`), n.message('admin-and-user'));

      const anyone = `anyone in account ${account} whose IAM policy allows it`;
      assert.equal(n.row(ROOT), anyone);
      assert.ok(n.hoverOn(ROOT).includes(anyone), n.hoverOn(ROOT));
      assert.ok(n.message('root-delegation').includes(`Root delegation: account ${account} is granted`), n.message('root-delegation'));
      // Never nested parentheses.
      for (const text of [n.row(ROLE), n.hoverOn(ROLE), n.message('admin-and-user')]) assert.doesNotMatch(text, /\([^)]*\(/);
    });
  }
});
