import type { EditOp, Policy, PolicySource, RelatedPlace, Span, TextEdit } from '../policy/model';
import type { KeyscopeSettings } from '../settings';
import type { Severity } from '../severity';
import type { TerraformFile } from '../terraform/model';

export type { Severity };

export interface RuleMeta {
  /** Stable kebab-case id: the diagnostic code, the docs page name and the settings key. */
  id: string;
  severity: Severity;
  /** One line, shown in the README table and the rule's docs. */
  summary: string;
  /** The IAM Access Analyzer check this rule mirrors, e.g. `INVALID_ACTION`. */
  accessAnalyzer?: string;
  /**
   * `key-policy`: runs on policies with principals; `any-policy`: also on identity policies;
   * `terraform`: runs on Terraform resources.
   */
  appliesTo: 'key-policy' | 'any-policy' | 'terraform';
  fixable: boolean;
  /**
   * The finding is a conclusion about the policy as a whole, drawn from who can do what (lockout-risk): while
   * the user is typing (a syntax error, a statement not yet complete) the editor holds it until a save or a
   * pause, so that it does not flash on every keystroke of a policy being written.
   */
  wholePolicy?: true;
}

/**
 * A fix as a rule states it: model edit operations (written per syntax) or, for Terraform resources, text edits.
 * Every fix has a class (`kind`), as ESLint tells a `fix` from a `suggest`:
 * - `safe`: a mechanical repair whose intent is unambiguous and that leaves who can do what as it was (a
 *   misspelt action with exactly one did-you-mean, a spelling's case, `Version`, `Resource` to `"*"`, removing
 *   an element that does nothing). Only safe fixes are preferred and applied unseen (fix all, fix on save).
 * - `suggestion`: anything that narrows or widens access, or changes how the key behaves (replacing `kms:*`,
 *   adding a condition, replacing a principal, splitting a statement). Offered one explicit click away, never
 *   applied in bulk; `change` says what access changes and is shown in the title.
 */
export type FixSpec = SafeFixSpec | SuggestionFixSpec;

interface FixSpecBase {
  /** What the fix does, starting with a verb ("Change to ..."). */
  title: string;
  ops?: EditOp[];
  edits?: TextEdit[];
  /**
   * Terraform interpolations the ops copy from the policy (`${var.account_id}`): written as interpolations,
   * where any other `${` in a value written into HCL is escaped to stay literal.
   */
  keep?: string[];
}

export interface SafeFixSpec extends FixSpecBase {
  kind: 'safe';
}

export interface SuggestionFixSpec extends FixSpecBase {
  kind: 'suggestion';
  /** What access (or key behaviour) changes when applied, e.g. "removes its administration of the key". */
  change: string;
}

export type FixKind = FixSpec['kind'];

export interface Report {
  /** What to underline: a node or member of the model, or a span. */
  at: { span: Span } | Span;
  message: string;
  fixes?: FixSpec[];
  /** A lower severity for this one finding (e.g. a style hint from a rule whose findings are errors). */
  severity?: Severity;
  /** Extra data carried on the diagnostic (never matched on message text). */
  data?: Record<string, unknown>;
}

export interface PolicyRuleContext {
  source: PolicySource;
  policy: Policy;
  settings: KeyscopeSettings;
  /** Full text of the document being analysed. */
  text: string;
  report(r: Report): void;
}

export interface TerraformRuleContext {
  file: TerraformFile;
  /** The policies extracted from the file, each with the resource that owns it (for rules about a key's policy). */
  sources: PolicySource[];
  settings: KeyscopeSettings;
  text: string;
  report(r: Report): void;
}

export interface PolicyRule {
  meta: RuleMeta & { appliesTo: 'key-policy' | 'any-policy' };
  check(ctx: PolicyRuleContext): void;
}

export interface TerraformRule {
  meta: RuleMeta & { appliesTo: 'terraform' };
  check(ctx: TerraformRuleContext): void;
}

export type Rule = PolicyRule | TerraformRule;

/**
 * A fix resolved to text edits in the analysed document. A suggestion's title reads
 * `Suggestion: <what it does> (<what access changes>)`.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  kind: FixKind;
}

/** A rule's finding in a document. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  /** Name of the policy source it belongs to (`aws_kms_key.app`), when any. */
  sourceName?: string;
  data?: Record<string, unknown>;
  /** Places in other files that explain it (for a called module's policy: where the value flows in the module). */
  related?: RelatedPlace[];
}
