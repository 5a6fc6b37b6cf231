import { attr, block, fromJson, list, raw, renderHcl, str, type HclItem, type HclValue } from './hcl';
import { SCOPE_INFO } from './scopes';
import type { Format, PolicySpec, StatementSpec } from './types';

/*
 * One policy, three outputs: a JSON key policy, and Terraform `aws_kms_key` + `aws_kms_alias` with the policy
 * as `jsonencode(...)` or as a `data "aws_iam_policy_document"`.
 */

type Json = string | string[] | Json[] | { [k: string]: Json };

/** A single value as a string, several as an array: how AWS itself writes them. */
const oneOrMany = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

/** A statement as a JSON object, elements in AWS's order. */
export function statementJson(s: StatementSpec): { [k: string]: Json } {
  const out: { [k: string]: Json } = {
    Sid: s.sid,
    Effect: s.effect,
    Principal: { [s.principalType]: oneOrMany(s.principals) },
    Action: oneOrMany(s.actions),
    Resource: '*',
  };
  if (s.conditions.length) {
    const cond: { [op: string]: { [key: string]: Json } } = {};
    for (const c of s.conditions) (cond[c.operator] ??= {})[c.key] = oneOrMany(c.values);
    out.Condition = cond;
  }
  return out;
}

export function policyJson(spec: PolicySpec): { [k: string]: Json } {
  return { Version: '2012-10-17', Id: spec.id, Statement: spec.statements.map(statementJson) };
}

/** A statement as an `aws_iam_policy_document` `statement` block. */
export function statementBlock(s: StatementSpec): HclItem {
  const strings = (values: string[]) => list(values.map(str));
  return block('statement', [], [
    attr('sid', str(s.sid)),
    attr('effect', str(s.effect)),
    block('principals', [], [attr('type', str(s.principalType)), attr('identifiers', strings(s.principals))]),
    attr('actions', strings(s.actions)),
    attr('resources', strings(['*'])),
    ...s.conditions.map((c) => block('condition', [], [attr('test', str(c.operator)), attr('variable', str(c.key)), attr('values', strings(c.values))])),
  ]);
}

/** A statement as an HCL object inside `jsonencode(...)`. */
export function statementObject(s: StatementSpec): HclValue {
  return fromJson(statementJson(s));
}

/** The Terraform resource name: `orders_prod`. */
export function resourceLabel(spec: PolicySpec): string {
  return `${spec.scopeName}_${spec.stage}`.replace(/-/g, '_');
}

export function renderPolicy(spec: PolicySpec, format: Format): string {
  if (format === 'json') return JSON.stringify(policyJson(spec), null, 2) + '\n';
  const label = resourceLabel(spec);
  const items: HclItem[] = [{ t: 'comment', text: wrap(SCOPE_INFO[spec.scope].when, 100) }];
  let policy: HclValue;
  if (format === 'tf-doc') {
    items.push(block('data', ['aws_iam_policy_document', label], spec.statements.map(statementBlock)), { t: 'blank' });
    policy = raw(`data.aws_iam_policy_document.${label}.json`);
  } else {
    policy = { t: 'call', fn: 'jsonencode', arg: fromJson(policyJson(spec)) };
  }
  items.push(
    block('resource', ['aws_kms_key', label], [
      attr('description', str(spec.description)),
      attr('enable_key_rotation', raw('true')),
      attr('deletion_window_in_days', raw('30')),
      attr('policy', policy),
      attr('tags', fromJson({ Name: `${spec.scopeName}-${spec.stage}`, Scope: SCOPE_INFO[spec.scope].tag, Stage: spec.stage })),
    ]),
    { t: 'blank' },
    block('resource', ['aws_kms_alias', label], [
      attr('name', str(`alias/${spec.scopeName}-${spec.stage}`)),
      attr('target_key_id', raw(`aws_kms_key.${label}.key_id`)),
    ]),
  );
  return renderHcl(items);
}

/** Breaks prose into comment lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
