import { ADMIN, APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const rootStmt = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const deny = (NotPrincipal: unknown) => ({ Effect: 'Deny', NotPrincipal, Action: 'kms:*', Resource: '*' });

ruleTable('notprincipal-allow', {
  valid: [
    policy(rootStmt),
    { name: 'Deny with NotPrincipal that lists the account too', code: policy(rootStmt, deny({ AWS: [ADMIN, ROOT] })) },
    { name: 'Deny with NotPrincipal of a bare account id', code: policy(rootStmt, deny({ AWS: [ADMIN, '111122223333'] })) },
    { name: 'a session with its role and account', code: policy(rootStmt, deny({ AWS: ['arn:aws:sts::111122223333:assumed-role/Ops/alice', 'arn:aws:iam::111122223333:role/ops/Ops', ROOT] })) },
    { name: 'Deny sparing a service only', code: policy(rootStmt, deny({ Service: 'logs.eu-west-1.amazonaws.com' })) },
  ],
  invalid: [
    { name: 'Allow with NotPrincipal', code: policy({ Effect: 'Allow', NotPrincipal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*' }), errors: [{ line: 6, text: '"NotPrincipal"', messageIncludes: 'every principal in every account except' }] },
    {
      name: 'Deny with NotPrincipal without the account root',
      code: policy(rootStmt, deny({ AWS: [ADMIN, APP] })),
      errors: [{ text: '"NotPrincipal"', messageIncludes: 'not the account itself (arn:aws:iam::111122223333:root)' }],
    },
    {
      name: 'assumed-role session of another account',
      code: policy(rootStmt, deny({ AWS: ['arn:aws:sts::444455556666:assumed-role/Ops/alice', 'arn:aws:iam::444455556666:role/Ops', ROOT] })),
      errors: [{ text: '"NotPrincipal"', messageIncludes: 'account 444455556666' }],
    },
    {
      name: 'a session without its role',
      code: policy(rootStmt, deny({ AWS: ['arn:aws:sts::111122223333:assumed-role/Ops/alice', ROOT] })),
      errors: [{ text: '"NotPrincipal"', messageIncludes: 'but not its role (arn:aws:iam::111122223333:role/Ops)' }],
    },
  ],
});
