import {
  ExecuteCommandRequest,
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  MessageType,
  ShowMessageNotification,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { createKeyscope, findRule, isUnsettled, parserFailures, syntaxOf, type Analysis, type DocumentInput, type Finding, type Keyscope } from '../service';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { configTarget } from './disable-file';
import { WORKSPACE_FILES_MAX } from './workspace-lint';
import { CommandIds } from './protocol';
import { toDiagnostic, toRange } from './convert';
import { SettingsStore } from './settings';
import { guard } from './guard';
import { analysisCache } from './analyses';
import { accessLenses, accessMarkdownOf, accessResult, readWhatIf } from './access';
import { accessDiffLenses } from './access-diff';
import type { ServerPlatform } from './platform';
import {
  ACCESS_DIFF_REQUEST,
  ACCESS_MARKDOWN_REQUEST,
  ACCESS_REQUEST,
  INSERTION_REQUEST,
  REVISIONS_REQUEST,
  SETTINGS_REQUEST,
  type AccessDiffParams,
  type AccessDiffResult,
  type AccessMarkdownParams,
  type AccessMarkdownResult,
  type AccessParams,
  type InsertionParams,
  type InsertionResult,
  type RevisionItem,
  type RevisionsParams,
  type SettingsParams,
  type SettingsResult,
} from './protocol';
import { STATUS_NOTIFICATION, StatusTracker } from './status';
import { FileWatch } from './watch';

const DEBOUNCE_MS = 200;
/** Rounds of fetching what an analysis reads (a module, its module calls' sources...) before it is reported as is. */
const MAX_FETCH_ROUNDS = 8;
/**
 * How long an analysis runs before it lets waiting messages through. Hovers stay within 50 ms (DESIGN.md §7)
 * with room for the step that extracts a large file's policies, which runs whole.
 */
const SLICE_MS = 10;

/** Lets the messages and timers that are waiting run, then resumes. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An analysis under way: its document version, and its result at each of the two stages callers wait for. */
interface Job {
  version: number;
  extracted: Promise<Analyzed | undefined>;
  done: Promise<Analyzed | undefined>;
}

/**
 * While the user types a policy (syntax errors, a statement not yet complete), findings about the policy as a
 * whole (lockout-risk, ...) wait for a save or for this long a pause in typing.
 */
const HOLD_MS = 1500;

/** A finding held while the document is mid-edit: a conclusion about the whole policy. */
const heldWhileTyping = (f: Finding) => findRule(f.ruleId)?.meta.wholePolicy === true;

/** A document version's analysis and the engine instance (of the document's workspace folder) that made it. */
interface Analyzed {
  version: number;
  analysis: Analysis;
  engine: Keyscope;
}

/** Runs the server on `connection`, with the files, git and the disk as `platform` gives them. */
export function startServer(connection: Connection, platform: ServerPlatform): void {
  const documents = new TextDocuments(TextDocument);
  let hasConfigurationCapability = false;
  let hasWorkspaceFoldersCapability = false;
  const store = new SettingsStore(connection, () => hasConfigurationCapability, platform);
  const cache = analysisCache<Analyzed>();
  // The analysis under way of each document (one version at a time).
  const jobs = new Map<string, Job>();
  const timers = new Map<string, NodeJS.Timeout>();
  // One engine instance per workspace folder (its file reads confined to the folder and cached), so the
  // folders of a multi-root workspace share nothing; documents outside every folder share one without a host.
  const instances = new Map<string, Keyscope>();
  const outside = createKeyscope();
  const instanceFor = (folder: string | undefined): Keyscope => {
    if (!folder) return outside;
    let k = instances.get(folder);
    if (!k) instances.set(folder, (k = createKeyscope({ host: platform.host(folder) })));
    return k;
  };
  const watch = new FileWatch(connection, platform);
  // Comparisons with git revisions: the base side of each is analysed by an instance of its own.
  const diffs = platform.accessDiffs?.();
  /** A document's current text against the file at `ref`; a message instead when it cannot be compared. */
  async function accessDiffOf(doc: TextDocument, a: Analyzed, ref: string | undefined): Promise<AccessDiffResult> {
    const path = platform.pathOf(doc.uri);
    const cannot = !diffs ? `comparing with a git revision ${platform.unavailable ?? 'is not available here'}` : !path ? 'only files on disk can be compared with a git revision' : undefined;
    if (cannot || !diffs || !path) return { uri: doc.uri, version: doc.version, base: null, message: cannot ?? '', keys: [], summary: [] };
    const { settings, relPath } = await store.forDocument(doc.uri);
    return diffs.compare(doc, path, a, settings, relPath, ref || 'HEAD');
  }
  // The HCL grammar (wasm) is loaded when a Terraform document first needs it: JSON never waits for it. Asked
  // before every Terraform analysis: after a parser failure it loads a fresh parser.
  let terraformError: string | undefined;
  const terraform = (doc: TextDocument, engine = outside, path = doc.uri) =>
    engine.prepare(path, doc.languageId).then(
      () => void (terraformError = undefined),
      (e) => {
        const message = `Keyscope: Terraform support unavailable: ${e?.message ?? e}`;
        if (message !== terraformError) connection.console.error((terraformError = message));
      },
    );
  let failuresSeen = parserFailures();
  // Documents just opened: validated at once, not debounced like the edits that follow.
  const opening = new Set<string>();
  const status = new StatusTracker((p) => void connection.sendNotification(STATUS_NOTIFICATION, p));

  /** What analysing a document's current text takes (its path, settings and text), and its workspace folder. */
  async function inputOf(doc: TextDocument): Promise<{ input: DocumentInput; folder: string | undefined }> {
    const { settings, relPath, folder } = await store.forDocument(doc.uri);
    return {
      folder,
      input: {
        path: platform.pathOf(doc.uri) ?? URI.parse(doc.uri).path,
        relPath,
        text: doc.getText(),
        languageId: doc.languageId,
        settings,
      },
    };
  }

  /**
   * The analysis of a document's current version, computed once per version, and the instance that made it.
   * `policies`: as soon as its policies are known (hovers and completions need no more), while its rules may
   * still be running; `findings` (the default): complete.
   */
  async function analysisOf(doc: TextDocument, need: 'policies' | 'findings' = 'findings'): Promise<Analyzed | undefined> {
    // A job stopped while the document stayed as it was (the settings changed, or a file it read did: the
    // job was dropped for a fresh one) is waited for again, once per such change, so that a request in
    // flight (a hover, fix all on save) gets an answer rather than nothing.
    for (let attempt = 0; attempt < 3; attempt++) {
      const hit = cache.get(doc.uri);
      if (hit && hit.version === doc.version) return hit;
      let job = jobs.get(doc.uri);
      if (!job || job.version !== doc.version) jobs.set(doc.uri, (job = startJob(doc)));
      const done = await (need === 'policies' ? job.extracted : job.done);
      if (done || documents.get(doc.uri)?.version !== doc.version) return done;
    }
    return undefined;
  }

  /**
   * Analyses a document's current version in steps (`analyzeInSteps`), letting other messages through every
   * `SLICE_MS`: a hover, or another document, is answered while a .tf file of thousands of keys is analysed.
   * The job stops at its next pause once its document changed, closed or was re-scheduled.
   */
  function startJob(doc: TextDocument): Job {
    const uri = doc.uri;
    const version = doc.version;
    let extractedNow: (a: Analyzed | undefined) => void = () => undefined;
    const job: Job = { version, extracted: new Promise((r) => (extractedNow = r)), done: Promise.resolve(undefined) };
    const live = () => jobs.get(uri) === job && documents.get(uri)?.version === version;
    job.done = (async (): Promise<Analyzed | undefined> => {
      const { input, folder } = await inputOf(doc);
      // A JSON document too, when a key of a .tf file near it may read it (the engine says).
      if (syntaxOf(uri, doc.languageId) !== 'none') await terraform(doc, instanceFor(folder), input.path);
      if (!live()) return undefined; // stale: a newer version is on its way
      const engine = instanceFor(folder);
      let steps = engine.analyzeInSteps(input);
      let announced = false;
      // A host that answers only what it fetched before (the browser's) fetches what the analysis asked for,
      // and the document is analysed again with it, until nothing new is asked for.
      for (let fetches = 0; ; ) {
        const until = performance.now() + SLICE_MS;
        let finished: boolean;
        // A pause right after the extraction too: the hovers waiting for it are answered at once.
        do finished = steps.step();
        while (!finished && performance.now() < until && (announced || !steps.extracted));
        if (steps.extracted && !announced) {
          announced = true;
          extractedNow({ version, analysis: steps.extracted, engine });
        }
        if (finished) {
          if (!platform.fetchMissing || fetches++ >= MAX_FETCH_ROUNDS || !(await platform.fetchMissing(steps.result?.reads))) break;
          if (!live()) return undefined;
          steps = engine.analyzeInSteps(input);
          continue;
        }
        await nextTurn();
        if (!live()) {
          steps.cancel(); // releases the parse trees the extraction holds across its pauses
          return undefined;
        }
      }
      const analysis = steps.result!;
      for (const err of analysis.internalErrors ?? []) connection.console.error(`Keyscope internal error: ${err}`);
      if (parserFailures() !== failuresSeen) {
        // The parser failed during this analysis (reported on the document) and is replaced before the next
        // one. Analyses kept for other documents hold trees of the failed parser, and with them its whole heap.
        failuresSeen = parserFailures();
        connection.console.error(`Keyscope: the Terraform parser failed while analysing ${uri}; it is restarted for the next analysis.`);
        cache.clear();
        for (const other of [...jobs.keys()]) {
          if (other === uri) continue;
          jobs.delete(other);
          schedule(other);
        }
      }
      const entry = { version, analysis, engine };
      cache.set(uri, entry);
      if (documents.get(uri)) watch.analysed(uri, analysis.reads);
      return entry;
    })().finally(() => {
      extractedNow(undefined);
      if (jobs.get(uri) === job) jobs.delete(uri);
    });
    return job;
  }

  /** `typing`: the document changed since it was last validated and was not saved (see HOLD_MS). */
  async function validate(uri: string, typing = false): Promise<void> {
    const doc = documents.get(uri);
    if (!doc) return;
    if (store.isConfigFile(uri)) return store.recheckConfigFile(uri);
    if (syntaxOf(doc.uri, doc.languageId) === 'none') return;
    const analysis = (await analysisOf(doc))?.analysis;
    const current = documents.get(uri);
    if (!analysis || !current || current.version !== doc.version) return;
    status.set(uri, analysis.sources.length);
    const hold = typing && isUnsettled(analysis);
    // Diagnostics carry the finding's index in the analysis (code actions find it by that): kept when filtering.
    const diagnostics = analysis.findings.flatMap((f, i) => (hold && heldWhileTyping(f) ? [] : [toDiagnostic(doc, f, i, platform.uriOf)]));
    connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    if (hold && diagnostics.length < analysis.findings.length) schedule(uri, HOLD_MS);
  }

  /** Validates after the user pauses typing; a document just opened or saved is validated at once. */
  function schedule(uri: string, delay = DEBOUNCE_MS, typing = false): void {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      void guard(connection, 'validation', () => validate(uri, typing), undefined);
    }, delay));
  }

  function revalidateAll(settingsChanged = false): void {
    cache.clear();
    jobs.clear();
    diffs?.clear();
    store.clear(settingsChanged);
    for (const d of documents.all()) schedule(d.uri);
  }

  // Findings of files that are not open: "Lint Workspace" and pull diagnostics (workspace-lint.ts).
  const linter = platform.workspaceLinter?.(store, instanceFor);
  let pullSupported = false;
  /** Set by "Lint Workspace": the workspace pull then reports every file, whatever keyscope.workspaceDiagnostics says. */
  let lintRequested = false;
  /** Documents closed since the last workspace pull: their report is sent whole again (the editor dropped it). */
  const closedSincePull = new Set<string>();

  /** Lints the files of the workspace that are not open; `wanted` decides per file (by its settings). */
  async function lintWorkspace(wanted: (uri: string) => Promise<boolean>, each: (done: number, total: number) => boolean | void) {
    if (!platform.walkFolders || !linter) return { files: [], walked: 0 };
    const walk = await platform.walkFolders(store.folders);
    if (walk.truncated) connection.console.warn(`Keyscope: the workspace has more than ${WORKSPACE_FILES_MAX} JSON and Terraform files; only the first ${WORKSPACE_FILES_MAX} are linted.`);
    const out = [];
    let done = 0;
    for (const f of walk.files) {
      if (each(done++, walk.files.length) === false) break;
      if (documents.get(f.uri) || !(await wanted(f.uri))) continue;
      // Open documents, hovers and edits go first: between files, and every SLICE_MS within a large one.
      const linted = await linter.lint(f, { ms: SLICE_MS, pause: async () => (await nextTurn(), each(done, walk.files.length) !== false) });
      if (linted) out.push(linted);
      await nextTurn();
    }
    return { files: out, walked: walk.files.length };
  }

  connection.onInitialize((params): InitializeResult => {
    platform.initialize?.(params.initializationOptions);
    pullSupported = !!params.capabilities.textDocument?.diagnostic;
    hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
    hasWorkspaceFoldersCapability = !!params.capabilities.workspace?.workspaceFolders;
    watch.configure(params.capabilities.workspace?.didChangeWatchedFiles);
    store.folders = (params.workspaceFolders ?? []).flatMap((f) => platform.pathOf(f.uri) ?? []);
    if (!store.folders.length && params.rootUri) store.folders = [platform.pathOf(params.rootUri) ?? URI.parse(params.rootUri).path];
    return {
      capabilities: {
        // Saves are listened to: findings held while typing are reported on save.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['"', ':', '.'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [CommandIds.lintWorkspace] },
        // Open documents get pushed diagnostics (debounced, held while typing); pull answers the workspace.
        ...(pullSupported ? { diagnosticProvider: { identifier: 'keyscope', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
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
        const removed = new Set(e.removed.flatMap((f) => platform.pathOf(f.uri) ?? []));
        const added = e.added.flatMap((f) => platform.pathOf(f.uri) ?? []).filter((f) => !removed.has(f));
        store.folders = [...store.folders.filter((f) => !removed.has(f) && !added.includes(f)), ...added];
        // A removed folder's engine instance goes with it.
        for (const f of removed) {
          instances.get(f)?.dispose();
          instances.delete(f);
        }
        revalidateAll();
      });
    }
    watch.start();
  });

  connection.onDidChangeConfiguration(() => {
    linter?.clear();
    revalidateAll(true);
  });

  // Open documents: their diagnostics are pushed, so the pull answers none (the editor shows the pushed ones).
  connection.languages.diagnostics.on(() => ({ kind: 'full' as const, items: [] }));

  connection.languages.diagnostics.onWorkspace((p, token) =>
    guard(connection, 'workspaceDiagnostics', async () => {
      const previous = new Map(p.previousResultIds.map((r) => [r.uri, r.value]));
      const wanted = async (uri: string) => lintRequested || (await store.forDocument(uri)).settings.workspaceDiagnostics;
      const { files } = await lintWorkspace(wanted, () => !token.isCancellationRequested);
      const items = files.map((f) =>
        previous.get(f.uri) === f.resultId && !closedSincePull.has(f.uri)
          ? { kind: 'unchanged' as const, uri: f.uri, resultId: f.resultId, version: null }
          : { kind: 'full' as const, uri: f.uri, resultId: f.resultId, version: null, items: f.diagnostics },
      );
      closedSincePull.clear();
      return { items };
    }, { items: [] }),
  );

  // As a plain request: the handler sees the editor's progress token (onExecuteCommand takes it out of the params).
  connection.onRequest(ExecuteCommandRequest.type, (p, token) =>
    guard(connection, 'lintWorkspace', async () => {
      if (p.command !== CommandIds.lintWorkspace) return null;
      if (!platform.walkFolders) {
        const message = `Keyscope: Lint Workspace ${platform.unavailable ?? 'is not available here'}; the open files are analysed.`;
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
        return null;
      }
      lintRequested = true;
      // The editor's progress when it gave a token (VS Code's notification, cancelled by cancelling the
      // request), else one the server creates (shown where the client shows server progress).
      const own = p.workDoneToken === undefined ? await connection.window.createWorkDoneProgress() : undefined;
      const progress = own ?? connection.window.attachWorkDoneProgress(p.workDoneToken);
      progress.begin('Keyscope: linting the workspace', 0, undefined, true);
      let stoppedAt: number | undefined;
      const { files, walked } = await lintWorkspace(async () => true, (done, total) => {
        progress.report(Math.round((100 * done) / Math.max(1, total)), `${done} of ${total} files`);
        if (token.isCancellationRequested || own?.token.isCancellationRequested) stoppedAt ??= done;
        return stoppedAt === undefined;
      });
      progress.done();
      // An editor that pulls gets them from the workspace pull it is asked to repeat; others are sent them.
      // refresh() is typed void but sends a request, whose promise rejects when the client cannot refresh.
      if (pullSupported) void Promise.resolve(connection.languages.diagnostics.refresh() as unknown).catch(() => undefined);
      else for (const f of files) connection.sendDiagnostics({ uri: f.uri, diagnostics: f.diagnostics });
      const problems = files.reduce((n, f) => n + f.diagnostics.length, 0);
      const withProblems = files.filter((f) => f.diagnostics.length > 0).length;
      const linted = stoppedAt === undefined ? `linted ${walked} files` : `stopped after ${stoppedAt} of ${walked} files`;
      const message = `Keyscope ${linted}: ${problems} problem${problems === 1 ? '' : 's'} in ${withProblems} file${withProblems === 1 ? '' : 's'} (see the Problems panel).`;
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
      return { files: walked, problems };
    }, null),
  );
  // A `.keyscope.json` changes the settings of every document; any other file, the documents that read it.
  connection.onDidChangeWatchedFiles((p) => {
    platform.changed?.(p.changes);
    let config = false;
    for (const c of p.changes) {
      if (!store.isConfigFile(c.uri)) continue;
      config = true;
      void guard(connection, 'settings', () => store.recheckConfigFile(c.uri), undefined);
    }
    if (config) return revalidateAll();
    for (const uri of watch.affected(p.changes)) {
      cache.delete(uri);
      jobs.delete(uri);
      schedule(uri);
    }
  });

  documents.onDidOpen((e) => {
    opening.add(e.document.uri);
    // At once, not after a timer: its diagnostics go out as soon as its analysis is done.
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    void guard(connection, 'validation', () => validate(e.document.uri), undefined);
  });
  // An open fires this too, right after onDidOpen: that first version is already scheduled at once.
  documents.onDidChangeContent((e) => {
    if (!opening.delete(e.document.uri)) schedule(e.document.uri, DEBOUNCE_MS, true);
  });
  documents.onDidSave((e) => schedule(e.document.uri, 0));
  documents.onDidClose((e) => {
    closedSincePull.add(e.document.uri);
    opening.delete(e.document.uri);
    clearTimeout(timers.get(e.document.uri));
    cache.delete(e.document.uri);
    jobs.delete(e.document.uri);
    status.delete(e.document.uri);
    watch.closed(e.document.uri);
    // A closed .keyscope.json keeps its problems: they are about the file on disk.
    if (!store.isConfigFile(e.document.uri)) connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((p, token) =>
    guard(connection, 'hover', async () => {
      const doc = documents.get(p.textDocument.uri);
      const a = doc && (await analysisOf(doc, 'policies'));
      if (!doc || !a || token.isCancellationRequested) return null;
      const h = a.engine.hover(a.analysis, doc.offsetAt(p.position));
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: toRange(doc, h.span) } : null;
    }, null),
  );

  connection.onCompletion((p, token) =>
    guard(connection, 'completion', async () => {
      const doc = documents.get(p.textDocument.uri);
      const a = doc && (await analysisOf(doc, 'policies'));
      if (!doc || !a || token.isCancellationRequested) return [];
      return a.engine.complete(a.analysis, doc.offsetAt(p.position)).map((c) => ({
        label: c.label,
        kind: COMPLETION_KIND[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: 'markdown' as const, value: c.documentation } : undefined,
        textEdit: { range: toRange(doc, c.edit), newText: c.edit.newText },
        insertTextFormat: c.snippet ? 2 : 1,
        // asIs: multi-line items come indented as the file is; the editor must not indent them a second time.
        insertTextMode: c.keepWhitespace ? (1 as const) : undefined,
        additionalTextEdits: c.additionalEdits?.map((e) => ({ range: toRange(doc, e), newText: e.newText })),
        sortText: c.sortText,
        filterText: c.filterText,
      }));
    }, []),
  );

  connection.languages.inlayHint.on((p, token) =>
    guard(connection, 'inlayHint', async () => {
      const doc = documents.get(p.textDocument.uri);
      const a = doc && (await analysisOf(doc));
      if (!doc || !a || token.isCancellationRequested) return [];
      const range = { start: doc.offsetAt(p.range.start), end: doc.offsetAt(p.range.end) };
      return a.engine.inlayHints(a.analysis, range).map((h) => ({ position: doc.positionAt(h.offset), label: h.label, paddingLeft: true, tooltip: h.tooltip }));
    }, []),
  );

  connection.onCodeAction((p) =>
    guard(connection, 'codeAction', async () => {
      const doc = documents.get(p.textDocument.uri);
      const a = doc && (await analysisOf(doc));
      if (!doc || !a) return [];
      // Fix all checks what its edits lead to by analysing the edited text the way this document is analysed.
      const { input } = await inputOf(doc);
      const quickFixes = !p.context.only || p.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k));
      const config = quickFixes && p.context.diagnostics.length ? await configTarget(store, doc.uri, (u) => documents.get(u)?.getText()) : undefined;
      return codeActions(doc, a.engine, a.analysis, input, p, config);
    }, []),
  );

  connection.onRequest(ACCESS_REQUEST, (p: AccessParams) =>
    guard(connection, 'access', async () => {
      const doc = documents.get(p.uri);
      const a = doc && (await analysisOf(doc));
      if (!doc || !a) return null;
      const whatIf = readWhatIf(p.whatIf);
      return accessResult(doc, a.engine, a.analysis, (await store.forDocument(doc.uri)).settings, whatIf);
    }, null),
  );

  connection.onRequest(ACCESS_MARKDOWN_REQUEST, (p: AccessMarkdownParams) =>
    guard(connection, 'accessMarkdown', async (): Promise<AccessMarkdownResult> => {
      const doc = typeof p?.uri === 'string' && typeof p.key === 'string' ? documents.get(p.uri) : undefined;
      const a = doc && (await analysisOf(doc));
      if (!doc || !a) return null;
      const whatIf = readWhatIf(p.whatIf);
      const markdown = accessMarkdownOf(a.engine, a.analysis, (await store.forDocument(doc.uri)).settings, p.key, Array.isArray(whatIf) ? [...whatIf] : []);
      return markdown === null ? null : { markdown };
    }, null),
  );

  connection.onRequest(INSERTION_REQUEST, (p: InsertionParams) =>
    guard(connection, 'insertion', async (): Promise<InsertionResult> => {
      const doc = typeof p?.uri === 'string' ? documents.get(p.uri) : undefined;
      const a = doc && (await analysisOf(doc, 'policies'));
      if (!doc || !a || typeof p.position?.line !== 'number') return null;
      const unit = typeof p.unit === 'string' && /^( {1,8}|\t)$/.test(p.unit) ? p.unit : undefined;
      const place = a.engine.insertion(a.analysis, doc.offsetAt(p.position), unit);
      if (!place) return null;
      const { span, ...rest } = place;
      return { ...rest, range: toRange(doc, span) };
    }, null),
  );

  connection.onRequest(ACCESS_DIFF_REQUEST, (p: AccessDiffParams) =>
    guard(connection, 'accessDiff', async (): Promise<AccessDiffResult | null> => {
      const doc = typeof p?.uri === 'string' ? documents.get(p.uri) : undefined;
      const a = doc && (await analysisOf(doc));
      if (!doc || !a) return null;
      return accessDiffOf(doc, a, typeof p.base === 'string' ? p.base : undefined);
    }, null),
  );

  connection.onRequest(REVISIONS_REQUEST, (p: RevisionsParams) =>
    guard(connection, 'revisions', async (): Promise<RevisionItem[]> => {
      const path = typeof p?.uri === 'string' ? platform.pathOf(p.uri) : undefined;
      if (!path || !diffs || !platform.listRevisions) return [];
      const top = diffs.repository(path);
      if (typeof top !== 'string') return [];
      try {
        return platform.listRevisions(top);
      } catch {
        return [];
      }
    }, []),
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
      const a = doc && (await analysisOf(doc));
      if (!doc || !a) return [];
      const { settings } = await store.forDocument(doc.uri);
      const result = accessResult(doc, a.engine, a.analysis, settings);
      const lenses = accessLenses(doc, result, a.analysis);
      if (!settings.accessDiff.codeLens || !result.matrices.length) return lenses;
      const diff = await accessDiffOf(doc, a, 'HEAD');
      const current = documents.get(doc.uri);
      if (!current || current.version !== a.version) return lenses;
      const anchor = (i: number) => result.matrices[i] && { start: result.matrices[i].range.start, end: result.matrices[i].range.start };
      return [...lenses, ...accessDiffLenses(diff, anchor, doc.uri)];
    }, []),
  );

  connection.onShutdown(() => {
    for (const k of instances.values()) k.dispose();
    outside.dispose();
    diffs?.clear();
    instances.clear();
  });

  documents.listen(connection);
  connection.listen();
}

const COMPLETION_KIND = { property: 10, value: 12, action: 21, conditionKey: 14, operator: 24, principal: 18, snippet: 15 } as const;
