/**
 * Inline inputs with a caret marker for hover and completion tests: `"Action": "kms:De|crypt"`. The first
 * `|` is removed and its position returned as the offset. A literal `|` elsewhere in the text stays.
 */
export function caret(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('caret marker "|" missing from test input');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
