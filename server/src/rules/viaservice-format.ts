import { parseOperator } from '../catalog';
import { conditionEntries } from '../policy/values';
import type { PolicyRule } from './types';

/** `<service>.<region>.amazonaws.com`, or `.amazonaws.com.cn` for the China Regions. */
const SHAPE = /^([a-z0-9][a-z0-9-]*)\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(\.cn)?$/;
/** The same shape with wildcards in place of labels, for StringLike: `ec2.*.amazonaws.com`, `*.amazonaws.com`. */
const WILD_SHAPE = /^[a-z0-9*?][a-z0-9*?.-]*\.amazonaws\.com(\.cn)?$/;

/** Why a kms:ViaService value cannot match, or undefined when it reads right. */
export function viaServiceProblem(value: string, like: boolean): string | undefined {
  const wild = /[*?]/.test(value);
  if (wild && !like) return `"${value}" has a wildcard, but this operator compares literally: use StringLike (or drop the wildcard).`;
  if (/^https?:\/\//i.test(value)) return `"${value}" is a URL: kms:ViaService values are bare endpoint names such as "ec2.us-east-1.amazonaws.com".`;
  if (value !== value.toLowerCase()) return `"${value}" has upper-case letters; kms:ViaService values are lower-case endpoint names.`;
  if (wild) return WILD_SHAPE.test(value) ? undefined : `"${value}" does not read "<service>.<region>.amazonaws.com" (wildcards allowed, e.g. "ec2.*.amazonaws.com").`;
  const m = SHAPE.exec(value);
  if (!m) {
    if (/^[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(value)) return `"${value}" is a service principal, not a kms:ViaService value: include the Region, e.g. "${value.replace('.amazonaws.com', '.us-east-1.amazonaws.com')}".`;
    return `"${value}" does not read "<service>.<region>.amazonaws.com".`;
  }
  const china = m[2].startsWith('cn-');
  if (china && !m[3]) return `"${value}" names a China Region: the endpoint ends in ".amazonaws.com.cn".`;
  if (!china && m[3]) return `"${value}" ends in ".amazonaws.com.cn", which only China Regions use.`;
  return undefined;
}

export const viaserviceFormat: PolicyRule = {
  meta: {
    id: 'viaservice-format',
    severity: 'warning',
    appliesTo: 'any-policy',
    fixable: false,
    summary: 'kms:ViaService values must read "<service>.<region>.amazonaws.com".',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const e of conditionEntries(s)) {
        if (e.key.toLowerCase() !== 'kms:viaservice') continue;
        const op = parseOperator(e.operator);
        const like = op.base === 'StringLike' || op.base === 'StringNotLike';
        for (const v of e.values) {
          // Placeholders of a template engine (`${region}`, `{{AWS_REGION}}`) are filled in before AWS sees the policy.
          if (v.kind !== 'string' || v.template || /\$\{|\{\{/.test(v.value)) continue;
          // StringEqualsIgnoreCase forgives case; the shape must still be right.
          const problem = viaServiceProblem(/IgnoreCase$/.test(op.base) ? v.value.toLowerCase() : v.value, like);
          if (problem) ctx.report({ at: v, message: `${problem} A kms:ViaService value that cannot match makes the condition never (or, negated, always) apply.` });
        }
      }
    }
  },
};
