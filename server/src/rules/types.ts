import type { EditOp, Policy, PolicySource, Span, TextEdit } from '../policy/model';
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
}

/** A fix as a rule states it: model edit operations (written per syntax) or, for Terraform resources, text edits. */
export interface FixSpec {
  title: string;
  ops?: EditOp[];
  edits?: TextEdit[];
  preferred?: boolean;
}

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

/** A fix resolved to text edits in the analysed document. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
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
}
