/**
 * One matrix per policy source and settings, shared by the rules that read it (lockout-risk,
 * admin-and-user, cross-account-admin, cross-stage-access): the policy is evaluated once per analysis.
 */
import type { PolicySource } from '../policy/model';
import type { KeyscopeSettings } from '../settings';
import { evaluate } from './evaluate';
import type { AccessMatrix } from './types';

const cache = new WeakMap<PolicySource, { settings: KeyscopeSettings; matrix: AccessMatrix }>();

/** The matrix of `source`; the deployer (`settings.deployerArn`), when set, is a what-if row. */
export function matrixFor(source: PolicySource, settings: KeyscopeSettings): AccessMatrix {
  const hit = cache.get(source);
  if (hit && hit.settings === settings) return hit.matrix;
  const matrix = evaluate(source, { settings, whatIf: settings.deployerArn ? [settings.deployerArn] : [] });
  cache.set(source, { settings, matrix });
  return matrix;
}
