/**
 * Effective access for the rules that read it (lockout-risk, admin-and-user, cross-account-admin,
 * cross-stage-access), computed on demand and shared: the policy is read once per analysis, a row's
 * statements are matched once, and only the cells a rule asks for are decided. The cells are the ones
 * `evaluate` puts in the full matrix (same code), which the webview, the CLI and the CodeLens use.
 */
import { perNodeWith } from '../cache';
import type { PolicySource } from '../policy/model';
import { principalEntries, textOf } from '../policy/values';
import type { KeyscopeSettings } from '../settings';
import { appliedTo, decide, isCrossAccount, prepare, type Applied, type Prepared } from './evaluate';
import type { RowSpec } from './rows';
import type { StatementView } from './statements';
import type { Decision, PrincipalRow } from './types';

/** A matrix row whose cells are decided when first asked for. */
export interface RowAccess extends Pick<PrincipalRow, 'id' | 'label' | 'kind' | 'account' | 'crossAccount'> {
  /** The cell of `action` (`kms:Name`); `none` for an action that is not valid in a key policy. */
  cell(action: string): Decision;
}

/** The rows of a policy's matrix (the deployer, when set, as a what-if row) and the key's account. */
export interface AccessView {
  keyAccount?: string;
  rows: RowAccess[];
  /**
   * True when some statement that names `rowId` in its Principal covers `action` (`kms:Name`): without one,
   * no cell of that row for that action can be decided by a statement naming it (`namedIn` is false), so a
   * rule that only counts such grants need not decide the cell.
   */
  names(rowId: string, action: string): boolean;
}

class LazyRow implements RowAccess {
  readonly id: string;
  readonly kind: PrincipalRow['kind'];
  readonly account?: string;
  readonly crossAccount?: boolean;
  private applied?: Applied[];
  private cells?: Map<string, Decision>; // most rows are never asked

  constructor(
    private readonly spec: RowSpec,
    private readonly prepared: Prepared,
  ) {
    this.id = spec.id;
    this.kind = spec.kind;
    if (spec.identity.account) this.account = spec.identity.account;
    if (isCrossAccount(spec.identity, prepared.keyAccount, prepared.thisAccount)) this.crossAccount = true;
  }

  get label(): string {
    return this.spec.label;
  }

  cell(action: string): Decision {
    const cells = (this.cells ??= new Map());
    let d = cells.get(action);
    if (!d) {
      const who = this.spec.identity;
      this.applied ??= appliedTo(who, this.prepared);
      d = decide(action.replace(/^kms:/, ''), this.applied, this.crossAccount === true, who.kind === 'account');
      cells.set(action, d);
    }
    return d;
  }
}

/** Principal text (as written) -> the statements naming it in their Principal. */
function namingStatements(prepared: Prepared): Map<string, StatementView[]> {
  const out = new Map<string, StatementView[]>();
  for (const v of prepared.views) {
    for (const e of principalEntries(v.statement.principal)) {
      const text = textOf(e.node);
      const list = out.get(text);
      if (!list) out.set(text, [v]);
      else if (list[list.length - 1] !== v) list.push(v);
    }
  }
  return out;
}

/**
 * The access view of `source`, shared by every rule of one analysis. Kept on the source (one view per source,
 * for the settings it was made with), so it goes with the analysis that made the source.
 */
export const accessFor: (source: PolicySource, settings: KeyscopeSettings) => AccessView = perNodeWith((source: PolicySource, settings: KeyscopeSettings): AccessView => {
  const prepared = prepare(source, { settings, whatIf: settings.deployerArn ? [settings.deployerArn] : [] });
  let named: Map<string, StatementView[]> | undefined;
  return {
    keyAccount: prepared.keyAccount,
    rows: prepared.specs.map((spec) => new LazyRow(spec, prepared)),
    names: (rowId, action) => {
      const name = action.replace(/^kms:/, '');
      return (named ??= namingStatements(prepared)).get(rowId)?.some((v) => v.actions.has(name)) === true;
    },
  };
});
