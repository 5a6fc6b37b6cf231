// "Keyscope: Compare Access with HEAD" in a real VS Code (code-server) through Chromium: the workspace is made
// a git repository, a key policy is changed on disk after the commit, and the editor shows what the change
// gives away, in the CodeLens above the key and in the matrix panel. Screenshots under test-results/.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { poll } from '../../scripts/e2e/code-server';
import { contributedCommand } from './manifest';
import { editorSuite } from './suite';
import { git } from '../helpers/git';

const POLICY = 'keys/orders.kms.json';

/** The analyst role of main.tf's module and its identity policy on the orders key, allowing `action`. */
const IAM = (action: string) => `resource "aws_iam_role" "analyst" {
  name               = "analyst"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "analyst" {
  role = aws_iam_role.analyst.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "Orders", Effect = "Allow", Action = "${action}", Resource = aws_kms_key.orders.arn }]
  })
}
`;


describe('Keyscope compares access with a git revision (code-server)', { timeout: 600_000 }, () => {
  const suite = editorSuite();
  const test = suite.test;

  /**
   * Opens `file`, checks the "vs HEAD:" CodeLens against `lens`, runs Compare Access with HEAD and waits for the
   * banner to say who gains access; checks that role/analyst's new cells are marked, leaves the comparison and
   * returns the banner's text. Screenshots: the CodeLens, then the panel.
   */
  async function compareWithHead(file: string, lens: RegExp, lensShot: string, panelShot: string): Promise<string> {
    await suite.wb.openFile(file);
    await suite.wb.hideSideBarAndPanel();
    const lenses = await suite.wb.codeLenses('vs HEAD:');
    await suite.wb.screenshot(lensShot);
    assert.ok(lenses.some((l) => lens.test(l)), JSON.stringify(lenses));
    await suite.wb.runCommand(contributedCommand('keyscope.compareAccess')!);
    const frame = suite.wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const banner = await poll('the comparison banner', async () => {
      const t = await frame.locator('.diff-banner').innerText({ timeout: 2000 });
      return t.includes('can now') ? t : undefined;
    }, 60_000, 500);
    assert.match(banner, /Compared with HEAD \([0-9a-f]{12}\)/);
    const analyst = frame.locator('tbody tr', { hasText: 'role/analyst' }).first();
    assert.ok((await analyst.locator('button.cell.diff-new').count()) >= 1, 'the analyst\'s new cells are marked');
    await suite.wb.screenshot(panelShot);
    await frame.getByRole('button', { name: 'Stop comparing' }).click();
    await poll('the plain matrix', async () => ((await frame.locator('.diff-banner').count()) === 0 ? true : undefined), 30_000, 500);
    return banner;
  }

  test('an uncommitted change: the CodeLens says who gains access, the panel shows it cell by cell', async () => {
    const command = contributedCommand('keyscope.compareAccess');
    assert.ok(command, 'package.json contributes keyscope.compareAccess');
    const ws = suite.cs.workspace;
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'keys');
    // The change under review: an analyst role may now decrypt with the orders key.
    const file = join(ws, POLICY);
    const text = readFileSync(file, 'utf8');
    const changed = text.replace('"arn:aws:iam::111122223333:role/orders-app"', '["arn:aws:iam::111122223333:role/orders-app", "arn:aws:iam::111122223333:role/analyst"]');
    assert.notEqual(changed, text);
    writeFileSync(file, changed);

    const banner = await compareWithHead(POLICY, /vs HEAD: \+ role\/analyst: .*Encrypt/, '20-compare-codelens', '21-compare-matrix');
    assert.match(banner, /role\/analyst \(111122223333\) can now Encrypt/);
  });

  test('a change to an identity policy alone: the Terraform key\'s CodeLens and the panel show the role that gains access through IAM', async () => {
    const ws = suite.cs.workspace;
    // The base: everything committed, with the analyst's policy allowing DescribeKey only.
    writeFileSync(join(ws, 'iam.tf'), IAM('kms:DescribeKey'));
    git(ws, 'add', '-A');
    git(ws, 'commit', '-q', '-m', 'analyst');
    // The change under review touches iam.tf only: the analyst may now decrypt with the orders key.
    writeFileSync(join(ws, 'iam.tf'), IAM('kms:Decrypt'));

    const banner = await compareWithHead('main.tf', /vs HEAD: \+ role\/analyst: .*Decrypt/, '22-compare-identity-codelens', '23-compare-identity-matrix');
    assert.match(banner, /role\/analyst \(this account\) can now Decrypt/);
    assert.match(banner, /through IAM: aws_iam_role_policy\.analyst at iam\.tf:10 allows it/);
  });
});
