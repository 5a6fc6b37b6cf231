import { parseOperator } from '../catalog';
import type { ConditionEntry } from '../policy/values';
import { textOf } from '../policy/values';
import type { AccountInfo } from '../settings';
import { accountPhrase } from '../policy/principal-view';
import { principalOf, principalPhrase } from './principal';
import { code } from './markdown';

/**
 * A condition read as English. `text` is either a clause ("the caller is role app") or, when `prep`, a
 * prepositional phrase ("via s3.eu-west-1.amazonaws.com"); `negated` comes from the operator.
 */
export interface ConditionPhrase {
  text: string;
  prep: boolean;
  negated: boolean;
}

const VERBS: Record<string, string> = {
  String: 'is',
  ARN: 'is',
  Numeric: 'is',
  Date: 'is',
  Bool: 'is',
  Binary: 'is',
  IPAddress: 'is in',
};

const COMPARE: Record<string, string> = {
  NumericLessThan: 'is less than',
  NumericLessThanEquals: 'is at most',
  NumericGreaterThan: 'is greater than',
  NumericGreaterThanEquals: 'is at least',
  DateLessThan: 'is before',
  DateLessThanEquals: 'is at or before',
  DateGreaterThan: 'is after',
  DateGreaterThanEquals: 'is at or after',
};

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: string[], word = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

/** Reads one (operator, key, values) triple. */
export function conditionPhrase(c: ConditionEntry, accounts: Record<string, AccountInfo>): ConditionPhrase {
  const op = parseOperator(c.operator);
  const values = c.values.map(textOf);
  const key = c.key.toLowerCase();
  const negated = !!op.info?.negated;
  const quoted = (v: string[]) => orList(v.map((x) => `${code(x)}`));
  let phrase: Omit<ConditionPhrase, 'negated'>;
  if (op.base === 'Null') {
    const absent = values[0] === 'true';
    phrase = { text: `${code(c.key)} is ${absent ? 'absent' : 'present'}`, prep: false };
  } else if (key === 'kms:viaservice') {
    phrase = { text: `via ${orList(values)}`, prep: true };
  } else if (key === 'kms:calleraccount' || key === 'aws:principalaccount') {
    phrase = { text: `the caller is in ${orList(values.map((v) => accountPhrase(v, accounts)))}`, prep: false };
  } else if (key === 'aws:principalorgid') {
    phrase = { text: `the caller is in organization ${quoted(values)}`, prep: false };
  } else if (key === 'aws:principalarn') {
    const who = c.values.map((v) => principalPhrase(principalOf('AWS', v), accounts).replace(/^anyone in (.*) whose IAM policy allows it$/, 'the root of $1'));
    phrase = { text: `the caller is ${orList(who)}`, prep: false };
  } else if (key === 'aws:sourceaccount') {
    phrase = { text: `on behalf of resources in ${orList(values.map((v) => accountPhrase(v, accounts)))}`, prep: true };
  } else if (key === 'aws:sourcearn') {
    phrase = { text: `on behalf of ${quoted(values)}`, prep: true };
  } else if (key === 'kms:grantisforawsresource' && op.base === 'Bool') {
    phrase = { text: values[0] === 'true' ? 'for grants to AWS services' : 'for grants not made by AWS services', prep: true };
  } else if (key === 'aws:multifactorauthpresent' && op.base === 'Bool') {
    phrase = { text: values[0] === 'true' ? 'with MFA' : 'without MFA', prep: true };
  } else if (key === 'aws:securetransport' && op.base === 'Bool') {
    phrase = { text: values[0] === 'true' ? 'over TLS' : 'without TLS', prep: true };
  } else if (key.startsWith('kms:encryptioncontext:')) {
    phrase = { text: `with encryption context ${code(c.key.slice('kms:EncryptionContext:'.length))} = ${quoted(values)}`, prep: true };
  } else {
    const verb = COMPARE[op.base] ?? (op.base.includes('Like') ? 'matches' : VERBS[op.info?.type ?? 'String'] ?? 'is');
    const set = op.qualifier === 'ForAllValues' ? 'every value of ' : op.qualifier === 'ForAnyValue' ? 'any value of ' : '';
    phrase = { text: `${set}${code(c.key)} ${verb} ${quoted(values)}`, prep: false };
  }
  if (op.ifExists) phrase = { ...phrase, text: `${phrase.text} (when present)` };
  return { ...phrase, negated };
}

/** A condition phrase placed in an Allow or Deny sentence. */
export function renderCondition(p: ConditionPhrase, effect: 'Allow' | 'Deny'): string {
  if (p.negated) return p.prep ? `except ${p.text}` : `unless ${p.text}`;
  if (effect === 'Allow') return p.prep ? `only ${p.text}` : `only when ${p.text}`;
  return p.prep ? p.text : `when ${p.text}`;
}
