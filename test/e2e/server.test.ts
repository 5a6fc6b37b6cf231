// The Keyscope server's life in a real VS Code (code-server), in a multi-root workspace: a JSON file that is
// no key policy activates the extension but starts no server, and the server's commands say so; a key policy
// starts it; the language status item shows its state and the policies it found and links to the output, and
// never shows on other JSON;
// "Keyscope: Show Output", "Keyscope: Restart Server", `keyscope.trace.server`; and a folder added to the
// workspace while it runs gets its `.keyscope.json` and its Terraform module files without a reload.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe } from 'node:test';
import { poll } from '../../scripts/e2e/code-server';
import { engineProblems, FIXTURE, problemKey } from './expected';
import { keyscopeOutput, serverPids } from './server-process';
import { editorSuite } from './suite';
import type { Problem } from './workbench';

const POLICY = 'keys/orders.kms.json';
const ours = (ps: Problem[], file: string) => ps.filter((p) => p.file === file && p.source === 'keyscope');
const keys = (ps: { code: string; line: number; column: number }[]) => ps.map(problemKey).sort().join();
const NOT_RUNNING = 'The Keyscope server is not running yet';

describe('the Keyscope server in VS Code (code-server)', { timeout: 900_000 }, () => {
  const suite = editorSuite((cs) => console.log(`Keyscope output:\n${keyscopeOutput(cs)}`), { multiRoot: true });
  const test = suite.test;
  const wb = () => suite.wb;

  /** Edits the `.code-workspace` file the window opened, as a user would in the editor or on disk. */
  function editWorkspaceFile(change: (w: { folders: { path: string }[]; settings: Record<string, unknown> }) => void): void {
    const file = suite.workspaceFile!;
    const w = JSON.parse(readFileSync(file, 'utf8'));
    change(w);
    writeFileSync(file, JSON.stringify(w, null, 2));
  }

  async function waitForPolicyProblems(): Promise<void> {
    const expected = engineProblems(POLICY, readFileSync(join(FIXTURE, POLICY), 'utf8'));
    await wb().waitForProblems('the policy\'s diagnostics', (ps) => keys(ours(ps, 'orders.kms.json')) === keys(expected));
  }

  /** Hovers the language status (`{}`) in the status bar and returns the hover's text once it includes `text`. */
  async function languageStatus(text: string): Promise<string> {
    const item = wb().page.locator('.statusbar-item[id="status.languageStatus"]');
    const hover = wb().page.locator('.hover-language-status');
    let last = '';
    try {
      return await poll(`the language status to show "${text}"`, async () => {
        if (!(await hover.first().isVisible())) {
          await wb().page.mouse.move(0, 0);
          await item.hover({ timeout: 5000 });
          await hover.first().waitFor({ state: 'visible', timeout: 5000 });
        }
        last = (await hover.allInnerTexts()).join(' | ').replace(/\s+/g, ' ');
        if (last.includes(text)) return last;
        await wb().page.mouse.move(0, 0); // let it close, to read it anew
        return undefined;
      }, 60_000, 500);
    } catch (e) {
      throw new Error(`${(e as Error).message}; it showed: ${last}`);
    }
  }

  /**
   * Waits until the status bar shows no Keyscope language status for the active editor: no language status
   * item at all, or one whose hover does not mention Keyscope (the JSON language's own).
   */
  async function noKeyscopeStatus(): Promise<void> {
    const item = wb().page.locator('.statusbar-item[id="status.languageStatus"]');
    const hover = wb().page.locator('.hover-language-status');
    let last = '';
    await poll('no Keyscope language status', async () => {
      await wb().page.mouse.move(0, 0);
      if (!(await item.isVisible())) return true;
      await item.hover({ timeout: 5000 });
      await hover.first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
      last = (await hover.allInnerTexts()).join(' | ').replace(/\s+/g, ' ');
      return last.includes('Keyscope') ? undefined : true;
    }, 30_000, 500).catch((e) => {
      throw new Error(`${(e as Error).message}; it showed: ${last}`);
    });
    await wb().page.mouse.move(0, 0);
  }

  /** Waits for a notification toast that includes `text`. */
  async function notification(text: string): Promise<void> {
    await wb().page.locator('.notifications-toasts .notification-toast', { hasText: text }).first().waitFor({ timeout: 30_000 });
  }

  /** The text of the panel (where the Output view shows), white space collapsed, once it includes `text`. */
  async function panelShows(text: string): Promise<string> {
    let last = '';
    return poll(`the panel to show "${text}"`, async () => {
      last = (await wb().page.locator('.part.panel').innerText({ timeout: 2000 })).replace(/\s+/g, ' ');
      return last.includes(text) ? last : undefined;
    }, 30_000, 500).catch((e) => {
      throw new Error(`${(e as Error).message}; it showed: ${last.slice(0, 2000)}`);
    });
  }

  test('a JSON file that is no key policy activates Keyscope but starts no server; its commands say so', async () => {
    const rel = 'config/app-settings.json';
    mkdirSync(join(suite.cs.workspace, 'config'), { recursive: true });
    writeFileSync(join(suite.cs.workspace, rel), JSON.stringify({ 'editor.tabSize': 2, 'files.exclude': { '**/.git': true } }, null, 2));
    await wb().openFile(rel);
    await poll('Keyscope to activate', () => keyscopeOutput(suite.cs).includes('activated; the server starts with the first key policy'), 60_000);
    // No Keyscope status on JSON that is no key policy.
    await noKeyscopeStatus();
    await wb().screenshot('server-01-idle');
    // The command runs after the editor told Keyscope the file opened: its answer shows no server was started.
    await wb().runCommand('Keyscope: Restart Server');
    await notification(NOT_RUNNING);
    assert.deepEqual(serverPids(suite.cs), [], 'no server process runs');
    await wb().runCommand('Notifications: Clear All Notifications');
  });

  test('a key policy starts the server; the language status shows it running with its policies and links to the output', async () => {
    await wb().openFile(POLICY);
    await waitForPolicyProblems();
    assert.equal(serverPids(suite.cs).length, 1, 'one server runs');
    const shown = await languageStatus('Keyscope: 1 key policy');
    assert.match(shown, /analysed in 1 open document/);
    await wb().screenshot('server-02-language-status');
    await wb().page.locator('.hover-language-status a', { hasText: 'Show Output' }).first().click();
    await panelShows('activated; the server starts with the first key policy');
    await wb().screenshot('server-03-output');
    // With the server running too, other JSON gets no Keyscope status.
    await wb().openFile('config/app-settings.json');
    await noKeyscopeStatus();
    await wb().openFile(POLICY);
    await languageStatus('Keyscope: 1 key policy');
  });

  test('"Keyscope: Show Output" opens the Keyscope output', async () => {
    await wb().runCommand('View: Hide Panel');
    await wb().page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 });
    await wb().runCommand('Keyscope: Show Output');
    await panelShows('Starting the Keyscope server');
    await wb().runCommand('View: Hide Panel');
  });

  test('"Keyscope: Restart Server" replaces the server process and the diagnostics come back', async () => {
    await wb().openFile(POLICY);
    await waitForPolicyProblems();
    const [old] = serverPids(suite.cs);
    await wb().runCommand('Keyscope: Restart Server');
    const next = await poll('a new server process in place of the old one', () => {
      const pids = serverPids(suite.cs);
      return !pids.includes(old) && pids.length === 1 ? pids[0] : undefined;
    }, 60_000);
    assert.notEqual(next, old);
    assert.ok(keyscopeOutput(suite.cs).includes('Restarting the Keyscope server on request.'));
    await waitForPolicyProblems();
    await languageStatus('Keyscope: 1 key policy');
  });

  test('keyscope.trace.server writes the messages between editor and server to the output', async () => {
    editWorkspaceFile((w) => (w.settings['keyscope.trace.server'] = 'messages'));
    try {
      await wb().openFile(POLICY);
      await waitForPolicyProblems();
      // Any request the editor makes from now on is traced: a hover is one.
      await wb().goTo(9, 18);
      await poll('a traced request in the output', async () => {
        if (/Sending request 'textDocument\/hover/.test(keyscopeOutput(suite.cs))) return true;
        await wb().page.keyboard.press('Control+K');
        await wb().page.keyboard.press('Control+I');
        return false;
      }, 60_000, 1000);
      assert.match(keyscopeOutput(suite.cs), /Received response 'textDocument\/hover - \(\d+\)' in \d+ms/);
    } finally {
      editWorkspaceFile((w) => delete w.settings['keyscope.trace.server']);
    }
  });

  test('a folder added to the workspace at run time gets its .keyscope.json and its module files, without a reload', async () => {
    await wb().openFile(POLICY);
    await waitForPolicyProblems();
    const [server] = serverPids(suite.cs);
    const added = join(dirname(suite.cs.workspace), 'added-folder');
    const policy = readFileSync(join(FIXTURE, POLICY), 'utf8');
    assert.ok(engineProblems('added.kms.json', policy).some((p) => p.code === 'unknown-action' && p.severity === 'error'), 'the engine reports the typo as an error by default');
    mkdirSync(join(added, 'infra'), { recursive: true });
    writeFileSync(join(added, '.keyscope.json'), JSON.stringify({ rules: { 'unknown-action': 'warning' } }, null, 2));
    writeFileSync(join(added, 'added.kms.json'), policy);
    // A key whose policy is another file of its module: read only inside a workspace folder.
    const tf = 'resource "aws_kms_key" "added" {\n  description         = "added"\n  enable_key_rotation = true\n  policy              = file("${path.module}/key-policy.json")\n}\n';
    writeFileSync(join(added, 'infra', 'added.tf'), tf);
    writeFileSync(join(added, 'infra', 'key-policy.json'), policy);

    editWorkspaceFile((w) => w.folders.push({ path: added }));
    await wb().page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'added-folder' }).first().waitFor({ timeout: 60_000 });
    await wb().openFile('added.kms.json');
    const json = await wb().waitForProblems('the added folder\'s policy with its .keyscope.json', (ps) => ours(ps, 'added.kms.json').some((p) => p.code === 'unknown-action' && p.severity === 'warning'));
    assert.ok(!ours(json, 'added.kms.json').some((p) => p.code === 'unknown-action' && p.severity === 'error'));
    // Only the .tf file open: its findings (each with its place in the policy file as related information)
    // are the Problems panel's only rows, all in view.
    await wb().closeAllEditors();
    await wb().openFile('infra/added.tf');
    const policyLine = tf.split('\n').findIndex((l) => l.includes('file(')) + 1;
    await wb().waitForProblems('the policy read from the module file', (ps) => ours(ps, 'added.tf').some((p) => p.code === 'unknown-action' && p.line === policyLine));
    await wb().screenshot('server-04-added-folder');
    assert.deepEqual(serverPids(suite.cs), [server], 'the same server serves the new folder: nothing was reloaded');
  });
});
