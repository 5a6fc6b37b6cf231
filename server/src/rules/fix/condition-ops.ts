import type { EditOp, JsonValue, PObject, Statement } from '../../policy/model';

/**
 * Edit operations that add `"operator": { "key": value }` to a statement's Condition, merging into what is
 * there: a new Condition element, a new operator in an existing Condition, or a new key under an existing
 * operator. When the key is already tested under that operator its value is replaced (adding a second value
 * would widen the test: values of one key are ORed). Returns undefined when the Condition is not an object
 * the edit can be merged into (a Terraform reference, malformed JSON).
 */
export function addConditionOps(s: Statement, operator: string, key: string, value: JsonValue): EditOp[] | undefined {
  if (!s.condition) return [{ op: 'addProp', object: s.node, key: 'Condition', value: { [operator]: { [key]: value } } }];
  const cond = s.condition.value;
  if (cond.kind !== 'object') return undefined;
  const opProp = cond.props.find((p) => p.key === operator);
  if (!opProp) return [{ op: 'addProp', object: cond, key: operator, value: { [key]: value } }];
  if (opProp.value.kind !== 'object') return undefined;
  const obj: PObject = opProp.value;
  // Condition keys are case-insensitive in AWS: `kms:calleraccount` is the same test.
  const existing = obj.props.find((p) => p.key.toLowerCase() === key.toLowerCase());
  if (existing) return [{ op: 'replace', node: existing.value, value }];
  return [{ op: 'addProp', object: obj, key, value }];
}
