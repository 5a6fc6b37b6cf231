import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTree, type ParseError } from 'jsonc-parser';
import { analyze } from '../../../server/src/analyze';
import { completeAt } from '../../../server/src/features/completion';
import type { CompletionResult } from '../../../server/src/features/types';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { caret } from '../../helpers/caret';

const ACCOUNTS = { '111122223333': { name: 'payments-prod', stage: 'prod' } };

function complete(marked: string, path = 'p.kms.json'): { items: CompletionResult[]; text: string } {
  const { text, offset } = caret(marked);
  const analysis = analyze({ path, text, settings: { ...DEFAULT_SETTINGS, accounts: ACCOUNTS } });
  return { items: completeAt(analysis, offset), text };
}

/** Expands a snippet the way an editor does with defaults: first choice, placeholder text, empty tab stops. */
function expand(s: string): string {
  return s
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}

/** The document after accepting the item labelled `label`. */
function accept(marked: string, label: string): string {
  const { items, text } = complete(marked);
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item ${label}; got ${items.map((i) => i.label).join(', ')}`);
  const newText = item.snippet ? expand(item.edit.newText) : item.edit.newText;
  return text.slice(0, item.edit.start) + newText + text.slice(item.edit.end);
}

function assertValidJson(text: string): void {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  assert.deepEqual(errors, [], `not valid JSON:\n${text}`);
}

const labels = (marked: string, path?: string) => complete(marked, path).items.map((i) => i.label);
const st = (body: string) => `{"Version": "2012-10-17", "Statement": [{${body}}]}`;

describe('completion', () => {
  it('offers top-level elements not yet present', () => {
    assert.deepEqual(labels('{"Version": "2012-10-17", |}'), ['Id', 'Statement']);
    assert.deepEqual(labels('{|}'), ['Version', 'Id', 'Statement']);
  });

  it('offers statement elements not yet present, leaving out the excluded twin', () => {
    const got = labels(st(`"Effect": "Allow", "Action": "kms:Decrypt", "|"`));
    assert.deepEqual(got, ['Sid', 'Principal', 'NotPrincipal', 'Resource', 'NotResource', 'Condition']);
  });

  it('inserts a new member with its value skeleton, and a comma when one is needed', () => {
    assertValidJson(accept(st(`"Effect": "Allow", "|"`), 'Resource'));
    assert.equal(accept(st(`"Effect": "Allow", "|"`), 'Resource'), st(`"Effect": "Allow", "Resource": "*"`));
    assert.equal(accept(st(`| "Effect": "Allow"`), 'Resource'), st(`"Resource": "*", "Effect": "Allow"`));
    assertValidJson(accept(st(`"Effect": "Allow", "Co|"`), 'Condition'));
    assertValidJson(accept(st(`"Effect": "Allow", "Pr|"`), 'Principal'));
  });

  it('replaces only the key when a value already follows', () => {
    assert.equal(accept(st(`"Effe|": "Allow"`), 'Effect'), st(`"Effect": "Allow"`));
  });

  it('offers Effect and Version values, replacing the whole string', () => {
    assert.deepEqual(labels(st(`"Effect": "A|"`)), ['Allow', 'Deny']);
    assert.equal(accept(st(`"Effect": "Al|lo"`), 'Deny'), st(`"Effect": "Deny"`));
    assert.equal(accept(st(`"Effect": |`), 'Allow'), st(`"Effect": "Allow"`));
    assert.equal(accept('{"Version": "|"}', '2012-10-17'), '{"Version": "2012-10-17"}');
  });

  it('offers kms actions with details, key-policy-valid ones first, IAM-only ones marked', () => {
    const { items } = complete(st(`"Principal": {"AWS": "*"}, "Action": "kms:De|"`));
    const decrypt = items.find((i) => i.label === 'kms:Decrypt')!;
    assert.equal(decrypt.detail, 'Write · Read data');
    assert.match(decrypt.documentation!, /decrypt ciphertext/);
    const createKey = items.find((i) => i.label === 'kms:CreateKey')!;
    assert.match(createKey.detail!, /IAM policy only/);
    assert.ok(createKey.sortText! > decrypt.sortText!);
    assert.equal(items.length, 56 + 5, 'every action, and the wildcards kms:GenerateDataKey*, kms:ReEncrypt*, kms:Describe*, kms:Get*, kms:List*');
  });

  it('leaves out actions already listed, and accepting one keeps the array valid', () => {
    assert.ok(!labels(st(`"Action": ["kms:Encrypt", "|"]`)).includes('kms:Encrypt'));
    assert.equal(accept(st(`"Action": ["kms:Encrypt", "kms:De|"]`), 'kms:Decrypt'), st(`"Action": ["kms:Encrypt", "kms:Decrypt"]`));
  });

  it('completes a half-typed document that does not parse', () => {
    const out = accept('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Enc|', 'kms:Encrypt');
    assert.equal(out, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Encrypt"');
    assert.ok(labels('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "|').includes('Principal'));
  });

  it('offers condition operators and, for keys, those the statement\'s actions carry plus global keys', () => {
    assert.ok(labels(st(`"Action": "kms:Decrypt", "Condition": {"|"}`)).includes('StringEquals'));
    assert.ok(labels(st(`"Action": "kms:Decrypt", "Condition": {"|"}`)).includes('ForAnyValue:StringLike'));
    const keys = labels(st(`"Action": "kms:Decrypt", "Condition": {"StringEquals": {"|"}}`));
    assert.ok(keys.includes('kms:ViaService'));
    assert.ok(keys.includes('kms:EncryptionContext:<EncryptionContextKey>'));
    assert.ok(keys.includes('aws:PrincipalOrgID'));
    assert.ok(!keys.includes('kms:GrantIsForAWSResource'), 'Decrypt never carries kms:GrantIsForAWSResource');
    assert.ok(labels(st(`"Action": "kms:CreateGrant", "Condition": {"Bool": {"|"}}`)).includes('kms:GrantIsForAWSResource'));
    assertValidJson(accept(st(`"Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:V|"}}`), 'kms:ViaService'));
    assert.equal(
      accept(st(`"Action": "kms:Decrypt", "Condition": {"StringEquals": {"|"}}`), 'kms:EncryptionContext:<EncryptionContextKey>'),
      st(`"Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:EncryptionContext:EncryptionContextKey": ""}}`),
    );
    assertValidJson(accept(st(`"Action": "kms:Decrypt", "Condition": {"Str|"}`), 'StringEquals'));
  });

  it('offers principal types, service principals, and accounts from the settings', () => {
    assert.deepEqual(labels(st(`"Principal": {"|"}`)), ['AWS', 'Service', 'Federated']);
    assert.ok(labels(st(`"Principal": {"Service": "lo|"}`)).includes('logs.amazonaws.com'));
    const aws = complete(st(`"Principal": {"AWS": "|"}`)).items;
    const root = aws.find((i) => i.label === 'arn:aws:iam::111122223333:root')!;
    assert.equal(root.detail, 'payments-prod', 'the name part of the one account label');
    assert.equal(root.documentation, 'Anyone in account payments-prod 111122223333 whose IAM policy allows it.');
    assert.equal(accept(st(`"Principal": {"AWS": "|"}`), 'arn:aws:iam::…:role/…'), st(`"Principal": {"AWS": "arn:aws:iam::111122223333:role/name"}`));
    assert.deepEqual(labels(st(`"Principal": "|"`)), ['*']);
  });

  it('offers condition values where the key has a known set', () => {
    assert.deepEqual(labels(st(`"Action": "kms:CreateGrant", "Condition": {"Bool": {"kms:GrantIsForAWSResource": "|"}}`)), ['true', 'false']);
    assert.deepEqual(labels(st(`"Action": "kms:Decrypt", "Condition": {"StringEquals": {"kms:CallerAccount": "|"}}`)), ['111122223333']);
  });

  it('offers nothing in JSON files that are not policies', () => {
    assert.deepEqual(labels('{"name": "x", "|"}', 'package.json'), []);
  });

  it('filter text includes the quote the edit replaces', () => {
    const item = complete(st(`"Effect": "A|"`)).items[0];
    assert.equal(item.filterText, '"Allow"');
  });
});
