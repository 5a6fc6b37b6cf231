import type { Analysis } from '../analyze';
import { writtenHere, type TextEdit } from '../policy/model';
import type { Finding } from '../rules/types';

/** A comment line that is a `keyscope-ignore` directive, up to its last id (a constant pattern). */
const DIRECTIVE = /^([ \t]*(?:#|\/\/)[ \t]*keyscope-ignore[ \t]+[A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)[ \t]*\r?$/;

/**
 * "Disable <rule> for this line" in a Terraform document: `# keyscope-ignore <rule>` on a line of its own
 * above the line the finding starts on, in that line's indentation, or the id added to the directive already
 * there. Not offered in JSON (it has no comments: a JSON file is silenced in `.keyscope.json`) nor inside a
 * heredoc, whose text is the policy itself.
 */
export function disableForLine(analysis: Analysis, f: Finding): { title: string; edits: TextEdit[] } | undefined {
  if (analysis.syntax !== 'terraform' || f.ruleId === 'unused-ignore') return undefined;
  const text = analysis.text;
  const at = f.span.start;
  if (analysis.sources.some((s) => s.kind === 'tf-heredoc' && writtenHere(s) && s.span.start <= at && at < s.span.end)) return undefined;
  const title = `Disable ${f.ruleId} for this line`;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (lineStart > 0) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const m = DIRECTIVE.exec(text.slice(prevStart, lineStart - 1));
    if (m) return { title, edits: [{ start: prevStart + m[1].length, end: prevStart + m[1].length, newText: `, ${f.ruleId}` }] };
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart, at))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { title, edits: [{ start: lineStart, end: lineStart, newText: `${indent}# keyscope-ignore ${f.ruleId}${eol}` }] };
}
