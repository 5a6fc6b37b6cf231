import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { poll, ROOT } from './code-server';

/** Debian's Chromium; playwright-core drives it without downloading a browser of its own. */
export const CHROMIUM = process.env.KEYSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];
export const RESULTS = join(ROOT, 'test-results');

/** One Problems-panel entry as the user sees it. */
export interface Problem {
  file: string;
  message: string;
  /** The rule id shown in the entry, e.g. `unknown-action`. */
  code: string;
  line: number;
  column: number;
}

/** A VS Code workbench in headless Chromium, with the few gestures the editor tests need. */
export class Workbench {
  private constructor(readonly browser: Browser, readonly page: Page) {}

  static async open(url: string, folder: string): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 90_000 });
      return new Workbench(browser, page);
    } catch (e) {
      await browser.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }

  /** Saves `test-results/<name>.png`. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS, { recursive: true });
    const path = join(RESULTS, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Opens a file by its workspace-relative path through Quick Open (Ctrl+P), as a user would. */
  async openFile(relPath: string): Promise<void> {
    const name = relPath.split('/').pop()!;
    await poll(`Quick Open to show ${relPath}`, async () => {
      await this.page.keyboard.press('Escape');
      await this.page.locator('.monaco-workbench').click({ position: { x: 5, y: 400 } }).catch(() => undefined);
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 5000 });
      await input.fill(relPath);
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      await row.waitFor({ timeout: 5000 });
      await this.page.keyboard.press('Enter');
      return true;
    }, 60_000, 500);
    await this.activeEditor(name);
  }

  /** Waits until the active editor tab shows `name` and its text is rendered. */
  async activeEditor(name: string): Promise<void> {
    await this.page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
    await this.page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 30_000 });
  }

  /** Runs a command from the Command Palette by its title. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and reads its entries; file rows are expanded by default. */
  async problems(): Promise<Problem[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: 10_000 });
    return panel.locator('.monaco-list-row').evaluateAll((rows) => {
      const out: Problem[] = [];
      let file = '';
      for (const row of rows) {
        const resource = row.querySelector('.marker-resource, .file-icon .label-name, .monaco-icon-label .label-name');
        const msg = row.querySelector('.marker-message-details, .marker-message');
        if (!msg && resource) {
          file = resource.textContent?.trim() ?? '';
          continue;
        }
        if (!msg) continue;
        const code = row.querySelector('.marker-code')?.textContent?.trim() ?? '';
        const pos = /\[Ln (\d+), Col (\d+)\]/.exec(row.textContent ?? '');
        const message = row.querySelector('.marker-message')?.textContent?.trim() ?? '';
        out.push({ file, message, code: code.replace(/^\(|\)$/g, ''), line: pos ? +pos[1] : 0, column: pos ? +pos[2] : 0 });
      }
      return out;
    });
  }

  /** Polls the Problems panel until `ok` accepts its entries; returns them. */
  async waitForProblems(what: string, ok: (p: Problem[]) => boolean, timeoutMs = 60_000): Promise<Problem[]> {
    let last: Problem[] = [];
    try {
      return await poll(what, async () => {
        last = await this.problems();
        return ok(last) ? last : undefined;
      }, timeoutMs, 500);
    } catch (e) {
      throw new Error(`${(e as Error).message}; the Problems panel showed ${JSON.stringify(last, null, 1)}`);
    }
  }
}
