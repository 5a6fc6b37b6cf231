import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { converters, isStale } from '../../../client/src/lsp/convert';
import { toDiagnostic } from '../../../client/src/lsp/to-lsp';
import * as fake from '../../helpers/fake-vscode';

const c = converters(fake.fakeVscode);
const R = (l1: number, c1: number, l2: number, c2: number): lsp.Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
/** A converted range as plain numbers, to compare with the LSP range it came from. */
const plain = (r: unknown) => JSON.parse(JSON.stringify(r));

describe('LSP to VS Code: diagnostics', () => {
  const d: lsp.Diagnostic = {
    range: R(4, 17, 4, 30),
    severity: 2,
    source: 'keyscope',
    code: 'unknown-action',
    codeDescription: { href: 'https://example.test/rules/unknown-action.md' },
    message: 'Unknown action',
    tags: [1, 2],
    relatedInformation: [{ location: { uri: 'file:///w/a.json', range: R(1, 0, 1, 5) }, message: 'first here' }],
    data: { ruleId: 'unknown-action', version: 3, index: 0 },
  };

  it('keeps the range, message, source and turns code + codeDescription into a linked code', () => {
    const v = c.diagnostic(d) as unknown as fake.Diagnostic;
    assert.deepEqual(plain(v.range), R(4, 17, 4, 30));
    assert.equal(v.message, 'Unknown action');
    assert.equal(v.source, 'keyscope');
    const code = v.code as { value: string; target: fake.Uri };
    assert.equal(code.value, 'unknown-action');
    assert.equal(code.target.toString(), 'https://example.test/rules/unknown-action.md');
    assert.deepEqual(v.tags, [fake.DiagnosticTag.Unnecessary, fake.DiagnosticTag.Deprecated]);
    assert.equal(v.relatedInformation![0].message, 'first here');
    assert.equal(v.relatedInformation![0].location.uri.toString(), 'file:///w/a.json');
    assert.deepEqual(plain(v.relatedInformation![0].location.range), R(1, 0, 1, 5));
  });

  it('maps the four severities (LSP counts from 1, VS Code from 0); a missing one is an error', () => {
    const sev = (s?: lsp.DiagnosticSeverity) => (c.diagnostic({ range: R(0, 0, 0, 0), message: 'm', severity: s }) as unknown as fake.Diagnostic).severity;
    assert.deepEqual([sev(1), sev(2), sev(3), sev(4), sev(undefined)], [fake.DiagnosticSeverity.Error, fake.DiagnosticSeverity.Warning, fake.DiagnosticSeverity.Information, fake.DiagnosticSeverity.Hint, fake.DiagnosticSeverity.Error]);
  });

  it('a plain code stays plain', () => {
    assert.equal((c.diagnostic({ range: R(0, 0, 0, 1), message: 'm', code: 42 }) as unknown as fake.Diagnostic).code, 42);
  });

  it('goes back to the server unchanged, data included (code actions find their finding by it)', () => {
    const back = toDiagnostic(c.diagnostic(d), c.diagnosticData);
    assert.deepEqual(back, d);
  });

  it('a diagnostic the server never sent goes back without data', () => {
    const other = new fake.Diagnostic(new fake.Range(new fake.Position(0, 1), new fake.Position(0, 2)), 'from json', fake.DiagnosticSeverity.Warning);
    assert.deepEqual(toDiagnostic(other as never, c.diagnosticData), { range: R(0, 1, 0, 2), message: 'from json', severity: 2 });
  });
});

describe('LSP to VS Code: hover', () => {
  const value = (h: unknown) => (h as fake.Hover).contents.map((m) => m.value);

  it('markdown stays markdown, with the range', () => {
    const h = c.hover({ contents: { kind: 'markdown', value: '**kms:Decrypt** — decrypts' }, range: R(2, 4, 2, 17) }) as unknown as fake.Hover;
    assert.deepEqual(value(h), ['**kms:Decrypt** — decrypts']);
    assert.deepEqual(plain(h.range), R(2, 4, 2, 17));
  });

  it('plain text is escaped, marked strings keep their language, arrays keep their order', () => {
    assert.deepEqual(value(c.hover({ contents: { kind: 'plaintext', value: 'a*b' } })), ['a\\*b']);
    assert.deepEqual(value(c.hover({ contents: ['# title', { language: 'json', value: '{}' }] })), ['# title', '\n```json\n{}\n```\n']);
  });

  it('no hover is no hover', () => {
    assert.equal(c.hover(null), undefined);
  });
});

describe('LSP to VS Code: completion', () => {
  const item = (x: lsp.CompletionItem) => c.completionItem(x) as unknown as fake.CompletionItem;

  it('a snippet text edit becomes a SnippetString over the edit\'s range, with its filter and sort text', () => {
    const v = item({ label: 'kms:Decrypt', kind: 21, detail: 'read data', documentation: { kind: 'markdown', value: '*Decrypts*' }, textEdit: { range: R(3, 10, 3, 16), newText: '"kms:Decrypt"$0' }, insertTextFormat: 2, sortText: '0001', filterText: '"kms:Decrypt"' });
    assert.ok(v.insertText instanceof fake.SnippetString);
    assert.equal((v.insertText as fake.SnippetString).value, '"kms:Decrypt"$0');
    assert.deepEqual(plain(v.range), R(3, 10, 3, 16));
    assert.equal(v.kind, fake.CompletionItemKind.Constant, 'LSP Constant (21) is VS Code Constant (20): kinds shift by one');
    assert.equal(v.detail, 'read data');
    assert.equal((v.documentation as fake.MarkdownString).value, '*Decrypts*');
    assert.equal(v.sortText, '0001');
    assert.equal(v.filterText, '"kms:Decrypt"');
  });

  it('plain text stays a string; without an edit the insert text, else the label, is inserted', () => {
    assert.equal(item({ label: 'x', textEdit: { range: R(0, 0, 0, 1), newText: '"x"' }, insertTextFormat: 1 }).insertText, '"x"');
    assert.equal(item({ label: 'x', insertText: 'xyz' }).insertText, 'xyz');
    assert.equal(item({ label: 'x' }).insertText, 'x');
    assert.equal(item({ label: 'x' }).range, undefined);
  });

  it('every LSP kind maps to the VS Code kind one lower; unknown kinds are left to the editor', () => {
    assert.equal(item({ label: 'a', kind: 1 }).kind, fake.CompletionItemKind.Text);
    assert.equal(item({ label: 'a', kind: 10 }).kind, fake.CompletionItemKind.Property);
    assert.equal(item({ label: 'a', kind: 15 }).kind, fake.CompletionItemKind.Snippet);
    assert.equal(item({ label: 'a', kind: 24 }).kind, fake.CompletionItemKind.Operator);
    assert.equal(item({ label: 'a', kind: 25 }).kind, fake.CompletionItemKind.TypeParameter);
    assert.equal(item({ label: 'a', kind: 0 as never }).kind, undefined);
    assert.equal(item({ label: 'a', kind: 26 as never }).kind, undefined);
  });

  it('insert/replace edits, label details, deprecation, extra edits and a command', () => {
    const v = item({
      label: 'a', labelDetails: { detail: '(x)', description: 'desc' }, tags: [1], documentation: 'plain doc',
      textEdit: { newText: 'abc', insert: R(1, 2, 1, 3), replace: R(1, 2, 1, 6) },
      additionalTextEdits: [{ range: R(0, 0, 0, 0), newText: 'import' }], command: { title: 't', command: 'c', arguments: [1] },
    });
    assert.deepEqual(v.label, { label: 'a', detail: '(x)', description: 'desc' });
    assert.deepEqual(plain(v.range), { inserting: R(1, 2, 1, 3), replacing: R(1, 2, 1, 6) });
    assert.deepEqual(v.tags, [fake.CompletionItemTag.Deprecated]);
    assert.equal(v.documentation, 'plain doc');
    assert.deepEqual(plain(v.additionalTextEdits), [{ range: R(0, 0, 0, 0), newText: 'import' }]);
    assert.deepEqual(v.command, { title: 't', command: 'c', arguments: [1] });
  });

  it('a list keeps isIncomplete; an array is complete', () => {
    const list = c.completion({ isIncomplete: true, items: [{ label: 'a' }] }) as unknown as fake.CompletionList;
    assert.equal(list.isIncomplete, true);
    assert.equal(list.items.length, 1);
    assert.equal((c.completion([{ label: 'a' }]) as unknown as fake.CompletionList).isIncomplete, false);
    assert.equal(c.completion(null), undefined);
  });
});

describe('LSP to VS Code: code actions, workspace edits, code lenses', () => {
  const uri = 'file:///w/keys/a.kms.json';

  it('a quick fix keeps its kind, preference, diagnostics and edits', () => {
    const a = c.codeAction({
      title: 'Replace with kms:Decrypt', kind: 'quickfix', isPreferred: true,
      diagnostics: [{ range: R(4, 17, 4, 30), message: 'm', code: 'unknown-action' }],
      edit: { changes: { [uri]: [{ range: R(4, 17, 4, 30), newText: '"kms:Decrypt"' }] } },
    }) as unknown as fake.CodeAction;
    assert.equal(a.kind?.value, 'quickfix');
    assert.equal(a.isPreferred, true);
    assert.equal(a.diagnostics?.length, 1);
    assert.deepEqual(plain(a.edit!.entries), [{ op: 'replace', uri, range: R(4, 17, 4, 30), newText: '"kms:Decrypt"' }]);
  });

  it('the fix-all source action keeps its own kind, so editor.codeActionsOnSave can name it', () => {
    const a = c.codeAction({ title: 'Fix all', kind: 'source.fixAll.keyscope' }) as unknown as fake.CodeAction;
    assert.equal(a.kind?.value, 'source.fixAll.keyscope');
  });

  it('a bare command stays a command; a disabled action keeps its reason', () => {
    assert.deepEqual(c.codeAction({ title: 'Show', command: 'keyscope.showAccess', arguments: [uri] }), { title: 'Show', command: 'keyscope.showAccess', arguments: [uri] });
    const a = c.codeAction({ title: 't', disabled: { reason: 'why' }, command: { title: 't', command: 'x' } }) as unknown as fake.CodeAction;
    assert.deepEqual(a.disabled, { reason: 'why' });
    assert.deepEqual(a.command, { title: 't', command: 'x' });
  });

  it('document changes apply in order: text edits, then file creation, renaming and deletion', () => {
    const e = c.workspaceEdit({
      documentChanges: [
        { textDocument: { uri, version: 7 }, edits: [{ range: R(0, 0, 0, 1), newText: 'a' }, { range: R(2, 0, 2, 1), newText: 'b' }] },
        { kind: 'create', uri: 'file:///w/new.json', options: { ignoreIfExists: true } },
        { kind: 'rename', oldUri: 'file:///w/new.json', newUri: 'file:///w/b.json' },
        { kind: 'delete', uri: 'file:///w/b.json' },
      ],
    }) as unknown as fake.WorkspaceEdit;
    assert.deepEqual(e.entries.map((x) => x.op), ['replace', 'replace', 'create', 'rename', 'delete']);
    assert.deepEqual(plain(e.entries[1]), { op: 'replace', uri, range: R(2, 0, 2, 1), newText: 'b' });
    assert.deepEqual(e.entries[2], { op: 'create', uri: 'file:///w/new.json', options: { ignoreIfExists: true } });
    assert.deepEqual(e.entries[3], { op: 'rename', uri: 'file:///w/new.json', newUri: 'file:///w/b.json', options: undefined });
  });

  it('an edit for another version of the document is stale; unversioned changes are not', () => {
    const versioned = (version: number | null): lsp.CodeAction => ({ title: 't', edit: { documentChanges: [{ textDocument: { uri, version: version as number }, edits: [] }] } });
    assert.equal(isStale(versioned(3), uri, 4), true);
    assert.equal(isStale(versioned(4), uri, 4), false);
    assert.equal(isStale(versioned(null), uri, 4), false);
    assert.equal(isStale(versioned(3), 'file:///w/other.json', 4), false);
    assert.equal(isStale({ title: 't', edit: { changes: { [uri]: [] } } }, uri, 4), false);
    assert.equal(isStale({ title: 't', command: 'x' }, uri, 4), false);
  });

  it('a code lens keeps its range and command with its arguments', () => {
    const l = c.codeLens({ range: R(1, 2, 1, 2), command: { title: 'Keyscope: 2 principals', command: 'keyscope.showAccess', arguments: [uri] } }) as unknown as fake.CodeLens;
    assert.deepEqual(plain(l.range), R(1, 2, 1, 2));
    assert.deepEqual(l.command, { title: 'Keyscope: 2 principals', command: 'keyscope.showAccess', arguments: [uri] });
  });
});
