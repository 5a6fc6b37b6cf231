// The access-matrix panel in a real VS Code (code-server) through Chromium, at the default window size with the
// side bar open: nothing clipped, what-if principals per key, pinning a key, copying it as Markdown, and the
// last valid matrix kept while the policy has a syntax error. Screenshots under test-results/.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { poll } from '../../scripts/e2e/code-server';
import { contributedCommand } from './manifest';
import { editorSuite } from './suite';

describe('the access matrix beside the editor (code-server)', { timeout: 600_000 }, () => {
  const suite = editorSuite();
  const test = suite.test;
  const frame = () => suite.wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const sections = () => frame().locator('section[aria-label]').evaluateAll((s) => s.map((x) => x.getAttribute('aria-label')));

  test('fits beside the editor, keeps what-if principals per key, pins a key and copies it as Markdown', async () => {
    const page = suite.wb.page;
    await suite.wb.openFile('main.tf');
    await suite.wb.runCommand(contributedCommand('keyscope.showAccess')!);
    await poll('both keys of main.tf in the matrix', async () => (await sections()).includes('aws_kms_key.orders') || undefined, 60_000, 500);
    const orders = frame().locator('section[aria-label="aws_kms_key.orders"]');
    await orders.locator('table.matrix').waitFor();
    // The panel beside the editor at VS Code's default size: no column clipped, nothing to scroll sideways.
    const overflow = await orders.evaluate((s) => {
      const doc = s.ownerDocument.documentElement;
      const clipped = Array.from(s.querySelectorAll('th, td, button.cell')).filter((e) => e.scrollWidth > e.clientWidth + 1).length;
      return { page: doc.scrollWidth - doc.clientWidth, clipped, width: doc.clientWidth };
    });
    assert.deepEqual({ page: overflow.page, clipped: overflow.clipped }, { page: 0, clipped: 0 }, `panel ${overflow.width}px wide`);
    assert.match(await orders.locator('h2 .key-account').innerText(), /^account /);
    await suite.wb.screenshot('30-matrix-beside-editor');

    // A what-if principal for the orders key only.
    const outsider = 'arn:aws:iam::444455556666:role/outsider';
    await orders.locator('input[id^="whatif-"]').fill(outsider);
    await orders.locator('input[id^="whatif-"]').press('Enter');
    await poll('the what-if row of the orders key', async () => (await orders.locator('tr.whatif-row', { hasText: 'outsider' }).count()) > 0 || undefined, 30_000, 500);
    const others = (await sections()).filter((n) => n !== 'aws_kms_key.orders');
    assert.ok(others.length > 0, 'main.tf has other keys');
    for (const name of others) assert.equal(await frame().locator(`section[aria-label="${name}"] tr.whatif-row`).count(), 0, `no what-if row in ${name}`);

    // Pinned: the panel stays on the orders key when another policy is opened.
    await orders.getByRole('button', { name: 'Pin' }).click();
    await poll('the orders key alone', async () => JSON.stringify(await sections()) === '["aws_kms_key.orders"]' || undefined, 30_000, 500);
    // The other policy opens in the first editor group, beside the panel (not over it).
    await page.keyboard.press('Control+1');
    await suite.wb.openFile('keys/orders.kms.json');
    await suite.wb.activeEditor('orders.kms.json');
    await poll('the pinned title', async () => (await page.locator('.tab', { hasText: '(pinned)' }).count()) > 0 || undefined, 30_000, 500);
    await poll('the panel still on the orders key', async () => JSON.stringify(await sections()) === '["aws_kms_key.orders"]' || undefined, 30_000, 500);
    await suite.wb.screenshot('31-matrix-pinned');

    // Copy as Markdown: the server writes it with the CLI's formatter; the status bar says it was copied.
    await frame().getByRole('button', { name: 'Copy as Markdown' }).click();
    await poll('the copied message', async () => (await page.locator('.statusbar', { hasText: 'copied the access matrix of aws_kms_key.orders as Markdown' }).count()) > 0 || undefined, 30_000, 500);

    // Unpinned: back to the active editor's policy.
    await frame().getByRole('button', { name: 'Unpin' }).click();
    await poll('the matrix of orders.kms.json', async () => JSON.stringify(await sections()) === '["orders.kms.json"]' || undefined, 30_000, 500);
  });

  test('keeps the last valid matrix while the policy has a syntax error, and says so', async () => {
    await suite.wb.openFile('keys/orders.kms.json');
    await suite.wb.runCommand(contributedCommand('keyscope.showAccess')!);
    const section = frame().locator('section[aria-label="orders.kms.json"]');
    await poll('the matrix of orders.kms.json', async () => (await section.locator('table.matrix tbody tr[data-row]').count()) > 0 || undefined, 60_000, 500);
    const rows = await section.locator('table.matrix tbody tr[data-row]').count();
    // Mid-edit: a quote typed after "Effect": "Allow" leaves the JSON broken.
    await suite.wb.goTo(7, 24);
    await suite.wb.page.keyboard.type('"');
    await poll('the syntax-error banner', async () => (await section.getByText('The policy has syntax errors: showing the last valid version.').count()) > 0 || undefined, 60_000, 500);
    assert.equal(await section.locator('table.matrix tbody tr[data-row]').count(), rows, 'the last valid matrix, not an error-recovered one');
    await suite.wb.screenshot('32-matrix-syntax-error');
    await suite.wb.page.keyboard.press('Backspace');
    await poll('the banner gone once it parses', async () => (await section.getByText('The policy has syntax errors').count()) === 0 || undefined, 60_000, 500);
  });
});
