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

/**
 * What generated content fits at a place in a document: `policy` (a whole JSON key policy: the document is
 * empty), `json-statements` (statements in a JSON `Statement` list, a JSON file's or a heredoc's),
 * `hcl-statements` (in a `jsonencode` `Statement` list), `document-statements` (`statement` blocks in a
 * `data "aws_iam_policy_document"`), `blocks` (the top level of a .tf file).
 */
export type InsertionForm = 'policy' | 'json-statements' | 'hcl-statements' | 'document-statements' | 'blocks';

/** A place in a document where generated content fits, found by the language server (`keyscope/insertion`). */
export interface InsertionPoint {
  form: InsertionForm;
  /** The text the insertion replaces (the white space around the caret), as 0-based lines and UTF-16 characters. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Indentation of the inserted items' first lines. */
  indent: string;
  /** Indentation of what follows the insertion on its line (a closing bracket), when the insertion ends a line. */
  closeIndent: string;
  /** One indentation step of the document (JSON only; HCL is written as `terraform fmt` does, two spaces). */
  unit: string;
  /** A `,` must separate the insertion from the item before it, or from the one after it. */
  commaBefore: boolean;
  commaAfter: boolean;
  /** Blank lines to keep the inserted blocks apart from their neighbours. */
  blankBefore: boolean;
  blankAfter: boolean;
  /** Where, for people: `the Statement list of aws_kms_key.app`, `the top level of main.tf`. */
  where: string;
}
