import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPrincipalError, parsePrincipal } from '../../server/src/policy/principals';
import { isTemplateString } from '../../server/src/policy/values';
import { rng } from '../fuzz/fuzz';

describe('parsePrincipal', () => {
  const ok: [string, string, object][] = [
    ['*', 'AWS', { kind: 'public' }],
    ['111122223333', 'AWS', { kind: 'account', account: '111122223333' }],
    ['arn:aws:iam::111122223333:root', 'AWS', { kind: 'root', account: '111122223333', partition: 'aws' }],
    ['arn:aws-cn:iam::111122223333:root', 'AWS', { kind: 'root', account: '111122223333', partition: 'aws-cn' }],
    ['arn:aws:iam::111122223333:role/KeyAdmin', 'AWS', { kind: 'role', account: '111122223333', name: 'KeyAdmin', partition: 'aws' }],
    ['arn:aws-us-gov:iam::111122223333:role/service-role/app', 'AWS', { kind: 'role', account: '111122223333', name: 'service-role/app', partition: 'aws-us-gov' }],
    ['arn:aws:iam::111122223333:user/ExampleUser', 'AWS', { kind: 'user', account: '111122223333', name: 'ExampleUser', partition: 'aws' }],
    ['arn:aws:sts::111122223333:assumed-role/App/session-1', 'AWS', { kind: 'session', account: '111122223333', name: 'App/session-1', partition: 'aws' }],
    ['arn:aws:sts::111122223333:federated-user/bob', 'AWS', { kind: 'federated', account: '111122223333', name: 'bob', partition: 'aws' }],
    ['cloudtrail.amazonaws.com', 'Service', { kind: 'service', name: 'cloudtrail.amazonaws.com' }],
    ['logs.eu-west-1.amazonaws.com', 'Service', { kind: 'service', name: 'logs.eu-west-1.amazonaws.com' }],
    ['ec2.amazonaws.com.cn', 'Service', { kind: 'service', name: 'ec2.amazonaws.com.cn' }],
    ['arn:aws:iam::111122223333:saml-provider/Okta', 'Federated', { kind: 'federated', account: '111122223333', name: 'Okta', partition: 'aws' }],
    ['cognito-identity.amazonaws.com', 'Federated', { kind: 'federated', name: 'cognito-identity.amazonaws.com' }],
    ['79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', 'CanonicalUser', { kind: 'canonical', name: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }],
  ];
  for (const [value, type, expected] of ok) {
    it(`reads ${type} ${value}`, () => assert.deepEqual(parsePrincipal(value, type), expected));
  }

  const bad: [string, string, string][] = [
    ['11112222333', 'AWS', '12 digits'],
    ['arn:aws:iam::111122223333:role/*', 'AWS', 'wildcard'],
    ['arn:aws:iam::*:root', 'AWS', 'wildcard'],
    ['arn:aws:iam::111122223333:group/Admins', 'AWS', 'IAM group'],
    ['arn:aws:kms:eu-west-1:111122223333:alias/app', 'AWS', 'alias ARN'],
    ['arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'AWS', 'KMS key ARN'],
    ['arn:aws:s3:::bucket', 'AWS', 's3 resource ARN'],
    ['arn:aws:iam::YOUR_ACCOUNT_ID:root', 'AWS', 'placeholder'],
    ['arn:awz:iam::111122223333:root', 'AWS', 'partition'],
    ['arn:aws:iam:eu-west-1:111122223333:root', 'AWS', 'no Region'],
    ['arn:aws:sts::111122223333:assumed-role/App', 'AWS', 'specific session'],
    ['AROAEXAMPLEID1234567', 'AWS', 'deleted'],
    ['s3.amazonaws.com', 'AWS', 'under "Service"'],
    ['foo', 'AWS', 'not a principal'],
    ['arn:aws:iam::111122223333:role/App', 'Service', 'not a service principal'],
    ['cloudtrail', 'Service', 'not a service principal'],
    ['*', 'Service', 'only valid under "AWS"'],
    ['x', 'Users', 'not a principal type'],
    ['abc', 'CanonicalUser', 'canonical user'],
  ];
  for (const [value, type, hint] of bad) {
    it(`rejects ${type} ${value}`, () => {
      const p = parsePrincipal(value, type);
      assert.ok(isPrincipalError(p), JSON.stringify(p));
      assert.ok(p.error.includes(hint), p.error);
    });
  }

  it('tells placeholders as before, and answers at once on a 300,000-character near-miss', () => {
    // The placeholder pattern before it was rewritten without overlapping quantifiers (here only on short text).
    const before = /^(<.*>|\{.*\}|[A-Z][A-Z0-9_-]*[A-Z_][A-Z0-9_-]*)$/;
    const r = rng(11);
    const alphabet = 'AZ_-09a<>{}';
    for (let n = 0; n < 5000; n++) {
      const value = Array.from({ length: Math.floor(r() * 9) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      const p = parsePrincipal(value, 'AWS');
      const placeholder = isPrincipalError(p) && p.error.includes('looks like a placeholder');
      if (!/^\d{12}$/.test(value) && !value.includes('*') && !value.startsWith('arn:')) assert.equal(placeholder, before.test(value), value);
    }
    const p = parsePrincipal('A'.repeat(300000) + '!', 'AWS');
    assert.ok(isPrincipalError(p) && p.error.includes('is not a principal'));
  });

  it('recognises template strings', () => {
    assert.ok(isTemplateString('arn:aws:iam::${account_id}:root'));
    assert.ok(!isTemplateString('arn:aws:iam::111122223333:root'));
  });
});
