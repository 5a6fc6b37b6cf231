/*
 * Builds the snippet files from the generator itself, so a snippet can never drift from what
 * `keyscope new` and the "New key policy" command write. The generator is run with tab-stop markers in place
 * of the account, stage, names and roles; the markers become `${n:default}` in the snippet body.
 * `npm run gen:snippets` writes the files; a test checks they are up to date.
 */
import * as blocks from '../server/src/generate/blocks';
import { renderHcl, renderHclValue } from '../server/src/generate/hcl';
import { renderPolicy, statementBlock, statementJson, statementObject } from '../server/src/generate/render';
import { buildPolicySpec, SCOPE_INFO } from '../server/src/generate/scopes';
import { SCOPES, type Format, type Scope, type StatementSpec } from '../server/src/generate/types';

/** A VS Code snippet as written in a `.code-snippets` file. */
export interface VsSnippet {
  prefix: string;
  description: string;
  body: string[];
}

export const SNIPPET_FILES = { json: 'snippets/kms-json.code-snippets', terraform: 'snippets/kms-terraform.code-snippets' } as const;
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

  /** Snippet body lines: literal `$` and `\` escaped, markers as `${n:default}` / `${n|a,b|}` / `${n}`. */
  body(text: string): string[] {
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
    return `${out}$0`.split('\n');
  }
}

const FORM: Record<Format, { name: string; prefix: string; what: string }> = {
  json: { name: 'KMS key policy', prefix: 'kms-policy-', what: 'A JSON key policy.' },
  tf: { name: 'KMS key (jsonencode)', prefix: 'kms-key-', what: 'Terraform aws_kms_key (rotation on, 30-day deletion window, scope and stage tags) with policy = jsonencode(...), and aws_kms_alias alias/<name>-<stage>.' },
  'tf-doc': { name: 'KMS key (policy document)', prefix: 'kms-key-', what: 'Terraform aws_kms_key (rotation on, 30-day deletion window, scope and stage tags) with a data "aws_iam_policy_document", and aws_kms_alias alias/<name>-<stage>.' },
};

function scopeSnippet(scope: Scope, format: Format): [string, VsSnippet] {
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
  const f = FORM[format];
  const prefix = `${f.prefix}${scope}${format === 'tf-doc' ? '-doc' : ''}`;
  return [`${f.name}: ${info.label}`, { prefix, description: `${info.label}. ${info.when} ${f.what}`, body: t.body(renderPolicy(spec, format)) }];
}

interface Block {
  id: string;
  title: string;
  description: string;
  build(t: TabStops, account: string, arn: (role: string) => string): StatementSpec;
}

export const BLOCKS: Block[] = [
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

function blockSnippets(block: Block): { json: [string, VsSnippet]; object: [string, VsSnippet]; doc: [string, VsSnippet] } {
  const make = (render: (s: StatementSpec) => string, name: string, prefix: string, where: string): [string, VsSnippet] => {
    const t = new TabStops();
    const account = t.stop('account', '111122223333');
    const spec = block.build(t, account, (r) => `arn:aws:iam::${account}:role/${t.stop(`role:${r}`, r)}`);
    return [`${name}: ${block.title}`, { prefix, description: `${block.description} ${where}`, body: t.body(render(spec)) }];
  };
  return {
    json: make((s) => JSON.stringify(statementJson(s), null, 2), 'KMS statement', `kms-statement-${block.id}`, 'A statement for a JSON key policy.'),
    object: make((s) => renderHclValue(statementObject(s)), 'KMS statement (jsonencode)', `kms-statement-${block.id}`, 'A statement object for policy = jsonencode({ Statement = [...] }).'),
    doc: make((s) => renderHcl([statementBlock(s)]), 'KMS statement (policy document)', `kms-statement-${block.id}-doc`, 'A statement block for data "aws_iam_policy_document".'),
  };
}

/** The snippet files' contents, by language. */
export function buildSnippets(): { json: Record<string, VsSnippet>; terraform: Record<string, VsSnippet> } {
  const json: [string, VsSnippet][] = SCOPES.map((s) => scopeSnippet(s, 'json'));
  const terraform: [string, VsSnippet][] = SCOPES.flatMap((s) => [scopeSnippet(s, 'tf'), scopeSnippet(s, 'tf-doc')]);
  for (const b of BLOCKS) {
    const x = blockSnippets(b);
    json.push(x.json);
    terraform.push(x.object, x.doc);
  }
  return { json: Object.fromEntries(json), terraform: Object.fromEntries(terraform) };
}

/** A snippet file's text. */
export function snippetFileText(snippets: Record<string, VsSnippet>): string {
  return JSON.stringify(snippets, null, 2) + '\n';
}
