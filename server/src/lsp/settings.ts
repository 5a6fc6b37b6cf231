import { basename, dirname, relative, sep } from 'node:path';
import { URI } from 'vscode-uri';
import { MessageType, ShowMessageNotification, type Connection, type Diagnostic } from 'vscode-languageserver';
import { BoundedMap } from '../cache';
import { SETTINGS_CHECKS } from '../service';
import { CONFIG_NAME, loadConfig, loadConfigFile, resolveSettings, type ConfigHost, sanitizeSettings, type KeyscopeSettings, type LoadedConfig, type SettingsLayer, type SettingsProblem } from '../settings';

/**
 * Editor settings kept, by workspace folder URI (by document URI outside every folder): one request to the
 * client per folder until settings change. An entry is a small object; 1,000 covers the folders and loose
 * documents of a long session, and one asked for again after it was dropped costs one more request.
 */
export const EDITOR_SETTINGS_KEPT = 1000;

/**
 * `.keyscope.json` look-ups kept, by the folder of the documents that asked (the file found, or none). A
 * workspace's documents sit in a few folders; past 16, the least recently used folder's look-up runs again.
 */
export const CONFIGS_KEPT = 16;

/** The store's cache of editor settings, by workspace folder URI (or document URI). */
export function editorSettingsCache(): BoundedMap<string, Promise<SettingsLayer>> {
  return new BoundedMap({ max: EDITOR_SETTINGS_KEPT, name: 'lsp.editorSettings' });
}

/**
 * How documents' URIs and the engine's paths correspond, and how `.keyscope.json` files are read: from the
 * disk, or through the editor in a browser (see `platform.ts`).
 */
export interface WorkspaceFiles {
  /** The absolute path the engine knows a document by; undefined when its files cannot be read (untitled). */
  pathOf(uri: string): string | undefined;
  /** The URI of a path the engine names (a `.keyscope.json` with problems, a related location). */
  uriOf(path: string): string;
  /** Configuration files of a workspace folder. */
  configHost(folder: string): ConfigHost;
}

export interface DocumentSettings {
  settings: KeyscopeSettings;
  /** The document's path relative to the folder of its `.keyscope.json` (or its workspace folder). */
  relPath: string;
  /** The workspace folder holding the document, if any. */
  folder?: string;
  /** The `.keyscope.json` in force, if any. */
  config?: LoadedConfig;
}

/**
 * Settings per document: the editor's `keyscope` section for its workspace folder, plus the nearest `.keyscope.json`
 * at or above the document's folder, up to its workspace folder (the discovery rule of `loadConfig`). Both are
 * cached and cleared when either changes. Problems of a `.keyscope.json` are published as diagnostics on that
 * file; problems of the editor's settings are shown once as a window message. Invalid values are ignored.
 */
export class SettingsStore {
  private editor = editorSettingsCache();
  private configs = new BoundedMap<string, Promise<LoadedConfig | undefined>>({ max: CONFIGS_KEPT, name: 'lsp.configs' });
  /** Window messages already shown, so each appears once (until the settings change); one per distinct text. */
  private shown = new Set<string>();
  /** `.keyscope.json` URIs with problems published, so fixing the file clears them. */
  private published = new Set<string>();
  folders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly canAskClient: () => boolean,
    /** Paths of URIs and the `.keyscope.json` files: from the disk, or through the editor in a browser. */
    readonly files: WorkspaceFiles,
  ) {}

  /** Forgets what was read; `settingsChanged` also lets the editor's problems be shown again. */
  clear(settingsChanged = false): void {
    this.editor.clear();
    this.configs.clear();
    if (settingsChanged) this.shown.clear();
  }

  /** The workspace folder (fs path) holding a document, if any. */
  folderOf(fsPath: string): string | undefined {
    return this.folders.filter((f) => fsPath === f || fsPath.startsWith(f + sep)).sort((a, b) => b.length - a.length)[0];
  }

  async forDocument(uri: string): Promise<DocumentSettings> {
    const parsed = URI.parse(uri);
    const fsPath = this.files.pathOf(uri);
    const folder = fsPath ? this.folderOf(fsPath) : undefined;
    // The editor's settings of a resource are those of its workspace folder (VS Code has no per-file
    // settings): asked once per folder; a document outside every folder is asked for by itself.
    const editor = await this.editorSettings(folder ? URI.file(folder).toString() : uri);
    const config = fsPath && folder ? await this.configFor(folder, dirname(fsPath)) : undefined;
    const base = config?.dir ?? folder;
    const relPath = fsPath ? (base ? relative(base, fsPath) : fsPath).split(sep).join('/') : parsed.path;
    return { settings: resolveSettings(editor, config?.config, relPath), relPath, folder, config };
  }

  /** True for a `.keyscope.json`: its diagnostics are its problems, never a policy analysis. */
  isConfigFile(uri: string): boolean {
    const path = this.files.pathOf(uri);
    return path !== undefined && basename(path) === CONFIG_NAME;
  }

  /** Reads a `.keyscope.json` again (it changed on disk, or was opened or closed) and publishes its problems. */
  async recheckConfigFile(uri: string): Promise<void> {
    const fsPath = this.files.pathOf(uri);
    const folder = fsPath && this.folderOf(fsPath);
    const loaded = fsPath && folder ? await loadConfigFile(this.files.configHost(folder), fsPath, SETTINGS_CHECKS) : undefined;
    if (loaded) this.publish(loaded);
    else if (this.published.delete(uri)) this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private configFor(folder: string, dir: string): Promise<LoadedConfig | undefined> {
    let p = this.configs.get(dir);
    if (!p) {
      p = loadConfig(this.files.configHost(folder), dir, SETTINGS_CHECKS).then((loaded) => {
        if (loaded) this.publish(loaded);
        return loaded;
      });
      this.configs.set(dir, p);
    }
    return p;
  }

  private publish(loaded: LoadedConfig): void {
    const uri = this.files.uriOf(loaded.file);
    if (!loaded.problems.length && !this.published.has(uri)) return;
    const diagnostics: Diagnostic[] = loaded.problems.map((p) => ({
      range: { start: p.position, end: p.endPosition },
      severity: 2,
      source: 'keyscope',
      code: 'settings',
      message: p.message,
    }));
    if (diagnostics.length) this.published.add(uri);
    else this.published.delete(uri);
    this.connection.sendDiagnostics({ uri, diagnostics });
  }

  private editorSettings(uri: string): Promise<SettingsLayer> {
    if (!this.canAskClient()) return Promise.resolve({});
    let p = this.editor.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'keyscope' })
        .then((v) => {
          // A client without settings of ours answers null: that is no problem, just no settings.
          if (v === null || v === undefined) return {};
          const { settings, problems } = sanitizeSettings(v, 'editor', SETTINGS_CHECKS);
          this.showOnce(problems);
          return settings;
        })
        .catch(() => ({}));
      this.editor.set(uri, p);
    }
    return p;
  }

  private showOnce(problems: SettingsProblem[]): void {
    if (!problems.length) return;
    const text = `Keyscope ignored invalid settings (the defaults apply): ${problems.map((p) => (p.path.length ? `keyscope.${p.message}` : p.message)).join('; ')}.`;
    if (this.shown.has(text)) return;
    this.shown.add(text);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: text });
  }
}
