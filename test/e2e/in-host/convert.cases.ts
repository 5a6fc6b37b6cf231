// The converters of client/src/lsp/convert.ts (LSP values to VS Code's), run with the real `vscode` module
// inside the extension host: every value they build is VS Code's own class, checked through its own API.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { converters } from '../../../client/src/lsp/convert';
import { toDiagnostic } from '../../../client/src/lsp/to-lsp';
import { describe, it } from './runner';
import { R, sameRange, scratchFolder, writeText } from './scratch';

const c = converters(vscode);

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
    const v = c.diagnostic(d);
    assert.ok(v instanceof vscode.Diagnostic);
    sameRange(v.range, R(4, 17, 4, 30));
    assert.equal(v.message, 'Unknown action');
    assert.equal(v.source, 'keyscope');
    const code = v.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'unknown-action');
    assert.ok(code.target instanceof vscode.Uri);
    assert.equal(code.target.toString(), 'https://example.test/rules/unknown-action.md');
    assert.deepEqual(v.tags, [vscode.DiagnosticTag.Unnecessary, vscode.DiagnosticTag.Deprecated]);
    const related = v.relatedInformation![0];
    assert.ok(related instanceof vscode.DiagnosticRelatedInformation && related.location instanceof vscode.Location);
    assert.equal(related.message, 'first here');
    assert.equal(related.location.uri.toString(), 'file:///w/a.json');
    sameRange(related.location.range, R(1, 0, 1, 5));
  });

  it('maps the four severities (LSP counts from 1, VS Code from 0); a missing one is an error', () => {
    const sev = (s?: lsp.DiagnosticSeverity) => c.diagnostic({ range: R(0, 0, 0, 0), message: 'm', severity: s }).severity;
    const S = vscode.DiagnosticSeverity;
    assert.deepEqual([sev(1), sev(2), sev(3), sev(4), sev(undefined)], [S.Error, S.Warning, S.Information, S.Hint, S.Error]);
  });

  it('a plain code stays plain', () => {
    assert.equal(c.diagnostic({ range: R(0, 0, 0, 1), message: 'm', code: 42 }).code, 42);
  });

  it('goes back to the server unchanged, data included (code actions find their finding by it)', () => {
    assert.deepEqual(toDiagnostic(c.diagnostic(d), c.diagnosticData), d);
  });

  it('a diagnostic the server never sent goes back without data', () => {
    const other = new vscode.Diagnostic(new vscode.Range(new vscode.Position(0, 1), new vscode.Position(0, 2)), 'from json', vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(toDiagnostic(other, c.diagnosticData), { range: R(0, 1, 0, 2), message: 'from json', severity: 2 });
  });

  it('the editor takes the converted diagnostic as it is: set on a collection, read back with its linked code', async () => {
    const uri = vscode.Uri.joinPath(await scratchFolder(), 'a.kms.json');
    const collection = vscode.languages.createDiagnosticCollection('keyscope-in-host');
    try {
      collection.set(uri, [c.diagnostic(d)]);
      const [back] = vscode.languages.getDiagnostics(uri);
      assert.equal(back.message, 'Unknown action');
      assert.equal(back.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal((back.code as { target: vscode.Uri }).target.toString(), 'https://example.test/rules/unknown-action.md');
      sameRange(back.range, R(4, 17, 4, 30));
    } finally {
      collection.dispose();
    }
  });
});

describe('LSP to VS Code: hover', () => {
  const value = (h: vscode.Hover | undefined) =>
    h!.contents.map((m) => {
      assert.ok(m instanceof vscode.MarkdownString);
      return m.value;
    });

  it('markdown stays markdown, with the range', () => {
    const h = c.hover({ contents: { kind: 'markdown', value: '**kms:Decrypt** — decrypts' }, range: R(2, 4, 2, 17) });
    assert.ok(h instanceof vscode.Hover);
    assert.deepEqual(value(h), ['**kms:Decrypt** — decrypts']);
    sameRange(h.range, R(2, 4, 2, 17));
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
  const item = (x: lsp.CompletionItem) => {
    const v = c.completionItem(x);
    assert.ok(v instanceof vscode.CompletionItem);
    return v;
  };
  const decrypt: lsp.CompletionItem = { label: 'kms:Decrypt', kind: 21, detail: 'read data', documentation: { kind: 'markdown', value: '*Decrypts*' }, textEdit: { range: R(3, 10, 3, 16), newText: '"kms:Decrypt"$0' }, insertTextFormat: 2, sortText: '0001', filterText: '"kms:Decrypt"' };

  it('a snippet text edit becomes a SnippetString over the edit\'s range, with its filter and sort text', () => {
    const v = item(decrypt);
    assert.ok(v.insertText instanceof vscode.SnippetString);
    assert.equal(v.insertText.value, '"kms:Decrypt"$0');
    sameRange(v.range, R(3, 10, 3, 16));
    assert.equal(v.kind, vscode.CompletionItemKind.Constant, 'LSP Constant (21) is VS Code Constant (20): kinds shift by one');
    assert.equal(v.detail, 'read data');
    assert.ok(v.documentation instanceof vscode.MarkdownString);
    assert.equal(v.documentation.value, '*Decrypts*');
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
    const K = vscode.CompletionItemKind;
    assert.equal(item({ label: 'a', kind: 1 }).kind, K.Text);
    assert.equal(item({ label: 'a', kind: 10 }).kind, K.Property);
    assert.equal(item({ label: 'a', kind: 15 }).kind, K.Snippet);
    assert.equal(item({ label: 'a', kind: 24 }).kind, K.Operator);
    assert.equal(item({ label: 'a', kind: 25 }).kind, K.TypeParameter);
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
    const r = v.range as { inserting: vscode.Range; replacing: vscode.Range };
    sameRange(r.inserting, R(1, 2, 1, 3));
    sameRange(r.replacing, R(1, 2, 1, 6));
    assert.deepEqual(v.tags, [vscode.CompletionItemTag.Deprecated]);
    assert.equal(v.documentation, 'plain doc');
    const [extra] = v.additionalTextEdits!;
    assert.ok(extra instanceof vscode.TextEdit);
    sameRange(extra.range, R(0, 0, 0, 0));
    assert.equal(extra.newText, 'import');
    assert.deepEqual(v.command, { title: 't', command: 'c', arguments: [1] });
  });

  it('a list keeps isIncomplete; an array is complete', () => {
    const list = c.completion({ isIncomplete: true, items: [{ label: 'a' }] });
    assert.ok(list instanceof vscode.CompletionList);
    assert.equal(list.isIncomplete, true);
    assert.equal(list.items.length, 1);
    assert.equal(c.completion([{ label: 'a' }])!.isIncomplete, false);
    assert.equal(c.completion(null), undefined);
  });

  it('the editor takes the converted items: a provider\'s snippet comes back through executeCompletionItemProvider', async () => {
    const uri = await writeText(vscode.Uri.joinPath(await scratchFolder(), 'c.kms.json'), '{ "Action": "kms:Decr" }\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    const provider = vscode.languages.registerCompletionItemProvider({ pattern: '**/in-host-scratch/**/c.kms.json' }, {
      provideCompletionItems: () => c.completion({ isIncomplete: false, items: [{ ...decrypt, label: 'kms:DecryptInHost', textEdit: { range: R(0, 12, 0, 22), newText: '"kms:Decrypt"$0' } }] }),
    });
    try {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 20));
      const got = list.items.find((i) => i.label === 'kms:DecryptInHost');
      assert.ok(got, 'the converted item is offered');
      assert.equal(got.kind, vscode.CompletionItemKind.Constant);
      assert.equal((got.insertText as vscode.SnippetString).value, '"kms:Decrypt"$0');
      sameRange(got.range, R(0, 12, 0, 22));
    } finally {
      provider.dispose();
    }
  });
});
