/** The rule registry, in catalogue order (DESIGN.md §3). A meta-test checks every rule file is listed. */
import { suggest } from '../catalog/suggest';
import type { SettingsChecks } from '../settings';
import { actionKeySpec } from './action-key-spec';
import { adminAndUser } from './admin-and-user';
import { analysisLimit } from './analysis-limit';
import { conditionNeverPresent } from './condition-never-present';
import { conditionOperator } from './condition-operator';
import { crossAccountAdmin } from './cross-account-admin';
import { crossStageAccess } from './cross-stage-access';
import { duplicateSid } from './duplicate-sid';
import { grantWithoutAwsResource } from './grant-without-aws-resource';
import { iamOnlyAction } from './iam-only-action';
import { iamOnlyConditionKey } from './iam-only-condition-key';
import { invalidPrincipal } from './invalid-principal';
import { jsonSyntax } from './json-syntax';
import { kmsStar } from './kms-star';
import { lockoutRisk } from './lockout-risk';
import { mfaForDestructive } from './mfa-for-destructive';
import { nonKmsAction } from './non-kms-action';
import { notactionAllow } from './notaction-allow';
import { notprincipalAllow } from './notprincipal-allow';
import { placeholderValue } from './placeholder-value';
import { policySize } from './policy-size';
import { publicPrincipal } from './public-principal';
import { resourceNotStar } from './resource-not-star';
import { rootDelegation } from './root-delegation';
import { servicePrincipalWithoutSource } from './service-principal-without-source';
import { soleAdministrator } from './sole-administrator';
import { statementShape } from './statement-shape';
import { tfBypassLockout } from './tf-bypass-lockout';
import { tfDefaultPolicy } from './tf-default-policy';
import { tfDeletionWindow } from './tf-deletion-window';
import { tfKeyRotation } from './tf-key-rotation';
import { tfPolicyConflict } from './tf-policy-conflict';
import { unknownAction } from './unknown-action';
import { unknownConditionKey } from './unknown-condition-key';
import { unknownElement } from './unknown-element';
import { unusedIgnore } from './unused-ignore';
import { version } from './version';
import { viaserviceFormat } from './viaservice-format';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  // Syntax and structure
  analysisLimit,
  jsonSyntax,
  unknownElement,
  version,
  statementShape,
  duplicateSid,
  unknownAction,
  nonKmsAction,
  iamOnlyAction,
  resourceNotStar,
  invalidPrincipal,
  placeholderValue,
  unknownConditionKey,
  iamOnlyConditionKey,
  conditionOperator,
  policySize,
  // KMS semantics and security
  publicPrincipal,
  kmsStar,
  lockoutRisk,
  soleAdministrator,
  conditionNeverPresent,
  adminAndUser,
  rootDelegation,
  crossAccountAdmin,
  crossStageAccess,
  grantWithoutAwsResource,
  mfaForDestructive,
  notprincipalAllow,
  notactionAllow,
  servicePrincipalWithoutSource,
  viaserviceFormat,
  // Terraform resources
  tfKeyRotation,
  tfDeletionWindow,
  tfBypassLockout,
  tfDefaultPolicy,
  tfPolicyConflict,
  actionKeySpec,
  unusedIgnore,
];

const byId = new Map(RULES.map((r) => [r.meta.id, r]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}

/**
 * What the settings reader checks with the rules' help: a rule id no rule has (`rules`, `overrides[].rules`),
 * reported with the nearest id, as ESLint reports a rule it has no definition for.
 */
export const SETTINGS_CHECKS: SettingsChecks = {
  ruleId(id) {
    if (byId.has(id)) return undefined;
    const [meant] = suggest(id, [...byId.keys()], 1);
    return `no Keyscope rule has this id${meant ? ` (did you mean "${meant}"?)` : ''}`;
  },
};
