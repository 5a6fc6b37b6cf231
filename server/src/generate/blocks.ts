import type { StatementSpec } from './types';

/*
 * The statements every generated policy and snippet is built from. Action lists are explicit (no `kms:*`
 * outside the account root) so that each principal gets exactly its column of the access matrix
 * (KMS-FACTS.md, "Matrix buckets").
 */

/** Administer the key and read its configuration; no data use and no CreateGrant (a grant could hand out Decrypt). */
export const ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

/** Decrypt: read data (and re-encrypt it away from this key). */
export const READ_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:DescribeKey'];

/** Encrypt only: a writer can protect data but never read it back. */
export const WRITE_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncryptTo', 'kms:DescribeKey'];

/** The console's "Allow use of the key" for a symmetric key: read and write. */
export const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/** The console's "Allow attachment of persistent resources". */
export const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];

export function rootArn(account: string): string {
  return `arn:aws:iam::${account}:root`;
}

/** The AWS default statement: the account root, so the account's IAM policies decide who may use the key. */
export function rootDelegation(account: string): StatementSpec {
  return allow('EnableIAMUserPermissions', [rootArn(account)], ['kms:*']);
}

/**
 * The account root user only (not the IAM principals of the account): it can always recover the key if the
 * administrator roles are deleted, while IAM policies in the account cannot widen anyone's access.
 */
export function rootUserOnly(account: string): StatementSpec {
  return {
    ...allow('AllowAccountRootUserOnly', [rootArn(account)], ['kms:*']),
    conditions: [{ operator: 'ArnEquals', key: 'aws:PrincipalArn', values: [rootArn(account)] }],
  };
}

export function keyAdministrators(admins: string[]): StatementSpec {
  return allow('AllowKeyAdministration', admins, ADMIN_ACTIONS);
}

export function keyUsers(users: string[]): StatementSpec {
  return allow('AllowUseOfTheKey', users, USE_ACTIONS);
}

export function readers(principals: string[]): StatementSpec {
  return allow('AllowReadData', principals, READ_ACTIONS);
}

export function writers(principals: string[]): StatementSpec {
  return allow('AllowWriteData', principals, WRITE_ACTIONS);
}

/** Lets AWS services (EBS, RDS, …) create grants for the principals' resources, and nothing else. */
export function grantsForAwsResources(principals: string[]): StatementSpec {
  return {
    ...allow('AllowGrantsForAWSResources', principals, GRANT_ACTIONS),
    conditions: [{ operator: 'Bool', key: 'kms:GrantIsForAWSResource', values: ['true'] }],
  };
}

/** An AWS service principal, only on behalf of resources of the given account and ARN (confused deputy). */
export function serviceUse(service: string, actions: string[], sourceAccount: string, sourceArn: string): StatementSpec {
  return {
    sid: 'AllowServiceUse',
    effect: 'Allow',
    principalType: 'Service',
    principals: [service],
    actions,
    conditions: [
      { operator: 'StringEquals', key: 'aws:SourceAccount', values: [sourceAccount] },
      { operator: 'ArnLike', key: 'aws:SourceArn', values: [sourceArn] },
    ],
  };
}

/**
 * Denies every principal not named, whatever its IAM policies or grants say. The account root stays in the
 * list so the key can always be recovered; AWS service principals (which carry no aws:PrincipalArn) are left
 * to the Allow statements, as in AWS's data-perimeter policies.
 */
export function denyEveryoneElse(named: string[], account: string): StatementSpec {
  return {
    sid: 'DenyEveryoneElse',
    effect: 'Deny',
    principalType: 'AWS',
    principals: ['*'],
    actions: ['kms:*'],
    conditions: [
      { operator: 'ArnNotEquals', key: 'aws:PrincipalArn', values: unique([...named, rootArn(account)]) },
      { operator: 'Bool', key: 'aws:PrincipalIsAWSService', values: ['false'] },
    ],
  };
}

function allow(sid: string, principals: string[], actions: string[]): StatementSpec {
  return { sid, effect: 'Allow', principalType: 'AWS', principals: unique(principals), actions, conditions: [] };
}

/** The values in first-seen order, without repeats. */
export function unique(values: string[]): string[] {
  return [...new Set(values)];
}
