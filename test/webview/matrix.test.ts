import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { matrixPage } from '../../client/src/matrix/html';
import { accessResult } from '../../server/src/lsp/access';
import { accessKeys } from '../../server/src/service';
import { diffKeys } from '../../server/src/lsp/access-diff';
import type { AccessDiffResult, AccessResult } from '../../server/src/lsp/protocol';
import { createKeyscope } from '../../server/src/service';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { manyPrincipalsPolicy } from '../../scripts/bench-inputs';
import { launchChromium, NO_CHROMIUM } from '../helpers/chromium';
import { memoryHost } from '../helpers/terraform';
import { initTerraform } from '../../server/src/terraform';
import { ANALYST, ANALYST_POLICY, ANALYST_ROLE, DELEGATING_KEY } from '../fixtures/identity-policies';

const ROOT = join(__dirname, '..', '..');
const ORIGIN = 'https://keyscope.test';
const EVIL = '<img src=x onerror=alert(1)>';

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: ['kms:PutKeyPolicy', 'kms:DescribeKey'], Resource: '*' },
      { Sid: 'App', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } },
      { Sid: EVIL, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' }, Action: 'kms:DescribeKey', Resource: '*' },
    ],
  },
  null,
  2,
);

/** The real server-side result for POLICY, as the webview receives it. */
function result(whatIf: string[] = [EVIL], text = POLICY): AccessResult {
  const doc = TextDocument.create('file:///ws/app.kms.json', 'json', 1, text);
  const engine = createKeyscope();
  try {
    const analysis = engine.analyze({ path: '/ws/app.kms.json', text, force: true });
    return accessResult(doc, engine, analysis, DEFAULT_SETTINGS, whatIf);
  } finally {
    engine.dispose();
  }
}

/** Serves the webview's page (its HTML, matrix.js and matrix.css from the repository) and opens it. */
async function load(page: Page): Promise<void> {
  const html = matrixPage({ cspSource: ORIGIN, nonce: 'testnonce123', scriptUri: `${ORIGIN}/media/matrix.js`, styleUri: `${ORIGIN}/media/matrix.css` });
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: html });
    if (url.pathname.startsWith('/media/')) return route.fulfill({ contentType: url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(join(ROOT, url.pathname)) });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
}

/** Sends the page a message as the extension host would. */
function post(page: Page, r: AccessResult): Promise<unknown> {
  return page.evaluate(`window.postMessage({ type: 'update', result: ${JSON.stringify(r)} }, '*')`);
}

/** Where each character of `part` stands in reading order (line, then left edge), in the first text node under `at` that holds it. */
function xPositions(at: Locator, part: string): Promise<number[]> {
  return at.evaluate((e, p) => {
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    let node: Node | null;
    while ((node = walker.nextNode()) && !node.textContent!.includes(p));
    const start = node!.textContent!.indexOf(p);
    return [...p].map((_, i) => {
      const r = document.createRange();
      r.setStart(node!, start + i);
      r.setEnd(node!, start + i + 1);
      // In reading order: a narrow column may wrap the label, and a wrapped line comes after the one above.
      const box = r.getBoundingClientRect();
      return Math.round(box.top) * 100000 + box.left;
    });
  }, part);
}

/** Messages the page posted to the extension host. */
function messages(page: Page): Promise<unknown[]> {
  return page.evaluate('window.__messages') as Promise<unknown[]>;
}

describe('access matrix webview in Chromium', { skip: NO_CHROMIUM }, () => {
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const cspErrors: string[] = [];

  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => /Content Security Policy|Refused/.test(m.text()) && cspErrors.push(m.text()));
    // The VS Code webview API, recorded: messages posted by the page and its saved state.
    // A string, not a function: the test's own code is transformed and must not be serialised into the page.
    await page.addInitScript(`
      window.__messages = [];
      window.__state = undefined;
      window.acquireVsCodeApi = function () {
        return {
          postMessage: function (m) { window.__messages.push(m); },
          getState: function () { return window.__state; },
          setState: function (s) { window.__state = s; },
        };
      };
    `);
    await load(page);
    await post(page, result());
    await page.waitForSelector('table.matrix');
  });

  after(async () => {
    await browser?.close();
  });

  it('announces itself ready', async () => {
    const msgs = (await messages(page)) as { type: string }[];
    assert.equal(msgs[0].type, 'ready');
  });

  it('renders a row per principal and a cell per capability', async () => {
    const rows = await page.locator('table.matrix tbody tr').count();
    const r = result();
    assert.equal(rows, r.matrices[0].rows.length);
    assert.equal(await page.locator('table.matrix tbody button.cell').count(), rows * 5);
    // The key's account in the header; how it was decided on hover.
    const account = page.locator('h2 .key-account');
    assert.equal(await account.innerText(), 'account 111122223333');
    assert.equal(await account.getAttribute('title'), 'Key account: 111122223333, the account of its administrators (roles and users granted kms:PutKeyPolicy)');
    const appRow = page.locator('tbody tr', { hasText: 'role/app' }).first();
    assert.equal(await appRow.locator('button.cell[data-cap="readData"]').getAttribute('data-value'), 'conditional');
    assert.equal(await appRow.locator('button.cell[data-cap="destroy"]').getAttribute('data-value'), r.matrices[0].rows.find((x) => x.id.endsWith('role/app'))!.capabilities.destroy.value);
  });

  it('says "allowed (all)" only when every action of the capability is allowed, and counts each value otherwise', async () => {
    // The account root is granted everything (via IAM for its roles); the admin role is named for PutKeyPolicy only.
    const mixed = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: ['kms:PutKeyPolicy', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:Verify', 'kms:VerifyMac', 'kms:DeriveSharedSecret'], Resource: '*' },
      ],
    });
    const r = result([], mixed);
    const admin = r.matrices[0].rows.find((x) => x.id.endsWith('role/admin'))!;
    const total = admin.capabilities.administer.total;
    await post(page, r);
    try {
      const row = page.locator('tbody tr', { hasText: 'role/admin' }).first();
      const administer = row.locator('button.cell[data-cap="administer"]');
      await page.waitForFunction(() => !document.body.innerText.includes('role/app'));
      assert.equal(await administer.getAttribute('aria-label'), `role/admin (111122223333): Administer: allowed 1, via IAM ${total - 1} of ${total}`);
      assert.equal((await administer.innerText()).trim(), `✔ allowed 1 · via IAM ${total - 1} of ${total}`);
      const readData = row.locator('button.cell[data-cap="readData"]');
      assert.equal(await readData.getAttribute('aria-label'), 'role/admin (111122223333): Read data: allowed, all');
    } finally {
      await post(page, result());
      await page.waitForSelector('tbody tr:has-text("role/app")');
    }
  });

  it('shows policy-derived strings as text and runs no injected script', async () => {
    const text = await page.locator('table.matrix').innerText();
    assert.ok(text.includes(EVIL), 'the what-if principal is shown literally');
    await page.locator('tbody tr', { hasText: 'role/reader' }).first().locator('button.cell[data-cap="readConfig"]').click();
    assert.ok((await page.locator('tr.details', { hasText: 'role/reader' }).innerText()).includes(EVIL), 'the Sid is shown literally');
    assert.equal(await page.locator('main img').count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(cspErrors, []);
  });

  it('shows bidi and invisible characters as visible marks and never lays a principal out reversed', async () => {
    const bidi = 'arn:aws:iam::111122223333:role/\u202eabcd\u200b';
    await post(page, result([EVIL, bidi]));
    const row = page.locator('tbody tr.whatif-row', { hasText: 'U+202E' });
    await row.waitFor();
    const label = row.locator('th .label');
    const text = await label.innerText();
    assert.ok(text.includes('role/U+202Eabcd'), text);
    assert.ok(!/[\u202e\u200b]/.test(await page.locator('main').innerText()), 'no raw bidi or zero-width character in the page text');
    assert.equal(await label.locator('span.ctl').count(), 2);
    assert.equal(await label.locator('span.ctl').first().getAttribute('title'), 'invisible character U+202E');
    assert.match((await row.locator('button.cell').first().getAttribute('aria-label'))!, /role\/<U\+202E>abcd<U\+200B>/);
    // Laid out as written: each character of "abcd" to the right of the one before.
    const abcd = await xPositions(label, 'abcd');
    assert.deepEqual([...abcd].sort((a, b) => a - b), abcd, `x positions ${abcd.join(', ')}`);
    assert.ok(abcd[3] > abcd[0]);
    // Right-to-left letters in a principal too: an ARN reads in the order it is written.
    const hebrew = 'arn:aws:iam::111122223333:role/\u05d0\u05d1\u05d2-x';
    await post(page, result([hebrew]));
    const hebrewRow = page.locator('tbody tr.whatif-row', { hasText: '-x' });
    await hebrewRow.waitFor();
    const xs = await xPositions(hebrewRow.locator('th .label'), '/\u05d0\u05d1\u05d2-x');
    assert.deepEqual([...xs].sort((a, b) => a - b), xs, `x positions ${xs.join(', ')}`);
    await post(page, result());
  });

  it('expands a cell into its actions and conditions and asks to reveal the deciding statements', async () => {
    const cell = page.locator('tbody tr', { hasText: 'role/app' }).first().locator('button.cell[data-cap="readData"]');
    await cell.click();
    const detailsRow = page.locator('tr.details', { hasText: 'role/app' });
    await detailsRow.waitFor();
    const details = await detailsRow.innerText();
    assert.match(details, /kms:Decrypt/);
    assert.match(details, /StringEquals kms:ViaService = s3\.eu-west-1\.amazonaws\.com/);
    const msgs = (await messages(page)) as { type: string; statements?: number[] }[];
    const reveal = msgs.filter((m) => m.type === 'reveal').at(-1);
    assert.ok(reveal && reveal.statements!.includes(1), JSON.stringify(msgs));
  });

  it('updates only the clicked cell on a click, on a 400-statement policy', async () => {
    await post(page, result([], manyPrincipalsPolicy(400)));
    await page.locator('tbody tr[data-row="399"]').first().waitFor();
    const cells = await page.locator('table.matrix tbody button.cell').count();
    assert.ok(cells >= 2000, `${cells} cells`);
    // Every change to the page from here on, as the DOM reports it.
    await page.evaluate(`
      window.__mutations = { added: 0, removed: 0, attributes: [] };
      window.__observer = new MutationObserver((list) => {
        for (const m of list) {
          window.__mutations.added += m.addedNodes.length;
          window.__mutations.removed += m.removedNodes.length;
          if (m.type === 'attributes') window.__mutations.attributes.push(m.attributeName);
        }
      });
      window.__observer.observe(document.getElementById('root'), { subtree: true, childList: true, attributes: true, characterData: true });
    `);
    const mutations = async () => {
      const m = (await page.evaluate('new Promise((r) => setTimeout(() => r(window.__mutations), 0))')) as { added: number; removed: number; attributes: string[] };
      await page.evaluate('window.__mutations = { added: 0, removed: 0, attributes: [] }');
      return m;
    };
    const row = page.locator('tbody tr[data-row="200"]');
    // Opening a cell adds its details row and changes the cell's state: nothing else is touched.
    await row.locator('button.cell[data-cap="destroy"]').click();
    assert.deepEqual(await mutations(), { added: 1, removed: 0, attributes: ['aria-expanded'] });
    await row.locator('button.cell[data-cap="readData"]').click();
    assert.deepEqual(await mutations(), { added: 1, removed: 0, attributes: ['aria-expanded'] });
    assert.equal(await page.locator('table.matrix tbody button.cell').count(), cells);
    // The details rows stand in column order, as a full render lays them out.
    const order = async () => (await page.locator('tr.details').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).filter((k) => k!.includes('role/r200\u0000')).map((k) => k!.split('\u0000').pop());
    const byClicks = await order();
    assert.deepEqual(byClicks, ['readData', 'destroy']);
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-cap")'), 'readData');
    // Closing removes that details row only.
    await row.locator('button.cell[data-cap="destroy"]').click();
    assert.deepEqual(await mutations(), { added: 0, removed: 1, attributes: ['aria-expanded'] });
    assert.deepEqual(await order(), ['readData']);
    await page.evaluate('window.__observer.disconnect()');
    // A full render from the saved state shows the same page.
    const before = await page.locator('table.matrix').innerHTML();
    await post(page, result([], manyPrincipalsPolicy(400)));
    assert.equal(await page.locator('table.matrix').innerHTML(), before);
    await row.locator('button.cell[data-cap="readData"]').click();
    await post(page, result());
  });

  it('is keyboard navigable', async () => {
    await page.locator('button.cell[data-r="0"][data-c="0"]').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-c")'), '1');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-r")'), '1');
  });

  it('sends what-if principals of one key and shows their rows', async () => {
    const who = 'arn:aws:iam::444455556666:role/outsider';
    await page.fill('#whatif-0', who);
    await page.press('#whatif-0', 'Enter');
    const msgs = (await messages(page)) as { type: string; principals?: string[] }[];
    assert.deepEqual(msgs.at(-1), { type: 'whatIf', uri: 'file:///ws/app.kms.json', key: 'app.kms.json', principals: [who] });
    await post(page, result([EVIL, who]));
    const row = page.locator('tbody tr.whatif-row', { hasText: 'outsider' });
    await row.waitFor();
    assert.equal(await row.locator('button.cell[data-cap="readData"]').getAttribute('data-value'), 'none');
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'webview-matrix.png'), fullPage: true });
  });

  it('keeps what-if principals and expanded cells per document and key', async () => {
    const a = result([]);
    const cell = (who: string) => page.locator('tbody tr[data-row]', { hasText: who }).first().locator('button.cell[data-cap="readData"]');
    await post(page, a);
    await page.locator('table.matrix').waitFor();
    if ((await cell('role/app').getAttribute('aria-expanded')) !== 'true') await cell('role/app').click();
    await page.locator('tr.details').first().waitFor();
    // Another document with the same policy: none of the first one's what-ifs or open cells.
    const other = { ...a, uri: 'file:///ws/other.kms.json', matrices: a.matrices.map((m) => ({ ...m, name: 'other.kms.json' })) };
    await post(page, other);
    await page.locator('table.matrix').waitFor();
    assert.equal(await page.locator('tr.details').count(), 0);
    assert.equal(await page.locator('.whatif-list li').count(), 0);
    assert.equal(await cell('role/app').getAttribute('aria-expanded'), 'false');
    // Back to the first: its open cell and its what-if list are there again.
    await post(page, a);
    await page.locator('tr.details').first().waitFor();
    assert.equal(await cell('role/app').getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('.whatif-list li').count(), 1);
    const saved = (await page.evaluate('window.__state')) as { whatIf: Record<string, Record<string, string[]>> };
    assert.deepEqual(Object.keys(saved.whatIf), ['file:///ws/app.kms.json']);
    await cell('role/app').click();
  });

  it('shows the last valid matrix of a policy with syntax errors, says so, and reveals nothing of it', async () => {
    const a = result([]);
    const stale = { ...a, matrices: a.matrices.map((m) => ({ ...m, syntaxErrors: true, stale: true })) };
    await post(page, stale);
    await page.getByText('The policy has syntax errors: showing the last valid version.').waitFor();
    const before = ((await messages(page)) as unknown[]).length;
    await page.locator('tbody tr[data-row]', { hasText: 'role/app' }).first().locator('button.cell[data-cap="readData"]').click();
    await page.locator('tr.details').first().waitFor();
    assert.equal(await page.locator('tr.details button.link').count(), 0, 'statements named, not links');
    assert.deepEqual(((await messages(page)) as { type: string }[]).slice(before).filter((m) => m.type === 'reveal'), []);
    await page.locator('tbody tr[data-row]', { hasText: 'role/app' }).first().locator('button.cell[data-cap="readData"]').click();
    // Broken since it was opened: no matrix at all rather than that of an error-recovered parse.
    await post(page, { ...a, matrices: a.matrices.map((m) => ({ ...m, syntaxErrors: true })) });
    await page.getByText('The policy has syntax errors: its access is shown once it parses.').waitFor();
    assert.equal(await page.locator('table.matrix').count(), 0);
    await post(page, result());
    await page.locator('table.matrix').waitFor();
  });
});

/** A page of the webview that records the messages it posts (`window.__messages`), and keeps no state. */
async function recordingPage(browser: Browser, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage(viewport ? { viewport } : {});
  await page.addInitScript(`
    window.__messages = [];
    window.acquireVsCodeApi = function () {
      return { postMessage: function (m) { window.__messages.push(m); }, getState: function () {}, setState: function (s) { window.__state = s; } };
    };
  `);
  await load(page);
  return page;
}

/** The matrix of a Terraform file, as the webview receives it. */
async function tfResult(text: string, whatIf: Record<string, string[]> = {}): Promise<AccessResult> {
  const engine = createKeyscope();
  try {
    await engine.prepare('/ws/main.tf', 'terraform');
    const analysis = engine.analyze({ path: '/ws/main.tf', text, languageId: 'terraform', force: true });
    return accessResult(TextDocument.create('file:///ws/main.tf', 'terraform', 1, text), engine, analysis, DEFAULT_SETTINGS, whatIf);
  } finally {
    engine.dispose();
  }
}

const LONG_ROLE = 'arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef';
const KEYS_TF = readFileSync(join(ROOT, 'test', 'fixtures', 'forms', 'conditional', 'main.tf'), 'utf8');
const BREAK_GLASS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'BreakGlass', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:root' } } },
    { Sid: 'App', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'kms:Decrypt', Resource: '*' },
  ],
});

describe('access matrix webview beside an editor', { skip: NO_CHROMIUM }, () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    browser = await launchChromium();
    // About the width of the panel beside an editor in VS Code's default window (1280 px, side bar open).
    page = await recordingPage(browser, { width: 470, height: 900 });
    // The webview's own font size, as VS Code sets it.
    await page.evaluate("document.documentElement.style.setProperty('--vscode-font-size', '13px')");
  });

  after(async () => {
    await browser?.close();
  });

  it('clips no column: nothing overflows the panel, every header and cell shows its text', async () => {
    await post(page, result([LONG_ROLE, EVIL]));
    await page.waitForSelector('table.matrix');
    const overflow = await page.evaluate(`(() => {
      const doc = document.documentElement;
      const clipped = [...document.querySelectorAll('table.matrix th, table.matrix td, table.matrix button.cell')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent);
      return { page: doc.scrollWidth - doc.clientWidth, clipped };
    })()`);
    assert.deepEqual(overflow, { page: 0, clipped: [] });
    // A cell's value ("conditional") is never broken at an arbitrary letter: it takes no more lines than it has
    // parts between spaces and the soft hyphen the page writes ("condi-tional").
    const broken = await page.evaluate(`[...document.querySelectorAll('button.cell .value')].filter((v) => {
      const r = document.createRange();
      r.selectNodeContents(v);
      const lines = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top))).size;
      return lines > v.textContent.trim().split(/[\\s\\u00ad]+/).length;
    }).map((v) => v.textContent)`);
    assert.ok(await page.locator('button.cell[data-value="conditional"]').count() > 0, 'the narrow matrix has a conditional cell');
    assert.deepEqual(broken, []);
    // The column names are short here; their full names are their titles.
    assert.deepEqual(await page.locator('thead th').evaluateAll((ths) => ths.map((t) => (t as HTMLElement).innerText)), ['Principal', 'Admin', 'Read', 'Write', 'Destroy', 'Config']);
    assert.equal(await page.locator('thead th').nth(1).getAttribute('title'), 'Administer');
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'matrix-narrow.png'), fullPage: true });
  });

  it('shortens long ARNs and shows the full value on hover', async () => {
    const th = page.locator('tbody tr.whatif-row th', { hasText: 'AWSReservedSSO' });
    const shown = await th.locator('.label').innerText();
    assert.match(shown, /^role\/…\/AWSReservedSSO_\S*…/);
    assert.doesNotMatch(shown, /eu-west-1|0123456789abcdef/);
    assert.ok((await th.getAttribute('title'))!.endsWith(` — ${LONG_ROLE}`));
  });

  it('labels the root-only break-glass row', async () => {
    await post(page, result([], BREAK_GLASS));
    const row = page.locator('tbody tr', { hasText: 'root user' }).first();
    await row.waitFor();
    assert.equal(await row.locator('.badge.break-glass').innerText(), 'break-glass: root user only');
    assert.equal(await page.locator('.badge.break-glass').count(), 1);
  });

  it('marks cells that only optional (conditional) statements grant, and names the condition', async () => {
    await post(page, await tfResult(KEYS_TF));
    const logs = page.locator('section[aria-label="aws_kms_key.logs"]');
    await logs.locator('table.matrix').waitFor();
    const everyone = logs.locator('tbody tr[data-row]', { hasText: 'anyone (*)' }).first();
    const read = everyone.locator('button.cell[data-cap="readData"]');
    assert.match((await read.getAttribute('class'))!, /\boptional\b/);
    assert.match((await read.getAttribute('aria-label'))!, /only from optional statements/);
    // The root's cells come from a statement that is always there.
    assert.equal(await logs.locator('tbody tr[data-row]', { hasText: 'anyone in account' }).first().locator('button.cell.optional').count(), 0);
    await read.click();
    assert.match(await logs.locator('tr.details').first().innerText(), /LogDelivery \(optional: only if var\.enable_log_delivery\)/);
    await read.click();
  });

  it('pins a key and copies its matrix as Markdown, from buttons the keyboard reaches', async () => {
    const r = await tfResult(KEYS_TF);
    await post(page, r);
    const logs = page.locator('section[aria-label="aws_kms_key.logs"]');
    await logs.getByRole('button', { name: 'Pin' }).click();
    await logs.getByRole('button', { name: 'Copy as Markdown' }).focus();
    await page.keyboard.press('Enter');
    const sent = ((await messages(page)) as { type: string }[]).filter((m) => m.type === 'pin' || m.type === 'copyMarkdown');
    assert.deepEqual(sent, [
      { type: 'pin', key: 'aws_kms_key.logs' },
      { type: 'copyMarkdown', key: 'aws_kms_key.logs' },
    ]);
    // Pinned: that key alone, with a way back.
    await page.evaluate(`window.postMessage({ type: 'update', result: ${JSON.stringify(r)}, pinned: 'aws_kms_key.logs' }, '*')`);
    await page.getByRole('button', { name: 'Unpin' }).waitFor();
    assert.deepEqual(await page.locator('section[aria-label]').evaluateAll((s) => s.map((x) => x.getAttribute('aria-label'))), ['aws_kms_key.logs']);
    assert.equal(await page.getByRole('button', { name: 'Unpin' }).getAttribute('aria-pressed'), 'true');
    // The pin is in the state VS Code keeps for the page, which the extension reads when it restores the panel.
    assert.equal(((await page.evaluate('window.__state')) as { pinned?: string }).pinned, 'aws_kms_key.logs');
    // Arrow keys still move between the cells.
    await logs.locator('button.cell[data-r="0"][data-c="0"]').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-c")'), '1');
  });
});

describe('access matrix webview comparing with a revision', { skip: NO_CHROMIUM }, () => {
  const BEFORE = POLICY;
  // The reader's statement now lets an analyst decrypt instead.
  const AFTER = POLICY.replace('"arn:aws:iam::111122223333:role/reader"', '"arn:aws:iam::111122223333:role/analyst"').replace('"Action": "kms:DescribeKey"', '"Action": "kms:Decrypt"');
  let browser: Browser;
  let page: Page;

  /** The real result and diff for AFTER against BEFORE, as the panel receives them. */
  function compared(): { result: AccessResult; diff: AccessDiffResult } {
    const engine = createKeyscope();
    try {
      const doc = TextDocument.create('file:///ws/app.kms.json', 'json', 2, AFTER);
      const before = engine.analyze({ path: '/ws/app.kms.json', text: BEFORE, force: true });
      const after = engine.analyze({ path: '/ws/app.kms.json', text: AFTER, force: true });
      const result = accessResult(doc, engine, after, DEFAULT_SETTINGS);
      const diff: AccessDiffResult = { uri: doc.uri, version: 2, base: { ref: 'HEAD', commit: 'a'.repeat(40) }, ...diffKeys(accessKeys(engine, before), accessKeys(engine, after), BEFORE) };
      return { result, diff };
    } finally {
      engine.dispose();
    }
  }

  before(async () => {
    browser = await launchChromium();
    page = await recordingPage(browser);
    const { result: r, diff } = compared();
    await page.evaluate(`window.postMessage({ type: 'update', result: ${JSON.stringify(r)}, diff: ${JSON.stringify(diff)} }, '*')`);
    await page.waitForSelector('.diff-banner');
  });

  after(async () => {
    await browser?.close();
  });

  it('says what changed since the revision, marks new access + and less access −, and can stop comparing', async () => {
    const banner = await page.locator('.diff-banner').innerText();
    assert.match(banner, /Compared with HEAD \(aaaaaaaaaaaa\)/);
    assert.match(banner, /role\/analyst \(111122223333\) can now Decrypt on app\.kms\.json/);
    assert.equal(await page.locator('.diff-banner li.diff-less').innerText(), '−role/reader (111122223333): Read config: DescribeKey allowed → not granted');
    assert.equal(await page.locator('.diff-banner li.diff-less s').innerText(), 'role/reader (111122223333): Read config: DescribeKey allowed');
    const analyst = page.locator('tbody tr', { hasText: 'role/analyst' }).first();
    const cell = analyst.locator('button.cell[data-cap="readData"]');
    assert.match((await cell.getAttribute('class')) ?? '', /\bdiff-new\b/);
    assert.match((await cell.getAttribute('aria-label')) ?? '', /, new access, was not granted for Decrypt$/);
    assert.equal(await cell.locator('s.was').innerText(), ' not granted');
    // Unchanged cells carry no mark.
    assert.equal(await page.locator('button.cell.diff-new, button.cell.diff-less').count(), 1);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'matrix-compare.png'), fullPage: true });
    await page.getByRole('button', { name: 'Stop comparing' }).click();
    assert.deepEqual(((await messages(page)) as { type: string }[]).filter((m) => m.type === 'stopCompare'), [{ type: 'stopCompare' }]);
  });
});

describe('access matrix webview: a cell an identity policy of the module allows', { skip: NO_CHROMIUM }, () => {
  let browser: Browser;
  let page: Page;

  /** The real result for a Terraform key whose module's role reads it through an identity policy in iam.tf. */
  async function iamResult(): Promise<AccessResult> {
    await initTerraform();
    const files = { '/ws/keys.tf': DELEGATING_KEY, '/ws/iam.tf': ANALYST_ROLE + ANALYST_POLICY };
    const engine = createKeyscope({ host: memoryHost(files) });
    try {
      const doc = TextDocument.create('file:///ws/keys.tf', 'terraform', 1, DELEGATING_KEY);
      return accessResult(doc, engine, engine.analyze({ path: '/ws/keys.tf', text: DELEGATING_KEY }), DEFAULT_SETTINGS);
    } finally {
      engine.dispose();
    }
  }

  before(async () => {
    browser = await launchChromium();
    page = await recordingPage(browser);
    await post(page, await iamResult());
    await page.waitForSelector('table.matrix');
  });

  after(async () => {
    await browser?.close();
  });

  it('shows "allowed by IAM" with its count, and the details link to the identity policy statement', async () => {
    const cell = page.locator('tbody tr', { hasText: ANALYST }).first().locator('button.cell[data-cap="readData"]');
    assert.equal(await cell.getAttribute('data-value'), 'iam-allow');
    assert.match((await cell.getAttribute('aria-label'))!, /Read data: allowed by IAM 1, via IAM 1 of 2/);
    await cell.click();
    const link = page.locator('tr.details button.iam-link');
    await link.waitFor();
    assert.equal(await link.innerText(), 'aws_iam_role_policy.analyst, statement "ReadOrders"');
    assert.match(await page.locator('tr.details').innerText(), /allowed: the key policy delegates to IAM, and aws_iam_role_policy\.analyst at iam\.tf:13/);
    await link.click();
    const msgs = (await messages(page)) as { type: string }[];
    const ri = (await iamResult()).matrices[0].rows.findIndex((r) => r.label === ANALYST);
    assert.deepEqual(msgs.filter((m) => m.type === 'openIam'), [{ type: 'openIam', policy: 0, row: ri, action: 'kms:Decrypt' }]);
    assert.match(await page.locator('dl.legend').innerText(), /allowed by IAM/);
  });
});
