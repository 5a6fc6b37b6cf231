/**
 * Markdown code span for text that comes from a policy: a value holding backticks gets a longer fence, so
 * policy text can never break out of its span into markup.
 */
export function code(text: string | undefined): string {
  text ??= '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}
