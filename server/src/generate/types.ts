/**
 * Types of the key-policy generator. The generator is a pure module with no engine imports, so that the
 * VS Code client can bundle it (and its validators) without pulling in the analysis engine.
 */

/** The organisational boundary a key is scoped to, together with an SDLC stage. */
export type Scope = 'bu' | 'domain' | 'app' | 'team';

/** `json`: a key policy file; `tf`: `aws_kms_key` with `policy = jsonencode(...)`; `tf-doc`: with a `data "aws_iam_policy_document"`. */
export type Format = 'json' | 'tf' | 'tf-doc';

export const SCOPES: readonly Scope[] = ['bu', 'domain', 'app', 'team'];
export const FORMATS: readonly Format[] = ['json', 'tf', 'tf-doc'];

/** What the user tells the generator. ARNs are IAM role or user ARNs. */
export interface GenerateInput {
  scope: Scope;
  /** SDLC stage token: `prod`, `stage`, `test`, `dev`, … */
  stage: string;
  /** The 12-digit id of the account that owns the key. */
  account: string;
  /** The business unit, domain, application or team name; with the stage it names the alias. */
  scopeName: string;
  /** Key administrators: manage the key, never use it for data. */
  admins: string[];
  /** Principals that decrypt (read data). */
  readers: string[];
  /** Principals that encrypt (write data). */
  writers: string[];
  format: Format;
}

export interface GeneratedPolicy {
  text: string;
  /** A file name that Keyscope analyses: `orders-prod.kms.json`, `kms-orders-prod.tf`. */
  fileName: string;
  /** One line on what the key is for and who controls access to it. */
  description: string;
}

/** One condition of a statement: `{ operator: { key: values } }`. */
export interface ConditionSpec {
  operator: string;
  key: string;
  values: string[];
}

/** A key-policy statement in a syntax-neutral form; `Resource` is always `"*"` (this key). */
export interface StatementSpec {
  sid: string;
  effect: 'Allow' | 'Deny';
  principalType: 'AWS' | 'Service';
  principals: string[];
  actions: string[];
  conditions: ConditionSpec[];
}

/** A whole key policy plus what the Terraform forms need around it. */
export interface PolicySpec {
  scope: Scope;
  stage: string;
  scopeName: string;
  /** Policy `Id`: names the key it belongs to. */
  id: string;
  statements: StatementSpec[];
  /** The key's `description`. */
  description: string;
}

/** Thrown by `generatePolicy` for invalid input; `problems` holds one message per problem. */
export class GenerateInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}
