import type { Analysis } from '../analyze';
import { scanHcl } from './hcl-scan';
import { indentUnit, placeBody } from './indent';
import type { CompletionResult } from './types';

/**
 * Block skeletons in an `aws_iam_policy_document` while a new line is typed: `statement { }` in the data
 * block; `principals`, `not_principals`, `condition` and the statement's attributes in a `statement` block.
 * The enclosing blocks are read from the text up to the caret (strings, heredocs and comments skipped), so it
 * works on a half-typed file the parser cannot make sense of yet. Written with the file's indentation.
 */
export function blockCompletions(analysis: Analysis, offset: number): CompletionResult[] | undefined {
  if (analysis.syntax !== 'terraform') return undefined;
  const text = analysis.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const typed = /^[ \t]*([A-Za-z_]*)$/.exec(text.slice(lineStart, offset));
  if (!typed) return undefined;
  const scan = scanHcl(text, lineStart);
  if (scan.inside !== 'code') return undefined;
  const blocks = scan.open.filter((o) => o.char === '{').map((o) => o.header);
  const inner = blocks[blocks.length - 1];
  const outer = blocks[blocks.length - 2];
  const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  const unit = indentUnit(text);
  const edit = { start: offset - typed[1].length, end: offset };
  const item = (label: string, body: string, doc: string, rank = 0): CompletionResult => ({
    label,
    kind: 'snippet',
    documentation: doc,
    edit: { ...edit, newText: placeBody(body, unit, indent) },
    snippet: true,
    keepWhitespace: true,
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
