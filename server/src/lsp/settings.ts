import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { URI } from 'vscode-uri';
import type { Connection } from 'vscode-languageserver';
import { BoundedMap } from '../cache';
import { resolveSettings, validateConfig, type ConfigFile, type KeyscopeSettings } from '../settings';

/**
 * Editor settings kept, by document URI: one request to the client per document until settings change. An
 * entry is a small object; 1,000 covers the documents of a long session, and a document asked for again after
 * it was dropped costs one more request.
 */
export const EDITOR_SETTINGS_KEPT = 1000;

/**
 * `.keyscope.json` files read, by workspace folder. A multi-root workspace has a few folders, and folders can
 * be added and removed while the server runs; past 16, the least recently used folder's file is read again.
 */
export const CONFIGS_KEPT = 16;

/** The store's cache of editor settings, by document URI. */
export function editorSettingsCache(): BoundedMap<string, Promise<Partial<KeyscopeSettings>>> {
  return new BoundedMap({ max: EDITOR_SETTINGS_KEPT, name: 'lsp.editorSettings' });
}

/**
 * Settings per document: the editor's `keyscope` section for that resource, plus the `.keyscope.json` of
 * its workspace folder. Both are cached and cleared when either changes.
 */
export class SettingsStore {
  private editor = editorSettingsCache();
  private configs = new BoundedMap<string, { config?: ConfigFile; error?: string }>({ max: CONFIGS_KEPT, name: 'lsp.configs' });
  folders: string[] = [];

  constructor(private readonly connection: Connection, private readonly canAskClient: () => boolean) {}

  clear(): void {
    this.editor.clear();
    this.configs.clear();
  }

  /** The workspace folder (fs path) holding a document, if any. */
  folderOf(fsPath: string): string | undefined {
    return this.folders.filter((f) => fsPath === f || fsPath.startsWith(f + sep)).sort((a, b) => b.length - a.length)[0];
  }

  async forDocument(uri: string): Promise<{ settings: KeyscopeSettings; relPath: string; folder?: string; configError?: string }> {
    const fsPath = URI.parse(uri).scheme === 'file' ? URI.parse(uri).fsPath : undefined;
    const folder = fsPath ? this.folderOf(fsPath) : undefined;
    const relPath = fsPath ? (folder ? relative(folder, fsPath) : fsPath).split(sep).join('/') : URI.parse(uri).path;
    const editor = await this.editorSettings(uri);
    const cfg = folder ? this.config(folder) : {};
    return { settings: resolveSettings(editor, cfg.config, relPath), relPath, folder, configError: cfg.error };
  }

  private editorSettings(uri: string): Promise<Partial<KeyscopeSettings>> {
    if (!this.canAskClient()) return Promise.resolve({});
    let p = this.editor.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'keyscope' })
        .then((v) => normalizeEditorSettings(v))
        .catch(() => ({}));
      this.editor.set(uri, p);
    }
    return p;
  }

  private config(folder: string): { config?: ConfigFile; error?: string } {
    let c = this.configs.get(folder);
    if (!c) {
      c = readConfig(join(folder, '.keyscope.json'));
      this.configs.set(folder, c);
    }
    return c;
  }
}

function readConfig(file: string): { config?: ConfigFile; error?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const value = JSON.parse(text);
    const errors = validateConfig(value);
    return errors.length ? { error: `.keyscope.json: ${errors.join('; ')}` } : { config: value };
  } catch (e) {
    return { error: `.keyscope.json is not valid JSON: ${(e as Error).message}` };
  }
}

/** VS Code hands settings over as plain objects; keep only well-formed values. */
function normalizeEditorSettings(v: unknown): Partial<KeyscopeSettings> {
  if (!v || typeof v !== 'object') return {};
  const o = v as Record<string, unknown>;
  const out: Partial<KeyscopeSettings> = {};
  if (o.rules && typeof o.rules === 'object') out.rules = o.rules as KeyscopeSettings['rules'];
  if (o.files && typeof o.files === 'object') out.files = o.files as KeyscopeSettings['files'];
  if (o.accounts && typeof o.accounts === 'object') out.accounts = o.accounts as KeyscopeSettings['accounts'];
  if (typeof o.deployerArn === 'string' && o.deployerArn) out.deployerArn = o.deployerArn;
  if (typeof o.organizationId === 'string' && o.organizationId) out.organizationId = o.organizationId;
  if (o.limits && typeof o.limits === 'object') out.limits = o.limits as KeyscopeSettings['limits'];
  return out;
}
