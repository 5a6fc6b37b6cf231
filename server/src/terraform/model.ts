import type { Span } from '../policy/model';

/**
 * What Terraform extraction knows about one .tf file, for the resource rules (`tf-*`, `action-key-spec`).
 * Filled in by the Terraform extractor.
 */
export interface TerraformFile {
  path: string;
  resources: TfBlock[];
  /**
   * The other .tf files of the same module folder, read through the host and parsed on first call (rules that
   * look across files call it only when they need to). Absent without a host.
   */
  siblings?: () => TerraformFile[];
  /** The file holds a syntax error somewhere (its blocks and policies are what the parser recovered). */
  broken?: true;
}

/** A `resource`/`data` block with its literal attributes. */
export interface TfBlock {
  blockType: 'resource' | 'data';
  type: string;
  name: string;
  /** Span of the whole block, and of its header (`resource "aws_kms_key" "app"`). */
  span: Span;
  headerSpan: Span;
  /** Span of the name label (`"app"`). */
  nameSpan: Span;
  /** Offsets just after `{` and of the closing `}`. */
  bodyStart: number;
  bodyEnd: number;
  /** Indentation of the block's attributes (for inserting one with the file's alignment). */
  indent: string;
  attributes: TfAttribute[];
  /**
   * The block holds a syntax error: its attributes are what the parser made of broken text, so an edit written
   * from them (a fix) may land inside a broken string.
   */
  broken?: true;
}

export interface TfAttribute {
  name: string;
  span: Span;
  nameSpan: Span;
  valueSpan: Span;
  /** Literal value when the expression is one (string, number, bool); undefined otherwise. */
  literal?: string | number | boolean;
  /** Source text of the value expression. */
  expr: string;
  /**
   * The names of a plain reference (`aws_kms_key.app.arn` -> `['aws_kms_key', 'app', 'arn']`; index and splat
   * steps are skipped), when the value is one.
   */
  traversal?: string[];
}
