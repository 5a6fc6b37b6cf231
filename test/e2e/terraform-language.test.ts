// Editing a .tf file with Keyscope's language configuration for `terraform`: comments toggle with Ctrl+/,
// brackets, quotes and `${` close themselves. Keyscope contributes no grammar, so that it never competes with
// another Terraform extension's; with a stand-in for one installed (the same language, its own configuration
// and grammar), that extension colours the file and everything above still works, Keyscope's findings too.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { poll } from '../../scripts/e2e/code-server';
import { engineProblems, problemKey } from './expected';
import { buildOtherTerraformExtension } from './other-terraform/build';
import { editorSuite, type EditorSuite } from './suite';

/** Writes `rel` into the workspace and opens it. */
async function openNew(suite: EditorSuite, rel: string, text: string): Promise<void> {
  writeFileSync(join(suite.cs.workspace, rel), text);
  await suite.wb.openFile(rel);
}

/** Saves the active editor and returns the file's text once it satisfies `ok`. */
async function saved(suite: EditorSuite, rel: string, what: string, ok: (text: string) => boolean): Promise<string> {
  await suite.wb.save();
  let last = '';
  try {
    return await poll(what, () => {
      last = readFileSync(join(suite.cs.workspace, rel), 'utf8');
      return ok(last) ? last : undefined;
    }, 30_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}; the file holds ${JSON.stringify(last)}`);
  }
}

/** Ctrl+/ comments a line with `#` and uncomments it again. */
async function toggleComment(suite: EditorSuite, rel: string): Promise<void> {
  const text = 'locals {\n  name = "orders"\n}\n';
  await openNew(suite, rel, text);
  await suite.wb.goTo(2, 5);
  await suite.wb.page.keyboard.press('Control+/');
  await saved(suite, rel, 'the line commented', (t) => t === 'locals {\n  # name = "orders"\n}\n');
  await suite.wb.page.keyboard.press('Control+/');
  await saved(suite, rel, 'the line uncommented', (t) => t === text);
}

/**
 * Types `opener` and waits for the line to read `closed`. The editor closes a bracket only once the line's
 * tokens are known, which a grammar computes in the background after each edit: a person typing never
 * outruns it, a test can. When the line reads `unclosed`, the opener is deleted and typed again.
 */
async function typeClosing(suite: EditorSuite, opener: string, closed: string, unclosed: string): Promise<void> {
  const keys = suite.wb.page.keyboard;
  let shown = '';
  try {
    await poll(`"${opener}" closed`, async () => {
      await keys.type(opener);
      const state = await poll(`"${opener}" shown`, async () => {
        shown = (await suite.wb.currentLineText()).trim();
        return shown === closed ? 'closed' : shown === unclosed ? 'unclosed' : undefined;
      }, 5_000, 100);
      if (state === 'closed') return true;
      for (let i = 0; i < opener.length; i++) await keys.press('Backspace');
      await poll(`"${opener}" deleted`, async () => (await suite.wb.currentLineText()).trim() === (unclosed.slice(0, unclosed.lastIndexOf(opener)) + unclosed.slice(unclosed.lastIndexOf(opener) + opener.length)).trim(), 5_000, 100);
      return false;
    }, 30_000, 100);
  } catch (e) {
    throw new Error(`${(e as Error).message}; the line reads ${JSON.stringify(shown)}`);
  }
}

/** Typing `[`, `"` and `{` (and `${` in a string, when `interpolation`) closes each. */
async function autoClose(suite: EditorSuite, rel: string, interpolation: boolean): Promise<string> {
  await openNew(suite, rel, 'locals {\n}\n');
  await suite.wb.goTo(1, 9);
  const keys = suite.wb.page.keyboard;
  await keys.press('Enter');
  await keys.type('x = ');
  await typeClosing(suite, '[', 'x = []', 'x = [');
  await typeClosing(suite, '"', 'x = [""]', 'x = ["]');
  await keys.type('a');
  await keys.press('End');
  await keys.press('Enter');
  await keys.type('y = ');
  await typeClosing(suite, '{', 'y = {}', 'y = {');
  if (interpolation) {
    await keys.press('End');
    await keys.press('Enter');
    await keys.type('z = ');
    await typeClosing(suite, '"', 'z = ""', 'z = "');
    await typeClosing(suite, '${', 'z = "${}"', 'z = "${"');
    await keys.type('var.name');
  }
  return saved(suite, rel, 'the typed lines closed', (t) => /^[ \t]+x = \["a"\]$/m.test(t) && /^[ \t]+y = \{\}$/m.test(t) && (!interpolation || /^[ \t]+z = "\$\{var\.name\}"$/m.test(t)));
}

/** The token classes of the rendered line that shows `needle`. */
async function tokenClasses(suite: EditorSuite, needle: string): Promise<string[]> {
  const line = suite.wb.page.locator('.editor-instance .view-line', { hasText: needle }).first();
  await line.waitFor({ timeout: 10_000 });
  return line.locator('span > span').evaluateAll((spans) => spans.map((s) => s.className));
}

describe('Terraform editing with Keyscope alone (code-server)', { timeout: 600_000 }, () => {
  const suite = editorSuite();

  suite.test('Ctrl+/ toggles a # comment in a .tf file', () => toggleComment(suite, 'alone-comment.tf'));

  suite.test('brackets, quotes and ${ close themselves; lines in a block are indented', async () => {
    await autoClose(suite, 'alone-brackets.tf', true);
    await suite.wb.screenshot('terraform-language-alone');
  });

  suite.test('Keyscope brings no grammar: a comment is not coloured without a Terraform extension', async () => {
    await openNew(suite, 'alone-grammar.tf', '# a note\nlocals {}\n');
    assert.deepEqual([...new Set(await tokenClasses(suite, '# a note'))], ['mtk1']);
  });
});

describe('Terraform editing beside another Terraform extension (code-server)', { timeout: 600_000 }, () => {
  const suite = editorSuite(undefined, { extensions: async () => [await buildOtherTerraformExtension()] });

  suite.test('the other extension\'s grammar colours the file', async () => {
    await openNew(suite, 'other-grammar.tf', '# a note\nlocals {}\n');
    const classes = await poll('the comment coloured by the other grammar', async () => {
      const c = await tokenClasses(suite, '# a note');
      return c.some((x) => x !== 'mtk1') && c;
    }, 30_000, 500);
    assert.ok(classes.length > 0);
    await suite.wb.screenshot('terraform-language-other-grammar');
  });

  suite.test('Ctrl+/ still toggles a # comment', () => toggleComment(suite, 'other-comment.tf'));

  suite.test('brackets and quotes still close themselves', () => autoClose(suite, 'other-brackets.tf', false));

  suite.test('Keyscope still reports its findings in a .tf file', async () => {
    await suite.wb.openFile('main.tf');
    const expected = engineProblems('main.tf').map(problemKey).sort().join();
    await suite.wb.waitForProblems('the Terraform findings', (ps) => ps.filter((p) => p.file === 'main.tf' && p.source === 'keyscope').map(problemKey).sort().join() === expected);
  });
});
