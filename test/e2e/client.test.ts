// The extension's language client in a real VS Code (code-server): completion inside a key policy, the
// CodeLens and its command, settings and `.keyscope.json` changes taking effect, the server restarted after a
// crash, and replaced when the window reloads. Expectations come from the engine.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { poll } from '../../scripts/e2e/code-server';
import { engineCompletion, engineLensTitle, engineProblems, FIXTURE, problemKey } from './expected';
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

  test('a crashed server is restarted and the diagnostics come back', async () => {
    await suite.wb.openFile(POLICY);
    await policyProblems('the policy\'s diagnostics');
    const [old, ...more] = serverPids(suite.cs);
    assert.ok(old && more.length === 0, `one server runs: ${[old, ...more]}`);
    process.kill(old, 'SIGKILL');
    const restarted = await poll('a new server process', () => serverPids(suite.cs).find((p) => p !== old), 30_000);
    assert.notEqual(restarted, old);
    await policyProblems('the diagnostics after the restart');
    const log = await poll('the crash in the output', () => (/Restarting the Keyscope server/.test(keyscopeOutput(suite.cs)) ? keyscopeOutput(suite.cs) : undefined), 30_000);
    assert.match(log, /The Keyscope server stopped unexpectedly \(signal SIGKILL\)\./);
  });

  test('reloading the window stops the server and starts a new one', async () => {
    await suite.wb.openFile(POLICY);
    await policyProblems('the policy\'s diagnostics');
    const [old] = serverPids(suite.cs);
    // In the browser a reload ends the window's extension host, which deactivates the extension.
    await suite.wb.runCommand('Developer: Reload Window');
    // The extension host flushes no output after it starts terminating, so the exit code is checked under
    // Node (test/protocol/client-supervisor.test.ts); here: the server goes with its window, a new one serves.
    await poll('the old server to exit', () => !serverPids(suite.cs).includes(old), 30_000);
    await suite.wb.page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 90_000 });
    await suite.wb.openFile(POLICY);
    await poll('a new server process', () => serverPids(suite.cs).find((p) => p !== old), 60_000);
    await policyProblems('the diagnostics from the new extension host');
  });
});
