import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bigTerraform } from '../../../scripts/bench-inputs';
import { nodePlatform } from '../../../server/src/lsp/node-platform';
import { SettingsStore } from '../../../server/src/lsp/settings';
import { WorkspaceLinter } from '../../../server/src/lsp/workspace-lint';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { parseHolds } from '../../../server/src/terraform/syntax/cache';

/**
 * The workspace linter (Lint Workspace, `workspace/diagnostic`) analyses a file that is not open in steps when
 * given slices: it pauses inside a large file, not only between files, so the server answers a hover meanwhile.
 * The stepped result is the one-block result; a run cancelled at a pause gives nothing and holds no parse tree.
 */
describe('the workspace linter in slices', () => {
  let base: string;
  let file: { uri: string; path: string };
  const engine = createKeyscope();
  const linterOf = () => {
    const store = new SettingsStore(undefined as never, () => false, nodePlatform);
    store.folders = [base];
    return new WorkspaceLinter(store, () => engine);
  };

  before(async () => {
    await initTerraform();
    base = mkdtempSync(join(tmpdir(), 'keyscope-wslint-steps-'));
    file = { uri: `file://${base}/keys.tf`, path: join(base, 'keys.tf') };
    // 40 keys, one with a misspelt action: the result has findings to compare.
    writeFileSync(file.path, bigTerraform(40).replace('kms:Decrypt", "kms:Encrypt"]', 'kms:Decrpyt", "kms:Encrypt"]'));
  });

  after(() => {
    engine.dispose();
    rmSync(base, { recursive: true, force: true });
  });

  it('pauses within a large file and gives the one-block diagnostics', async () => {
    const whole = await linterOf().lint(file);
    assert.ok(whole && whole.diagnostics.length > 0, 'the file has findings');
    let pauses = 0;
    const stepped = await linterOf().lint(file, { ms: 0, pause: async () => (pauses++, true) });
    assert.ok(pauses > 10, `paused ${pauses} times inside one file`);
    assert.deepEqual(stepped?.diagnostics, whole.diagnostics);
    assert.equal(parseHolds(), 0, 'no parse tree held once the file is done');
  });

  it('a run cancelled at a pause gives no result and releases what it held', async () => {
    let pauses = 0;
    const cancelled = await linterOf().lint(file, { ms: 0, pause: async () => ++pauses < 3 });
    assert.equal(cancelled, undefined);
    assert.equal(pauses, 3);
    assert.equal(parseHolds(), 0, 'no parse tree held after the cancelled run');
    // Nothing half-done was kept: the next run analyses the file whole again.
    const again = await linterOf().lint(file, { ms: 0, pause: async () => true });
    assert.ok(again && again.diagnostics.length > 0);
  });
});
