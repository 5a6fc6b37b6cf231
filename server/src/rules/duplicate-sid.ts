import type { PNode, Statement } from '../policy/model';
import { isPlaceholder } from '../policy/values';
import type { PolicyRule } from './types';
import { knownSid } from '../policy/statement-name';

export const duplicateSid: PolicyRule = {
  meta: {
    id: 'duplicate-sid',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    accessAnalyzer: 'DUPLICATE_SID',
    summary: 'Two statements share a Sid (spaces in a Sid are fine in key policies).',
  },
  check(ctx) {
    const first = new Map<string, { node: PNode; statement: Statement }>();
    for (const s of ctx.policy.statements) {
      const v = s.sid?.value;
      // Empty Sids and ones not known identify nothing; a Sid Terraform evaluates (`sid = "${var.prefix}Admins"`)
      // is compared by its value. Spaces are valid in key policy Sids and not judged.
      const sid = knownSid(v);
      if (!v || sid === undefined || (v.kind === 'string' && !v.template && isPlaceholder(v))) continue;
      const earlier = first.get(sid)?.node;
      if (!earlier) {
        first.set(sid, { node: v, statement: s });
        continue;
      }
      const refused = terraformRefuses(first.get(sid)!.statement, s, sid);
      ctx.report({
        at: v,
        ...(refused ? { severity: 'error' as const } : {}),
        message: refused ?? `Sid "${sid}" is already used by an earlier statement: Sids identify statements (in CloudTrail, Access Analyzer findings and reviews), so give each its own.`,
        data: { firstAt: earlier.span.start },
      });
    }
  },
};

/**
 * Why the AWS provider refuses two statements of one `aws_iam_policy_document` with the same Sid, when it
 * does: two statements of its sources (source_json, source_policy_documents), or two of its own statement
 * blocks. (A statement of the document itself or of an override with the Sid of an earlier one replaces it:
 * both are never in the result.)
 */
function terraformRefuses(a: Statement, b: Statement, sid: string): string | undefined {
  const x = a.node.composedAs;
  const y = b.node.composedAs;
  if (!x || !y || x.role !== y.role) return undefined;
  if (x.role === 'source') return `Sid "${sid}" is also used by a statement of ${x.from}: the sources of a policy document (source_json and source_policy_documents) must have unique Sids, and Terraform stops with "duplicate Sid" here. Rename one, or pass one of the documents as an override to replace the other.`;
  if (x.role === 'statement' && x.from === y.from) return `Sid "${sid}" is already used by an earlier statement block of ${x.from}: the AWS provider refuses duplicate Sids among a document's statements, and Terraform stops with "duplicate Sid" here.`;
  return undefined;
}
