import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { keyModule } from '../../../scripts/bench-modules';
import { memoryHost } from '../../helpers/terraform';

const ACCT = '111122223333';
const OTHER = '444455556666';

/** A key module whose administrators and users are variables, and a root module calling it with another account. */
const WORKSPACE: Record<string, string> = {
  ...Object.fromEntries(Object.entries(keyModule(1)).map(([name, text]) => [`/ws/modules/key/${name}`, text])),
  '/ws/live/main.tf': `module "key" {
  source = "../modules/key"
  admins = ["arn:aws:iam::${ACCT}:role/admin"]
  users  = ["arn:aws:iam::${OTHER}:root"]
}
`,
};

/** A variable file in the module's folder: Terraform runs there, and the module's own file reads its value. */
const MODULE_TFVARS = { '/ws/modules/key/terraform.tfvars': `users = ["arn:aws:iam::${OTHER}:root"]\n` };

const atCall = (files: Record<string, string>) =>
  analyze({ path: '/ws/live/main.tf', text: files['/ws/live/main.tf'], host: memoryHost(files) })
    .findings.map((f) => `${f.ruleId} ${f.span.start} ${f.message.slice(0, 60)}`)
    .sort();

describe('a called module analysed again', () => {
  before(() => initTerraform());

  it('sees a change of a file the module reads besides its .tf files', () => {
    // The other account comes from the call: reported there.
    const fromCall = atCall(WORKSPACE);
    assert.ok(fromCall.some((f) => f.startsWith('root-delegation') && f.includes(OTHER)), fromCall.join('\n'));
    // With the module's own variable file, its file reports the same finding itself: the call does not.
    const withVars = { ...WORKSPACE, ...MODULE_TFVARS };
    const own = atCall(withVars);
    assert.ok(!own.some((f) => f.includes(OTHER)), own.join('\n'));
    // Each analysis as a fresh one would be, whatever was analysed before.
    assert.deepEqual(atCall(WORKSPACE), fromCall);
    assert.deepEqual(atCall(withVars), own);
    assert.deepEqual(atCall({ ...WORKSPACE, '/ws/modules/key/terraform.tfvars': `users = ["arn:aws:iam::${ACCT}:role/app"]\n` }), fromCall);
  });
});
