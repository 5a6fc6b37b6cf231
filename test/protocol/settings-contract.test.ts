// Every field of the settings contract (SETTINGS_FIELDS) reaches both hosts: the server over stdio from the
// editor's settings and from .keyscope.json, and the CLI as a process from .keyscope.json. A field added by
// CONTRIBUTING's "Adding a setting" recipe is covered here without touching this file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { DEFAULT_SETTINGS, EDITOR_ONLY_SETTINGS, SETTINGS_FIELDS } from '../../server/src/settings';
import { SETTINGS_REQUEST, type SettingsResult } from '../../server/src/lsp/protocol';
import { TestClient } from '../helpers/lsp-client';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const ROOT = join(__dirname, '..', '..');

/** The value at a dotted key. */
const get = (o: unknown, key: string) => key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
/** A settings object holding `value` at a dotted key. */
function nest(key: string, value: unknown): Record<string, unknown> {
  const parts = key.split('.');
  return parts.reduceRight<unknown>((v, k) => ({ [k]: v }), value) as Record<string, unknown>;
}

describe('the settings contract', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.close())));

  it('every field has an example other than its default', () => {
    for (const f of SETTINGS_FIELDS) assert.notDeepEqual(f.example, get(DEFAULT_SETTINGS, f.key) ?? {}, f.key);
  });

  for (const f of SETTINGS_FIELDS) {
    it(`${f.key} reaches the server from the editor and from .keyscope.json, and the CLI from .keyscope.json`, async () => {
      // The editor's settings.
      const editorDir = mkdtempSync(join(tmpdir(), 'keyscope-contract-'));
      const editor = new TestClient();
      clients.push(editor);
      // As VS Code sends them: with the settings only the extension reads (which raise no message).
      editor.settings = { ...nest(f.key, f.example), trace: { server: 'off' } };
      await editor.initialize(editorDir);
      const fromEditor = (await editor.conn.sendRequest(SETTINGS_REQUEST, { uri: pathToFileURL(join(editorDir, 'a.kms.json')).href })) as SettingsResult;
      assert.deepEqual(get(fromEditor.settings, f.key), f.example, 'editor settings -> server');
      assert.deepEqual(editor.shown, [], 'a valid value raises no message');

      // .keyscope.json, read by the server and by the CLI.
      const dir = mkdtempSync(join(tmpdir(), 'keyscope-contract-'));
      writeFileSync(join(dir, '.keyscope.json'), JSON.stringify(nest(f.key, f.example), null, 2));
      writeFileSync(join(dir, 'a.kms.json'), '{}');
      const server = new TestClient();
      clients.push(server);
      await server.initialize(dir);
      const fromFile = (await server.conn.sendRequest(SETTINGS_REQUEST, { uri: pathToFileURL(join(dir, 'a.kms.json')).href })) as SettingsResult;
      assert.deepEqual(get(fromFile.settings, f.key), f.example, '.keyscope.json -> server');
      assert.equal(fromFile.config, join(dir, '.keyscope.json'));

      const r = spawnSync(process.execPath, [CLI, 'settings', 'a.kms.json'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(get(JSON.parse(r.stdout).settings, f.key), f.example, '.keyscope.json -> CLI');
    });
  }

  it('package.json contributes exactly the contract\'s fields (and the extension\'s own), and the README lists each', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const contributed = Object.keys(pkg.contributes.configuration.properties).map((k) => k.replace(/^keyscope\./, ''));
    assert.deepEqual(contributed.sort(), [...SETTINGS_FIELDS.map((f) => f.key), ...EDITOR_ONLY_SETTINGS].sort());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const f of SETTINGS_FIELDS) assert.match(readme, new RegExp(`^\\| \`keyscope\\.${f.key.replace(/\./g, '\\.')}\` \\|`, 'm'), f.key);
  });
});
