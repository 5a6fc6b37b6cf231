/**
 * What this client tells the server it can do: exactly what `features.ts` and `client.ts` implement, nothing
 * more, so a server never relies on something that would be dropped. Free of `vscode`.
 */
import type { ClientCapabilities } from 'vscode-languageserver-protocol';

/** LSP completion item kinds 1 (Text) to 25 (TypeParameter): all have a VS Code counterpart. */
const COMPLETION_KINDS = Array.from({ length: 25 }, (_, i) => i + 1) as NonNullable<NonNullable<NonNullable<ClientCapabilities['textDocument']>['completion']>['completionItemKind']>['valueSet'];

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    // The watcher of `.keyscope.json` is set up by the client; servers cannot register others.
    didChangeWatchedFiles: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, willSave: false, willSaveWaitUntil: false, didSave: false },
    publishDiagnostics: {
      relatedInformation: true,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        labelDetailsSupport: true,
      },
      completionItemKind: { valueSet: COMPLETION_KINDS },
    },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports', 'source.fixAll'] },
      },
      isPreferredSupport: true,
      disabledSupport: true,
    },
    codeLens: {},
  },
  window: { showMessage: { messageActionItem: { additionalPropertiesSupport: false } } },
};
