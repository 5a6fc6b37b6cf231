import type { Capability } from '../catalog';
import type { Span } from '../policy/model';

/**
 * One cell of the effective-access matrix (DESIGN.md §4):
 * - `allow`: the key policy alone allows it;
 * - `conditional`: allowed, or denied, only under conditions that cannot be decided statically (listed);
 * - `iam`: allowed if the principal's own IAM policy allows it (the account root is granted: delegation), and no
 *   identity policy of the workspace decides it;
 * - `iam-allow`: the key policy delegates to IAM and an identity policy of the workspace allows it (`iam`);
 * - `deny`: an explicit Deny applies;
 * - `none`: not granted.
 */
export type CellValue = 'allow' | 'iam-allow' | 'conditional' | 'iam' | 'deny' | 'none';

/** A condition that remains open for a cell, as written in the policy. */
export interface OpenCondition {
  statementIndex: number;
  /** How messages name the statement: its Sid, quoted, else its 1-based number. */
  statement: string;
  operator: string;
  key: string;
  values: string[];
  /**
   * How the values read when some are Terraform expressions that stay unknown, labelled like principals with
   * what they read and where that comes from (`var.account_id (a value, from terraform.tfvars:3)`); for display.
   */
  labels?: string[];
  /** Whether it conditions an Allow or a Deny. */
  effect: 'Allow' | 'Deny';
}

export interface Decision {
  value: CellValue;
  /** Indexes (into policy.statements) of the statements that decided the cell. */
  statements: number[];
  conditions: OpenCondition[];
  /**
   * True when the value comes only from a grant to the account root of this principal's account (root
   * delegation), not from a statement naming the principal. Summaries count such cells under the account's
   * row instead.
   */
  delegated?: boolean;
  /**
   * Why a conditional cell was not decided exactly (too many combinations of request values to try), or
   * what a grant adds to it (its constraints, its retiring principal).
   */
  note?: string;
  /** The `aws_kms_grant` of the workspace that allows the action (`aws_kms_grant.app`). */
  grant?: string;
  /** The statement of an identity policy, boundary or SCP of the workspace that decided the cell (or left it open). */
  iam?: IamSource;
}

/** A statement of an identity policy of the workspace, and where it is written (0-based line and character). */
export interface IamSource {
  /** `aws_iam_role_policy.reader`. */
  policy: string;
  /** Its Sid, quoted, else its 1-based number. */
  statement: string;
  path: string;
  line: number;
  character: number;
  /** The workspace folder of the file (`envs/app`), when it is not the key's module. */
  folder?: string;
  /** The file's URI, for a client to open it: set by the language server. */
  uri?: string;
}

/** An `aws_kms_grant` on the key, as the workspace declares it. */
export interface KeyGrant {
  /** `aws_kms_grant.app`. */
  address: string;
  /** The grantee principal's ARN (or service principal). */
  grantee: string;
  /** The grant's operations that are key-policy actions, canonical names without `kms:`. */
  operations: string[];
  /** True: the grant has constraints (encryption context); undefined: not known. */
  constrained?: boolean;
  retiringPrincipal?: string;
  /** The grantee is written as an expression not known here (`var.app_role_arn`): its row stands for it. */
  symbolic?: boolean;
  /** The operations are written as an expression not known here (`var.operations`), as written. */
  operationsUnknown?: string;
}

export interface CapabilityCell {
  /** The strongest value among the capability's actions (allow > iam-allow > iam > conditional > deny > none). */
  value: CellValue;
  /**
   * How many of the capability's actions are allow/iam/conditional, of how many: the actions the key can
   * serve when its type is known (a symmetric key has no Sign), else all of them.
   */
  granted: number;
  total: number;
  /** `all` (every action has `value`), `2 of 5`, `none`; when granted actions differ, `allow 1 · iam 19 of 20`. */
  text: string;
  /** When the granted actions have different values: how many have each. */
  mixed?: Partial<Record<'allow' | 'iam-allow' | 'iam' | 'conditional', number>>;
}

export type RowKind = 'root-user' | 'account' | 'role' | 'user' | 'session' | 'service' | 'federated' | 'public' | 'symbolic' | 'what-if';

export interface PrincipalRow {
  /** The principal as written (an ARN, account id, service name, `*`), or the what-if string given. */
  id: string;
  /** Human label: `role/orders-app (111122223333)`, `anyone in account 111122223333 whose IAM policy allows it`. */
  label: string;
  kind: RowKind;
  account?: string;
  /** For a what-if row: what the given string reads as (a role, an account, ...), when it is a principal. */
  principalKind?: Exclude<RowKind, 'what-if'>;
  /** True when the principal's account is known to differ from the key's account. */
  crossAccount?: boolean;
  /** Every KMS action valid in a key policy, by `kms:Name`. */
  actions: Record<string, Decision>;
  capabilities: Record<Capability, CapabilityCell>;
}

/** How the key's account was decided (docs/access-matrix.md, "The key's account"). */
export type KeyAccountSource = 'setting' | 'provider' | 'terraform' | 'administrators' | 'root' | 'principals' | 'accounts';

export interface AccessMatrix {
  /** The policy source's name: the file name or `aws_kms_key.app`. */
  name: string;
  rows: PrincipalRow[];
  /** Span of each statement in the document, by statement index, to reveal the deciding statements. */
  statementSpans: Span[];
  /** The account that owns the key, as far as the policy tells (see docs/access-matrix.md). */
  keyAccount?: string;
  /** How the key's account was decided: declared, Terraform, its administrators, ... (docs/access-matrix.md). */
  keyAccountFrom?: KeyAccountSource;
  /** The key's account and how it was decided, for people: `prod 444455556666, declared in keyscope.keyAccount`. */
  keyAccountText?: string;
  /** The key's account alone, for a header: `prod 444455556666`. */
  keyAccountLabel?: string;
  /** One-line summary for the CodeLens: `2 admins · 3 can decrypt · public: no`. */
  summary: string;
}
