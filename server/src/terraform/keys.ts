import type { TerraformFile, TfAttribute, TfBlock } from './model';

/**
 * What the resource rules know about KMS keys declared in Terraform: which resources are keys, what their
 * literal settings say, and which `aws_kms_key_policy` / policy document belongs to which key.
 */

/** Resource types that create a KMS key (and take `policy`, `deletion_window_in_days`, the bypass flag). */
export const KEY_TYPES: ReadonlySet<string> = new Set([
  'aws_kms_key',
  'aws_kms_external_key',
  'aws_kms_replica_key',
  'aws_kms_replica_external_key',
]);

/** An attribute as a rule needs it: absent (or `null`), a literal, or symbolic (not known statically). */
export type Setting =
  | { state: 'absent' }
  | { state: 'literal'; value: string | number | boolean; attr: TfAttribute }
  | { state: 'symbolic'; attr: TfAttribute };

export function setting(block: TfBlock, name: string): Setting {
  const attr = block.attributes.find((a) => a.name === name);
  if (!attr || attr.expr.trim() === 'null') return { state: 'absent' };
  return attr.literal === undefined ? { state: 'symbolic', attr } : { state: 'literal', value: attr.literal, attr };
}

/** A boolean setting's value (Terraform converts `"true"` too); undefined when absent or symbolic. */
export function boolOf(s: Setting): boolean | undefined {
  if (s.state !== 'literal') return undefined;
  if (s.value === true || s.value === 'true') return true;
  if (s.value === false || s.value === 'false') return false;
  return undefined;
}

/** `aws_kms_key.app` */
export function addressOf(block: TfBlock): string {
  return `${block.type}.${block.name}`;
}

export function isKey(block: TfBlock): boolean {
  return block.blockType === 'resource' && KEY_TYPES.has(block.type);
}

/** The key a reference names (`aws_kms_key.app.id`, `.arn`, `.key_id`, `aws_kms_key.app[0].arn`), if any. */
export function referencedKey(attr: TfAttribute | undefined): string | undefined {
  const t = attr?.traversal;
  if (!t || t.length < 2 || !KEY_TYPES.has(t[0])) return undefined;
  return `${t[0]}.${t[1]}`;
}

/**
 * A key's type as far as literals tell: `usage` and `spec` are undefined when symbolic. `key_spec` is the
 * current name of `customer_master_key_spec`; an absent spec is SYMMETRIC_DEFAULT, an absent usage
 * ENCRYPT_DECRYPT (GENERATE_VERIFY_MAC for an HMAC spec).
 */
export interface KeyProfile {
  usage?: string;
  spec?: string;
  /** False only when `multi_region` is absent or literally false. */
  multiRegion?: boolean;
  /** Where the key material comes from: EXTERNAL for imported material, AWS_KMS/custom store otherwise. */
  imported: boolean;
  /** Set when `custom_key_store_id` is present (CloudHSM or external key store); undefined when unknown. */
  customStore?: boolean;
}

export function profileOf(block: TfBlock): KeyProfile {
  const literal = (s: Setting, absent: string | undefined) =>
    s.state === 'absent' ? absent : s.state === 'literal' && typeof s.value === 'string' ? s.value.toUpperCase() : undefined;
  const replica = block.type.startsWith('aws_kms_replica');
  const specSetting = setting(block, 'key_spec').state !== 'absent' ? setting(block, 'key_spec') : setting(block, 'customer_master_key_spec');
  const spec = literal(specSetting, 'SYMMETRIC_DEFAULT');
  const usage = literal(setting(block, 'key_usage'), spec?.startsWith('HMAC_') ? 'GENERATE_VERIFY_MAC' : 'ENCRYPT_DECRYPT');
  const mr = setting(block, 'multi_region');
  const store = setting(block, 'custom_key_store_id');
  return {
    // A replica has its primary's spec, which this block does not say.
    usage: replica ? undefined : usage,
    spec: replica ? undefined : spec,
    multiRegion: replica ? true : mr.state === 'absent' ? false : mr.state === 'literal' ? mr.value === true || mr.value === 'true' : undefined,
    imported: block.type === 'aws_kms_external_key' || block.type === 'aws_kms_replica_external_key',
    customStore: store.state === 'absent' ? false : store.state === 'literal' ? true : undefined,
  };
}

/** Every resource of the module: this file's first, then its sibling .tf files' (when the host gives them). */
export function moduleResources(file: TerraformFile): ModuleResource[] {
  const files = [file, ...(file.siblings?.() ?? [])];
  return files.flatMap((f) => f.resources.map((block) => ({ block, file: f })));
}

/** A resource of the module with the file it is declared in. */
export interface ModuleResource {
  block: TfBlock;
  file: TerraformFile;
}

/**
 * Where the key resource `key` (an address) is declared: in `prefer` when it is declared there, elsewhere only
 * when the module declares it once. A folder that declares one address in several files is no valid module (or
 * a folder of unrelated examples): which declaration another file means is then unknown.
 */
export function keyDeclaration(all: ModuleResource[], key: string, prefer: TerraformFile): ModuleResource | undefined {
  const decls = all.filter((r) => r.block.blockType === 'resource' && isKey(r.block) && addressOf(r.block) === key);
  return decls.find((r) => r.file === prefer) ?? (decls.length === 1 ? decls[0] : undefined);
}

/**
 * The `aws_kms_key_policy` resources of the module that attach a policy to `key` declared in `keyFile`: those of
 * the same file, and those of other files when the key's address is declared only once.
 */
export function keyPolicyResources(all: ModuleResource[], key: string, keyFile: TerraformFile): ModuleResource[] {
  const unique = all.filter((r) => r.block.blockType === 'resource' && isKey(r.block) && addressOf(r.block) === key).length <= 1;
  return all.filter(({ block, file }) => block.blockType === 'resource' && block.type === 'aws_kms_key_policy' && (unique || file === keyFile) && referencedKey(block.attributes.find((a) => a.name === 'key_id')) === key);
}

/**
 * The key resources a policy belongs to, from its source's owner: the key itself (`aws_kms_key.app`), an
 * `aws_kms_key_policy` (its `key_id`), or a policy document (`data.aws_iam_policy_document.x`, every key or
 * key policy whose `policy` is its `.json`). Empty when no key of the module can be named.
 */
export function keysOfOwner(owner: string | undefined, all: ModuleResource[], file: TerraformFile): TfBlock[] {
  if (!owner) return [];
  const keyAt = (a: string | undefined) => (a ? keyDeclaration(all, a, file)?.block : undefined);
  const viaKeyPolicy = (b: TfBlock) => keyAt(referencedKey(b.attributes.find((a) => a.name === 'key_id')));
  const parts = owner.split('.');
  if (parts[0] === 'data' && parts.length >= 3) {
    const doc = parts.slice(0, 3).join('.');
    const users = all.filter((r) => r.block.blockType === 'resource' && r.block.attributes.some((a) => a.name === 'policy' && a.traversal?.slice(0, 3).join('.') === doc));
    return unique(users.map(({ block: b }) => (isKey(b) ? b : b.type === 'aws_kms_key_policy' ? viaKeyPolicy(b) : undefined)));
  }
  const address = parts.slice(0, 2).join('.');
  const own = all.find((r) => r.file === file && r.block.blockType === 'resource' && addressOf(r.block) === address)?.block;
  if (!own) return [];
  if (isKey(own)) return [own];
  return own.type === 'aws_kms_key_policy' ? unique([viaKeyPolicy(own)]) : [];
}

function unique(blocks: (TfBlock | undefined)[]): TfBlock[] {
  return [...new Set(blocks.filter((b): b is TfBlock => b !== undefined))];
}
