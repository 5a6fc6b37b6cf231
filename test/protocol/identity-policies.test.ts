import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { ACCESS_REQUEST, type AccessResult } from '../../server/src/lsp/protocol';
import { suiteDocument } from '../helpers/lsp-client';
import { ANALYST, ANALYST_POLICY, ANALYST_ROLE, DELEGATING_KEY } from '../fixtures/identity-policies';

const KEY = DELEGATING_KEY;
const IAM = ANALYST_ROLE + '\n' + ANALYST_POLICY;
/** The analyst's role and policy in a folder of their own, on any key. */
const IAM_ELSEWHERE = IAM.replace('[aws_kms_key.orders.arn]', '["*"]');

describe('identity policies of the module over the protocol', () => {
  const { dir, uri, client } = suiteDocument('keyscope-lsp-iam-', { 'keys.tf': KEY, 'iam.tf': IAM }, { name: 'keys.tf', languageId: 'terraform' });

  it('the matrix has the role of iam.tf with an iam-allow cell linked to the statement in that file', async () => {
    const r = (await client().conn.sendRequest(ACCESS_REQUEST, { uri })) as AccessResult;
    const m = r.matrices[0];
    const analyst = m.rows.find((x) => x.label === ANALYST);
    assert.ok(analyst, m.rows.map((x) => x.label).join(', '));
    const d = analyst.actions['kms:Decrypt'];
    assert.equal(d.value, 'iam-allow');
    assert.equal(d.iam?.policy, 'aws_iam_role_policy.analyst');
    assert.equal(d.iam?.statement, '"ReadOrders"');
    assert.equal(d.iam?.uri, pathToFileURL(join(dir, 'iam.tf')).href);
    assert.equal(d.iam?.line, IAM.split('\n').findIndex((l) => l.includes('statement {')));
    assert.match(d.note!, /^allowed: the key policy delegates to IAM, and aws_iam_role_policy.analyst at iam.tf:14 \(statement "ReadOrders"\) allows it$/);
    assert.equal(analyst.actions['kms:Encrypt'].value, 'iam');
    assert.deepEqual(analyst.capabilities.readData.mixed, { 'iam-allow': 1, iam: 1 });
  });

  it('the CodeLens counts the role among those that can decrypt', async () => {
    const lenses = (await client().conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.match(lenses[0].command!.title, /2 can decrypt/);
  });
});

describe('identity policies of another folder of the workspace over the protocol', () => {
  const { dir, uri, client } = suiteDocument('keyscope-lsp-iam-ws-', { 'kms/keys.tf': KEY, 'apps/analyst/iam.tf': IAM_ELSEWHERE }, { name: 'kms/keys.tf', languageId: 'terraform' });
  const policy = join(dir, 'apps', 'analyst', 'iam.tf');

  it('the role of apps/analyst has its row, conditional on that folder deploying to the key\'s account, linked to its statement', async () => {
    const r = (await client().conn.sendRequest(ACCESS_REQUEST, { uri })) as AccessResult;
    const m = r.matrices[0];
    const analyst = m.rows.find((x) => x.label === 'role/analyst (account of apps/analyst)');
    assert.ok(analyst, m.rows.map((x) => x.label).join(', '));
    const d = analyst.actions['kms:Decrypt'];
    assert.equal(d.value, 'conditional');
    assert.equal(d.iam?.uri, pathToFileURL(policy).href);
    assert.equal(d.iam?.line, IAM_ELSEWHERE.split('\n').findIndex((l) => l.includes('statement {')));
    assert.match(d.note!, /^if apps\/analyst deploys to the key's account .*aws_iam_role_policy\.analyst at apps\/analyst\/iam\.tf:14 \(statement "ReadOrders"\) allows it$/);
  });
});

describe("the key's account from the provider over the protocol", () => {
  const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111122223333"]\n}\n';
  const files = { 'kms/keys.tf': KEY, 'kms/providers.tf': PROVIDER, 'apps/analyst/providers.tf': PROVIDER, 'apps/analyst/iam.tf': IAM_ELSEWHERE };
  const { uri, client } = suiteDocument('keyscope-lsp-iam-provider-', files, { name: 'kms/keys.tf', languageId: 'terraform' });

  it("the header names the provider's account, and the role of a folder deploying there is decided", async () => {
    const r = (await client().conn.sendRequest(ACCESS_REQUEST, { uri })) as AccessResult;
    const m = r.matrices[0];
    assert.equal(m.keyAccountText, "111122223333, the account Terraform deploys to, as its provider's allowed_account_ids states it");
    const analyst = m.rows.find((x) => x.label === ANALYST);
    assert.ok(analyst, m.rows.map((x) => x.label).join(', '));
    assert.equal(analyst.actions['kms:Decrypt'].value, 'iam-allow');
    assert.match(analyst.actions['kms:Decrypt'].note!, /at apps\/analyst\/iam\.tf:14/);
  });
});
