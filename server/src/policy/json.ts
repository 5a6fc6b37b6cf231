import { parseTree, printParseErrorCode, type Node as JNode, type ParseError } from 'jsonc-parser';
import { buildPolicy, hasPrincipals } from './build';
import { readStrictJson } from './json-strict';
import type { PNode, PolicySource, SyntaxProblem } from './model';
import { JsonWriter } from './json-writer';
import { utf8Length } from '../text';

/**
 * Parses JSON text into the model. Offsets are shifted by `base`, so the same parser serves a JSON document
 * and JSON embedded in another document (a Terraform heredoc).
 */
export function parseJsonValue(text: string, base = 0): { root?: PNode; errors: SyntaxProblem[] } {
  // Most documents are well-formed: read them on the fast path, the rest with the tolerant parser.
  const strict = readStrictJson(text, base);
  return strict ? { root: strict, errors: [] } : parseTolerant(text, base);
}

/** Reads any text as far as it goes, with one problem per place where it is not strict JSON. */
export function parseTolerant(text: string, base = 0): { root?: PNode; errors: SyntaxProblem[] } {
  const errs: ParseError[] = [];
  // Key policies are strict JSON: AWS rejects comments and trailing commas (MalformedPolicyDocument).
  const tree = parseTree(text, errs, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  const errors: SyntaxProblem[] = [];
  let lastOffset = -1;
  for (const e of errs) {
    if (e.offset === lastOffset) continue; // one problem per place: the parser reports a cascade
    lastOffset = e.offset;
    const comma = trailingCommaBefore(text, e.offset);
    if (comma >= 0) errors.push({ message: 'Trailing comma: AWS rejects it (MalformedPolicyDocument).', span: { start: base + comma, end: base + comma + 1 } });
    else errors.push({ message: describe(printParseErrorCode(e.error)), span: { start: base + e.offset, end: base + e.offset + Math.max(e.length, 1) } });
  }
  return { root: tree ? convert(tree, base) : undefined, errors };
}

/** Offset of a comma directly (but for whitespace) before a closing bracket at `offset`, or -1. */
function trailingCommaBefore(text: string, offset: number): number {
  if (text[offset] !== '}' && text[offset] !== ']') return -1;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : -1;
}

function describe(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  if (code === 'InvalidCommentToken') return 'Comments are not allowed in a key policy: AWS accepts plain JSON only.';
  return `JSON syntax: ${words}.`;
}

function convert(n: JNode, base: number): PNode {
  const span = { start: base + n.offset, end: base + n.offset + n.length };
  switch (n.type) {
    case 'object':
      return {
        kind: 'object',
        span,
        props: (n.children ?? [])
          .filter((c) => c.children && c.children.length >= 1)
          .map((c) => {
            const [k, v] = c.children!;
            const value: PNode = v ? convert(v, base) : { kind: 'null', span: { start: base + k.offset + k.length, end: base + k.offset + k.length } };
            return {
              key: String(k.value),
              keySpan: { start: base + k.offset, end: base + k.offset + k.length },
              value,
              span: { start: base + c.offset, end: base + c.offset + c.length },
            };
          }),
      };
    case 'array':
      return { kind: 'array', span, items: (n.children ?? []).map((c) => convert(c, base)) };
    case 'string':
      return { kind: 'string', span, value: String(n.value) };
    case 'number':
      return { kind: 'number', span, value: Number(n.value) };
    case 'boolean':
      return { kind: 'boolean', span, value: Boolean(n.value) };
    default:
      return { kind: 'null', span };
  }
}

/** Reads a whole JSON document as one policy source. */
export function parseJsonPolicy(text: string, name: string): PolicySource {
  const { root, errors } = parseJsonValue(text);
  const policy = buildPolicy(root);
  return {
    kind: 'json',
    name,
    policy,
    span: root?.span ?? { start: 0, end: text.length },
    keyPolicy: hasPrincipals(policy),
    syntaxErrors: errors,
    writer: new JsonWriter(text),
    byteLength: utf8Length(text),
  };
}
