import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { ACCESS_REQUEST, type AccessResult } from '../../server/src/lsp/protocol';
import { TestClient } from '../helpers/lsp-client';
import { ANALYST, ANALYST_POLICY, ANALYST_ROLE, DELEGATING_KEY } from '../fixtures/identity-policies';

const KEY = DELEGATING_KEY;
const IAM = ANALYST_ROLE + '\n' + ANALYST_POLICY;

describe('identity policies of the module over the protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-lsp-iam-'));
  const file = join(dir, 'keys.tf');
  const uri = pathToFileURL(file).href;
  let client: TestClient;

  before(async () => {
    writeFileSync(file, KEY);
    writeFileSync(join(dir, 'iam.tf'), IAM);
    client = new TestClient();
    await client.initialize(dir);
    await client.open(uri, 'terraform', KEY);
    await client.diagnosticsFor(uri, 1);
  });
  after(() => client.close());

  it('the matrix has the role of iam.tf with an iam-allow cell linked to the statement in that file', async () => {
    const r = (await client.conn.sendRequest(ACCESS_REQUEST, { uri })) as AccessResult;
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
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.match(lenses[0].command!.title, /2 can decrypt/);
  });
});

describe('identity policies of another folder of the workspace over the protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-lsp-iam-ws-'));
  const file = join(dir, 'kms', 'keys.tf');
  const uri = pathToFileURL(file).href;
  const policy = join(dir, 'apps', 'analyst', 'iam.tf');
  const IAM_ELSEWHERE = (ANALYST_ROLE + '\n' + ANALYST_POLICY).replace('[aws_kms_key.orders.arn]', '["*"]');
  let client: TestClient;

  before(async () => {
    mkdirSync(join(dir, 'kms'));
    mkdirSync(join(dir, 'apps', 'analyst'), { recursive: true });
    writeFileSync(file, KEY);
    writeFileSync(policy, IAM_ELSEWHERE);
    client = new TestClient();
    await client.initialize(dir);
    await client.open(uri, 'terraform', KEY);
    await client.diagnosticsFor(uri, 1);
  });
  after(() => client.close());

  it('the role of apps/analyst has its row, conditional on that folder deploying to the key\'s account, linked to its statement', async () => {
    const r = (await client.conn.sendRequest(ACCESS_REQUEST, { uri })) as AccessResult;
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
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-lsp-iam-provider-'));
  const file = join(dir, 'kms', 'keys.tf');
  const uri = pathToFileURL(file).href;
  const PROVIDER = 'provider "aws" {\n  allowed_account_ids = ["111122223333"]\n}\n';
  let client: TestClient;

  before(async () => {
    mkdirSync(join(dir, 'kms'));
    mkdirSync(join(dir, 'apps', 'analyst'), { recursive: true });
    writeFileSync(file, KEY);
    writeFileSync(join(dir, 'kms', 'providers.tf'), PROVIDER);
    writeFileSync(join(dir, 'apps', 'analyst', 'providers.tf'), PROVIDER);
    writeFileSync(join(dir, 'apps', 'analyst', 'iam.tf'), (ANALYST_ROLE + '\n' + ANALYST_POLICY).replace('[aws_kms_key.orders.arn]', '["*"]'));
    client = new TestClient();
    await client.initialize(dir);
    await client.open(uri, 'terraform', KEY);
    await client.diagnosticsFor(uri, 1);
  });
  after(() => client.close());

  it("the header names the provider's account, and the role of a folder deploying there is decided", async () => {
    const r = (await client.conn.sendRequest(ACCESS_REQUEST, { uri })) as AccessResult;
    const m = r.matrices[0];
    assert.equal(m.keyAccountText, "111122223333, the account Terraform deploys to, as its provider's allowed_account_ids states it");
    const analyst = m.rows.find((x) => x.label === ANALYST);
    assert.ok(analyst, m.rows.map((x) => x.label).join(', '));
    assert.equal(analyst.actions['kms:Decrypt'].value, 'iam-allow');
    assert.match(analyst.actions['kms:Decrypt'].note!, /at apps\/analyst\/iam\.tf:14/);
  });
});
