// "Keyscope: New key policy…" in a real VS Code (code-server), answered through the quick picks and input
// boxes as a user would: an Application key for billing in prod, written as a file, then its access matrix.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { poll, startCodeServer, type CodeServer } from '../../scripts/e2e/code-server';
import { generatePolicy } from '../../server/src/generate';
import { engineMatrix, FIXTURE } from './expected';
import { contributedCommand } from './manifest';
import { Workbench } from './workbench';

const A = '111122223333';
const CI = `arn:aws:iam::${A}:role/ci-deployer`;
const APP = `arn:aws:iam::${A}:role/billing-app`;

describe('"Keyscope: New key policy…" in VS Code (code-server)', { timeout: 600_000 }, () => {
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;

  before(async () => {
    cs = await startCodeServer(FIXTURE);
    wb = await Workbench.open(cs.url, { folder: cs.workspace });
  });

  after(async () => {
    await wb?.close();
    await cs?.stop();
  });

  /** Waits for the quick input of `step` ("(3/9)"), then types `text` and, unless told otherwise, presses Enter. */
  async function answer(step: string, text: string | undefined, enter = true): Promise<void> {
    const page = wb!.page;
    await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ timeout: 20_000 });
    const input = page.locator('.quick-input-widget input');
    if (text !== undefined) await input.fill(text);
    if (enter) await page.keyboard.press('Enter');
  }

  it('writes an Application key policy, refusing a 10-digit account, and shows who can do what', async () => {
    const command = contributedCommand('keyscope.newKeyPolicy');
    assert.equal(command, 'Keyscope: New key policy…');
    const page = wb!.page;
    try {
      // The palette lists the command once the extension host has read the contributions.
      await poll('the command in the palette', async () => {
        await page.keyboard.press('Escape');
        await wb!.runCommand(command);
        return true;
      }, 90_000, 1000);
      await answer('(1/9)', 'Application');
      await answer('(2/9)', 'prod');
      await answer('(3/9)', '1111222233', false);
      const message = page.locator('.quick-input-widget .quick-input-message');
      await poll('the account box to refuse 10 digits', async () => (await message.innerText()).includes('has 10'), 10_000);
      await wb!.screenshot('new-policy-01-account-refused');
      await answer('(3/9)', A);
      await answer('(4/9)', CI);
      await answer('(5/9)', APP);
      await answer('(6/9)', undefined); // the writers box proposes the readers
      await answer('(7/9)', 'billing');
      await answer('(8/9)', 'JSON key policy');
      await answer('(9/9)', 'Save as a new file');
      // VS Code's own save dialog (a quick input in code-server), proposing <workspace>/billing-prod.kms.json.
      const path = join(cs!.workspace, 'billing-prod.kms.json');
      await poll('the save dialog to propose billing-prod.kms.json', async () => (await page.locator('.quick-input-widget input').inputValue()).endsWith('billing-prod.kms.json'), 20_000);
      await page.keyboard.press('Enter');
      const written = await poll('the policy on disk', () => {
        try {
          return readFileSync(path, 'utf8');
        } catch {
          return undefined;
        }
      }, 30_000);
      const expected = generatePolicy({ scope: 'app', stage: 'prod', account: A, scopeName: 'billing', admins: [CI], readers: [APP], writers: [APP], format: 'json' });
      assert.equal(written, expected.text);
      // Opened as a tab of its own, not a preview (an italic title) the next file would replace.
      const tab = page.locator('.tabs-container .tab.active', { hasText: 'billing-prod.kms.json' });
      await tab.waitFor({ timeout: 30_000 });
      assert.equal(await tab.locator('.monaco-icon-label.italic').count(), 0);

      // The command opens the effective-access matrix of what it wrote.
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const cell = (who: string, cap: string) => frame.locator('table.matrix tbody tr[data-row]', { hasText: who }).locator(`button.cell[data-cap="${cap}"]`).first().getAttribute('data-value');
      await poll('the matrix of the new policy', async () => (await cell('billing-app', 'readData')) === 'allow', 60_000, 500);
      await wb!.screenshot('new-policy-02-matrix');
      const engine = engineMatrix('billing-prod.kms.json', written);
      const app = engine.find((r) => r.label.includes('billing-app'))!;
      const admin = engine.find((r) => r.label.includes('ci-deployer'))!;
      assert.equal(await cell('billing-app', 'writeData'), app.cells.writeData);
      assert.equal(await cell('ci-deployer', 'administer'), admin.cells.administer);
      assert.equal(await cell('ci-deployer', 'readData'), 'none');
    } catch (e) {
      await wb!.screenshot('failed-new-policy').catch(() => undefined);
      throw e;
    }
  });

  it('inserts statements into a jsonencode Statement list, with Back, remembered answers and short role names', async () => {
    const page = wb!.page;
    try {
      await page.keyboard.press('Escape');
      await wb!.closeAllEditors();
      await wb!.openFile('main.tf');
      await wb!.activeEditor('main.tf');
      // After the last statement of aws_kms_key.orders, before the list's closing bracket.
      const lines = readFileSync(join(cs!.workspace, 'main.tf'), 'utf8').split('\n');
      const close = lines.findIndex((l, i) => l === '    ]' && lines[i - 1] === '      },');
      await wb!.goTo(close, lines[close - 1].length + 1);
      await wb!.runCommand(contributedCommand('keyscope.newKeyPolicy')!);
      await answer('(1/9)', 'Application');
      await answer('(2/9)', 'prod');
      await answer('(3/9)', A);
      await answer('(4/9)', 'ci-deployer');
      await answer('(5/9)', 'orders-processor', false);
      // Back to the administrators: the box still holds what was typed.
      await page.locator('.quick-input-widget .codicon-quick-input-back').click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: '(4/9)' }).waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('.quick-input-widget input').inputValue(), 'ci-deployer');
      await answer('(4/9)', undefined);
      await answer('(5/9)', 'orders-processor');
      await answer('(6/9)', 'orders-processor');
      // The name box proposes the last run's name, never one guessed from the reader's role.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: '(7/9)' }).waitFor({ timeout: 20_000 });
      assert.equal(await page.locator('.quick-input-widget input').inputValue(), 'billing');
      await answer('(7/9)', 'orders');
      await answer('(8/9)', 'jsonencode');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: '(9/9)' }).waitFor({ timeout: 20_000 });
      const insert = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Insert at the cursor' });
      assert.match(await insert.innerText(), /the statements into the Statement list of aws_kms_key\.orders/);
      await wb!.screenshot('new-policy-03-insert-offered');
      await answer('(9/9)', 'Insert at the cursor');
      // The matrix of the edited file: the short names read in the account, inside the key's own policy.
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const orders = frame.locator('section[aria-label="aws_kms_key.orders"]');
      const cell = (who: string, cap: string) => orders.locator('table.matrix tbody tr[data-row]', { hasText: who }).locator(`button.cell[data-cap="${cap}"]`).first().getAttribute('data-value');
      await poll('the inserted statements in the matrix', async () => (await cell('role/orders-processor (111122223333)', 'readData')) === 'allow', 60_000, 500);
      assert.equal(await cell('role/ci-deployer (111122223333)', 'administer'), 'allow');
      await wb!.screenshot('new-policy-04-inserted');
    } catch (e) {
      await wb!.screenshot('failed-new-policy-insert').catch(() => undefined);
      throw e;
    }
  });
});
