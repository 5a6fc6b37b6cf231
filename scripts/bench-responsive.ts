// The responsiveness figures of `npm run bench`: how long a hover waits while the server analyses a large .tf
// file, and what a click on a cell of the access matrix costs on a large policy.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { matrixPage } from '../client/src/matrix/html';
import { accessResult } from '../server/src/lsp/access';
import { createKeyscope } from '../server/src/service';
import { DEFAULT_SETTINGS } from '../server/src/settings';
import { LineIndex } from '../server/src/text';
import { launchChromium, NO_CHROMIUM } from '../test/helpers/chromium';
import { TestClient } from '../test/helpers/lsp-client';
import { bigTerraform, manyPrincipalsPolicy } from './bench-inputs';

const SMALL = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Sid": "A", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" }, "Action": "kms:Decrypt", "Resource": "*" }]\n}\n';

/**
 * A .tf file of `keys` keys (2,000: about 2.4 MB, over the default size limit, which the run raises) is open
 * and diagnosed; one character is typed into it, and until its new diagnostics arrive, hovers are sent one
 * after another into a small JSON policy open beside it. The figures: each hover's wait (worst and median), how
 * many were answered during the analysis, and how long a hover in the edited file itself waited.
 * `server`: another build of the server to measure (a baseline).
 */
export async function hoverWhileAnalysing(dir: string, keys: number, server?: string): Promise<{ worst: number; median: number; answered: number; inFile: number; analysis: number }> {
  mkdirSync(dir, { recursive: true });
  const tf = bigTerraform(keys);
  const tfUri = pathToFileURL(join(dir, 'keys.tf')).href;
  const jsonUri = pathToFileURL(join(dir, 'app.kms.json')).href;
  writeFileSync(join(dir, 'keys.tf'), tf);
  writeFileSync(join(dir, 'app.kms.json'), SMALL);
  const c = new TestClient({ server });
  c.settings = { limits: { maxFileSizeKB: 16384 } };
  const hover = (uri: string, text: string, needle: string, from = 0) => {
    const t0 = performance.now();
    return c.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: new LineIndex(text).positionAt(text.indexOf(needle, from) + 5) }).then(() => performance.now() - t0);
  };
  try {
    await c.initialize(dir);
    await c.open(jsonUri, 'json', SMALL);
    await c.diagnosticsFor(jsonUri, 1);
    await c.open(tfUri, 'terraform', tf);
    await c.diagnosticsFor(tfUri, 1, 600_000);
    const mid = tf.indexOf('description', Math.floor(tf.length / 2));
    const edited = `${tf.slice(0, mid)}x${tf.slice(mid)}`;
    const t0 = performance.now();
    await c.change(tfUri, 2, edited);
    const inFile = hover(tfUri, edited, 'kms:Decrypt', mid);
    const waits: number[] = [];
    while (c.published(tfUri)?.version !== 2) {
      waits.push(await hover(jsonUri, SMALL, 'kms:Decrypt'));
      if (performance.now() - t0 > 600_000) throw new Error('no diagnostics after the edit');
    }
    const analysis = performance.now() - t0;
    const sorted = [...waits].sort((a, b) => a - b);
    return { worst: sorted[sorted.length - 1], median: sorted[Math.floor(sorted.length / 2)], answered: waits.length, inFile: await inFile, analysis };
  } finally {
    await c.close();
  }
}

/**
 * The access matrix of a `statements`-statement policy shown in Chromium (the webview's page and script, as the
 * webview tests serve them); a cell in its middle is clicked open and closed `clicks` times. The figure: the
 * median time from the click to the page laid out again, measured in the page. `script`: another matrix.js
 * to measure (a baseline). Undefined without Chromium.
 */
export async function matrixClick(statements: number, clicks = 20, script?: string): Promise<{ median: number; cells: number } | undefined> {
  if (NO_CHROMIUM) return undefined;
  const text = manyPrincipalsPolicy(statements);
  const engine = createKeyscope();
  const doc = TextDocument.create('file:///ws/big.kms.json', 'json', 1, text);
  const result = accessResult(doc, engine, engine.analyze({ path: '/ws/big.kms.json', text, force: true }), DEFAULT_SETTINGS, []);
  engine.dispose();
  const origin = 'https://keyscope.bench';
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.addInitScript(`window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });`);
    const html = matrixPage({ cspSource: origin, nonce: 'benchnonce', scriptUri: `${origin}/media/matrix.js`, styleUri: `${origin}/media/matrix.css` });
    await page.route(`${origin}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: html });
      if (path === '/media/matrix.js') return route.fulfill({ contentType: 'text/javascript', body: script ?? readFileSync('media/matrix.js', 'utf8') });
      if (path === '/media/matrix.css') return route.fulfill({ contentType: 'text/css', body: readFileSync('media/matrix.css', 'utf8') });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${origin}/`);
    await page.evaluate(`window.postMessage({ type: 'update', result: ${JSON.stringify(result)} }, '*')`);
    await page.waitForSelector(`tbody tr[data-row="${statements - 1}"]`);
    const times = (await page.evaluate(`(() => {
      const times = [];
      for (let i = 0; i < ${clicks}; i++) {
        const cell = document.querySelector('tbody tr[data-row="${Math.floor(statements / 2)}"] button.cell[data-cap="readData"]');
        const t = performance.now();
        cell.click();
        document.body.getBoundingClientRect();
        void document.body.offsetHeight;
        times.push(performance.now() - t);
      }
      return times;
    })()`)) as number[];
    const cells = (await page.evaluate(`document.querySelectorAll('button.cell').length`)) as number;
    return { median: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)], cells };
  } finally {
    await browser.close();
  }
}
