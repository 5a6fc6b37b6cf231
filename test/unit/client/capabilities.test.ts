// What the client tells the server it implements. The converters themselves run with the real `vscode`
// module inside code-server's extension host (test/e2e/in-host/, `npm run test:e2e`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_CAPABILITIES } from '../../../client/src/lsp/capabilities';

describe('the declared client capabilities', () => {
  it('claim what the client implements: settings pulls, markdown, snippets, every completion kind, fix kinds', () => {
    const c = CLIENT_CAPABILITIES;
    assert.equal(c.workspace?.configuration, true);
    assert.equal(c.workspace?.didChangeWatchedFiles?.dynamicRegistration, false, 'the client watches .keyscope.json itself');
    assert.deepEqual(c.textDocument?.hover?.contentFormat, ['markdown', 'plaintext']);
    assert.equal(c.textDocument?.completion?.completionItem?.snippetSupport, true);
    assert.deepEqual(c.textDocument?.completion?.completionItemKind?.valueSet, Array.from({ length: 25 }, (_, i) => i + 1));
    assert.ok(c.textDocument?.codeAction?.codeActionLiteralSupport?.codeActionKind.valueSet.includes('source.fixAll'));
    assert.equal(c.textDocument?.synchronization?.didSave, false, 'no save notifications are sent');
    assert.equal(c.window?.workDoneProgress, undefined, 'no progress UI: the server must not rely on one');
  });
});
