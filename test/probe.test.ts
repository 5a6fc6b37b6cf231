import { evaluate } from '../server/src/access';
import { parseJsonPolicy } from '../server/src/policy/json';
import { DEFAULT_SETTINGS } from '../server/src/settings';
import { policy } from './helpers/rule-table';
const ACCT = '111122223333';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const APP = `arn:aws:iam::${ACCT}:role/App`;
const show = (name: string, st: object[], whatIf: string[] = []) => {
  const m = evaluate(parseJsonPolicy(policy(...st), 'p.json'), { settings: DEFAULT_SETTINGS, whatIf });
  console.log('== ' + name);
  for (const r of m.rows) { const d = r.actions['kms:Decrypt']; console.log(`  ${r.label}: ${d.value} ${JSON.stringify(d.conditions.map((c) => `${c.operator} ${c.key} ${c.values}`))} ${d.note ?? ''}`); }
};
show('NotPrincipal deny on account row', [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', NotPrincipal: { AWS: [APP, ROOT] }, Action: 'kms:Decrypt', Resource: '*' }]);
show('IpAddress allow + NotIpAddress deny', [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }, { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }]);
show('Allow ViaService s3 + Allow NumericLessThan', [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.x' } } }, { Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:ViaService': 's3.x' }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } }]);
show('ctx keys set ops', [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['a'] } } }, { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['b'] } } }]);
show('multi-valued key without set qualifier', [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContextKeys': 'a' } } }, { Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:EncryptionContextKeys': 'a' } } }]);
show('ForAnyValue on account row PrincipalArn', [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAllValues:ArnNotLike': { 'aws:PrincipalArn': [`arn:aws:iam::${ACCT}:role/*`] } } }], [`arn:aws:iam::${ACCT}:user/bob`]);
