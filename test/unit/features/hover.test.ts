import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { hoverAt } from '../../../server/src/features/hover';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../../server/src/settings';
import { CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { caret } from '../../helpers/caret';

const ACCOUNTS = { '111122223333': { name: 'payments-prod', stage: 'prod' } };

/** Hover markdown at the caret, and the text of the span it belongs to. */
function hover(marked: string, settings: Partial<KeyscopeSettings> = {}): { md: string; at: string } | undefined {
  const { text, offset } = caret(marked);
  const analysis = analyze({ path: 'p.kms.json', text, force: true, settings: { ...DEFAULT_SETTINGS, accounts: ACCOUNTS, ...settings } });
  const h = hoverAt(analysis, offset);
  return h && { md: h.markdown, at: text.slice(h.span.start, h.span.end) };
}

/** One statement in a policy, written on one line. */
const st = (body: string) => `{"Version": "2012-10-17", "Statement": [{${body}}]}`;
const ROLE = '"Principal": {"AWS": "arn:aws:iam::111122223333:role/orders-app"}';

describe('hover', () => {
  it('on an action: description, access level, capability, key-policy validity', () => {
    const h = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:De|crypt", "Resource": "*"`))!;
    assert.equal(h.at, '"kms:Decrypt"');
    assert.match(h.md, /decrypt ciphertext/);
    assert.match(h.md, /\| Write \| Read data \|/);
    assert.match(h.md, /Works in a key policy/);
  });

  it('on an IAM-only action says it has no effect in a key policy', () => {
    const h = hover(st(`"Effect": "Allow", ${ROLE}, "Action": ["kms:Decrypt", "kms:Create|Key"], "Resource": "*"`))!;
    assert.equal(h.at, '"kms:CreateKey"');
    assert.match(h.md, /IAM policy only/);
  });

  it('on a wildcard action lists what it expands to', () => {
    const h = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Get|*", "Resource": "*"`))!;
    assert.match(h.md, /matches 5 KMS actions/);
    for (const a of ['GetKeyPolicy', 'GetPublicKey', 'GetKeyRotationStatus']) assert.ok(h.md.includes(`kms:${a}`), a);
    assert.doesNotMatch(h.md, /kms:Decrypt/);
  });

  it('on a wildcard that includes IAM-only actions counts them', () => {
    const h = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:List|*", "Resource": "*"`))!;
    assert.match(h.md, /IAM-policy-only/);
    assert.match(h.md, /kms:ListKeys \| List \| IAM policy only/);
  });

  it('on a misspelled and a foreign action', () => {
    assert.match(hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decr|pyt", "Resource": "*"`))!.md, /not a KMS action.*kms:Decrypt/);
    assert.match(hover(st(`"Effect": "Allow", ${ROLE}, "Action": "s3:Get|Object", "Resource": "*"`))!.md, /another service/);
  });

  it('on a NotAction value explains the complement', () => {
    assert.match(hover(st(`"Effect": "Allow", ${ROLE}, "NotAction": "kms:Put|KeyPolicy", "Resource": "*"`))!.md, /except/);
  });

  it('on a condition operator explains IfExists, ForAnyValue and ForAllValues', () => {
    const h = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAllValues:StringLike|IfExists": {"kms:EncryptionContextKeys": "app*"}}`))!;
    assert.equal(h.at, '"ForAllValues:StringLikeIfExists"');
    assert.match(h.md, /IfExists/);
    assert.match(h.md, /true when the key is absent or empty/);
    assert.match(hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAnyValue:String|Equals": {"kms:EncryptionContextKeys": "a"}}`))!.md, /at least one/);
    assert.match(hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringNot|Equals": {"kms:CallerAccount": "1"}}`))!.md, /true when the key is absent/);
    assert.match(hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEqual|z": {"kms:CallerAccount": "1"}}`))!.md, /not a condition operator.*StringEquals/);
  });

  it('on a condition key: description, type, single/multi-valued, and which actions carry it', () => {
    const h = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:Via|Service": "s3.eu-west-1.amazonaws.com"}}`))!;
    assert.equal(h.at, '"kms:ViaService"');
    assert.match(h.md, /\| String \| single-valued \| yes \|/);
    assert.match(h.md, /Every action of this statement carries this key/);
    const never = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:PutKeyPolicy", "Resource": "*", "Condition": {"Bool": {"kms:GrantIsFor|AWSResource": "true"}}`))!;
    assert.match(never.md, /None of this statement's 1 action\(s\) carry this key/);
    const multi = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext|Keys": "a"}}`))!;
    assert.match(multi.md, /multi-valued/);
    assert.match(multi.md, /use `ForAnyValue:` or `ForAllValues:`/);
  });

  it('on an IAM-only condition key warns it does nothing in a key policy', () => {
    const h = hover(st(`"Effect": "Allow", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"kms:Resource|Aliases": "alias/a"}}`))!;
    assert.match(h.md, /IAM policies only/);
  });

  it('on principals: account root, role, service, everyone, with account names from the settings', () => {
    const root = hover(st(`"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:r|oot"}, "Action": "kms:*", "Resource": "*"`))!;
    assert.equal(root.at, '"arn:aws:iam::111122223333:root"');
    assert.match(root.md, /anyone in account payments-prod 111122223333 whose IAM policy allows it/);
    assert.match(hover(st(`"Effect": "Allow", "Principal": {"AWS": "1111222233|33"}, "Action": "kms:*", "Resource": "*"`))!.md, /whose IAM policy allows it/);
    assert.match(hover(st(`"Effect": "Allow", ${ROLE.replace('orders-app', 'orders|-app')}, "Action": "kms:Decrypt", "Resource": "*"`))!.md, /IAM role\*\* `role\/orders-app \(payments-prod 111122223333\)`/);
    assert.match(hover(st(`"Effect": "Allow", "Principal": {"Service": "logs.amaz|onaws.com"}, "Action": "kms:Decrypt", "Resource": "*"`))!.md, /AWS service `logs.amazonaws.com`.*aws:SourceAccount/);
    const everyone = hover(st(`"Effect": "Allow", "Principal": "|*", "Action": "kms:Decrypt", "Resource": "*"`))!.md;
    assert.match(everyone, /Everyone/);
    // KMS requests are always signed: `*` is every AWS account's principals, never an anonymous caller.
    assert.match(everyone, /the principals of every AWS account/);
    assert.match(everyone, /no anonymous callers/);
    assert.doesNotMatch(everyone, /and anonymous callers/);
    assert.match(hover(st(`"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/app/sess|ion-1"}, "Action": "kms:Decrypt", "Resource": "*"`))!.md, /Assumed-role session\*\* `assumed-role\/app\/session-1 \(payments-prod 111122223333\)`: only callers who assumed role `app` with session name `session-1`/);
    assert.match(hover(st(`"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:group/ad|mins"}, "Action": "kms:Decrypt", "Resource": "*"`))!.md, /groups cannot be principals/);
  });

  it('on condition values that name principals or accounts', () => {
    const cond = (c: string) => st(`"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": ${c}`);
    assert.match(hover(cond(`{"ArnNotEquals": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/ci-dep|loyer"]}}`))!.md, /IAM role\*\* `role\/ci-deployer \(payments-prod 111122223333\)`/);
    assert.equal(hover(cond(`{"StringNotEquals": {"kms:CallerAccount": "11112222|3333"}}`))!.md, '**Account payments-prod 111122223333**');
    assert.equal(hover(cond(`{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/a|pp-*"}}`)), undefined);
  });

  it('on Sid or Effect: a plain-English summary of the statement', () => {
    const h = hover(st(`"Sid": "A|pp", "Effect": "Allow", ${ROLE}, "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}`))!;
    assert.equal(h.md, 'Lets role/orders-app (payments-prod 111122223333) read and write data with this key, only via s3.eu-west-1.amazonaws.com.');
    const e = hover(st(`"Effect": "Al|low", ${ROLE}, "Action": "kms:Decrypt", "Resource": "*"`))!;
    assert.equal(e.md, 'Lets role/orders-app (payments-prod 111122223333) read data with this key.');
  });

  it('summaries of the reference policies: deny phrased as a deny, root delegation, grants', () => {
    const deny = hover(K9_LEAST_PRIVILEGE.replace('"DenyEveryoneElse"', '"DenyEvery|oneElse"'))!;
    assert.match(deny.md, /^Denies everyone the right to do everything with this key, including changing its policy, unless the caller is role\/ci-deployer \(payments-prod 111122223333\), role\/app \(payments-prod 111122223333\) or the root of account payments-prod 111122223333/);
    const root = hover(CONSOLE_DEFAULT.replace('"Sid": "Enable IAM', '"Sid": "Enable |IAM'))!;
    assert.match(root.md, /^Lets anyone in account payments-prod 111122223333 whose IAM policy allows it do everything with this key/);
    const grants = hover(CONSOLE_DEFAULT.replace('"Allow attachment', '"Allow |attachment'))!;
    assert.match(grants.md, /administer this key \(CreateGrant, RevokeGrant\).*only for grants to AWS services\.$/);
  });

  it('summaries of NotPrincipal, missing Resource and public statements', () => {
    assert.match(hover(st(`"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "kms:PutKeyPolicy", "Resource": "*", "Sid": "|x"`))!.md, /^Denies everyone except role\/admin \(payments-prod 111122223333\) the right to administer this key \(PutKeyPolicy\)\./);
    assert.match(hover(st(`"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Sid": "|x"`))!.md, /^Lets everyone read data.*Without a Resource/);
    assert.match(hover(st(`"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Sid": "|x", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}`))!.md, /only when the caller is in account payments-prod 111122223333/);
  });

  it('on element keys, Version and Resource', () => {
    assert.match(hover(st(`"Effect": "Allow", ${ROLE}, "Reso|urce": "*", "Action": "kms:Decrypt"`))!.md, /this key/);
    assert.match(hover(st(`"effe|ct": "Allow", ${ROLE}, "Resource": "*", "Action": "kms:Decrypt"`))!.md, /case-sensitive.*Effect/);
    assert.match(hover(`{"Version": "2012-10|-17", "Statement": []}`)!.md, /current policy language/);
    assert.match(hover(st(`"Effect": "Allow", "Principal": {"Serv|ice": "logs.amazonaws.com"}, "Resource": "*", "Action": "kms:Decrypt"`))!.md, /service principals/);
  });

  it('works when the single statement is an object rather than an array', () => {
    const h = hover(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", ${ROLE}, "Action": "kms:Enc|rypt", "Resource": "*"}}`)!;
    assert.match(h.md, /Write data/);
  });

  it('gives nothing outside a policy or on punctuation, and never throws on broken input', () => {
    assert.equal(hover(`{"Version": "2012-10-17",| "Statement": []}`), undefined);
    for (const bad of ['|', '{|', '{"Statement": [{"Action": "kms:|', '[1, 2|]', '{"Statement": {"Condition": {"|": {}}}}']) hover(bad);
  });
});
