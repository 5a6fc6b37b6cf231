/**
 * What GitHub code scanning reads beyond a rule's id, per rule: how often its findings are true
 * (`precision`: very-high, high, medium, low) and how grave a true finding is (`security-severity`, a score
 * above 0.0 up to 10.0 that GitHub shows as critical > 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9).
 *
 * The scores are ours, judged on what the finding lets happen to the key and its data: anyone in any account
 * using the key (public-principal) is critical; a principal able to rewrite the policy, a lost administrator
 * or an Allow that grants everyone else is high; conditions that silently never match are medium; a policy
 * AWS refuses or an element that does nothing is low. A unit test checks every rule in the registry is here.
 */
export type Precision = 'very-high' | 'high' | 'medium' | 'low';

export interface CodeScanningMeta {
  precision: Precision;
  /** A score in (0, 10], written with one decimal in the SARIF. */
  securitySeverity: number;
}

export const CODE_SCANNING: Record<string, CodeScanningMeta> = {
  'analysis-limit': { precision: 'very-high', securitySeverity: 1.0 },
  'json-syntax': { precision: 'very-high', securitySeverity: 3.0 },
  'unknown-element': { precision: 'high', securitySeverity: 3.0 },
  version: { precision: 'very-high', securitySeverity: 2.0 },
  'statement-shape': { precision: 'high', securitySeverity: 4.0 },
  'duplicate-sid': { precision: 'very-high', securitySeverity: 2.0 },
  'unknown-action': { precision: 'very-high', securitySeverity: 4.0 },
  'non-kms-action': { precision: 'very-high', securitySeverity: 3.0 },
  'iam-only-action': { precision: 'very-high', securitySeverity: 3.0 },
  'resource-not-star': { precision: 'high', securitySeverity: 2.0 },
  'invalid-principal': { precision: 'high', securitySeverity: 5.0 },
  'placeholder-value': { precision: 'high', securitySeverity: 1.0 },
  'unknown-condition-key': { precision: 'high', securitySeverity: 6.0 },
  'iam-only-condition-key': { precision: 'high', securitySeverity: 6.0 },
  'condition-operator': { precision: 'high', securitySeverity: 6.0 },
  'policy-size': { precision: 'very-high', securitySeverity: 3.0 },
  'public-principal': { precision: 'high', securitySeverity: 9.1 },
  'kms-star': { precision: 'high', securitySeverity: 8.0 },
  'lockout-risk': { precision: 'high', securitySeverity: 8.0 },
  'sole-administrator': { precision: 'high', securitySeverity: 6.0 },
  'condition-never-present': { precision: 'high', securitySeverity: 6.5 },
  'admin-and-user': { precision: 'medium', securitySeverity: 5.0 },
  'root-delegation': { precision: 'high', securitySeverity: 2.0 },
  'cross-account-admin': { precision: 'high', securitySeverity: 7.5 },
  'cross-stage-access': { precision: 'medium', securitySeverity: 6.0 },
  'grant-without-aws-resource': { precision: 'high', securitySeverity: 6.0 },
  'mfa-for-destructive': { precision: 'medium', securitySeverity: 3.0 },
  'notprincipal-allow': { precision: 'high', securitySeverity: 8.0 },
  'notaction-allow': { precision: 'high', securitySeverity: 7.0 },
  'service-principal-without-source': { precision: 'high', securitySeverity: 6.5 },
  'viaservice-format': { precision: 'high', securitySeverity: 5.0 },
  'tf-key-rotation': { precision: 'very-high', securitySeverity: 4.0 },
  'tf-deletion-window': { precision: 'very-high', securitySeverity: 3.0 },
  'tf-bypass-lockout': { precision: 'very-high', securitySeverity: 7.0 },
  'tf-default-policy': { precision: 'high', securitySeverity: 3.0 },
  'tf-policy-conflict': { precision: 'very-high', securitySeverity: 6.0 },
  'action-key-spec': { precision: 'high', securitySeverity: 4.0 },
  'unused-ignore': { precision: 'very-high', securitySeverity: 2.0 },
};

/** A rule missing from the table (a new rule) still gets valid metadata, from its default severity. */
export function codeScanningMeta(id: string, severity: string): CodeScanningMeta {
  return CODE_SCANNING[id] ?? { precision: 'medium', securitySeverity: severity === 'error' ? 7.0 : severity === 'warning' ? 5.0 : 2.0 };
}
