// "Keyscope: Lint Workspace" in code-server: its progress is a notification with a Cancel button; Cancel
// stops the lint between files and the message says how far it got; a run to the end lists the findings of
// files that were never opened in the Problems panel.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { editorSuite } from './suite';

const POLICY = (i: number) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: `Use${i}`, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:*', 'kms:Decrpyt'], Resource: '*' }] }, null, 2);
const MANY = 1200;

describe('Lint Workspace (code-server)', { timeout: 600_000 }, () => {
  const suite = editorSuite();
  const writeMany = () => {
    mkdirSync(join(suite.cs.workspace, 'many'), { recursive: true });
    for (let i = 0; i < MANY; i++) writeFileSync(join(suite.cs.workspace, 'many', `k${i}.kms.json`), POLICY(i));
  };
  const toast = (text: string) => suite.wb.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

  suite.test('shows its progress in a cancellable notification, and Cancel stops it', async () => {
    writeMany();
    // The server starts with the first key policy opened; the command is the server's.
    await suite.wb.openFile('many/k0.kms.json');
    await suite.wb.waitForProblems('the open policy analysed', (ps) => ps.some((p) => p.file === 'k0.kms.json' && p.code === 'unknown-action'));
    await suite.wb.runCommand('Keyscope: Lint Workspace');
    const progress = toast('Keyscope: linting the workspace');
    await progress.waitFor({ timeout: 30_000 });
    await suite.wb.screenshot('lint-workspace-progress');
    await progress.hover();
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await toast('Keyscope stopped after').waitFor({ timeout: 30_000 });
    const text = await toast('Keyscope stopped after').innerText();
    const m = /stopped after (\d+) of (\d+) files/.exec(text);
    assert.ok(m && +m[1] < +m[2], text);
    await progress.waitFor({ state: 'detached', timeout: 30_000 });
    await suite.wb.runCommand('Notifications: Clear All Notifications');
  });

  suite.test('run to the end, it lists the findings of files never opened', async () => {
    writeMany();
    await suite.wb.openFile('many/k0.kms.json');
    await suite.wb.runCommand('Keyscope: Lint Workspace');
    await toast('Keyscope linted').waitFor({ timeout: 300_000 });
    const text = await toast('Keyscope linted').innerText();
    const m = /linted (\d+) files: (\d+) problems in (\d+) files/.exec(text);
    assert.ok(m && +m[1] >= MANY && +m[3] >= MANY, text);
    // The Problems panel renders only the rows in view; the status bar counts every error it lists: one
    // misspelt action per file, of more than a thousand files never opened.
    await suite.wb.waitForProblems('the files never opened listed', () => true);
    const errors = async () => (await suite.wb.page.locator('[id="status.problems"]').innerText()).replace(/\s+/g, ' ');
    let shown = '';
    for (let i = 0; i < 60 && !/\b1K\b/.test(shown); i++) {
      shown = await errors();
      if (!/\b1K\b/.test(shown)) await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(shown, /\b1K\b/, 'more than a thousand errors');
  });
});
