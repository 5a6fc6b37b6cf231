import { matchActions, type KmsAction } from '../catalog';
import type { PString, Statement } from './model';
import { itemsOf } from './values';

/** One literal item of a statement's Action element and the KMS actions it matches. */
export interface ActionItem {
  item: PString;
  actions: KmsAction[];
}

const itemsCache = new WeakMap<Statement, { items: ActionItem[]; complete: boolean }>();

/**
 * The literal items of the Action element; `complete` is false when some item is not statically known.
 * Computed once per statement of an analysis (many rules ask): do not mutate the result.
 */
export function actionItems(s: Statement): { items: ActionItem[]; complete: boolean } {
  let hit = itemsCache.get(s);
  if (!hit) itemsCache.set(s, (hit = computeActionItems(s)));
  return hit;
}

function computeActionItems(s: Statement): { items: ActionItem[]; complete: boolean } {
  const items: ActionItem[] = [];
  let complete = true;
  for (const n of itemsOf(s.action?.value)) {
    if (n.kind !== 'string' || n.template) {
      complete = false;
      continue;
    }
    items.push({ item: n, actions: matchActions(n.value) });
  }
  return { items, complete };
}

/** The first Action item that matches the action `name` (e.g. `CreateGrant`): `kms:CreateGrant`, `kms:Create*`, `*`. */
export function itemGranting(s: Statement, name: string): PString | undefined {
  return actionItems(s).items.find((a) => a.actions.some((x) => x.name === name))?.item;
}

/** Every KMS action the statement's Action element matches, in catalogue order. */
export function statementActions(s: Statement): KmsAction[] {
  const set = new Set<KmsAction>();
  for (const a of actionItems(s).items) for (const x of a.actions) set.add(x);
  return [...set];
}

/** True for an item that grants every KMS action: `kms:*` or `*`. */
export function isFullKms(item: PString): boolean {
  return item.value === '*' || /^kms:\*$/i.test(item.value);
}
