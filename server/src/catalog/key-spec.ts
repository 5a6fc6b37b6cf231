/**
 * Which KMS actions a key can serve, by its type (key spec and key usage), Region model and key material
 * origin. From the AWS KMS Developer Guide: each cryptographic operation names the key types it accepts.
 */

/** The kinds of KMS key, as far as the operations they serve go. */
export type KeyKind = 'symmetric' | 'asymmetric-encrypt' | 'sign' | 'hmac' | 'key-agreement';

export const KEY_KIND_LABELS: Record<KeyKind, string> = {
  symmetric: 'a symmetric encryption key',
  'asymmetric-encrypt': 'an asymmetric encryption key',
  sign: 'a signing key (SIGN_VERIFY)',
  hmac: 'an HMAC key',
  'key-agreement': 'a key agreement key (KEY_AGREEMENT)',
};

/** The kind of a key from its spec and usage (upper case); undefined for a combination KMS does not create. */
export function keyKind(spec: string, usage: string): KeyKind | undefined {
  if (spec.startsWith('HMAC_')) return usage === 'GENERATE_VERIFY_MAC' ? 'hmac' : undefined;
  if (spec === 'SYMMETRIC_DEFAULT') return usage === 'ENCRYPT_DECRYPT' ? 'symmetric' : undefined;
  if (usage === 'ENCRYPT_DECRYPT') return 'asymmetric-encrypt';
  if (usage === 'SIGN_VERIFY') return 'sign';
  if (usage === 'KEY_AGREEMENT') return 'key-agreement';
  return undefined;
}

/** The cryptographic operations and the key kinds that serve each. */
const CRYPTO: Record<string, readonly KeyKind[]> = {
  Encrypt: ['symmetric', 'asymmetric-encrypt'],
  Decrypt: ['symmetric', 'asymmetric-encrypt'],
  ReEncryptFrom: ['symmetric', 'asymmetric-encrypt'],
  ReEncryptTo: ['symmetric', 'asymmetric-encrypt'],
  GenerateDataKey: ['symmetric'],
  GenerateDataKeyWithoutPlaintext: ['symmetric'],
  GenerateDataKeyPair: ['symmetric'],
  GenerateDataKeyPairWithoutPlaintext: ['symmetric'],
  Sign: ['sign'],
  Verify: ['sign'],
  GetPublicKey: ['asymmetric-encrypt', 'sign', 'key-agreement'],
  GenerateMac: ['hmac'],
  VerifyMac: ['hmac'],
  DeriveSharedSecret: ['key-agreement'],
  // Automatic and on-demand rotation exist only for symmetric encryption keys.
  EnableKeyRotation: ['symmetric'],
  DisableKeyRotation: ['symmetric'],
  RotateKeyOnDemand: ['symmetric'],
};

/** Operations on imported key material: only for keys whose origin is EXTERNAL. */
const IMPORT = new Set(['ImportKeyMaterial', 'GetParametersForImport', 'DeleteImportedKeyMaterial']);
/** Operations that exist only for multi-Region keys. */
const MULTI_REGION = new Set(['ReplicateKey', 'UpdatePrimaryRegion']);

/** What is known about a key; undefined fields are unknown and never lead to a finding. */
export interface KeyFacts {
  kind?: KeyKind;
  multiRegion?: boolean;
  imported?: boolean;
}

/**
 * Why the key cannot serve `action` (canonical name without `kms:`), as a phrase; undefined when it can or
 * when what is known does not say.
 */
export function unservable(action: string, key: KeyFacts): string | undefined {
  const kinds = CRYPTO[action];
  if (kinds && key.kind && !kinds.includes(key.kind)) {
    return `${action} works only with ${kinds.map((k) => KEY_KIND_LABELS[k]).join(' or ')}, and this is ${KEY_KIND_LABELS[key.kind]}`;
  }
  if (MULTI_REGION.has(action) && key.multiRegion === false) return `${action} works only with multi-Region keys, and this key is single-Region (multi_region is not true)`;
  if (IMPORT.has(action) && key.imported === false) return `${action} works only with keys whose material is imported (origin EXTERNAL), and this key's material is not imported`;
  return undefined;
}
