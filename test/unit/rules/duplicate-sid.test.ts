import { ADMIN, APP, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Sid: unknown, principal = ADMIN) => ({ Sid, Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:Decrypt', Resource: '*' });

ruleTable('duplicate-sid', {
  valid: [
    policy(stmt('Allow use of the key'), stmt('Allow attachment of persistent resources', APP)),
    { name: 'spaces are valid in key policy Sids', code: policy(stmt('Enable IAM User Permissions')) },
    { name: 'Sids differ by case', code: policy(stmt('Admin'), stmt('admin', APP)) },
    { name: 'empty Sids identify nothing', code: policy(stmt(''), stmt('', APP)) },
    { name: 'no Sids', code: policy({ Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'second use is reported',
      code: policy(stmt('Allow use of the key'), stmt('Allow use of the key', APP)),
      errors: [{ line: 14, text: '"Allow use of the key"', messageIncludes: 'already used' }],
    },
    { name: 'each repeat', code: policy(stmt('A'), stmt('A', APP), stmt('A')), errors: [{ text: '"A"' }, { text: '"A"' }] },
  ],
});
