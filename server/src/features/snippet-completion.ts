import { createScanner, getLocation, SyntaxKind } from 'jsonc-parser';
import type { Analysis } from '../analyze';
import { policySnippets, type SnippetForm } from '../generate/snippets';
import { scanHcl, type OpenBracket } from './hcl-scan';
import { indentUnit, placeBody } from './indent';
import type { CompletionResult } from './types';
import { writtenHere } from '../policy/model';

/**
 * Snippets where they fit, never inside a string or a comment: in JSON, whole key policies in an empty
 * document (or heredoc) and statements in a Statement list; in Terraform, a key's blocks at the top level, a
 * policy as the value of `policy =` in a KMS resource, statement objects in a `jsonencode` Statement list and
 * `statement` blocks in an `aws_iam_policy_document`. Each is written with the file's indentation.
 */
export function snippetCompletions(analysis: Analysis, offset: number): CompletionResult[] {
  if (analysis.settings && !analysis.settings.enable) return [];
  const text = analysis.text;
  let start = offset;
  while (start > 0 && /[\w-]/.test(text[start - 1])) start--;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineIndent = /^[ \t]*/.exec(text.slice(lineStart, start))![0];
  const place = (forms: SnippetForm[], around: Around = {}): CompletionResult[] => {
    const unit = indentUnit(text);
    return policySnippets()
      .filter((s) => forms.includes(s.form))
      .map((s) => ({
        label: s.prefix,
        kind: 'snippet' as const,
        detail: s.name,
        documentation: s.description,
        edit: { start, end: offset, newText: placeBody(s.body, unit, lineIndent) + (around.commaAfter ? ',' : '') },
        additionalEdits: around.commaBefore === undefined ? undefined : [{ start: around.commaBefore, end: around.commaBefore, newText: ',' }],
        snippet: true,
        keepWhitespace: true,
        sortText: `5-${s.prefix}`,
        filterText: s.prefix,
      }));
  };
  // A JSON document with no policy (too large or deep to read, or no policy yet) can only be empty here.
  if (analysis.syntax === 'json') return jsonForms(text, 0, start, offset, place, analysis.sources.length > 0);
  if (analysis.syntax !== 'terraform') return [];
  const heredoc = analysis.sources.find((s) => s.kind === 'tf-heredoc' && writtenHere(s) && s.span.start <= start && offset <= s.span.end);
  if (heredoc) return jsonForms(text.slice(heredoc.span.start, heredoc.span.end), heredoc.span.start, start, offset, place, true);
  const scan = scanHcl(text, lineStart);
  if (scan.inside !== 'code') return [];
  const typedOn = text.slice(lineStart, start);
  const inner = scan.open[scan.open.length - 1];
  if (/^[ \t]*policy[ \t]*=[ \t]*$/.test(typedOn)) return inner?.char === '{' && /^resource\s+"aws_kms_/.test(inner.header) ? place(['hcl-policy']) : [];
  if (typedOn.trim() !== '') return [];
  if (!inner) return place(['tf-key']);
  if (inner.char === '{' && /^data\s+"aws_iam_policy_document"/.test(inner.header)) return place(['doc-statement']);
  if (isJsonencodeStatementList(scan.open)) return place(['hcl-statement'], listCommas(text, start, offset, true));
  return [];
}

/** Commas a statement inserted into a list needs: after a statement that ends just before it, and before one that follows. */
interface Around {
  /** Where to insert a `,` after the statement before. */
  commaBefore?: number;
  /** Append a `,` to the inserted statement. */
  commaAfter?: boolean;
}

/** In JSON a `,` follows the statement only when another comes next; in HCL always (as `terraform fmt` leaves lists). */
function listCommas(text: string, start: number, offset: number, trailing: boolean): Around {
  const before = /[^\s]?\s*$/.exec(text.slice(0, start))!;
  const next = /^\s*(\S?)/.exec(text.slice(offset))![1];
  const prev = before[0].trim();
  return {
    commaBefore: prev === '}' ? before.index + 1 : undefined,
    commaAfter: trailing ? next !== ',' : next === '{',
  };
}

/** True when the innermost open bracket is the `[` of `Statement = [` inside `jsonencode(`. */
function isJsonencodeStatementList(open: OpenBracket[]): boolean {
  const inner = open[open.length - 1];
  if (inner?.char !== '[' || !/(^|[\s{,])"?Statement"?\s*[=:]$/.test(inner.header)) return false;
  return open.some((o) => o.char === '(' && /\bjsonencode$/.test(o.header));
}

/** JSON (a document, or a heredoc's text at `base`): a policy in an empty text, a statement in a Statement list. */
function jsonForms(text: string, base: number, absStart: number, absOffset: number, place: (forms: SnippetForm[], around?: Around) => CompletionResult[], hasPolicy: boolean): CompletionResult[] {
  const start = absStart - base;
  const offset = absOffset - base;
  if ((text.slice(0, start) + text.slice(offset)).trim() === '') return place(['json-policy']);
  if (!hasPolicy || inStringOrComment(text, start)) return [];
  const loc = getLocation(text, start);
  if (loc.isAtPropertyKey || loc.path.length !== 2 || loc.path[0] !== 'Statement' || typeof loc.path[1] !== 'number') return [];
  const around = listCommas(text, start, offset, false);
  return place(['json-statement'], { commaAfter: around.commaAfter, commaBefore: around.commaBefore === undefined ? undefined : around.commaBefore + base });
}

/** True when `offset` is inside a string (a half-typed one too) or a comment of JSON text. */
function inStringOrComment(text: string, offset: number): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const from = scanner.getTokenOffset();
    const to = from + scanner.getTokenLength();
    if (from >= offset) return false;
    if (offset < to) return kind === SyntaxKind.StringLiteral || kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia;
    // Right after a string that never closed (the line ends it), or a line comment: still inside.
    if (offset === to && (kind === SyntaxKind.LineCommentTrivia || (kind === SyntaxKind.StringLiteral && scanner.getTokenError() !== 0))) return true;
  }
  return false;
}

