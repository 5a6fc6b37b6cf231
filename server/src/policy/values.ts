import { perNode } from '../cache';
import type { PNode, PObject, PProp, PString, Statement } from './model';

/** A string-or-array element flattened to its items; anything else is returned as the single item. */
export function itemsOf(node: PNode | undefined): PNode[] {
  if (!node) return [];
  return node.kind === 'array' ? node.items : [node];
}

/** The string items of a string-or-array element (symbolic items excluded). */
export function stringItems(node: PNode | undefined): PString[] {
  return itemsOf(node).filter((n): n is PString => n.kind === 'string');
}

/** True when a value is not statically known: a Terraform reference or a template with `${...}`. */
// Not a type guard: a false result does not mean "not a string" (most strings are literals).
export function isSymbolic(node: PNode): boolean {
  return node.kind === 'symbolic' || (node.kind === 'string' && !!node.template);
}

/**
 * True when a string holds a placeholder to be filled in before the policy is used (`${var}` of Terraform's
 * templatefile, `{{name}}` of documentation templates). Such values are never judged as literals.
 */
export function isTemplateString(value: string): boolean {
  return value.includes('${') || value.includes('{{');
}

/** True when a value is not a literal to judge: symbolic, or a string holding a template placeholder. */
export function isPlaceholder(node: PNode): boolean {
  return isSymbolic(node) || (node.kind === 'string' && isTemplateString(node.value));
}

export function prop(obj: PObject | undefined, key: string): PProp | undefined {
  return obj?.props.find((p) => p.key === key);
}

/** Effect of a statement, when it is Allow or Deny: literally, or as a Terraform expression evaluates. */
export function effectOf(s: Statement): 'Allow' | 'Deny' | undefined {
  const v = s.effect?.value;
  const text = v?.kind === 'string' ? v.value : v?.kind === 'symbolic' ? v.resolved : undefined;
  return text === 'Allow' || text === 'Deny' ? text : undefined;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';

export interface PrincipalEntry {
  /** `*` when the Principal is the bare string "*". */
  type: PrincipalType | string;
  node: PNode;
  /** The `"AWS": ...` member this entry came from. */
  typeProp?: PProp;
}

const NO_ENTRIES: readonly PrincipalEntry[] = [];

/** Principals named by a Principal/NotPrincipal element, one entry per value. Shared result: do not mutate. */
export function principalEntries(element: PProp | undefined): readonly PrincipalEntry[] {
  return element ? entriesOfElement(element) : NO_ENTRIES;
}

const entriesOfElement = perNode((element: PProp): PrincipalEntry[] => {
  const v = element.value;
  if (v.kind === 'string' || v.kind === 'symbolic') return [{ type: v.kind === 'string' && v.value === '*' ? '*' : 'AWS', node: v }];
  if (v.kind !== 'object') return [];
  const out: PrincipalEntry[] = [];
  for (const p of v.props) for (const node of itemsOf(p.value)) out.push({ type: p.key, node, typeProp: p });
  return out;
});

export interface ConditionEntry {
  /** The operator as written, e.g. `ForAnyValue:StringLike`. */
  operator: string;
  operatorProp: PProp;
  /** The condition key as written. */
  key: string;
  keyProp: PProp;
  /** Values, flattened. */
  values: PNode[];
}

/** Every (operator, key, values) triple of a statement's Condition element. Shared result: do not mutate. */
export function conditionEntries(s: Statement): readonly ConditionEntry[] {
  return entriesOfCondition(s);
}

const entriesOfCondition = perNode((s: Statement): ConditionEntry[] => {
  const c = s.condition?.value;
  if (c?.kind !== 'object') return [];
  const out: ConditionEntry[] = [];
  for (const op of c.props) {
    if (op.value.kind !== 'object') continue;
    for (const k of op.value.props) out.push({ operator: op.key, operatorProp: op, key: k.key, keyProp: k, values: itemsOf(k.value) });
  }
  return out;
});

/** Literal text of a value, for messages and hovers (symbolic values show their expression). */
export function textOf(node: PNode): string {
  switch (node.kind) {
    case 'string':
      return node.value;
    case 'symbolic':
      return node.expr;
    case 'number':
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    default:
      return node.kind;
  }
}
