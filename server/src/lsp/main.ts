import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { analyze, syntaxOf, type Analysis, type AnalyzeInput } from '../analyze';
import { completeAt } from '../features/completion';
import { hoverAt } from '../features/hover';
import { nodeHostFor } from './host';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { toDiagnostic, toRange } from './convert';
import { SettingsStore } from './settings';
import { initTerraform } from '../terraform';
import { guard } from './guard';
import { analysisCache } from './analyses';
import { accessLenses, accessResult } from './access';
import { ACCESS_REQUEST, SETTINGS_REQUEST, type AccessParams, type SettingsParams, type SettingsResult } from './protocol';
import { STATUS_NOTIFICATION, StatusTracker } from './status';

const DEBOUNCE_MS = 200;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let hasConfigurationCapability = false;
  let hasWorkspaceFoldersCapability = false;
  const store = new SettingsStore(connection, () => hasConfigurationCapability);
  const cache = analysisCache();
  const timers = new Map<string, NodeJS.Timeout>();
  // The HCL grammar (wasm) is loaded when a Terraform document first needs it: JSON never waits for it.
  let terraformReady: Promise<void> | undefined;
  const terraform = () => (terraformReady ??= initTerraform().catch((e) => connection.console.error(`Keyscope: Terraform support unavailable: ${e?.message ?? e}`)));
  // Documents just opened: validated at once, not debounced like the edits that follow.
  const opening = new Set<string>();
  const status = new StatusTracker((p) => void connection.sendNotification(STATUS_NOTIFICATION, p));

  /** What analysing a document's current text takes: its path, settings and workspace folder. */
  async function inputOf(doc: TextDocument): Promise<AnalyzeInput> {
    const { settings, relPath, folder } = await store.forDocument(doc.uri);
    const uri = URI.parse(doc.uri);
    return {
      path: uri.scheme === 'file' ? uri.fsPath : uri.path,
      relPath,
      text: doc.getText(),
      languageId: doc.languageId,
      settings,
      host: folder ? nodeHostFor(folder) : undefined,
    };
  }

  /** The analysis of a document's current version, computed once per version. */
  async function analysisOf(doc: TextDocument): Promise<Analysis | undefined> {
    const hit = cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    if (syntaxOf(doc.uri, doc.languageId) === 'terraform') await terraform();
    const input = await inputOf(doc);
    const current = documents.get(doc.uri);
    if (!current || current.version !== doc.version) return undefined; // stale: a newer version is on its way
    const analysis = analyze(input);
    for (const err of analysis.internalErrors ?? []) connection.console.error(`Keyscope internal error: ${err}`);
    cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  async function validate(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    if (store.isConfigFile(uri)) return store.recheckConfigFile(uri);
    if (syntaxOf(doc.uri, doc.languageId) === 'none') return;
    const analysis = await analysisOf(doc);
    const current = documents.get(uri);
    if (!analysis || !current || current.version !== doc.version) return;
    status.set(uri, analysis.sources.length);
    const diagnostics = analysis.findings.map((f, i) => toDiagnostic(doc, f, i));
    connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  }

  /** Validates after the user pauses typing; a document just opened is validated at once. */
  function schedule(uri: string, delay = DEBOUNCE_MS): void {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      void guard(connection, 'validation', () => validate(uri), undefined);
    }, delay));
  }

  function revalidateAll(settingsChanged = false): void {
    cache.clear();
    store.clear(settingsChanged);
    for (const d of documents.all()) schedule(d.uri);
  }

  connection.onInitialize((params): InitializeResult => {
    hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
    hasWorkspaceFoldersCapability = !!params.capabilities.workspace?.workspaceFolders;
    store.folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (!store.folders.length && params.rootUri) store.folders = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', ':', '.'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND] },
        codeLensProvider: { resolveProvider: false },
        // Folder changes are registered for once initialized (below), where the client supports them.
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'keyscope' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    // A folder added later gets its `.keyscope.json`, its settings and its module files like the first ones.
    if (hasWorkspaceFoldersCapability) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => URI.parse(f.uri).fsPath));
        const added = e.added.map((f) => URI.parse(f.uri).fsPath).filter((f) => !removed.has(f));
        store.folders = [...store.folders.filter((f) => !removed.has(f) && !added.includes(f)), ...added];
        revalidateAll();
      });
    }
  });

  connection.onDidChangeConfiguration(() => revalidateAll(true));
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) if (store.isConfigFile(c.uri)) void guard(connection, 'settings', () => store.recheckConfigFile(c.uri), undefined);
    revalidateAll();
  });

  documents.onDidOpen((e) => {
    opening.add(e.document.uri);
    schedule(e.document.uri, 0);
  });
  // An open fires this too, right after onDidOpen: that first version is already scheduled at once.
  documents.onDidChangeContent((e) => {
    if (!opening.delete(e.document.uri)) schedule(e.document.uri);
  });
  documents.onDidClose((e) => {
    opening.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    cache.delete(e.document.uri);
    status.delete(e.document.uri);
    // A closed .keyscope.json keeps its problems: they are about the file on disk.
    if (!store.isConfigFile(e.document.uri)) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((p, token) =>
    guard(connection, 'hover', async () => {
      const doc = documents.get(p.textDocument.uri);
      const analysis = doc && (await analysisOf(doc));
      if (!doc || !analysis || token.isCancellationRequested) return null;
      const h = hoverAt(analysis, doc.offsetAt(p.position));
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(doc, h.span) } : null;
    }, null),
  );

  connection.onCompletion((p, token) =>
    guard(connection, 'completion', async () => {
      const doc = documents.get(p.textDocument.uri);
      const analysis = doc && (await analysisOf(doc));
      if (!doc || !analysis || token.isCancellationRequested) return [];
      return completeAt(analysis, doc.offsetAt(p.position)).map((c) => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: 'markdown' as const, value: c.documentation } : undefined,
        textEdit: { range: toRange(doc, c.edit), newText: c.edit.newText },
        insertTextFormat: c.snippet ? 2 : 1,
        sortText: c.sortText,
        filterText: c.filterText,
      }));
    }, []),
  );

  connection.onCodeAction((p) =>
    guard(connection, 'codeAction', async () => {
      const doc = documents.get(p.textDocument.uri);
      const analysis = doc && (await analysisOf(doc));
      if (!doc || !analysis) return [];
      // Fix all checks what its edits lead to by analysing the edited text the way this document is analysed.
      const input = await inputOf(doc);
      return codeActions(doc, analysis, p, (text) => analyze({ ...input, text }).findings);
    }, []),
  );

  connection.onRequest(ACCESS_REQUEST, (p: AccessParams) =>
    guard(connection, 'access', async () => {
      const doc = documents.get(p.uri);
      const analysis = doc && (await analysisOf(doc));
      if (!doc || !analysis) return null;
      const whatIf = Array.isArray(p.whatIf) ? p.whatIf.filter((x): x is string => typeof x === 'string') : [];
      return accessResult(doc, analysis, (await store.forDocument(doc.uri)).settings, whatIf);
    }, null),
  );

  connection.onRequest(SETTINGS_REQUEST, (p: SettingsParams) =>
    guard(connection, 'settings', async (): Promise<SettingsResult | null> => {
      if (typeof p?.uri !== 'string') return null;
      const { settings, relPath, config } = await store.forDocument(p.uri);
      return { settings, relPath, config: config?.file ?? null };
    }, null),
  );

  connection.onCodeLens((p) =>
    guard(connection, 'codeLens', async () => {
      const doc = documents.get(p.textDocument.uri);
      const analysis = doc && (await analysisOf(doc));
      if (!doc || !analysis) return [];
      return accessLenses(doc, analysis, (await store.forDocument(doc.uri)).settings);
    }, []),
  );

  documents.listen(connection);
  connection.listen();
}

const COMPLETION_KIND = { property: 10, value: 12, action: 21, conditionKey: 14, operator: 24, principal: 18, snippet: 15 } as const;

/** How the client talks to the server: one of these must be on the command line. */
const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;
export const SERVER_USAGE = `Usage: keyscope-language-server --stdio

The Keyscope language server (LSP) for AWS KMS key policies in JSON and Terraform. Editors start it with a
transport: --stdio (messages on standard input and output), --node-ipc (a Node.js parent process),
--socket=PORT or --pipe=NAME. See the README's "Other editors" section for Neovim, Helix, Emacs, Zed and
JetBrains set-ups.
`;

if (process.argv.slice(2).some((a) => TRANSPORT.test(a))) startServer(createConnection(ProposedFeatures.all));
else {
  process.stderr.write(SERVER_USAGE);
  process.exitCode = 2;
}
