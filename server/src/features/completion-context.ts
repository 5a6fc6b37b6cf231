import { getLocation, type JSONPath } from 'jsonc-parser';
import type { Analysis } from '../analyze';
import { writtenHere, type PNode, type PolicySource, type Span, type Statement } from '../policy/model';
import { scanHcl } from './hcl-scan';
import { locate, type Location } from './locate';

/** What is being completed. */
export type CompletionSlot =
  | 'policyKey'
  | 'statementKey'
  | 'version'
  | 'effect'
  | 'action'
  | 'resource'
  | 'principalType'
  | 'principalValue'
  | 'operator'
  | 'conditionKey'
  | 'conditionValue';

/** Where a completion happens and what it may replace; syntax-neutral beyond `json`. */
export interface CompletionContext {
  slot: CompletionSlot;
  source?: PolicySource;
  statement?: Statement;
  /** Keys already present in the object being completed (not counting the one under the caret). */
  present: string[];
  /** The span an accepted item replaces: the whole string token under the caret, quotes included. */
  replace: Span;
  /** True when the items are written as JSON (a JSON document or a heredoc); false for HCL forms. */
  json: boolean;
  /** For a key slot: a `:` already follows, so only the key is written. */
  valueFollows: boolean;
  /** For a key slot in JSON: another member follows, so a `,` is appended. */
  commaAfter: boolean;
  principalType?: string;
  operator?: string;
  conditionKey?: string;
}

/** The completion context at `offset`, from the text for JSON (works on half-typed input) or from the model. */
export function completionContext(analysis: Analysis, offset: number): CompletionContext | undefined {
  const source = analysis.sources.find((s) => writtenHere(s) && s.span.start <= offset && offset <= s.span.end);
  // A JSON document Keyscope does not analyse (package.json, ...) gets no policy completions.
  if (analysis.syntax === 'json') return analysis.sources[0] ? jsonContext(analysis.text, 0, offset, analysis.sources[0]) : undefined;
  if (source?.kind === 'tf-heredoc') return jsonContext(analysis.text.slice(source.span.start, source.span.end), source.span.start, offset, source);
  const loc = locate(analysis, offset);
  const ctx = loc ? modelContext(analysis.text, loc) : undefined;
  return ctx ?? (source?.kind === 'tf-jsonencode' ? typingContext(analysis.text, offset, source) : undefined);
}

/**
 * Context in a `jsonencode({...})` where the model has no node yet: a new key being typed on its own line
 * (`Res` in a statement, `Sta` at the policy level) or a value after `Effect =` before its string is started.
 * Read from the brackets open before the caret, so it works on half-typed text.
 */
function typingContext(text: string, offset: number, source: PolicySource): CompletionContext | undefined {
  let start = offset;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  const scan = scanHcl(text, start);
  if (scan.inside !== 'code') return undefined;
  const call = scan.open.findIndex((o) => o.char === '(' && /\bjsonencode$/.test(o.header));
  const inner = scan.open.slice(call + 1);
  if (call < 0 || inner[inner.length - 1]?.char !== '{') return undefined;
  const statementList = (o: { header: string } | undefined) => /(^|[\s{,])"?Statement"?\s*[=:]$/.test(o?.header ?? '');
  const level =
    inner.length === 1 ? 'policy'
    : (inner.length === 3 && inner[1].char === '[' && statementList(inner[1])) || (inner.length === 2 && statementList(inner[1])) ? 'statement'
    : undefined;
  if (!level) return undefined;
  const holder = objectAt(source, offset, level);
  const statement = level === 'statement' ? source.policy.statements.find((s) => s.node === holder) : undefined;
  const base = { source, statement, replace: { start, end: offset }, json: false, valueFollows: false, commaAfter: false };
  if (level === 'statement' && /(^|[\s{,])"?Effect"?\s*[=:]\s*$/.test(before)) return { ...base, slot: 'effect', present: [] };
  if (!/(^|[{,])\s*$/.test(before)) return undefined;
  const after = /^[ \t]*(\S?)/.exec(text.slice(offset))![1];
  const present = holder?.kind === 'object' ? holder.props.filter((p) => !(p.keySpan.start <= offset && offset <= p.keySpan.end)).map((p) => p.key) : [];
  return { ...base, slot: level === 'policy' ? 'policyKey' : 'statementKey', present, valueFollows: after === '=' || after === ':' };
}

/** The policy's root object, or the statement object holding `offset`, as the parser recovered them. */
function objectAt(source: PolicySource, offset: number, level: 'policy' | 'statement'): PNode | undefined {
  const root = source.policy.root ?? undefined;
  if (level === 'policy') return root;
  return source.policy.statements.find((s) => s.node.span.start <= offset && offset <= s.node.span.end)?.node;
}

/** Context from jsonc-parser's scanner-based location: valid while the document is only half typed. */
function jsonContext(text: string, base: number, absOffset: number, source: PolicySource | undefined): CompletionContext | undefined {
  const offset = absOffset - base;
  const loc = getLocation(text, offset);
  const slotInfo = slotOf(loc.path, loc.isAtPropertyKey);
  if (!slotInfo) return undefined;
  const prev = loc.previousNode;
  const onToken = prev && (prev.type === 'string' || prev.type === 'property') && prev.offset < offset && offset <= prev.offset + prev.length;
  const replace = onToken ? { start: prev.offset, end: prev.offset + prev.length } : wordAround(text, offset);
  const after = text.slice(replace.end).match(/^\s*(\S?)/)![1];
  const root = source?.policy.root ?? undefined;
  const holderPath = loc.isAtPropertyKey ? loc.path.slice(0, -1) : loc.path;
  const holder = root ? nodeAt(root, holderPath) : undefined;
  const typed = loc.isAtPropertyKey ? loc.path[loc.path.length - 1] : undefined;
  const present = holder?.kind === 'object' ? holder.props.map((p) => p.key).filter((k) => k !== typed) : [];
  const stmtNode = root && slotInfo.statementPath ? nodeAt(root, slotInfo.statementPath) : undefined;
  return {
    ...slotInfo.extra,
    slot: slotInfo.slot,
    source,
    statement: source?.policy.statements.find((s) => s.node === stmtNode),
    present,
    replace: { start: replace.start + base, end: replace.end + base },
    json: true,
    valueFollows: after === ':',
    commaAfter: after === '"' || after === '{' || after === '[',
  };
}

/** A bare word being typed without quotes (`kms:De`), so it is replaced rather than appended to. */
function wordAround(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && /[\w:*\-.]/.test(text[start - 1])) start--;
  return { start, end: offset };
}

type SlotInfo = { slot: CompletionSlot; statementPath?: JSONPath; extra: Partial<CompletionContext> };

/** Maps a JSON path (as jsonc-parser reports it) to a slot. */
function slotOf(path: JSONPath, isKey: boolean): SlotInfo | undefined {
  if (path.length === 1 && isKey) return { slot: 'policyKey', extra: {} };
  if (path.length === 1 && path[0] === 'Version') return { slot: 'version', extra: {} };
  if (path[0] !== 'Statement' || path.length < 2) return undefined;
  // `"Statement": [{...}]` or a single statement written as an object: `"Statement": {...}`.
  const statementPath = typeof path[1] === 'number' ? path.slice(0, 2) : path.slice(0, 1);
  const rest = path.slice(statementPath.length);
  const el = rest[0];
  const s = (slot: CompletionSlot, extra: Partial<CompletionContext> = {}): SlotInfo => ({ slot, statementPath, extra });
  if (rest.length === 1 && isKey) return s('statementKey');
  if (isKey) {
    if ((el === 'Principal' || el === 'NotPrincipal') && rest.length === 2) return s('principalType');
    if (el === 'Condition' && rest.length === 2) return s('operator');
    if (el === 'Condition' && rest.length === 3) return s('conditionKey', { operator: String(rest[1]) });
    return undefined;
  }
  if (el === 'Effect' && rest.length === 1) return s('effect');
  if ((el === 'Action' || el === 'NotAction') && rest.length <= 2) return s('action');
  if ((el === 'Resource' || el === 'NotResource') && rest.length <= 2) return s('resource');
  if (el === 'Principal' || el === 'NotPrincipal') {
    if (rest.length === 1) return s('principalValue', { principalType: '*' });
    if (rest.length <= 3 && typeof rest[1] === 'string') return s('principalValue', { principalType: rest[1] });
  }
  if (el === 'Condition' && (rest.length === 3 || rest.length === 4)) return s('conditionValue', { operator: String(rest[1]), conditionKey: String(rest[2]) });
  return undefined;
}

/** The model node at a JSON path (object keys, array indices). */
function nodeAt(root: PNode, path: JSONPath): PNode | undefined {
  let n: PNode | undefined = root;
  for (const seg of path) {
    if (!n) return undefined;
    if (n.kind === 'object') n = n.props.find((p) => p.key === seg)?.value;
    else if (n.kind === 'array' && typeof seg === 'number') n = n.items[seg];
    else return undefined;
  }
  return n;
}

const VALUE_SLOTS: Partial<Record<Location['role'], CompletionSlot>> = {
  version: 'version',
  effect: 'effect',
  action: 'action',
  resource: 'resource',
  principal: 'principalValue',
  conditionValue: 'conditionValue',
  principalType: 'principalType',
  conditionOperator: 'operator',
  conditionKey: 'conditionKey',
};

/**
 * Context for policies written in HCL (`jsonencode`, policy documents): from the model, so only where a
 * node already exists under the caret (a string being typed, a key being renamed).
 */
function modelContext(text: string, loc: Location): CompletionContext | undefined {
  let slot = VALUE_SLOTS[loc.role];
  // In an aws_iam_policy_document the element names are Terraform attributes (`actions`, `resources`):
  // renaming them to policy elements would break the configuration.
  if (loc.role === 'elementKey' && loc.source.kind !== 'tf-policy-document') slot = loc.level === 'policy' ? 'policyKey' : 'statementKey';
  if (!slot) return undefined;
  if (loc.node.kind === 'symbolic') return undefined;
  const isKey = loc.span === loc.prop?.keySpan;
  // For a key the path ends [..., object, member]: the object holds the keys already present.
  const holder = isKey ? loc.path[loc.path.length - 2] : undefined;
  const present = holder && 'kind' in holder && holder.kind === 'object' ? holder.props.map((p) => p.key).filter((k) => k !== loc.prop?.key) : [];
  return {
    slot,
    source: loc.source,
    statement: loc.statement,
    present,
    replace: loc.span,
    json: false,
    valueFollows: isKey,
    commaAfter: false,
    principalType: loc.principalType,
    operator: loc.operator?.key,
    conditionKey: loc.conditionKey?.key,
  };
}

/** True when the replaced text is a quoted string (the item is written quoted too). */
export function isQuoted(text: string, span: Span): boolean {
  return text[span.start] === '"';
}
