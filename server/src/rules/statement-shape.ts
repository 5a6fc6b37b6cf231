import { STATEMENT_ELEMENTS } from '../policy/build';
import type { PProp, Statement } from '../policy/model';
import { effectOf, isPlaceholder, isSymbolic, textOf } from '../policy/values';
import { suggest } from '../catalog/suggest';
import { inBrokenSyntax, openingOf } from './helpers';
import type { PolicyRule, PolicyRuleContext } from './types';

export const statementShape: PolicyRule = {
  meta: {
    id: 'statement-shape',
    severity: 'error',
    // Runs on every policy so that an empty or missing Statement is reported; statement checks are for key
    // policies only (DESIGN §2: an identity policy is never reported as a broken key policy).
    appliesTo: 'any-policy',
    fixable: true,
    accessAnalyzer: 'MISSING_PRINCIPAL',
    summary: 'A statement without a valid Effect, with both or neither of Action/NotAction or Principal/NotPrincipal; a policy without statements.',
  },
  check(ctx) {
    const { policy } = ctx;
    if (!policy.root) return;
    if (policy.fragment) {
      ctx.report({
        at: openingOf(policy.root),
        // Repositories keep statements in files of their own to assemble policies from: worth knowing, not an error.
        severity: 'info',
        message: 'This is a single statement, not a key policy: KMS expects {"Version": "2012-10-17", "Statement": [ ... ]} around it. Its content is checked as if it were wrapped.',
      });
    } else if (ctx.source.feeds) {
      // A fragment: only the policy it ends in needs a Statement list; its own statements are checked below.
      if (ctx.source.feeds.outside) {
        ctx.report({
          at: openingOf(policy.root),
          severity: 'info',
          message: `This policy only feeds ${ctx.source.feeds.by}, outside this workspace: its statements are checked here, but the key policy it becomes part of is not seen, so nothing is concluded about that policy as a whole (lockout, size, Version).`,
        });
      }
    } else if (!checkStatementList(ctx)) return;
    if (!ctx.source.keyPolicy) return;
    for (const s of policy.statements) checkStatement(ctx, s);
  },
};

/** Reports a missing, empty or malformed Statement element; false when there is nothing more to check. */
function checkStatementList(ctx: PolicyRuleContext): boolean {
  const { policy } = ctx;
  const root = policy.root!;
  const st = policy.statementProp;
  if (!st) {
    // Only a document that is plainly meant as a policy is told so (not any JSON object the include globs match):
    // one with a Version or an Id, or a key's policy argument, even one that has neither (`jsonencode({})`).
    if (policy.version || policy.id || ctx.source.keyPolicy) ctx.report({ at: openingOf(root), message: 'The policy has no "Statement": KMS requires at least one statement.' });
    return false;
  }
  const v = st.value;
  if (isSymbolic(v)) return false;
  if (v.kind === 'array') {
    if (v.items.length === 0) ctx.report({ at: v, message: 'The Statement list is empty: KMS requires at least one statement.' });
    for (const item of v.items) if (item.kind !== 'object' && !isPlaceholder(item) && !inBrokenSyntax(ctx, item)) ctx.report({ at: item, message: 'A statement must be an object ({"Effect": ..., "Principal": ..., "Action": ..., "Resource": "*"}).' });
  } else if (v.kind !== 'object') {
    ctx.report({ at: v, message: 'Statement must be a list of statement objects.' });
  }
  return true;
}

function checkStatement(ctx: PolicyRuleContext, s: Statement): void {
  // A misspelt element ("Principle", "Actions") is reported by unknown-element; saying it is missing too is noise.
  const misspelt = (name: string) => s.node.props.some((p) => !STATEMENT_ELEMENTS.includes(p.key) && suggest(p.key, [name], 1).length > 0);
  if (s.effect || !misspelt('Effect')) checkEffect(ctx, s);
  const start = openingOf(s.node);
  bothOrNeither(ctx, s.principal, s.notPrincipal, () =>
    misspelt('Principal') || misspelt('NotPrincipal') ||
    ctx.report({ at: start, message: 'The statement names no principal: every statement of a key policy needs "Principal" (or "NotPrincipal"); KMS rejects the policy without one.' }),
  );
  bothOrNeither(ctx, s.action, s.notAction, () =>
    misspelt('Action') || misspelt('NotAction') ||
    ctx.report({ at: start, severity: 'warning', message: 'The statement has no "Action": KMS accepts it, but it allows or denies nothing.' }),
  );
  bothOrNeither(ctx, s.resource, s.notResource, () =>
    misspelt('Resource') || misspelt('NotResource') ||
    ctx.report({
      at: start,
      severity: 'warning',
      message: 'The statement has no "Resource": KMS accepts it, but it applies to nothing. Add "Resource": "*" (this key).',
      // The statement starts to apply: who can do what changes, so it is a suggestion.
      fixes: [
        {
          kind: 'suggestion',
          title: 'Add "Resource": "*"',
          change: effectOf(s) === 'Deny' ? 'the statement then denies its actions on this key' : 'the statement then grants its actions on this key',
          ops: [{ op: 'addProp', object: s.node, key: 'Resource', value: '*' }],
        },
      ],
    }),
  );
  for (const el of [s.action, s.notAction]) {
    const v = el?.value;
    if (v?.kind === 'array' && v.items.length === 0) ctx.report({ at: v, severity: 'warning', message: `"${el!.key}" is empty: the statement does nothing.` });
  }
}

function checkEffect(ctx: PolicyRuleContext, s: Statement): void {
  const e = s.effect?.value;
  if (!e) {
    ctx.report({ at: openingOf(s.node), message: 'The statement has no "Effect": add "Effect": "Allow" or "Effect": "Deny".' });
    return;
  }
  if (isPlaceholder(e) || inBrokenSyntax(ctx, e) || (e.kind === 'string' && (e.value === 'Allow' || e.value === 'Deny'))) return;
  const written = textOf(e);
  const candidates = e.kind === 'string' ? suggest(written, ['Allow', 'Deny'], 1) : [];
  ctx.report({
    at: e,
    message: `Effect must be "Allow" or "Deny" (case-sensitive), not ${e.kind === 'string' ? `"${written}"` : written}.` + (candidates.length ? ` Did you mean "${candidates[0]}"?` : ''),
    // The statement allows or denies nothing until its Effect is valid (KMS rejects the policy, and the access
    // matrix counts no such statement): repairing it changes who can do what, even for a mere case slip.
    fixes: candidates.map((c) => ({
      kind: 'suggestion' as const,
      title: `Change to "${c}"`,
      change: c === 'Allow' ? 'the statement then allows its actions to its principals' : 'the statement then denies its actions to its principals',
      ops: [{ op: 'replace' as const, node: e, value: c }],
    })),
  });
}

/** Reports both elements present (at the second one's name); calls `neither` when both are absent. */
function bothOrNeither(ctx: PolicyRuleContext, a: PProp | undefined, b: PProp | undefined, neither: () => unknown): void {
  if (a && b && !mayBeAbsent(a) && !mayBeAbsent(b)) ctx.report({ at: { span: b.keySpan }, message: `A statement has "${a.key}" or "${b.key}", not both: KMS rejects it.` });
  else if (!a && !b) neither();
}

/**
 * True when an element may turn out absent: a Terraform module writes `actions = statement.value.actions` and
 * `not_actions = statement.value.not_actions` side by side, one of them null at plan time.
 */
function mayBeAbsent(p: PProp): boolean {
  const v = p.value;
  if (isPlaceholder(v)) return true;
  if (v.kind === 'object') return v.props.length > 0 && v.props.every((q) => q.keySymbolic || isPlaceholder(q.value));
  return v.kind === 'array' && v.items.length > 0 && v.items.every(isPlaceholder);
}
