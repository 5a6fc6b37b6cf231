/**
 * A stand-in for the classes and enums of the `vscode` module that the client's converters construct, with
 * VS Code's own enum numbers, so the converters run under plain Node. Only what the converters use.
 */
import type { VsApi } from '../../client/src/lsp/convert';

export class Position {
  constructor(readonly line: number, readonly character: number) {}
}
export class Range {
  constructor(readonly start: Position, readonly end: Position) {}
}
export class Uri {
  private constructor(private readonly value: string) {}
  static parse(value: string): Uri {
    return new Uri(value);
  }
  toString(): string {
    return this.value;
  }
}
export class Location {
  constructor(readonly uri: Uri, readonly range: Range) {}
}
export class DiagnosticRelatedInformation {
  constructor(readonly location: Location, readonly message: string) {}
}
export const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 } as const;
export const DiagnosticTag = { Unnecessary: 1, Deprecated: 2 } as const;
export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  tags?: number[];
  relatedInformation?: DiagnosticRelatedInformation[];
  constructor(readonly range: Range, readonly message: string, readonly severity: number = DiagnosticSeverity.Error) {}
}
export class MarkdownString {
  constructor(public value = '') {}
  /** VS Code escapes markdown syntax in plain text. */
  appendText(text: string): this {
    this.value += text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
    return this;
  }
  appendCodeblock(code: string, language = ''): this {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}
export class Hover {
  constructor(readonly contents: MarkdownString[], readonly range?: Range) {}
}
export class SnippetString {
  constructor(readonly value: string) {}
}
export class TextEdit {
  constructor(readonly range: Range, readonly newText: string) {}
}
export const CompletionItemKind = { Text: 0, Method: 1, Property: 9, Value: 11, Snippet: 14, Reference: 17, Constant: 20, Operator: 23, TypeParameter: 24 } as const;
export const CompletionItemTag = { Deprecated: 1 } as const;
export class CompletionItem {
  [key: string]: unknown;
  constructor(readonly label: string | { label: string; detail?: string; description?: string }) {}
}
export class CompletionList {
  constructor(readonly items: CompletionItem[], readonly isIncomplete: boolean) {}
}
export type EditEntry =
  | { op: 'replace'; uri: string; range: Range; newText: string }
  | { op: 'create' | 'delete'; uri: string; options?: unknown }
  | { op: 'rename'; uri: string; newUri: string; options?: unknown };
export class WorkspaceEdit {
  readonly entries: EditEntry[] = [];
  replace(uri: Uri, range: Range, newText: string): void {
    this.entries.push({ op: 'replace', uri: uri.toString(), range, newText });
  }
  createFile(uri: Uri, options?: unknown): void {
    this.entries.push({ op: 'create', uri: uri.toString(), options });
  }
  renameFile(uri: Uri, newUri: Uri, options?: unknown): void {
    this.entries.push({ op: 'rename', uri: uri.toString(), newUri: newUri.toString(), options });
  }
  deleteFile(uri: Uri, options?: unknown): void {
    this.entries.push({ op: 'delete', uri: uri.toString(), options });
  }
}
export class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  private constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
}
export class CodeAction {
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  disabled?: { reason: string };
  edit?: WorkspaceEdit;
  command?: unknown;
  constructor(readonly title: string, readonly kind?: CodeActionKind) {}
}
export class CodeLens {
  constructor(readonly range: Range, readonly command?: unknown) {}
}

/** The stand-in as the converters take it. */
export const fakeVscode = {
  Position, Range, Uri, Location, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Diagnostic, MarkdownString,
  Hover, SnippetString, TextEdit, CompletionItemKind, CompletionItemTag, CompletionItem, CompletionList, WorkspaceEdit,
  CodeActionKind, CodeAction, CodeLens,
} as unknown as VsApi;
