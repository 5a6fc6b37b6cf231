import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { poll, ROOT } from '../../scripts/e2e/code-server';

export const RESULTS = join(ROOT, 'test-results');

/** One Problems-panel entry as the user sees it. */
export interface Problem {
  file: string;
  message: string;
  /** `error`, `warning` or `info`, from the entry's icon. */
  severity: string;
  /** Who reported it: `keyscope`, or `json` for the schema. */
  source: string;
  /** The rule id shown in the entry, e.g. `unknown-action`. */
  code: string;
  line: number;
  column: number;
}

/** A VS Code workbench in headless Chromium, with the few gestures the editor tests need. */
export class Workbench {
  private constructor(readonly browser: Browser, readonly page: Page) {}

  /** Opens the workbench on a folder, or on a `.code-workspace` file. */
  static async open(url: string, target: { folder: string } | { workspace: string }): Promise<Workbench> {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const query = 'folder' in target ? `folder=${encodeURIComponent(target.folder)}` : `workspace=${encodeURIComponent(target.workspace)}`;
      await page.goto(`${url}/?${query}`);
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
    await poll(`Quick Open to open ${relPath}`, async () => {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 5000 });
      await input.fill(relPath);
      // Enter opens the focused entry: wait until the filtered list has put our file there.
      await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor({ timeout: 5000 });
      await this.page.keyboard.press('Enter');
      await this.activeEditor(name, 5000);
      return true;
    }, 60_000, 500);
  }

  /** Hides the side bar (Ctrl+B) and the panel (Ctrl+J) to give the editors the whole window. */
  async hideSideBarAndPanel(): Promise<void> {
    for (const [part, key] of [['.part.sidebar', 'Control+B'], ['.part.panel', 'Control+J']] as const) {
      await poll(`${part} to hide`, async () => {
        if (!(await this.page.locator(part).isVisible())) return true;
        await this.page.keyboard.press(key);
        return false;
      }, 15_000, 500);
    }
  }

  /** Closes every editor (Ctrl+K Ctrl+W), so the Problems panel shows only what the next step opens. */
  async closeAllEditors(): Promise<void> {
    await poll('every editor to close', async () => {
      if ((await this.page.locator('.tabs-container .tab').count()) === 0) return true;
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+W');
      return false;
    }, 30_000, 500);
  }

  /** Waits until the active editor tab shows `name` and its text is rendered. */
  async activeEditor(name: string, timeout = 30_000): Promise<void> {
    await this.page.locator('.tab.active', { hasText: name }).waitFor({ timeout });
    await this.page.locator('.editor-instance .view-lines').first().waitFor({ timeout });
  }

  /** Moves the cursor to a 1-based line and column with Go to Line (Ctrl+G). */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await poll(`the cursor at ${line}:${column}`, async () => {
      const status = await this.page.locator('.statusbar-item[id="status.editor.selection"]').innerText({ timeout: 2000 });
      return status.includes(`Ln ${line}, Col ${column}`);
    }, 15_000);
  }

  /** The text of the line the cursor is on in the active editor, as rendered. */
  async currentLineText(): Promise<string> {
    return this.page.evaluate(() => {
      const editor = document.querySelector('.editor-instance .monaco-editor');
      const current = editor?.querySelector('.view-overlays .current-line')?.parentElement;
      const line = Array.from(editor?.querySelectorAll<HTMLElement>('.view-lines .view-line') ?? []).find((l) => l.style.top === current?.style.top);
      return (line?.textContent ?? '').replace(/\u00a0/g, ' ');
    });
  }

  /** Gives the active editor keyboard focus. */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
  }

  /** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text, whitespace collapsed, once it includes `words`. */
  async showHover(words: string): Promise<string> {
    let last = '';
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)');
    try {
      return await poll(`the hover to show "${words}"`, async () => {
        if ((await hover.count()) === 0) {
          await this.page.keyboard.press('Control+K');
          await this.page.keyboard.press('Control+I');
          await hover.first().waitFor({ state: 'visible', timeout: 3000 });
        }
        last = (await hover.allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
        return last.includes(words) ? last : undefined;
      }, 30_000, 500);
    } catch (e) {
      throw new Error(`${(e as Error).message}; it showed: ${last}`);
    }
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and waits until it offers `title`. */
  async quickFix(title: string): Promise<void> {
    await this.pressUntilVisible(`the quick fix "${title}"`, 'Control+.', this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first());
  }

  /** Presses `key` (after Escape) until `item` shows: a widget may open slowly, or close again while it loads. */
  private async pressUntilVisible(what: string, key: string, item: Locator): Promise<void> {
    await poll(what, async () => {
      if (await item.isVisible()) return true;
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press(key);
      await item.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }, 30_000, 500);
  }

  /** Applies the quick fix `title` from the open menu, chosen with the arrow keys and Enter as a user would. */
  async chooseQuickFix(title: string): Promise<void> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const count = await rows.count();
    for (let i = 0; i <= count; i++) {
      const focused = await this.page.locator('.action-widget .monaco-list-row.action.focused').innerText({ timeout: 5000 });
      if (focused.includes(title)) break;
      if (i === count) throw new Error(`the quick-fix menu has no "${title}"`);
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Saves the active editor (Ctrl+S) and waits for its tab to lose the dirty mark. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
  }

  /** Types a snippet prefix, picks it from the suggestions and leaves its placeholders at their defaults. */
  async expandSnippet(prefix: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.type(prefix);
    await poll(`the suggestion "${prefix}"`, async () => {
      const row = this.page.locator('.suggest-widget .monaco-list-row', { hasText: prefix }).first();
      if (await row.isVisible()) return true;
      await this.page.keyboard.press('Control+Space');
      await row.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }, 30_000, 500);
    await this.page.locator('.suggest-widget .monaco-list-row.focused', { hasText: prefix }).waitFor({ timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.suggest-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await this.page.keyboard.press('Escape');
  }

  /** Asks for suggestions at the cursor (Ctrl+Space) and accepts `label` with the arrow keys and Enter. */
  async acceptSuggestion(label: string): Promise<void> {
    await this.focusEditor();
    await this.pressUntilVisible(`the suggestion "${label}"`, 'Control+Space', this.page.locator('.suggest-widget .monaco-list-row', { hasText: label }).first());
    const focused = this.page.locator('.suggest-widget .monaco-list-row.focused');
    for (let i = 0; i < 50 && !(await focused.innerText({ timeout: 5000 })).includes(label); i++) await this.page.keyboard.press('ArrowDown');
    await this.page.locator('.suggest-widget .monaco-list-row.focused', { hasText: label }).waitFor({ timeout: 5000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.suggest-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await this.page.keyboard.press('Escape');
  }

  /**
   * Asks for suggestions at the cursor (Ctrl+Space) until the list shows `label` (without one: until it shows
   * any row or says "No suggestions."), and returns the labels of every row shown (the widget lists up to 12
   * rows at once), then closes the list.
   */
  async suggestions(label?: string): Promise<string[]> {
    await this.focusEditor();
    const rows = this.page.locator('.suggest-widget .monaco-list-row');
    if (label) await this.pressUntilVisible(`the suggestion "${label}"`, 'Control+Space', rows.filter({ hasText: label }).first());
    else {
      const none = this.page.locator('.suggest-widget .message', { hasText: 'No suggestions.' });
      const answered = async () => (await rows.first().isVisible()) || (await none.isVisible());
      await poll('the suggestions, or "No suggestions."', async () => {
        if (await answered()) return true;
        await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('Control+Space');
        return poll('the suggest widget to answer', answered, 3000, 100);
      }, 30_000, 500);
    }
    const labels = await this.page.locator('.suggest-widget .monaco-list-row .label-name').allInnerTexts();
    await this.page.keyboard.press('Escape');
    await this.page.locator('.suggest-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    return labels.map((l) => l.trim());
  }

  /** The CodeLens links shown in the active editor, once one includes `text`. */
  async codeLenses(text: string): Promise<string[]> {
    const lenses = this.page.locator('.editor-instance .codelens-decoration');
    let last: string[] = [];
    try {
      return await poll(`a CodeLens "${text}"`, async () => {
        last = (await lenses.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        return last.some((t) => t.includes(text)) ? last : undefined;
      }, 30_000, 500);
    } catch (e) {
      throw new Error(`${(e as Error).message}; the editor showed ${JSON.stringify(last)}`);
    }
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
        const source = row.querySelector('.marker-source')?.textContent?.trim() ?? '';
        const icon = row.querySelector('.marker-icon')?.className ?? '';
        const severity = /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : 'info';
        out.push({ file, message, source, severity, code: code.replace(/^\(|\)$/g, ''), line: pos ? +pos[1] : 0, column: pos ? +pos[2] : 0 });
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
