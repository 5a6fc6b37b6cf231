import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate, type CellValue } from '../../../server/src/access';
import type { Capability } from '../../../server/src/catalog';
import { generatePolicy, SCOPES, type Scope } from '../../../server/src/generate';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { run } from '../../helpers/rule-table';
import { exampleInput, role } from '../../helpers/generate';

/*
 * The effective-access matrix of each scope's generated policy against the scope's intent. "nothing" means no
 * capability is granted at all (every cell none or deny). Two what-if rows stand for principals the policy
 * does not name: one of the key's own account, one of another account.
 */
const OTHER = role('someone-else');
const EXTERNAL = role('someone-else', '444455556666');
type Expect = Partial<Record<Capability, CellValue>> | 'nothing';

const INTENT: Record<Scope, Record<string, Expect>> = {
  // Access control is the account's IAM: named administrators administer; everyone in the account is "iam".
  bu: {
    [role('key-admin')]: { administer: 'allow', destroy: 'allow', readConfig: 'allow', readData: 'iam', writeData: 'iam' },
    [OTHER]: { administer: 'iam', readData: 'iam', writeData: 'iam' },
    [EXTERNAL]: 'nothing',
  },
  domain: {
    [role('ci-deployer')]: { administer: 'allow', destroy: 'allow', readConfig: 'allow', readData: 'none', writeData: 'none' },
    [role('orders-collector')]: { writeData: 'allow', readData: 'none', administer: 'none', destroy: 'none' },
    // Readers may also create grants for AWS resources: conditional, and only CreateGrant/RevokeGrant.
    [role('orders-processor')]: { readData: 'allow', writeData: 'none', administer: 'conditional', destroy: 'none' },
    [OTHER]: 'nothing',
    [EXTERNAL]: 'nothing',
  },
  app: {
    [role('ci-deployer')]: { administer: 'allow', destroy: 'allow', readData: 'none', writeData: 'none' },
    [role('billing-app')]: { readData: 'allow', writeData: 'allow', administer: 'conditional', destroy: 'none' },
    [OTHER]: { administer: 'deny', readData: 'deny', writeData: 'deny', destroy: 'deny', readConfig: 'deny' },
    [EXTERNAL]: 'nothing',
  },
  team: {
    [role('ci-deployer')]: { administer: 'allow', destroy: 'allow', readData: 'none', writeData: 'none' },
    [role('finance-analysts')]: { readData: 'allow', writeData: 'allow', destroy: 'none' },
    [role('finance-reviewers')]: { readData: 'allow', writeData: 'allow', destroy: 'none' },
    [OTHER]: { readData: 'deny', writeData: 'deny', administer: 'deny' },
    [EXTERNAL]: 'nothing',
  },
};

describe('generated policies: access matrix matches each scope intent', () => {
  for (const scope of SCOPES) {
    const g = generatePolicy(exampleInput(scope));
    const mx = evaluate(parseJsonPolicy(g.text, g.fileName), { whatIf: [OTHER, EXTERNAL], settings: DEFAULT_SETTINGS });
    for (const [id, expect] of Object.entries(INTENT[scope])) {
      it(`${scope}: ${id.replace(/^arn:aws:iam::/, '')} ${expect === 'nothing' ? 'has nothing' : JSON.stringify(expect)}`, () => {
        const row = mx.rows.find((r) => r.id === id);
        assert.ok(row, `no row ${id}; rows: ${mx.rows.map((r) => r.id).join(', ')}`);
        if (expect === 'nothing') {
          for (const [cap, c] of Object.entries(row.capabilities)) assert.equal(c.granted, 0, `${cap}: ${c.value} (${c.text})`);
          return;
        }
        for (const [cap, value] of Object.entries(expect)) assert.equal(row.capabilities[cap as Capability].value, value, cap);
      });
    }
  }

  it('an administrator never holds a data action, and only readers can create grants', () => {
    for (const scope of ['domain', 'app', 'team'] as const) {
      const g = generatePolicy(exampleInput(scope));
      const mx = evaluate(parseJsonPolicy(g.text, g.fileName), { settings: DEFAULT_SETTINGS });
      const admin = mx.rows.find((r) => r.id === role('ci-deployer'))!;
      for (const a of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:CreateGrant']) assert.equal(admin.actions[a].value, 'none', `${scope} ${a}`);
      // The account's row and its root user (the recovery path, granted all its account is) are not grantees.
      const grant = mx.rows.filter((r) => r.actions['kms:CreateGrant'].value !== 'none' && r.kind !== 'account' && r.kind !== 'root-user').map((r) => r.id);
      assert.deepEqual(grant, [...new Set(exampleInput(scope).readers)], scope);
    }
  });

  describe('the Terraform forms read back to the same matrix as the JSON policy', () => {
    before(() => initTerraform());
    const cells = (mx: ReturnType<typeof evaluate>) => mx.rows.map((r) => [r.id, Object.values(r.capabilities).map((c) => `${c.value} ${c.text}`)]);
    for (const scope of SCOPES) {
      for (const format of ['tf', 'tf-doc'] as const) {
        it(`${scope} as ${format}`, () => {
          const json = generatePolicy(exampleInput(scope));
          const expected = evaluate(parseJsonPolicy(json.text, json.fileName), { whatIf: [OTHER, EXTERNAL], settings: DEFAULT_SETTINGS });
          const tf = generatePolicy(exampleInput(scope, format));
          const sources = run(tf.text, tf.fileName).sources;
          assert.equal(sources.length, 1);
          assert.deepEqual(cells(evaluate(sources[0], { whatIf: [OTHER, EXTERNAL], settings: DEFAULT_SETTINGS })), cells(expected));
        });
      }
    }
  });
});
