/**
 * Reads Terraform text up to an offset the way a person sees it while typing: which brackets are open there
 * (each with the text before it on its line: `data "aws_iam_policy_document" "key"`, `Statement =`,
 * `policy = jsonencode`) and whether the offset is in a string, a comment or a heredoc. Works on half-typed
 * text the parser cannot make sense of yet.
 */

/** An open bracket and the text before it on its line, trimmed. */
export interface OpenBracket {
  char: '{' | '[' | '(';
  header: string;
}

export interface HclScan {
  open: OpenBracket[];
  /** What the offset is in: code, a string (to its closing quote or the end of its line), a comment or a heredoc. */
  inside: 'code' | 'string' | 'comment' | 'heredoc';
}

export function scanHcl(text: string, end: number): HclScan {
  const open: OpenBracket[] = [];
  let lineStart = 0;
  const stop = (inside: HclScan['inside']): HclScan => ({ open, inside });
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (c === '\n') lineStart = i + 1;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      if (nl === -1 || nl >= end) return stop('comment');
      i = nl - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1 || close + 2 > end) return stop('comment');
      i = close + 1;
    } else if (c === '"') {
      // A string: to its closing quote (escapes skipped), or the end of the line for a half-typed one.
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (j >= end) return stop('string');
      i = text[j] === '\n' ? j - 1 : j;
    } else if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i, i + 80));
      if (!m) continue;
      // A heredoc: to the line that holds only its marker.
      let j = i + m[0].length;
      for (;;) {
        if (j > end) return stop('heredoc');
        const nl = text.indexOf('\n', j);
        const line = text.slice(j, nl === -1 ? text.length : nl).trim();
        if (line === m[1] || nl === -1) {
          if (nl === -1 || nl > end) return stop(line === m[1] ? 'code' : 'heredoc');
          i = nl - 1;
          break;
        }
        j = nl + 1;
      }
    } else if (c === '{' || c === '[' || c === '(') open.push({ char: c, header: text.slice(lineStart, i).trim() });
    else if (c === '}' || c === ']' || c === ')') open.pop();
  }
  return stop('code');
}
