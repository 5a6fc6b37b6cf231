/**
 * The policy model every rule, feature and the access evaluator work on. A policy written as JSON, as a
 * Terraform `jsonencode(...)`, a heredoc or an `aws_iam_policy_document` is brought into this one shape, with
 * every node carrying its span (UTF-16 offsets) in the text of the document it came from.
 */

/** Half-open range of UTF-16 offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

/** Where a node built from another file of a Terraform module was written: that file and the offset in its text. */
export interface Home {
  /** The file (one object per file of an analysis: places in it can share what is computed from its text). */
  file: { path: string; text: string };
  offset: number;
}

interface NodeBase {
  span: Span;
  /** Written in another file of the module (a policy document composed from there); `span` is the reference here. */
  home?: Home;
  /**
   * Built by evaluating a Terraform expression (`var.admin_arns` -> its elements): the text at `span` is the
   * expression, not this value, so no fix edits it in place.
   */
  evaluated?: true;
  /**
   * Written under a Terraform condition not known statically (`var.logs ? [{...}] : []`): the condition as
   * written (`!(...)` for the false branch). The value reaches AWS only when the condition holds.
   */
  optionalIf?: string;
}

/** A string literal. `template` marks a Terraform template whose `${...}` parts are not known statically. */
export interface PString extends NodeBase {
  kind: 'string';
  value: string;
  template?: boolean;
  /** For a template: its text with every `${...}` the workspace defines substituted, when all of them are. */
  resolved?: string;
}
export interface PNumber extends NodeBase {
  kind: 'number';
  value: number;
}
export interface PBoolean extends NodeBase {
  kind: 'boolean';
  value: boolean;
}
export interface PNull extends NodeBase {
  kind: 'null';
}
export interface PProp {
  key: string;
  keySpan: Span;
  /** The name is not a literal (a Terraform expression such as `condition.value.test`): `key` holds its text. */
  keySymbolic?: boolean;
  value: PNode;
  /** The whole `"key": value` member. */
  span: Span;
  /** Written in another file of the module: see NodeBase. */
  home?: Home;
}
export interface PObject extends NodeBase {
  kind: 'object';
  props: PProp[];
  /**
   * For a statement of a Terraform `aws_iam_policy_document`: which of its inputs wrote it (`source`:
   * source_json or source_policy_documents, `statement`: the document's own blocks, `override`:
   * override_policy_documents or override_json) and the document it was written in.
   */
  composedAs?: { role: 'source' | 'statement' | 'override'; from: string };
}
export interface PArray extends NodeBase {
  kind: 'array';
  items: PNode[];
}
/**
 * A value that is not a literal (a Terraform reference, function call or expression). `expr` is its source
 * text; `resolved` is a literal the workspace defines for it, when one could be found.
 */
export interface PSymbolic extends NodeBase {
  kind: 'symbolic';
  expr: string;
  resolved?: string;
  /**
   * For a Terraform value that stays unknown: whether it is a list (`var.admin_arns` of type list(string)), and
   * where its value comes from, in words (`from the module call at main.tf:12`).
   */
  unknownAs?: UnknownNote;
}

/** What is known of an unknown Terraform value: its shape, and where its value would come from. */
export interface UnknownNote {
  list?: boolean;
  origin?: string;
}

export type PNode = PString | PNumber | PBoolean | PNull | PObject | PArray | PSymbolic;

/** JSON-compatible value, used by edit operations to describe new content. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type Effect = 'Allow' | 'Deny';

/** One statement of a policy, with its elements looked up case-sensitively (as AWS does). */
export interface Statement {
  index: number;
  node: PObject;
  sid?: PProp;
  effect?: PProp;
  principal?: PProp;
  notPrincipal?: PProp;
  action?: PProp;
  notAction?: PProp;
  resource?: PProp;
  notResource?: PProp;
  condition?: PProp;
  /** The Terraform condition under which the statement is part of the policy (see `NodeBase.optionalIf`). */
  optionalIf?: string;
}

export interface Policy {
  /** The document root; null when the root is not an object. */
  root: PObject | null;
  version?: PProp;
  id?: PProp;
  statementProp?: PProp;
  statements: Statement[];
  /**
   * True when the document is a lone statement object rather than a policy (a documentation excerpt): it is
   * read as a one-statement policy so its content is still checked, and `statement-shape` says so once.
   */
  fragment?: boolean;
}

export type SourceKind = 'json' | 'tf-jsonencode' | 'tf-heredoc' | 'tf-policy-document' | 'tf-file-ref';

/** A syntax problem found while reading a policy, reported by the `json-syntax` rule. */
export interface SyntaxProblem {
  message: string;
  span: Span;
}

/** A text replacement in the document: offsets are UTF-16, half-open. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * A syntax-neutral edit on the model. Each source kind has a writer that turns these into text edits in its
 * own syntax, so a fix written once applies to JSON, `jsonencode` and policy documents alike.
 */
export type EditOp =
  | { op: 'replace'; node: PNode; value: JsonValue }
  | { op: 'renameKey'; prop: PProp; key: string }
  | { op: 'removeItem'; array: PArray; item: PNode }
  | { op: 'removeProp'; object: PObject; prop: PProp }
  | { op: 'addProp'; object: PObject; key: string; value: JsonValue }
  | { op: 'addItem'; array: PArray; value: JsonValue };

export interface PolicyWriter {
  /** Text edits for `ops`, or undefined when this syntax cannot express them safely. */
  write(ops: EditOp[]): TextEdit[] | undefined;
}

/** A place in another file that explains a finding (the module a caller's value flows into). */
export interface RelatedPlace {
  path: string;
  /** 0-based line and UTF-16 character, as LSP counts them. */
  line: number;
  character: number;
  message: string;
}

/** One policy found in a document. */
/**
 * True when a policy's text is the analysed document's own: not read from another file (a template, a called
 * module: `reportAt`) nor another file's policy judged here for this file's values (`echo`). Only such a
 * policy's spans are offsets of the document, for hovers, completions and edits.
 */
export function writtenHere(s: PolicySource): boolean {
  return !s.reportAt && !s.echo;
}

export interface PolicySource {
  kind: SourceKind;
  /** Display name: the file name for JSON, `aws_kms_key.app` for Terraform. */
  name: string;
  /** The Terraform resource that owns this policy, e.g. `aws_kms_key.app`. */
  owner?: string;
  policy: Policy;
  /** Span of the whole policy value in the document. */
  span: Span;
  /** True when some statement names a Principal/NotPrincipal: a key (resource) policy, not an identity policy. */
  keyPolicy: boolean;
  syntaxErrors: SyntaxProblem[];
  writer: PolicyWriter;
  /**
   * Set when the policy comes from another file (`file("x.json")`): every finding is reported here, in the
   * document being analysed, and fixes are not offered.
   */
  reportAt?: Span;
  /** For a referenced file: its path. */
  filePath?: string;
  /**
   * For a policy read from another file (`file()`, `templatefile()`): the place in that file a span of the
   * policy (an offset of that file's text) stands for, given with the finding reported at `reportAt`.
   */
  relatedAt?: (at: Span) => RelatedPlace | undefined;
  /**
   * For a policy of a called Terraform module, evaluated with its caller's values: where a finding at `at` (a
   * span of the module's text) is reported in the analysed document — the argument of the call whose value
   * caused it, else the call — with the places in the module it points at; undefined when it is not reported
   * here (the module's own file reports what depends on nothing its caller gives).
   */
  placeOf?: (at: Span) => { span: Span; related: RelatedPlace[] } | undefined;
  /**
   * For a policy of a called module in the workspace: the same policy as the module's own file reads it (its
   * variables unknown). A finding it has too is the module's own, reported in the module's file, not here.
   */
  alone?: () => PolicySource | undefined;
  /** For a policy of a called module: the policy as built (and kept) for the module, shared by analyses. */
  built?: PolicySource;
  /**
   * A policy of another file of the module, here only for the findings the analysed file's values cause (a
   * variable file's): it is not one of this file's keys (no matrix, lens or diff entry here).
   */
  echo?: true;
  /** Places in other files that give the values a finding at `at` reads (a `.tfvars` line, a default). */
  relatedOf?: (at: Span) => RelatedPlace[];
  /**
   * Some statements are not statically known (a Terraform `dynamic` block with an unknown count, a policy
   * document merged from a variable): rules that conclude something from the absence of a grant must not.
   */
  partial?: boolean;
  /**
   * A fragment: the policy only feeds another one (a policy document's `source_policy_documents`, a module
   * argument, a local, an output) and reaches no key as it is. Its statements are checked; rules about the
   * whole policy (lockout, an empty Statement, size, version) run only where a policy reaches a key. `outside`:
   * its only consumer is outside the workspace.
   */
  feeds?: { by: string; outside: boolean };
  /** Byte length of the policy as AWS would see it, when known (for the size limit). */
  byteLength?: number;
}
