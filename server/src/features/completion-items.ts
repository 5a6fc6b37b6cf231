import { ACTIONS, CAPABILITIES, CAPABILITY_LABELS, CONDITION_KEYS, findConditionKey, matchActions, OPERATORS, type ConditionKeyInfo, type KmsAction } from '../catalog';
import { accountName, accountPhrase } from '../policy/principal-view';
import { stringItems } from '../policy/values';
import type { AccountInfo } from '../settings';
import type { CompletionContext } from './completion-context';
import { COMMON_SERVICES, POLICY_ELEMENTS, PRINCIPAL_TYPES, STATEMENT_ELEMENTS } from './elements';
import { actionCoverage } from '../policy/statement-actions';
import type { CompletionKind } from './types';

/** A completion before it is placed: `value` is the string to write (unquoted), `snippet` a JSON snippet body. */
export interface Candidate {
  label: string;
  kind: CompletionKind;
  /** The key or string value, written quoted in the document. */
  value: string;
  detail?: string;
  documentation?: string;
  /** Sorts before or after the others (0 first). */
  rank?: number;
  /** For keys in JSON: a value skeleton placed after `"key": ` (snippet syntax). */
  valueSnippet?: string;
  /** For values with a placeholder: the value as a snippet body (without quotes). */
  snippet?: string;
}

/** Elements that exclude one another: a statement has Action or NotAction, never both. */
const EXCLUSIVE: Record<string, string> = {
  Action: 'NotAction',
  NotAction: 'Action',
  Principal: 'NotPrincipal',
  NotPrincipal: 'Principal',
  Resource: 'NotResource',
  NotResource: 'Resource',
};

const VALUE_SKELETON: Record<string, string> = {
  Version: '"2012-10-17"',
  Id: '"$1"',
  Statement: '[\n\t{\n\t\t$1\n\t}\n]',
  Sid: '"$1"',
  Effect: '"${1|Allow,Deny|}"',
  Principal: '{ "AWS": "$1" }',
  NotPrincipal: '{ "AWS": "$1" }',
  Action: '[ "$1" ]',
  NotAction: '[ "$1" ]',
  Resource: '"*"',
  NotResource: '"$1"',
  Condition: '{\n\t"$1": {\n\t\t$2\n\t}\n}',
};

/** The candidates for a context (before filtering by what is typed: the editor does that). */
export function candidates(ctx: CompletionContext, accounts: Record<string, AccountInfo>): Candidate[] {
  switch (ctx.slot) {
    case 'policyKey':
    case 'statementKey': {
      const terms = ctx.slot === 'policyKey' ? POLICY_ELEMENTS : STATEMENT_ELEMENTS;
      return terms
        .filter((t) => !ctx.present.includes(t.name) && !ctx.present.includes(EXCLUSIVE[t.name] ?? ''))
        .map((t) => ({ label: t.name, kind: 'property', value: t.name, documentation: t.doc, rank: t.name.startsWith('Not') ? 1 : 0, valueSnippet: VALUE_SKELETON[t.name] }));
    }
    case 'version':
      return [{ label: '2012-10-17', kind: 'value', value: '2012-10-17', documentation: 'The current policy language version.' }];
    case 'effect':
      return [
        { label: 'Allow', kind: 'value', value: 'Allow' },
        { label: 'Deny', kind: 'value', value: 'Deny', documentation: 'An explicit Deny wins over every Allow.' },
      ];
    case 'resource':
      return [{ label: '*', kind: 'value', value: '*', documentation: 'In a key policy `"*"` means this key.' }];
    case 'action':
      return actionCandidates(ctx);
    case 'principalType':
      return PRINCIPAL_TYPES.filter((t) => t.name !== 'CanonicalUser' && !ctx.present.includes(t.name)).map((t) => ({
        label: t.name,
        kind: 'property',
        value: t.name,
        documentation: t.doc,
        valueSnippet: '"$1"',
      }));
    case 'principalValue':
      return principalCandidates(ctx, accounts);
    case 'operator':
      return operatorCandidates();
    case 'conditionKey':
      return conditionKeyCandidates(ctx);
    case 'conditionValue':
      return conditionValueCandidates(ctx, accounts);
  }
}

function actionCandidates(ctx: CompletionContext): Candidate[] {
  // In an identity policy IAM-only actions are as good as any; in a key policy they do nothing.
  const keyPolicy = ctx.source?.keyPolicy ?? true;
  const el = ctx.statement?.action ?? ctx.statement?.notAction;
  const listed = new Set(stringItems(el?.value).filter((n) => n.span.start !== ctx.replace.start).map((n) => n.value.toLowerCase()));
  const single = ACTIONS.filter((a) => !listed.has(`kms:${a.name}`.toLowerCase())).map((a) => ({
    label: `kms:${a.name}`,
    kind: 'action' as const,
    value: `kms:${a.name}`,
    detail: actionDetail(a),
    documentation: a.description.endsWith('.') ? a.description : `${a.description}.`,
    rank: keyPolicy && !a.keyPolicy ? 1 : 0,
  }));
  // Sets of several items only where a list holds the caret's string (`"Action": [ "|" ]`).
  const inList = el?.value.kind === 'array';
  return [...bundleCandidates(listed, inList), ...single];
}

/**
 * The wildcards and sets people write, with what they amount to: `kms:GenerateDataKey*`, `kms:ReEncrypt*`, and
 * the console's default "key users" and "key administrators" action lists (AWS KMS Developer Guide, "Default
 * key policy").
 */
function bundleCandidates(listed: Set<string>, inList: boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const pattern of ['kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:Describe*', 'kms:Get*', 'kms:List*']) {
    if (listed.has(pattern.toLowerCase())) continue;
    const matched = matchActions(pattern).filter((a) => a.keyPolicy);
    out.push({ label: pattern, kind: 'action', value: pattern, detail: `${capabilitiesOf(matched)} · ${matched.length} actions`, documentation: `Matches ${matched.map((a) => `kms:${a.name}`).join(', ')}.` });
  }
  if (!inList) return out;
  for (const set of CONSOLE_SETS) {
    const items = set.actions.filter((a) => !listed.has(a.toLowerCase()));
    if (items.length < 2) continue;
    const matched = [...new Set(items.flatMap((a) => matchActions(a)).filter((a) => a.keyPolicy))];
    out.push({
      label: set.label,
      kind: 'snippet',
      value: items[0],
      // Written as several strings of the list: the first and last quotes are the ones `place` adds.
      snippet: items.join('", "'),
      detail: `${capabilitiesOf(matched)} · ${items.length} items`,
      documentation: `${set.doc}: ${items.join(', ')}.`,
      rank: 1,
    });
  }
  return out;
}

/** The console's default key policy statements, by key type (symmetric encryption keys here). */
const CONSOLE_SETS = [
  {
    label: 'key users (console default)',
    doc: 'The actions the console gives key users of a symmetric encryption key',
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  },
  {
    label: 'key administrators (console default)',
    doc: 'The actions the console gives key administrators (kms:Delete* does not include ScheduleKeyDeletion)',
    actions: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
  },
];

/** `Write data`, `Read data + Write data`: the capabilities of the actions, in the catalogue's order. */
function capabilitiesOf(actions: readonly KmsAction[]): string {
  const caps = CAPABILITIES.filter((c) => actions.some((a) => a.capability === c));
  return caps.map((c) => CAPABILITY_LABELS[c]).join(' + ') || 'no key-policy action';
}

function actionDetail(a: KmsAction): string {
  if (!a.keyPolicy) return `${a.accessLevel} · IAM policy only (no effect in a key policy)`;
  return `${a.accessLevel} · ${a.capability ? CAPABILITY_LABELS[a.capability] : ''}`;
}

function principalCandidates(ctx: CompletionContext, accounts: Record<string, AccountInfo>): Candidate[] {
  const type = ctx.principalType;
  if (type === 'Service') return COMMON_SERVICES.map((s) => ({ label: s.name, kind: 'principal', value: s.name, documentation: s.doc }));
  if (type !== 'AWS' && type !== '*') return [];
  const out: Candidate[] = [{ label: '*', kind: 'principal', value: '*', documentation: 'Everyone. Narrow it with a condition such as `kms:CallerAccount` or `aws:PrincipalOrgID`.', rank: 1 }];
  if (type === '*') return out;
  for (const id of Object.keys(accounts)) {
    out.push({ label: `arn:aws:iam::${id}:root`, kind: 'principal', value: `arn:aws:iam::${id}:root`, detail: accountName(id, accounts), documentation: `Anyone in ${accountPhrase(id, accounts)} whose IAM policy allows it.` });
  }
  out.push(
    { label: 'arn:aws:iam::…:role/…', kind: 'principal', value: 'arn:aws:iam::', snippet: 'arn:aws:iam::${1:111122223333}:role/${2:name}', documentation: 'An IAM role.' },
    { label: 'arn:aws:iam::…:root', kind: 'principal', value: 'arn:aws:iam::', snippet: 'arn:aws:iam::${1:111122223333}:root', documentation: 'An account: anyone in it whose IAM policy allows it.', rank: 1 },
  );
  return out;
}

/** Base operators, and the set-qualified forms people use with multi-valued keys. */
function operatorCandidates(): Candidate[] {
  const out: Candidate[] = Object.entries(OPERATORS).map(([name, info]) => ({ label: name, kind: 'operator', value: name, detail: `${info.type} operator`, documentation: info.doc, valueSnippet: '{ "$1": "$2" }' }));
  for (const q of ['ForAnyValue', 'ForAllValues']) {
    for (const base of ['StringEquals', 'StringLike']) {
      out.push({ label: `${q}:${base}`, kind: 'operator', value: `${q}:${base}`, detail: 'String operator, for multi-valued keys', documentation: q === 'ForAnyValue' ? 'True when at least one value in the request matches.' : 'True when every value in the request matches, and when the key is absent.', rank: 1, valueSnippet: '{ "$1": ["$2"] }' });
    }
  }
  return out;
}

function conditionKeyCandidates(ctx: CompletionContext): Candidate[] {
  const acts = ctx.statement ? actionCoverage(ctx.statement) : undefined;
  const known = acts && acts.actions.length > 0 && !acts.partial ? acts.actions : undefined;
  const carried = known ? new Set(known.flatMap((a) => a.conditionKeys)) : undefined;
  return CONDITION_KEYS.filter((k) => !k.deprecated && (k.global || !carried || carried.has(k.key)) && !ctx.present.includes(k.key)).map((k) => keyCandidate(k));
}

function keyCandidate(k: ConditionKeyInfo): Candidate {
  // Pattern keys (`kms:EncryptionContext:${EncryptionContextKey}`, `aws:ResourceTag/tag-key`) get a placeholder.
  const m = /^(.*?)(\$\{(\w+)\}|tag-key)$/.exec(k.key);
  const label = m ? `${m[1]}<${m[3] ?? 'tag-key'}>` : k.key;
  const detail = `${k.type}${k.multiValued ? ', multi-valued' : ''}${k.keyPolicy ? '' : ' · IAM policy only'}`;
  const rank = !k.keyPolicy ? 3 : k.global ? 1 : /RecipientAttestation/.test(k.key) ? 2 : 0;
  return {
    label,
    kind: 'conditionKey',
    value: m ? m[1] : k.key,
    snippet: m ? `${m[1]}\${1:${m[3] ?? 'tag-key'}}` : undefined,
    detail,
    documentation: k.description || undefined,
    rank,
    valueSnippet: k.multiValued ? '["$1"]' : '"$1"',
  };
}

function conditionValueCandidates(ctx: CompletionContext, accounts: Record<string, AccountInfo>): Candidate[] {
  const info = ctx.conditionKey ? findConditionKey(ctx.conditionKey) : undefined;
  if (ctx.operator === 'Null' || info?.type === 'Bool') return ['true', 'false'].map((v) => ({ label: v, kind: 'value', value: v }));
  const key = ctx.conditionKey?.toLowerCase();
  if (key === 'kms:calleraccount' || key === 'aws:principalaccount' || key === 'aws:sourceaccount') {
    return Object.keys(accounts).map((id) => ({ label: id, kind: 'value', value: id, detail: accountName(id, accounts) }));
  }
  if (key === 'kms:viaservice') {
    return ['s3', 'dynamodb', 'rds', 'secretsmanager', 'ssm', 'sqs', 'sns', 'lambda', 'ec2', 'logs'].map((svc) => ({
      label: `${svc}.<region>.amazonaws.com`,
      kind: 'value',
      value: `${svc}.`,
      snippet: `${svc}.\${1:us-east-1}.amazonaws.com`,
    }));
  }
  return [];
}
