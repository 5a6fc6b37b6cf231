import { ADMIN, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Sid: string) => ({ Sid, Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', Resource: '*' });
const big = (n: number) => policy(...Array.from({ length: n }, (_, i) => stmt(`Statement${i}`)));

ruleTable('policy-size', {
  valid: [
    policy(stmt('Allow use of the key')),
    { name: 'Latin-1 letters are accepted', code: policy(stmt('Schlüssel für Café')) },
    { name: 'just under the limit', code: big(150) },
  ],
  invalid: [
    { name: 'over 32,768 bytes', code: big(170), errors: [{ line: 1, column: 1, text: '{', messageIncludes: 'KMS accepts at most 32,768' }] },
    { name: 'an en dash in a Sid', code: policy(stmt('Admins – prod')), errors: [{ line: 5, column: 22, text: '–', messageIncludes: 'U+2013' }] },
    { name: 'curly quotes', code: policy(stmt('the “app” role')), errors: [{ text: '“', messageIncludes: 'plain double quote' }] },
    { name: 'an emoji: both UTF-16 units', code: policy(stmt('key 🔑')), errors: [{ text: '🔑' }] },
    { name: 'written as an escape: the whole string', code: policy(stmt('a\u2014b')).replace('a—b', 'a\\u2014b'), errors: [{ text: '"a\\u2014b"' }] },
    { name: 'in a member name', code: policy({ ...stmt('x'), Condition: { StringEquals: { 'kms:EncryptionContext:Ab\u00e7\u0101': 'x' } } }), errors: [{ text: 'ā' }] },
  ],
});
