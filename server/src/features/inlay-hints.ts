import type { Analysis } from '../analyze';
import { KEY_POLICY_ACTIONS } from '../catalog';
import type { PNode, PolicySource, Span } from '../policy/model';
import { classifyPrincipals } from '../policy/principal-kind';
import { actionItems } from '../policy/statement-actions';
import { conditionEntries, effectOf, textOf } from '../policy/values';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../settings';

/** A hint written after `offset`: what a value means, from the settings or the catalogue. */
export interface InlayHintResult {
  offset: number;
  label: string;
  tooltip?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_IN_ARN = /^arn:[^:]*:(?:iam|sts)::(\d{12}):/;

/** `kms:*` in words: how many actions of each kind it grants in a key policy. */
const KMS_STAR = (() => {
  const n = (cap: string) => KEY_POLICY_ACTIONS.filter((a) => a.capability === cap).length;
  const data = n('readData') + n('writeData');
  return { label: `= ${n('administer')} admin + ${data} data + ${n('destroy')} destroy actions`, total: KEY_POLICY_ACTIONS.length };
})();

/**
 * Inlay hints in `range` of an analysed document: beside each account id that `keyscope.accounts` names
 * (alone or in an ARN, in a principal or a condition value), its name and stage (`‹orders-prod, prod›`); beside
 * `kms:*` (or `*`) granted by an Allow to principals other than an account root, what it amounts to.
 */
export function inlayHintsIn(analysis: Analysis, range: Span): InlayHintResult[] {
  const settings = analysis.settings ?? DEFAULT_SETTINGS;
  const out: InlayHintResult[] = [];
  const inside = (n: PNode) => n.span.end >= range.start && n.span.start <= range.end;
  for (const source of analysis.sources) {
    if (source.reportAt || source.placeOf) continue; // written in another file
    for (const s of source.policy.statements) {
      if (!inside(s.node)) continue;
      for (const el of [s.principal, s.notPrincipal]) for (const p of classifyPrincipals(el)) accountHint(p.entry.node, settings, out, source);
      for (const e of conditionEntries(s)) for (const v of e.values) accountHint(v, settings, out, source);
      if (effectOf(s) !== 'Allow') continue;
      const principals = classifyPrincipals(s.principal);
      if (principals.length === 0 || principals.every((p) => p.kind === 'account')) continue;
      for (const a of actionItems(s).items) {
        const written = a.item.value.toLowerCase();
        if ((written === 'kms:*' || written === '*') && inside(a.item)) {
          out.push({ offset: a.item.span.end, label: KMS_STAR.label, tooltip: `Every one of the ${KMS_STAR.total} actions a key policy can grant, kms:PutKeyPolicy included: these principals can change this policy.` });
        }
      }
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** `‹orders-prod, prod›` after a value naming a declared account. */
function accountHint(node: PNode, settings: KeyscopeSettings, out: InlayHintResult[], source: PolicySource): void {
  if (node.kind !== 'string' || node.span.end > source.span.end + 1 || node.span.start < source.span.start) return;
  const text = textOf(node);
  const account = ACCOUNT_ID.test(text) ? text : ACCOUNT_IN_ARN.exec(text)?.[1];
  const info = account ? settings.accounts?.[account] : undefined;
  if (!account || !info || (!info.name && !info.stage)) return;
  const words = [info.name, info.stage && info.stage !== info.name ? info.stage : undefined].filter(Boolean).join(', ');
  out.push({ offset: node.span.end, label: `‹${words}›`, tooltip: `Account ${account} (keyscope.accounts)` });
}
