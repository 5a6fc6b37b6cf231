/**
 * Commands only the client knows (the ones the server's CodeLens runs are in `server/src/lsp/protocol.ts`).
 * Free of `vscode`, so the manifest test can check that package.json contributes each.
 */
export const ClientCommandIds = {
  restartServer: 'keyscope.restartServer',
  showOutput: 'keyscope.showOutput',
  showRuleDocs: 'keyscope.showRuleDocs',
} as const;
