// The extension's language client in a real VS Code (code-server): completion inside a key policy, the
// CodeLens and its command, settings and `.keyscope.json` changes taking effect, fix-all on save, an untitled
// document, the server restarted after a crash and replaced when the window reloads. Expectations come from the
// engine.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { poll } from '../../scripts/e2e/code-server';
import { engineCompletion, engineFixAll, engineLensTitle, engineProblems, FIXTURE, problemKey } from './expected';
import { keyscopeOutput, serverPids } from './server-process';
import { editorSuite } from './suite';
import type { Problem } from './workbench';

const POLICY = 'keys/orders.kms.json';
const keys = (ps: { code: string; line: number; column: number }[]) => ps.map(problemKey).sort().join();
const ours = (ps: Problem[], file: string) => ps.filter((p) => p.file === file && p.source === 'keyscope');

describe('the Keyscope language client in VS Code (code-server)', { timeout: 900_000 }, () => {
  const suite = editorSuite((cs) => console.log(`Keyscope output:\n${keyscopeOutput(cs)}`));
  const test = suite.test;
  const policyText = () => readFileSync(join(suite.cs.workspace, POLICY), 'utf8');

  /** Opens the policy and waits until the Problems panel shows what the engine finds, less `without`. */
  async function policyProblems(what: string, without?: string): Promise<void> {
    const expected = engineProblems(POLICY, policyText()).filter((p) => p.code !== without);
    await suite.wb.waitForProblems(what, (ps) => keys(ours(ps, 'orders.kms.json')) === keys(expected));
  }

  test('completion inside a key policy replaces the half-typed action', async () => {
    const rel = 'complete.kms.json';
    const text = readFileSync(join(FIXTURE, POLICY), 'utf8').replace('"kms:Encrypt"', '"kms:GetKeyRot"');
    writeFileSync(join(suite.cs.workspace, rel), text);
    const caret = text.indexOf('kms:GetKeyRot') + 'kms:GetKeyRot'.length;
    const expected = engineCompletion(rel, text, caret, 'kms:GetKeyRotationStatus');
    await suite.wb.openFile(rel);
    const before = text.slice(0, caret).split('\n');
    await suite.wb.goTo(before.length, before[before.length - 1].length + 1);
    await suite.wb.acceptSuggestion('kms:GetKeyRotationStatus');
    await suite.wb.screenshot('client-01-completion');
    await suite.wb.save();
    const saved = await poll('the completed file on disk', () => {
      const s = readFileSync(join(suite.cs.workspace, rel), 'utf8');
      return s !== text ? s : undefined;
    }, 30_000);
    assert.equal(saved, expected.output);
    assert.ok(saved.includes('"kms:GetKeyRotationStatus", "kms:GenerateDataKey*"'), 'the whole string was replaced, quotes included');
  });

  test('the CodeLens over the policy shows its access summary and opens the matrix', async () => {
    await suite.wb.openFile(POLICY);
    const title = engineLensTitle(POLICY, policyText());
    const shown = await suite.wb.codeLenses(title);
    await suite.wb.screenshot('client-02-code-lens');
    assert.equal(shown.filter((t) => t.startsWith('Keyscope:')).length, 1, 'one lens for the one key policy');
    await suite.wb.page.locator('.editor-instance .codelens-decoration a', { hasText: 'Keyscope:' }).first().click();
    const frame = suite.wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('table.matrix tbody tr[data-row]').first().waitFor({ timeout: 60_000 });
  });

  test('turning a rule off in the settings, then on again, takes effect', async () => {
    await suite.wb.openFile(POLICY);
    assert.ok(engineProblems(POLICY, policyText()).some((p) => p.code === 'resource-not-star'), 'the policy has a resource-not-star finding');
    await policyProblems('the policy\'s diagnostics');
    const settings = join(suite.cs.workspace, '.vscode', 'settings.json');
    mkdirSync(join(suite.cs.workspace, '.vscode'), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'keyscope.rules': { 'resource-not-star': 'off' } }, null, 2));
    await policyProblems('resource-not-star to go', 'resource-not-star');
    await suite.wb.screenshot('client-03-rule-off');
    writeFileSync(settings, '{}\n');
    await policyProblems('resource-not-star to come back');
  });

  test('a .keyscope.json next to the policy is read again when it changes', async () => {
    await suite.wb.openFile(POLICY);
    await policyProblems('the policy\'s diagnostics');
    const config = join(suite.cs.workspace, '.keyscope.json');
    writeFileSync(config, JSON.stringify({ rules: { 'resource-not-star': 'off' } }, null, 2));
    await policyProblems('resource-not-star to go', 'resource-not-star');
    rmSync(config);
    await policyProblems('resource-not-star to come back');
  });

  test('"fix all" on save applies the preferred fixes (editor.codeActionsOnSave names source.fixAll.keyscope)', async () => {
    const rel = 'fix-on-save.kms.json';
    writeFileSync(join(suite.cs.workspace, rel), policyText());
    const settings = join(suite.cs.workspace, '.vscode', 'settings.json');
    mkdirSync(join(suite.cs.workspace, '.vscode'), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'editor.codeActionsOnSave': { 'source.fixAll.keyscope': 'explicit' } }, null, 2));
    try {
      await suite.wb.openFile(rel);
      await suite.wb.waitForProblems('the copy\'s diagnostics', (ps) => ours(ps, rel).some((p) => p.code === 'unknown-action'));
      // An edit the user makes (a new last line), then Ctrl+S. VS Code reads the folder's settings.json when its
      // watcher reports the change, which can come after the save on a busy machine: a save that wrote the text
      // as typed is made again (another new line) until the setting is in force; one with other text fails.
      let typed = policyText();
      let onDisk = policyText();
      for (let attempt = 1; ; attempt++) {
        await suite.wb.focusEditor();
        await suite.wb.page.keyboard.press('Control+End');
        await suite.wb.page.keyboard.press('Enter');
        typed = `${typed}\n`;
        const expected = engineFixAll(rel, typed);
        assert.notEqual(expected, typed, 'the engine has a preferred fix to apply');
        await suite.wb.save();
        const before = onDisk;
        onDisk = await poll('the saved file on disk', () => {
          const t = readFileSync(join(suite.cs.workspace, rel), 'utf8');
          return t !== before ? t : undefined;
        }, 30_000);
        if (onDisk === typed && attempt < 5) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        assert.equal(onDisk, expected);
        break;
      }
    } finally {
      writeFileSync(settings, '{}\n');
    }
  });

  test('an untitled JSON document is analysed too', async () => {
    await suite.wb.page.keyboard.press('Control+N');
    await suite.wb.activeEditor('Untitled-1');
    // The language list fills as the extensions' languages load: ask again until it offers JSON.
    await poll('JSON in the language list', async () => {
      await suite.wb.page.keyboard.press('Escape');
      await suite.wb.runCommand('Change Language Mode');
      await suite.wb.page.getByPlaceholder('Select Language Mode').fill('json');
      await suite.wb.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: '(json)' }).waitFor({ timeout: 3000 });
      await suite.wb.page.keyboard.press('Enter');
      return true;
    }, 60_000, 500);
    await suite.wb.focusEditor();
    // On one line, so no auto-indentation interferes; each closing bracket types over the one auto-inserted.
    const text = JSON.stringify(JSON.parse(readFileSync(join(FIXTURE, POLICY), 'utf8')));
    await suite.wb.page.keyboard.insertText(text);
    // The server analyses it as JSON by its language; the engine here by a name no include glob matches.
    const expected = engineProblems('Untitled-1.json', text);
    assert.ok(expected.some((p) => p.code === 'unknown-action') && !expected.some((p) => p.code === 'json-syntax'));
    // VS Code titles it after its first line once typed into: the only open document, it has all the problems.
    await suite.wb.waitForProblems('the untitled document\'s diagnostics', (ps) => keys(ps.filter((p) => p.source === 'keyscope')) === keys(expected));
    await suite.wb.screenshot('client-04-untitled');
    // Emptied, the untitled editor closes without asking to save.
    await suite.wb.page.keyboard.press('Control+A');
    await suite.wb.page.keyboard.press('Delete');
  });

  test('a crashed server is restarted and the diagnostics come back', async () => {
    await suite.wb.openFile(POLICY);
    await policyProblems('the policy\'s diagnostics');
    const [old, ...more] = serverPids(suite.cs);
    assert.ok(old && more.length === 0, `one server runs: ${[old, ...more]}`);
    process.kill(old, 'SIGKILL');
    const restarted = await poll('a new server process', () => serverPids(suite.cs).find((p) => p !== old), 30_000);
    assert.notEqual(restarted, old);
    await policyProblems('the diagnostics after the restart');
    await poll('the crash in the output', () => /The Keyscope server stopped unexpectedly; starting it again\./.test(keyscopeOutput(suite.cs)), 30_000);
  });

  test('reloading the window stops the server and starts a new one', async () => {
    await suite.wb.openFile(POLICY);
    await policyProblems('the policy\'s diagnostics');
    const [old] = serverPids(suite.cs);
    // In the browser a reload ends the window's extension host, which deactivates the extension.
    await suite.wb.runCommand('Developer: Reload Window');
    // The server goes with its window (vscode-languageclient shuts it down on deactivation), a new one serves.
    await poll('the old server to exit', () => !serverPids(suite.cs).includes(old), 30_000);
    await suite.wb.page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 90_000 });
    await suite.wb.openFile(POLICY);
    await poll('a new server process', () => serverPids(suite.cs).find((p) => p !== old), 60_000);
    await policyProblems('the diagnostics from the new extension host');
  });
});
