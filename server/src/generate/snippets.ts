/*
 * The snippets Keyscope's completion offers, built from the generator itself, so that a snippet can never
 * drift from what `keyscope new` and the "New key policy" command write. The generator is run with tab-stop
 * markers in place of the account, stage, names and roles; the markers become `${n:default}` in the body.
 * Bodies are indented with two spaces per level; completion re-indents them to the file's own unit.
 */
import * as blocks from './blocks';
import { fromJson, renderHcl, renderHclValue } from './hcl';
import { policyJson, renderPolicy, statementBlock, statementJson, statementObject } from './render';
import { buildPolicySpec, SCOPE_INFO } from './scopes';
import { SCOPES, type Scope, type StatementSpec } from './types';

/**
 * Where a snippet fits: a whole JSON key policy (an empty JSON document or heredoc), a policy as the value of
 * `policy =` (`jsonencode({...})`), a key's Terraform blocks (the top level of a .tf), a statement of a JSON
 * Statement list, of a `jsonencode` Statement list, or of an `aws_iam_policy_document` (a `statement` block).
 */
export type SnippetForm = 'json-policy' | 'hcl-policy' | 'tf-key' | 'json-statement' | 'hcl-statement' | 'doc-statement';

/** One snippet: its prefix (what the user types), name, description and body in snippet syntax. */
export interface PolicySnippet {
  prefix: string;
  name: string;
  description: string;
  form: SnippetForm;
  /** Snippet syntax (`${1:default}`, `$0`), lines joined with `\n`, two spaces per indentation level. */
  body: string;
}

export const STAGES = ['prod', 'stage', 'test', 'dev'];

/** Tab stops of one snippet: markers while rendering, numbered by first appearance in the body. */
class TabStops {
  private readonly defs: { key: string; value: string; choices?: string[] }[] = [];

  /** A marker for the tab stop `key`; the same key is the same (mirrored) tab stop. */
  stop(key: string, value: string, choices?: string[]): string {
    let i = this.defs.findIndex((d) => d.key === key);
    if (i < 0) i = this.defs.push({ key, value, choices }) - 1;
    return `\uE000${i}\uE001`;
  }

  /** The snippet body: literal `$` and `\` escaped, markers as `${n:default}` / `${n|a,b|}` / `${n}`. */
  body(text: string): string {
    const numbers = new Map<number, number>();
    const escaped = text.replace(/\n$/, '').replace(/[\\$]/g, (c) => `\\${c}`);
    const out = escaped.replace(/\uE000(\d+)\uE001/g, (_, i: string) => {
      const def = this.defs[Number(i)];
      const seen = numbers.get(Number(i));
      if (seen !== undefined) return `\${${seen}}`;
      const n = numbers.size + 1;
      numbers.set(Number(i), n);
      return def.choices ? `\${${n}|${def.choices.join(',')}|}` : `\${${n}:${def.value}}`;
    });
    return `${out}$0`;
  }
}

type ScopeForm = 'json-policy' | 'hcl-policy' | 'tf-key' | 'tf-key-doc';

const SCOPE_FORMS: Record<ScopeForm, { name: string; prefix: string; suffix: string; what: string }> = {
  'json-policy': { name: 'KMS key policy', prefix: 'kms-policy-', suffix: '', what: 'A JSON key policy.' },
  'hcl-policy': { name: 'KMS key policy (jsonencode)', prefix: 'kms-policy-', suffix: '', what: 'The value of policy = in Terraform: jsonencode({ Version, Id, Statement }).' },
  'tf-key': { name: 'KMS key (jsonencode)', prefix: 'kms-key-', suffix: '', what: 'Terraform aws_kms_key (rotation on, 30-day deletion window, scope and stage tags) with policy = jsonencode(...), and aws_kms_alias alias/<name>-<stage>.' },
  'tf-key-doc': { name: 'KMS key (policy document)', prefix: 'kms-key-', suffix: '-doc', what: 'Terraform aws_kms_key (rotation on, 30-day deletion window, scope and stage tags) with a data "aws_iam_policy_document", and aws_kms_alias alias/<name>-<stage>.' },
};

function scopeSnippet(scope: Scope, form: ScopeForm): PolicySnippet {
  const t = new TabStops();
  const ex = SCOPE_INFO[scope].example;
  const account = t.stop('account', '111122223333');
  const arn = (r: string) => `arn:aws:iam::${account}:role/${t.stop(`role:${r}`, r)}`;
  const spec = buildPolicySpec({
    scope,
    stage: t.stop('stage', STAGES[0], STAGES),
    account,
    scopeName: t.stop('name', ex.name),
    admins: ex.admins.map(arn),
    readers: ex.readers.map(arn),
    writers: ex.writers.map(arn),
  });
  const info = SCOPE_INFO[scope];
  const f = SCOPE_FORMS[form];
  const text =
    form === 'hcl-policy' ? renderHclValue({ t: 'call', fn: 'jsonencode', arg: fromJson(policyJson(spec)) }) : renderPolicy(spec, form === 'json-policy' ? 'json' : form === 'tf-key' ? 'tf' : 'tf-doc');
  return {
    prefix: `${f.prefix}${scope}${f.suffix}`,
    name: `${f.name}: ${info.label}`,
    description: `${info.label}. ${info.when} ${f.what}`,
    form: form === 'tf-key-doc' ? 'tf-key' : form,
    body: t.body(text),
  };
}

interface Block {
  id: string;
  title: string;
  description: string;
  build(t: TabStops, account: string, arn: (role: string) => string): StatementSpec;
}

/** The statement building blocks, each offered as a JSON statement, a jsonencode object and a policy-document block. */
export const BLOCKS: readonly Block[] = [
  { id: 'default', title: 'AWS default statement', description: "The AWS default key-policy statement: the account root, so the account's IAM policies decide who may use the key (root delegation). Without a statement like it, IAM policies that allow the key are ineffective.", build: (_t, account) => blocks.rootDelegation(account) },
  { id: 'root-user', title: 'account root user only', description: 'The account root user only (an aws:PrincipalArn condition): the key can always be recovered, yet IAM policies in the account cannot widen access. Use it instead of the default statement when the policy names every principal.', build: (_t, account) => blocks.rootUserOnly(account) },
  { id: 'admins', title: 'key administrators', description: 'Key administrators: manage the key (policy, aliases, rotation, tags, deletion) but never use it for data and never create grants. Include the role that deploys the policy, or AWS refuses it (lockout check).', build: (_t, _a, arn) => blocks.keyAdministrators([arn('ci-deployer')]) },
  { id: 'users', title: 'key users', description: 'Key users, as the console writes them ("Allow use of the key"): encrypt and decrypt with a symmetric key.', build: (_t, _a, arn) => blocks.keyUsers([arn('orders-app')]) },
  { id: 'read-data', title: 'readers (decrypt)', description: 'Readers: decrypt (kms:Decrypt, kms:ReEncryptFrom) but not encrypt: the downstream processor of a data domain.', build: (_t, _a, arn) => blocks.readers([arn('orders-processor')]) },
  { id: 'write-data', title: 'writers (encrypt only)', description: 'Writers: encrypt (kms:Encrypt, kms:GenerateDataKey*, kms:ReEncryptTo) but never decrypt: a semi-trusted collector.', build: (_t, _a, arn) => blocks.writers([arn('orders-collector')]) },
  { id: 'grants', title: 'grants for AWS resources', description: 'Lets integrated services (EBS, RDS, …) create grants for the principal\'s resources, and no other grants (kms:GrantIsForAWSResource).', build: (_t, _a, arn) => blocks.grantsForAwsResources([arn('orders-app')]) },
  {
    id: 'service',
    title: 'AWS service principal with source conditions',
    description: 'An AWS service principal, limited with aws:SourceAccount and aws:SourceArn to your own resources (confused-deputy protection). Set the actions to those the service documents.',
    build: (t, account) => {
      const service = t.stop('service', 'events');
      return blocks.serviceUse(`${service}.amazonaws.com`, ['kms:Decrypt', 'kms:GenerateDataKey'], account, `arn:aws:${service}:${t.stop('region', 'us-east-1')}:${account}:${t.stop('resource', 'rule/orders-events')}`);
    },
  },
  { id: 'deny-others', title: 'DenyEveryoneElse', description: 'Denies every principal not listed (by aws:PrincipalArn), whatever its IAM policies or grants say. Keep the account root in the list so the key can be recovered; AWS service principals are left to the Allow statements.', build: (_t, account, arn) => blocks.denyEveryoneElse([arn('ci-deployer'), arn('orders-app')], account) },
];

function blockSnippets(block: Block): PolicySnippet[] {
  const make = (render: (s: StatementSpec) => string, form: SnippetForm, name: string, prefix: string, where: string): PolicySnippet => {
    const t = new TabStops();
    const account = t.stop('account', '111122223333');
    const spec = block.build(t, account, (r) => `arn:aws:iam::${account}:role/${t.stop(`role:${r}`, r)}`);
    return { prefix, name: `${name}: ${block.title}`, description: `${block.description} ${where}`, form, body: t.body(render(spec)) };
  };
  return [
    make((s) => JSON.stringify(statementJson(s), null, 2), 'json-statement', 'KMS statement', `kms-statement-${block.id}`, 'A statement for a JSON key policy.'),
    make((s) => renderHclValue(statementObject(s)), 'hcl-statement', 'KMS statement (jsonencode)', `kms-statement-${block.id}`, 'A statement object for policy = jsonencode({ Statement = [...] }).'),
    make((s) => renderHcl([statementBlock(s)]), 'doc-statement', 'KMS statement (policy document)', `kms-statement-${block.id}-doc`, 'A statement block for data "aws_iam_policy_document".'),
  ];
}

let built: readonly PolicySnippet[] | undefined;

/** Every snippet, built once: whole policies and keys per scope, then each building block in its three forms. */
export function policySnippets(): readonly PolicySnippet[] {
  built ??= [
    ...SCOPES.flatMap((s) => (['json-policy', 'hcl-policy', 'tf-key', 'tf-key-doc'] as const).map((f) => scopeSnippet(s, f))),
    ...BLOCKS.flatMap(blockSnippets),
  ];
  return built;
}
