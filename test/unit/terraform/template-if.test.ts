// `%{ if }` in a template rendered by templatefile(): a condition the call's vars decide keeps only the branch
// taken (the other is not part of the policy, and nothing in it is judged); one not known keeps both, what
// each branch writes optional under its condition, never a guess.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../server/src/access';
import { analyze } from '../../../server/src/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

const TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Root", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }
%{ if public }
    ,{ "Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*" }
%{ else }
    ,{ "Sid": "App", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": "kms:Decrypt", "Resource": "*" }
%{ endif }
  ]
}
`;

function run(vars: string) {
  const tf = `variable "open" {\n  type = bool\n}\nresource "aws_kms_key" "k" {\n  policy = templatefile("\${path.module}/key.json.tpl", ${vars})\n}\n`;
  const files = { '/ws/m/main.tf': tf, '/ws/m/key.json.tpl': TEMPLATE };
  const a = analyze({ path: '/ws/m/main.tf', text: tf, host: memoryHost(files) });
  const s = a.sources.find((x) => x.owner === 'aws_kms_key.k')!;
  return { a, s, sids: s.policy.statements.map((st) => [st.sid?.value.kind === 'string' ? st.sid.value.value : '?', st.optionalIf]) };
}

describe('terraform: %{ if } in templates', () => {
  before(() => initTerraform());

  it('a condition the call sets keeps only the branch taken', () => {
    const closed = run('{ public = false }');
    assert.deepEqual(closed.sids, [['Root', undefined], ['App', undefined]]);
    assert.deepEqual(closed.a.findings.filter((f) => f.ruleId === 'public-principal'), []);
    const open = run('{ public = true }');
    assert.deepEqual(open.sids, [['Root', undefined], ['Everyone', undefined]]);
    assert.equal(open.a.findings.filter((f) => f.ruleId === 'public-principal').length, 1);
  });

  it('a condition not known keeps both branches, each optional under its condition', () => {
    const { a, s, sids } = run('{ public = var.open }');
    // Named by what the call writes for the template's variable (`public = var.open`).
    assert.deepEqual(sids, [['Root', undefined], ['Everyone', 'var.open'], ['App', '!(var.open)']]);
    // Checked as statements: the public principal is reported; in the matrix it is "if var.open".
    assert.equal(a.findings.filter((f) => f.ruleId === 'public-principal').length, 1);
    const anyone = evaluate(s, { settings: DEFAULT_SETTINGS }).rows.find((r) => r.label === 'anyone (*)');
    assert.equal(anyone?.actions['kms:Decrypt'].value, 'conditional');
    assert.deepEqual(anyone?.actions['kms:Decrypt'].conditions.map((c) => c.key), ['var.open']);
  });

  it('a template read on its own names the condition by its own variable', () => {
    const alone = analyze({ path: '/ws/m/key.json.tpl', text: TEMPLATE, host: memoryHost({ '/ws/m/key.json.tpl': TEMPLATE }) });
    assert.deepEqual(alone.sources[0].policy.statements.map((st) => st.optionalIf), [undefined, 'public', '!(public)']);
  });
});
