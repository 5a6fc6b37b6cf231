import { accessFor, decisionSite, describeCondition, TERRAFORM_CONDITION, type Decision, type RowAccess } from '../access';
import type { Policy } from '../policy/model';
import { statementName } from '../policy/statement-name';
import { chooseAccount, classifyPrincipals, keptInterpolations } from '../policy/principal-kind';
import { itemGranting } from '../policy/statement-actions';
import { arnAccount } from '../policy/placeholders';
import { effectOf } from '../policy/values';
import { fullyKnownPolicy } from './helpers';
import type { FixSpec, PolicyRule, PolicyRuleContext } from './types';

const PUT = 'kms:PutKeyPolicy';

export const lockoutRisk: PolicyRule = {
  meta: {
    id: 'lockout-risk',
    severity: 'error',
    appliesTo: 'key-policy',
    fixable: true,
    wholePolicy: true,
    summary: 'After this policy nobody (or not the deployer) could call kms:PutKeyPolicy unconditionally: the key would become unmanageable.',
  },
  check(ctx) {
    // A Terraform expression for an Effect or an action could be the grant we are looking for: stay silent.
    // A lone statement (a documentation excerpt) or a partly dynamic policy is not the whole policy: what is
    // missing may grant it.
    // A fragment (a document that feeds another, a module argument) is judged where it reaches a key.
    if (ctx.policy.fragment || ctx.source.feeds || ctx.source.partial || !fullyKnownPolicy(ctx.policy)) return;
    const m = accessFor(ctx.source, ctx.settings);
    const keeps = (r: RowAccess) => r.cell(PUT).value === 'allow' || r.cell(PUT).value === 'iam';
    const named = m.rows.filter((r) => r.kind !== 'what-if');
    if (!named.some(keeps)) {
      // A grant written under a Terraform condition not known here (`var.admins_enabled ? [...] : []`) may be
      // the one that keeps the key manageable: no conclusion from its absence.
      if (named.some((r) => r.cell(PUT).conditions.some((c) => c.operator === TERRAFORM_CONDITION))) return;
      // `arn:aws:iam::<ACCOUNT_ID>:root` with kms:*: once the placeholder is filled in, the root keeps it
      // (invalid-principal reports the placeholder).
      if (grantsPlaceholderRoot(ctx.policy)) return;
      return reportNobody(ctx, named, m.keyAccount);
    }
    const deployer = ctx.settings.deployerArn && m.rows.find((r) => r.kind === 'what-if' && r.id === ctx.settings.deployerArn);
    // Only a key of the deployer's own account is deployed by it: a vendored or example policy of another
    // account is not, and a key whose account is an expression may well be the deployer's, its root granted.
    if (deployer && deployer.account && m.keyAccount === deployer.account && !keeps(deployer)) {
      const d = deployer.cell(PUT);
      ctx.report({
        at: decisionSite(ctx.policy, d, PUT) ?? ctx.source.span,
        // A grant does not lift a Deny: only where the deployer is not granted it, or only under conditions.
        fixes: deniedBy(ctx.policy, d) ? [] : deployerFix(ctx),
        message:
          `The deployer ${deployer.id} (keyscope.deployerArn) could not call kms:PutKeyPolicy after this policy: ${why(ctx.policy, d, 'the deployer')}. ` +
          'KMS rejects a policy that locks out its caller (unless BypassPolicyLockoutSafetyCheck is set), and the next deployment could not change it.',
      });
    }
  },
};

function reportNobody(ctx: PolicyRuleContext, rows: RowAccess[], keyAccount: string | undefined): void {
  const cells = rows.map((r) => ({ r, d: r.cell(PUT) }));
  // The most telling cell: a Deny that removes it, else a grant that only holds under conditions.
  const pick = cells.find((c) => c.d.value === 'deny') ?? cells.find((c) => c.d.value === 'conditional');
  const reason = pick ? why(ctx.policy, pick.d, pick.r.label) : 'no statement allows it, and the account root is not granted (root delegation would let IAM policies grant it)';
  ctx.report({
    at: (pick && decisionSite(ctx.policy, pick.d, PUT)) ?? ctx.policy.statementProp?.keySpan ?? ctx.source.span,
    fixes: pick && deniedBy(ctx.policy, pick.d) ? [] : [...(pick ? [] : defaultRootFix(ctx)), ...deployerFix(ctx, keyAccount)],
    message:
      `After this policy no principal can call kms:PutKeyPolicy unconditionally: ${reason}. Nobody could change the policy again ` +
      'and the key becomes unmanageable (recovery needs AWS Support). Grant kms:PutKeyPolicy to an administrator role, or keep the ' +
      'statement that grants the account root "kms:*".',
  });
}

/**
 * Adds the statement of the AWS default key policy ("Enable IAM policies": the account root granted kms:*),
 * for the account the file already uses; none when no account is known (never an example account).
 */
function defaultRootFix(ctx: PolicyRuleContext): FixSpec[] {
  const list = ctx.policy.statementProp?.value;
  const choice = chooseAccount(ctx.policy, ctx.settings);
  if (list?.kind !== 'array' || !choice) return [];
  const statement = { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${choice.account}:root` }, Action: 'kms:*', Resource: '*' };
  return [
    {
      kind: 'suggestion',
      title: `Add the AWS default statement: "kms:*" to the root of ${choice.label}`,
      change: `IAM policies of account ${choice.account} may then grant any KMS action on this key, kms:PutKeyPolicy included`,
      ops: [{ op: 'addItem', array: list, value: statement }],
      keep: keptInterpolations(choice),
    },
  ];
}

/**
 * Grants `keyscope.deployerArn` kms:PutKeyPolicy in a statement of its own, so that the next deployment may
 * change the policy. Not for a deployer of another account than a key whose account is known.
 */
function deployerFix(ctx: PolicyRuleContext, keyAccount?: string): FixSpec[] {
  const arn = ctx.settings.deployerArn;
  const list = ctx.policy.statementProp?.value;
  if (!arn || list?.kind !== 'array') return [];
  const account = arnAccount(arn);
  if (keyAccount && account && /^\d{12}$/.test(keyAccount) && account !== keyAccount) return [];
  const statement = { Sid: 'Allow the deployer to update this policy', Effect: 'Allow', Principal: { AWS: arn }, Action: PUT, Resource: '*' };
  return [
    {
      kind: 'suggestion',
      title: `Grant the deployer ${arn} kms:PutKeyPolicy`,
      change: `gives ${arn} the right to change this key's policy, and so any access to the key`,
      ops: [{ op: 'addItem', array: list, value: statement }],
    },
  ];
}

/** A Deny decided the cell (outright or under its conditions): no added grant lifts it. */
function deniedBy(policy: Policy, d: Decision): boolean {
  return d.value === 'deny' || d.statements.some((i) => policy.statements[i] !== undefined && effectOf(policy.statements[i]) === 'Deny');
}

/** Why a principal lacks kms:PutKeyPolicy, for the message. */
function why(policy: Policy, d: Decision, who: string): string {
  if (d.value === 'deny') return `it is denied to ${who} by ${statementName(policy, d.statements[0])}`;
  if (d.value === 'conditional') return `${who} is allowed it only under conditions (${d.conditions.map((c) => describeCondition(c)).join('; ')})`;
  return `${who} is not granted it (no statement names it, its role or its account root)`;
}

/** Some Allow without conditions grants kms:PutKeyPolicy to an account root whose account is a placeholder. */
function grantsPlaceholderRoot(policy: Policy): boolean {
  return policy.statements.some(
    (s) =>
      effectOf(s) === 'Allow' &&
      !s.condition &&
      itemGranting(s, 'PutKeyPolicy') !== undefined &&
      classifyPrincipals(s.principal).some((p) => p.kind === 'account' && p.account === undefined),
  );
}

