// Suggestions that change access, over the protocol: granting keyscope.deployerArn kms:PutKeyPolicy for
// lockout-risk, and writing an account of keyscope.accounts wherever a placeholder account is in the file.
// Each is one explicit click: never preferred, never part of source.fixAll, its title saying what changes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyLspEdits, suiteClient } from '../helpers/lsp-client';

const DEPLOYER = 'arn:aws:iam::111122223333:role/deployer';
const ACCOUNTS = { '111122223333': { name: 'orders-prod', stage: 'prod' }, '444455556666': { name: 'orders-dev', stage: 'dev' } };
const statement = (principal: string, action: string | string[], extra = '') =>
  `    {\n      "Effect": "Allow",\n      "Principal": { "AWS": "${principal}" },\n      "Action": ${JSON.stringify(action)},\n      "Resource": "*"${extra}\n    }`;
const policy = (...statements: string[]) => `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`;

describe('suggestions that change access, over the protocol', () => {
  const { client, dir } = suiteClient('keyscope-access-fixes-');
  let n = 0;
  before(() => {
    client().settings = { deployerArn: DEPLOYER, accounts: ACCOUNTS };
  });

  async function open(text: string, ext = 'kms.json'): Promise<{ uri: string; diags: Diagnostic[] }> {
    const uri = pathToFileURL(join(dir, `p${++n}.${ext}`)).href;
    await client().open(uri, ext === 'tf' ? 'terraform' : 'json', text);
    return { uri, diags: await client().diagnosticsFor(uri, 1) };
  }
  async function actions(uri: string, diags: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diags[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const res = await client().conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: diags, only } });
    return (res ?? []).filter((a): a is CodeAction => 'title' in a && 'edit' in a);
  }
  /** Applies `action`, sends the new text as version 2 and returns it with the new diagnostics. */
  async function apply(uri: string, text: string, action: CodeAction): Promise<{ text: string; diags: Diagnostic[] }> {
    const written = applyLspEdits(text, action.edit!.changes![uri]);
    await client().change(uri, 2, written);
    return { text: written, diags: await client().diagnosticsFor(uri, 2) };
  }

  it('lockout-risk for the deployer: a suggestion granting it kms:PutKeyPolicy, which clears the finding', async () => {
    const text = policy(statement('arn:aws:iam::111122223333:role/admin', ['kms:PutKeyPolicy', 'kms:DescribeKey']), statement('arn:aws:iam::111122223333:role/app', 'kms:Decrypt'));
    const { uri, diags } = await open(text);
    const lockout = diags.filter((d) => d.code === 'lockout-risk');
    assert.equal(lockout.length, 1, JSON.stringify(diags.map((d) => d.message)));
    const offered = await actions(uri, lockout);
    const grant = offered.find((a) => a.title.includes('deployer'))!;
    assert.equal(grant.title, `Suggestion: grant the deployer ${DEPLOYER} kms:PutKeyPolicy (gives ${DEPLOYER} the right to change this key's policy, and so any access to the key)`);
    assert.ok(!grant.isPreferred, 'never preferred');
    const fixAll = await actions(uri, lockout, ['source.fixAll.keyscope']);
    assert.ok(fixAll.every((a) => !JSON.stringify(a.edit).includes('role/deployer')), 'not applied on save');
    const after = await apply(uri, text, grant);
    const added = JSON.parse(after.text).Statement[2];
    assert.deepEqual(added, { Sid: 'Allow the deployer to update this policy', Effect: 'Allow', Principal: { AWS: DEPLOYER }, Action: 'kms:PutKeyPolicy', Resource: '*' });
    assert.deepEqual(after.diags.filter((d) => d.code === 'lockout-risk'), []);
  });

  it('lockout-risk when nobody keeps it: the AWS default root statement and the deployer grant, both suggestions', async () => {
    const { uri, diags } = await open(policy(statement('arn:aws:iam::111122223333:role/app', ['kms:Decrypt', 'kms:Encrypt'])));
    const offered = await actions(uri, diags.filter((d) => d.code === 'lockout-risk'));
    const titles = offered.filter((a) => a.title.startsWith('Suggestion:')).map((a) => a.title);
    assert.ok(titles.some((t) => t.startsWith('Suggestion: add the AWS default statement')), `${titles}`);
    assert.ok(titles.some((t) => t.startsWith(`Suggestion: grant the deployer ${DEPLOYER}`)), `${titles}`);
    assert.ok(offered.every((a) => !a.isPreferred));
  });

  it('no deployer grant where a Deny removes kms:PutKeyPolicy: a grant would not lift it', async () => {
    const deny = `    {\n      "Effect": "Deny",\n      "Principal": "*",\n      "Action": "kms:PutKeyPolicy",\n      "Resource": "*"\n    }`;
    const { uri, diags } = await open(policy(statement('arn:aws:iam::111122223333:root', 'kms:*'), deny));
    const lockout = diags.filter((d) => d.code === 'lockout-risk');
    assert.ok(lockout.length >= 1);
    assert.deepEqual((await actions(uri, lockout)).filter((a) => a.title.includes('deployer')), []);
  });

  it('placeholder-value: one suggestion per configured account, replacing the placeholder everywhere in the file', async () => {
    const text = policy(
      statement('arn:aws:iam::YOUR_ACCOUNT_ID:root', 'kms:*'),
      statement('arn:aws:iam::YOUR_ACCOUNT_ID:role/app', 'kms:Decrypt', ',\n      "Condition": { "StringEquals": { "kms:CallerAccount": "YOUR_ACCOUNT_ID" } }'),
    );
    const { uri, diags } = await open(text);
    const found = diags.filter((d) => d.code === 'placeholder-value');
    assert.equal(found.length, 1, JSON.stringify(diags.map((d) => [d.code, d.message])));
    const replace = (await actions(uri, found)).filter((a) => a.title.includes('placeholder account'));
    assert.deepEqual(replace.map((a) => a.title), [
      'Suggestion: replace placeholder account YOUR_ACCOUNT_ID with 111122223333 (orders-prod, prod) everywhere in this file (3 places: the principals and conditions written with it then name account 111122223333)',
      'Suggestion: replace placeholder account YOUR_ACCOUNT_ID with 444455556666 (orders-dev, dev) everywhere in this file (3 places: the principals and conditions written with it then name account 444455556666)',
    ]);
    assert.ok(replace.every((a) => !a.isPreferred));
    const fixAll = await actions(uri, found, ['source.fixAll.keyscope']);
    assert.ok(fixAll.every((a) => !JSON.stringify(a.edit).includes('444455556666')), 'not applied on save');
    const after = await apply(uri, text, replace[1]);
    assert.ok(!after.text.includes('YOUR_ACCOUNT_ID'));
    assert.equal(after.text.split('444455556666').length - 1, 3);
    assert.deepEqual(after.diags.filter((d) => d.code === 'placeholder-value'), []);
  });

  it('placeholder-value in Terraform: an escaped $${AWS::AccountId} is replaced whole, and the key stays valid HCL', async () => {
    const text = 'resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::$${AWS::AccountId}:root" }\n      Action    = "kms:*"\n      Resource  = "*"\n    }]\n  })\n}\n';
    const { uri, diags } = await open(text, 'tf');
    const found = diags.filter((d) => d.code === 'placeholder-value');
    assert.equal(found.length, 1, JSON.stringify(diags.map((d) => [d.code, d.message])));
    const replace = (await actions(uri, found)).find((a) => a.title.includes('with 111122223333'))!;
    assert.ok(replace, 'offered');
    const after = await apply(uri, text, replace);
    assert.ok(after.text.includes('AWS = "arn:aws:iam::111122223333:root"'), after.text);
    assert.deepEqual(after.diags.filter((d) => d.code === 'placeholder-value' || String(d.code).endsWith('syntax')), []);
  });
});
