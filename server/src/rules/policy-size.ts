import type { PNode, Span } from '../policy/model';
import { openingOf } from './helpers';
import { utf8Length } from '../text';
import type { PolicyRule, PolicyRuleContext } from './types';

const MAX_BYTES = 32768;
/** Findings about characters per policy: past this, more of them add noise, not information. */
const MAX_CHARACTER_FINDINGS = 20;

export const policySize: PolicyRule = {
  meta: {
    id: 'policy-size',
    severity: 'error',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'The policy is over 32,768 bytes, or holds characters KMS does not accept.',
  },
  check(ctx) {
    const { source, policy } = ctx;
    if (!policy.root) return;
    const bytes = source.byteLength ?? utf8Length(ctx.text.slice(source.span.start, source.span.end));
    // A fragment's size counts only in the policy it ends in.
    if (bytes > MAX_BYTES && !source.feeds) {
      ctx.report({
        at: openingOf(policy.root),
        message: `The policy is ${bytes.toLocaleString('en-US')} bytes; KMS accepts at most 32,768 (not adjustable). Merge statements with the same principals, or use grants for the rest.`,
      });
    }
    // A JSON document without a backslash writes every string literally: when its text holds only accepted
    // characters, so do all its strings, and there is nothing to walk.
    if (source.kind === 'json' && !source.reportAt && PLAIN.test(ctx.text.slice(source.span.start, source.span.end))) return;
    let reported = 0;
    walk(policy.root, (value, span) => {
      if (reported >= MAX_CHARACTER_FINDINGS) return;
      const at = badCharacter(ctx, value, span);
      if (at) {
        reported++;
        ctx.report(at);
      }
    });
  },
};

/** Only accepted characters (see `allowed`), and no backslash (no escape). */
const PLAIN = /^[\t\n\r\x20-\x5b\x5d-\x7e\xa0-\xff]*$/;

/** Visits every string of the model (member names and values) with the span of its text. */
function walk(node: PNode, visit: (value: string, span: Span) => void): void {
  if (node.kind === 'string') visit(node.value, node.span);
  else if (node.kind === 'array') for (const i of node.items) walk(i, visit);
  else if (node.kind === 'object')
    for (const p of node.props) {
      visit(p.key, p.keySpan);
      walk(p.value, visit);
    }
}

/** Tab, LF, CR, printable ASCII and the Latin-1 Supplement (U+00A0..U+00FF): what KMS documents it accepts. */
function allowed(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
}

function badCharacter(ctx: PolicyRuleContext, value: string, span: Span): Parameters<PolicyRuleContext['report']>[0] | undefined {
  let i = 0;
  while (i < value.length && allowed(value.charCodeAt(i))) i++;
  if (i === value.length) return undefined;
  const cp = value.codePointAt(i)!;
  const ch = String.fromCodePoint(cp);
  const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  // Underline the character itself when it is written literally; an escape (\u2013) gets the whole string.
  const raw = ctx.text.slice(span.start, span.end);
  const k = raw.indexOf(ch);
  const at = k >= 0 ? { start: span.start + k, end: span.start + k + ch.length } : span;
  const shown = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ? 'A control character' : `"${ch}"`;
  return { at, message: `${shown} (${name}) is not a character KMS accepts in a key policy (printable ASCII and Latin-1 only): the policy is rejected. ${hintFor(cp)}` };
}

function hintFor(cp: number): string {
  if (cp === 0x2018 || cp === 0x2019) return "Use a plain apostrophe (').";
  if (cp === 0x201c || cp === 0x201d) return 'Use a plain double quote.';
  if (cp === 0x2013 || cp === 0x2014) return 'Use a hyphen (-).';
  if (cp === 0x200b || cp === 0xfeff) return 'It is invisible: delete it.';
  return 'Replace it with ASCII text.';
}
