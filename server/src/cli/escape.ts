/**
 * What the CLI prints comes partly from file names and policy text, which may hold terminal control
 * sequences (ESC, BEL), line breaks that would forge output lines, or bidirectional controls that make a
 * principal read reversed. Text and Markdown output show each such character as a visible escape, the way
 * git quotes unusual paths; JSON output spells them as `\u` escapes (same value, nothing raw on a terminal).
 */

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidirectional marks, embeddings,
 * overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_OR_QUOTE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"\\]/g;
/** Characters JSON.stringify leaves raw that a terminal would act on (it already escapes C0). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"]/;

const NAMED: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control and bidi character shown as an escape (`\x1b`, `\n`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * A path as printed on a finding line: unchanged when it is plain, else in double quotes with C-style
 * escapes (`"keys/a\nb.kms.json"`), so that no name can end a line or pass for another.
 */
export function quotePath(path: string): string {
  return HAS_UNSAFE.test(path) ? `"${path.replace(UNSAFE_OR_QUOTE, escapeChar)}"` : path;
}

/** JSON text of `value` (2-space indent) with DEL, C1 and bidi characters written as `\u` escapes. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A stderr message: controls and bidi characters escaped, its own line breaks kept (usage text). Paths in
 * it should already be quoted with `quotePath`.
 */
export function escapeMessage(message: string): string {
  return message
    .split('\n')
    .map((line) => escapeControls(line))
    .join('\n');
}
