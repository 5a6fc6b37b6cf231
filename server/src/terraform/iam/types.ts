import type { Policy } from '../../policy/model';

/** Where a statement of an identity policy is written: its file and 0-based line and UTF-16 character. */
export interface PolicyPlace {
  path: string;
  line: number;
  character: number;
}

/** An identity policy, a permissions boundary or an SCP, as the workspace declares it. */
export interface IdentityPolicy {
  /** `aws_iam_role_policy.reader`, `aws_iam_policy.ops`, `aws_iam_role.app (inline_policy "x")`. */
  name: string;
  policy: Policy;
  /** Where statement `index` (of `policy.statements`) is written. */
  placeOf(index: number): PolicyPlace;
  /**
   * The folder of the workspace that declares it (relative to the workspace root, `/`-separated), when it is
   * not the key's module: there a reference to `aws_kms_key.x` names that module's key, and "this account" is
   * the account that module deploys to.
   */
  folder?: string;
  /** The account that folder deploys to, when its provider states it (`allowed_account_ids`, `assume_role`). */
  account?: string;
}

/** An IAM role or user of the workspace with the policies the workspace attaches to it. */
export interface IamPrincipal {
  /** `aws_iam_role.reader`. */
  address: string;
  kind: 'role' | 'user';
  /**
   * Its ARN as the policy model writes a reference to it (`arn:${data.aws_partition...}:iam::${data.aws_caller_identity
   * ...}:role/reader`): the account Terraform deploys to.
   */
  arn: string;
  /** The folder that declares it, when not the key's module (see `IdentityPolicy.folder`). */
  folder?: string;
  /**
   * The account its folder deploys to, when its provider states it. A principal of another folder without it
   * may or may not be in the key's account: what its policies decide is conditional on that.
   */
  account?: string;
  /**
   * For the one principal standing for every instance of a role or user whose `count` or `for_each` is not
   * known: `each of var.readers`. Its name is not known.
   */
  each?: string;
  /** Inline, attached and group policies. */
  policies: IdentityPolicy[];
  /**
   * Policies attached only maybe: by a resource whose `count` or `for_each` is not known, or to an instance
   * whose index is not known. Their Allow statements allow only conditionally, their Deny statements deny so.
   */
  maybe?: IdentityPolicy[];
  /** Its permissions boundary, when the workspace defines it. */
  boundary?: IdentityPolicy;
  /**
   * What is attached but cannot be read here (an AWS managed policy, a policy written as an expression, a
   * boundary defined elsewhere), in words: such a policy may deny, or a boundary limit, what the others allow.
   */
  unread: string[];
}

/** An SCP of the workspace attached to the account Terraform deploys to or to the organization's root. */
export interface AttachedScp {
  policy: IdentityPolicy;
  /** `account 111122223333`, `this account`, `the organization root`. */
  target: string;
  /** The account it is attached to (`this account` for the account Terraform deploys to); none: the root. */
  account?: string;
}

/** The IAM side of a Terraform module: its roles and users with their policies, and its SCPs. */
export interface WorkspaceIam {
  principals: IamPrincipal[];
  scps: AttachedScp[];
  /** SCPs attached to organizational units: whether the key's account is in one is not known here. */
  unplacedScps: string[];
  /**
   * The accounts the key's module deploys to, as its `provider "aws"` blocks state them, by provider (`aws`,
   * `aws.shared` for an alias); a provider that states none is absent.
   */
  providers?: Map<string, ProviderAccount>;
}

/** The account a provider deploys to, and which of its arguments says so. */
export interface ProviderAccount {
  account: string;
  from: 'allowed_account_ids' | 'assume_role';
}
