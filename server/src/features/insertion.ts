import type { Analysis } from '../analyze';
import type { InsertionPoint } from '../generate';
import { writtenHere, type PolicySource, type Span } from '../policy/model';
import { scanHcl } from './hcl-scan';

/** An insertion point in document offsets (the adapter converts `span` to the point's range). */
export type InsertionPlace = Omit<InsertionPoint, 'range'> & { span: Span };

/**
 * What generated content fits at `offset` ("New key policy…" → "Insert at the cursor"): statements between the
 * items of a policy's `Statement` list (JSON, heredoc, `jsonencode`), `statement` blocks on a blank line of a
 * `data "aws_iam_policy_document"`, blocks on a blank line at the top level of a .tf file, a whole policy in
 * an empty JSON document. Undefined anywhere else: inside a statement, a string, another block.
 */
export function insertionAt(analysis: Analysis, offset: number, unit = '  '): InsertionPlace | undefined {
  const text = analysis.text;
  const base = { commaBefore: false, commaAfter: false, blankBefore: false, blankAfter: false, closeIndent: '', indent: '', unit: detectUnit(text) ?? unit };
  if (analysis.syntax === 'json' && text.trim() === '') return { ...base, form: 'policy', span: { start: 0, end: text.length }, where: 'the empty document' };
  for (const source of analysis.sources) {
    if (!writtenHere(source) || source.kind === 'tf-policy-document' || !(source.span.start <= offset && offset <= source.span.end)) continue;
    const list = statementList(text, source, offset);
    if (list) return { ...base, ...list, form: source.kind === 'tf-jsonencode' ? 'hcl-statements' : 'json-statements', where: `the Statement list of ${source.name}` };
  }
  if (analysis.syntax !== 'terraform') return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl === -1 ? text.length : nl;
  if (text.slice(lineStart, lineEnd).trim() !== '') return undefined;
  const scan = scanHcl(text, lineStart);
  if (scan.inside !== 'code') return undefined;
  const blocks = scan.open;
  const around = {
    span: { start: lineStart, end: lineEnd },
    blankBefore: lineStart > 0 && text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1).trim() !== '',
    blankAfter: nl !== -1 && text.slice(nl + 1, (text.indexOf('\n', nl + 1) + 1 || text.length + 1) - 1).trim() !== '',
  };
  if (blocks.length === 0) return { ...base, ...around, form: 'blocks', where: 'the top level' };
  const inner = blocks[blocks.length - 1];
  if (blocks.length === 1 && inner.char === '{' && /^data\s+"aws_iam_policy_document"/.test(inner.header)) {
    const label = /"aws_iam_policy_document"\s+"([^"]+)"/.exec(inner.header)?.[1];
    // The statements sit one step (two spaces, as `terraform fmt` writes) inside the data block, which stands
    // at the top level.
    const indent = '  ';
    // A blank line opening or closing the block needs no other blank line next to it.
    const prev = text.slice(0, lineStart).trimEnd();
    const next = text.slice(lineEnd).trimStart();
    return { ...base, ...around, blankBefore: around.blankBefore && !prev.endsWith('{'), blankAfter: around.blankAfter && !next.startsWith('}'), indent, form: 'document-statements', where: `data.aws_iam_policy_document.${label ?? 'this'}` };
  }
  return undefined;
}

/** The white space between two items (or brackets) of the source's `Statement` list that holds `offset`. */
function statementList(text: string, source: PolicySource, offset: number): Pick<InsertionPlace, 'span' | 'indent' | 'closeIndent' | 'commaBefore' | 'commaAfter'> | undefined {
  const list = source.policy.statementProp?.value;
  if (list?.kind !== 'array' || !(list.span.start < offset && offset < list.span.end)) return undefined;
  if (list.items.some((i) => i.span.start < offset && offset < i.span.end)) return undefined;
  let start = offset;
  while (start > list.span.start && /\s/.test(text[start - 1])) start--;
  let end = offset;
  while (end < list.span.end && /\s/.test(text[end])) end++;
  const before = text[start - 1];
  const after = text[end];
  // Only where the caret is between items: after `[`, `,` or an item, before `]`, `,` or an item. A
  // comment next to the caret, or anything else, is not a place for statements.
  const endsItem = list.items.some((i) => i.span.end === start);
  const startsItem = list.items.some((i) => i.span.start === end);
  if (!(before === '[' || before === ',' || endsItem) || !(after === ']' || after === ',' || startsItem)) return undefined;
  const lineIndent = (at: number) => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))![0];
  const first = list.items[0];
  const startsLine = (at: number) => text.slice(text.lastIndexOf('\n', at - 1) + 1, at).trim() === '';
  const closeIndent = startsLine(end) ? lineIndent(end) : lineIndent(list.span.start);
  const unit = detectUnit(text) ?? '  ';
  const indent = first && startsLine(first.span.start) ? lineIndent(first.span.start) : lineIndent(list.span.start) + (source.kind === 'tf-jsonencode' ? '  ' : unit);
  return { span: { start, end }, indent, closeIndent, commaBefore: endsItem, commaAfter: startsItem };
}

/** The document's indentation step: the first indented line's leading white space (a tab, or its spaces). */
function detectUnit(text: string): string | undefined {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return undefined;
  return m[1].startsWith('\t') ? '\t' : m[1];
}
