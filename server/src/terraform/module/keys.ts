import { keyKind, type KeyFacts } from '../../catalog/key-spec';
import type { TfAttribute, TfBlock } from '../model';

/**
 * What the resource rules know about KMS keys declared in Terraform: which resources are keys, what their
 * literal settings say, and which `aws_kms_key_policy` / policy document belongs to which key.
 */

/**
 * Resource types that create a KMS key (and take `policy`, `deletion_window_in_days`, the bypass flag); with
 * `aws_kms_key_policy` they are the resources whose `policy` is a key policy (`KEY_POLICY_RESOURCE_TYPES`).
 */
export const KEY_RESOURCE_TYPES: ReadonlySet<string> = new Set([
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
  return block.blockType === 'resource' && KEY_RESOURCE_TYPES.has(block.type);
}

/** The key a reference names (`aws_kms_key.app.id`, `.arn`, `.key_id`, `aws_kms_key.app[0].arn`), if any. */
export function referencedKey(attr: TfAttribute | undefined): string | undefined {
  const t = attr?.traversal;
  if (!t || t.length < 2 || !KEY_RESOURCE_TYPES.has(t[0])) return undefined;
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

/** What the key-spec table needs of a key block: its type, Region model and origin, where the block says. */
export function keyFactsOf(block: TfBlock): KeyFacts {
  const p = profileOf(block);
  return { kind: p.spec && p.usage ? keyKind(p.spec, p.usage) : undefined, multiRegion: p.multiRegion, imported: p.imported };
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
