/**
 * What a statement's Action or NotAction element names, read once per statement: its literal items and the
 * KMS actions each matches. The rules, the access evaluator, hovers and completion all ask; every result
 * here is shared between them, so treat it as read-only.
 */
import { ACTIONS, matchActions, type KmsAction } from '../catalog';
import { perNode } from '../cache';
import type { PString, PSymbolic, Statement } from './model';
import { isSymbolic, itemsOf } from './values';

/** One literal item of a statement's Action (or NotAction) element and the KMS actions it matches. */
export interface ActionItem {
  item: PString;
  actions: KmsAction[];
}

/** The literal items of an action element and how much of it is known. */
export interface ElementItems {
  /** Its literal strings (templates excluded), in document order. */
  items: ActionItem[];
  /** False when some item is not a literal string (a Terraform expression, a template, a number...). */
  complete: boolean;
  /** True when some item is a Terraform expression or template, known only at apply time. */
  partial: boolean;
}

/** The Action element, or without one the NotAction element: its literal items and what each matches. */
export const actionElement: (s: Statement) => ElementItems = perNode((s: Statement) => {
  const items: ActionItem[] = [];
  let complete = true;
  let partial = false;
  // Terraform expressions and templates are not known statically and match nothing here, unless the
  // expression was evaluated to a known text (`statement.value.actions` of an expanded dynamic block).
  for (const raw of itemsOf((s.action ?? s.notAction)?.value)) {
    const n = raw.kind === 'symbolic' && raw.resolved !== undefined ? evaluatedString(raw) : raw;
    if (isSymbolic(n)) partial = true;
    if (n.kind !== 'string' || n.template) {
      complete = false;
      continue;
    }
    items.push({ item: n, actions: matchActions(n.value) });
  }
  return { items, complete, partial };
});

/** An expression evaluated to a known text, as a string item (never edited in place: the expression is). */
const evaluatedString = perNode((n: PSymbolic): PString => ({ kind: 'string', span: n.span, value: n.resolved!, evaluated: true }));

const NO_ITEMS: ElementItems = { items: [], complete: true, partial: false };

/** The literal items of the Action element; `complete` is false when some item is not statically known. */
export function actionItems(s: Statement): ElementItems {
  return s.action ? actionElement(s) : NO_ITEMS;
}

/** The first Action item that matches the action `name` (e.g. `CreateGrant`): `kms:CreateGrant`, `kms:Create*`, `*`. */
export function itemGranting(s: Statement, name: string): PString | undefined {
  return actionItems(s).items.find((a) => a.actions.some((x) => x.name === name))?.item;
}

/** Every KMS action the statement's Action element matches, in the order its items name them. */
export const statementActions: (s: Statement) => KmsAction[] = perNode((s: Statement) => {
  const set = new Set<KmsAction>();
  for (const a of actionItems(s).items) for (const x of a.actions) set.add(x);
  return [...set];
});

/** True for an item that grants every KMS action: `kms:*` or `*`. */
export function isFullKms(item: PString): boolean {
  const v = item.value;
  return v === '*' || (v.length === 5 && v.toLowerCase() === 'kms:*');
}

/** The KMS actions a statement covers, read from its Action or NotAction (hovers, completion, summaries). */
export interface ActionCoverage {
  /** KMS actions the statement applies to, in catalogue order (for NotAction: every KMS action not listed). */
  actions: KmsAction[];
  /** Actions named exactly, without a wildcard (for notes about IAM-only actions written out by hand). */
  named: KmsAction[];
  /** Action values that name another service or match nothing in KMS. */
  foreign: string[];
  /** True when the statement's actions are not all known (a Terraform expression among them). */
  partial: boolean;
  negated: boolean;
}

/** KMS actions covered by a statement, case-insensitively and through wildcards, as AWS matches them. */
export const actionCoverage: (s: Statement) => ActionCoverage = perNode((s: Statement) => {
  const { items, partial } = actionElement(s);
  const negated = !s.action && !!s.notAction;
  const listed = new Set<KmsAction>();
  const foreign: string[] = [];
  const named: KmsAction[] = [];
  for (const { item, actions: m } of items) {
    if (m.length === 0) foreign.push(item.value);
    else if (!/[*?]/.test(item.value)) named.push(...m);
    for (const a of m) listed.add(a);
  }
  const actions = negated ? ACTIONS.filter((a) => !listed.has(a)) : ACTIONS.filter((a) => listed.has(a));
  return { actions, named, foreign, partial, negated };
});
