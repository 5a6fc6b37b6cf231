import type { Analysis } from '../analyze';
import type { CompletionResult } from './types';

/**
 * Block skeletons in an `aws_iam_policy_document` while a new line is typed: `statement { }` in the data
 * block; `principals`, `not_principals`, `condition` and the statement's attributes in a `statement` block.
 * The enclosing blocks are read from the text up to the caret (strings, heredocs and comments skipped), so it
 * works on a half-typed file the parser cannot make sense of yet.
 */
export function blockCompletions(analysis: Analysis, offset: number): CompletionResult[] | undefined {
  if (analysis.syntax !== 'terraform') return undefined;
  const text = analysis.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const typed = /^[ \t]*([A-Za-z_]*)$/.exec(text.slice(lineStart, offset));
  if (!typed) return undefined;
  const blocks = openBlocks(text, lineStart);
  const inner = blocks[blocks.length - 1];
  const outer = blocks[blocks.length - 2];
  const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  const edit = { start: offset - typed[1].length, end: offset };
  const item = (label: string, body: string, doc: string, rank = 0): CompletionResult => ({
    label,
    kind: 'snippet',
    documentation: doc,
    edit: { ...edit, newText: body.replace(/\n/g, `\n${indent}`) },
    snippet: true,
    sortText: `${rank}-${label}`,
    filterText: label,
  });
  if (inner && /^data\s+"aws_iam_policy_document"/.test(inner)) {
    return [
      item(
        'statement',
        'statement {\n  sid    = "$1"\n  effect = "${2|Allow,Deny|}"\n  principals {\n    type        = "${3|AWS,Service|}"\n    identifiers = ["$4"]\n  }\n  actions   = ["$5"]\n  resources = ["*"]\n}',
        'A statement block: `sid`, `effect`, `principals`, `actions` and `resources` (`"*"`: this key).',
      ),
    ];
  }
  const inStatement = (/^statement\b/.test(inner ?? '') && /^data\s+"aws_iam_policy_document"/.test(outer ?? '')) || (inner === 'content' && /^dynamic\s+"statement"/.test(outer ?? ''));
  if (inStatement) {
    return [
      item('principals', 'principals {\n  type        = "${1|AWS,Service,Federated,*|}"\n  identifiers = ["$2"]\n}', 'Who the statement applies to: `type` (`AWS`, `Service`) and `identifiers`.'),
      item('condition', 'condition {\n  test     = "${1|StringEquals,StringLike,ArnLike,Bool|}"\n  variable = "$2"\n  values   = ["$3"]\n}', 'A condition: the operator (`test`), the condition key (`variable`) and its `values`.'),
      item('not_principals', 'not_principals {\n  type        = "AWS"\n  identifiers = ["$1"]\n}', 'Everyone except these principals (rarely right with Allow).', 1),
      item('effect', 'effect = "${1|Allow,Deny|}"', '`Allow` (the default) or `Deny`.'),
      item('actions', 'actions = ["$1"]', 'The KMS actions, e.g. `kms:Decrypt`.'),
      item('resources', 'resources = ["*"]', 'In a key policy `"*"` means this key.'),
      item('sid', 'sid = "$1"', 'The statement id.'),
    ];
  }
  return undefined;
}

/** The headers (text before `{`, trimmed) of the blocks open at `end`, outermost first. */
function openBlocks(text: string, end: number): string[] {
  const stack: string[] = [];
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (c === '\n') lineStart = i + 1;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = (nl === -1 ? end : nl) - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? end : close + 1;
    } else if (c === '"') {
      // A string: to its closing quote (escapes skipped), or the end of the line for a half-typed one.
      let j = i + 1;
      while (j < end && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = text[j] === '\n' ? j - 1 : j;
    } else if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(i, i + 80));
      if (!m) continue;
      // A heredoc: to the line that holds only its marker.
      let j = i + m[0].length;
      for (;;) {
        const nl = text.indexOf('\n', j);
        const line = text.slice(j, nl === -1 ? text.length : nl).trim();
        if (line === m[1] || nl === -1) {
          i = nl === -1 ? end : nl - 1;
          break;
        }
        j = nl + 1;
      }
    } else if (c === '{') stack.push(text.slice(lineStart, i).trim());
    else if (c === '}') stack.pop();
  }
  return stack;
}
