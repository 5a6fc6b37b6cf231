import { accessFor, grants, namedIn, principalNodeFor, type RowAccess } from '../access';
import { statementNames } from '../policy/statement-name';
import { KEY_POLICY_ACTIONS } from '../catalog';
import type { PolicySource } from '../policy/model';
import { textOf } from '../policy/values';
import type { KeyscopeSettings } from '../settings';
import type { PolicyRule } from './types';

/** Every action of a matrix row (`kms:Name`), in catalogue order. */
const MATRIX_ACTIONS = KEY_POLICY_ACTIONS.map((a) => `kms:${a.name}`);

/** Name tokens that name an SDLC stage, and the stage they stand for (no prototype: `constructor` is no stage). */
const STAGE_TOKENS: Record<string, string> = Object.assign(Object.create(null), { dev: 'dev', development: 'dev', test: 'test', stage: 'stage', staging: 'stage', prod: 'prod', production: 'prod' });

/** A text without one of these has no stage token. */
const MAY_NAME_STAGE = /dev|test|stag|prod/i;

/** The one stage named by tokens of `texts` (`orders-prod-app`, `ProdAdmin`), or undefined when none or several. */
function stageOfNames(texts: readonly string[]): string | undefined {
  const found = new Set<string>();
  for (const t of texts) {
    if (!MAY_NAME_STAGE.test(t)) continue; // most names have no stage word: skip splitting them
    const words = t.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/);
    for (const w of words) {
      const s = STAGE_TOKENS[w.toLowerCase()];
      if (s) found.add(s);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/** A declared stage (settings.accounts), normalised like the name tokens. */
function declaredStage(settings: KeyscopeSettings, account: string | undefined): string | undefined {
  const s = account ? settings.accounts[account]?.stage : undefined;
  return s ? (STAGE_TOKENS[s.toLowerCase()] ?? s.toLowerCase()) : undefined;
}

/** The key's stage: its account's declared stage, else the stage the policy Id, Sids and owner name. */
function keyStage(source: PolicySource, keyAccount: string | undefined, settings: KeyscopeSettings): string | undefined {
  const declared = declaredStage(settings, keyAccount);
  if (declared) return declared;
  const p = source.policy;
  const texts = [source.owner ?? source.name, ...(p.id ? [textOf(p.id.value)] : []), ...p.statements.flatMap((s) => (s.sid ? [textOf(s.sid.value)] : []))];
  return stageOfNames(texts);
}

/** A principal's stage: its account's declared stage, else the stage its role or user name tells. */
function rowStage(r: RowAccess, settings: KeyscopeSettings): string | undefined {
  const declared = declaredStage(settings, r.account);
  if (declared) return declared;
  if (r.kind !== 'role' && r.kind !== 'user' && r.kind !== 'session') return undefined;
  return stageOfNames([r.id.split(':').slice(5).join(':')]);
}

export const crossStageAccess: PolicyRule = {
  meta: {
    id: 'cross-stage-access',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    wholePolicy: true,
    summary: 'A principal of one SDLC stage (dev, test, stage, prod) has access to a key of another stage.',
  },
  check(ctx) {
    const m = accessFor(ctx.source, ctx.settings);
    const stage = keyStage(ctx.source, m.keyAccount, ctx.settings);
    if (!stage) return;
    for (const r of m.rows) {
      if (r.kind === 'what-if' || r.kind === 'public' || r.kind === 'service') continue;
      const theirs = rowStage(r, ctx.settings);
      if (!theirs || theirs === stage) continue;
      // Only grants by statements naming the principal: a grant to `*` is public-principal's concern.
      const granted = MATRIX_ACTIONS.filter((a) => m.names(r.id, a) && grants(r.cell(a)) && namedIn(ctx.policy, r.cell(a).statements, r.id));
      if (granted.length === 0) continue;
      const statements = [...new Set(granted.flatMap((a) => r.cell(a).statements))].sort((a, b) => a - b);
      ctx.report({
        at: principalNodeFor(ctx.policy, statements, r.id) ?? ctx.source.span,
        message:
          `${r.label} belongs to the ${theirs} stage but has access to this ${stage} key (${granted.length} action` +
          `${granted.length === 1 ? '' : 's'}, ${statementNames(ctx.policy, statements)}). Keep keys and the principals that use them ` +
          'in one stage, so a change or compromise in one stage cannot reach the data of another.',
        data: { keyStage: stage, principalStage: theirs },
      });
    }
  },
};
