import { APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';
import { AWS_DEFAULT, CONSOLE_DEFAULT } from '../../fixtures/policies';

const grant = (Principal: unknown, Action: unknown = 'kms:*', Effect = 'Allow') => ({ Effect, Principal, Action, Resource: '*' });

ruleTable('root-delegation', {
  valid: [
    policy(grant({ AWS: APP }, 'kms:Decrypt')),
    { name: 'Deny to the root is no delegation', code: policy(grant({ AWS: APP }, 'kms:Decrypt'), grant({ AWS: ROOT }, 'kms:ScheduleKeyDeletion', 'Deny')) },
    { name: 'a role named root is not the root', code: policy(grant({ AWS: 'arn:aws:iam::111122223333:role/root' })) },
    {
      name: 'root user only: aws:PrincipalArn limits the grant to the root itself',
      code: policy({ ...grant({ AWS: ROOT }, ['kms:PutKeyPolicy', 'kms:DescribeKey']), Condition: { ArnEquals: { 'aws:PrincipalArn': ROOT } } }),
    },
  ],
  invalid: [
    { name: 'AWS default key policy', code: AWS_DEFAULT, errors: [{ severity: 'info', text: JSON.stringify(ROOT), messageIncludes: 'account 111122223333 is granted every KMS action' }] },
    { name: 'console default', code: CONSOLE_DEFAULT, errors: [{ line: 9, text: JSON.stringify(ROOT) }] },
    { name: 'bare account id, named in the settings', code: policy(grant({ AWS: '444455556666' }, ['kms:Decrypt'])), settings: { accounts: { '444455556666': { name: 'prod' } } }, errors: [{ text: '"444455556666"', messageIncludes: 'account prod 444455556666 is granted these actions' }] },
    {
      name: 'a negated PrincipalArn condition still delegates',
      code: policy({ ...grant({ AWS: ROOT }), Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROOT } } }),
      errors: [{ text: JSON.stringify(ROOT) }],
    },
    { name: 'each root of a list', code: policy(grant({ AWS: [ROOT, APP, 'arn:aws-us-gov:iam::444455556666:root'] })), errors: [{ text: JSON.stringify(ROOT) }, { text: '"arn:aws-us-gov:iam::444455556666:root"' }] },
  ],
});
