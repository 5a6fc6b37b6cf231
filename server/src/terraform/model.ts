import type { Span } from '../policy/model';

/**
 * What Terraform extraction knows about one .tf file, for the resource rules (`tf-*`, `action-key-spec`).
 * Filled in by the Terraform extractor.
 */
export interface TerraformFile {
  path: string;
  resources: TfBlock[];
}

/** A `resource`/`data` block with its literal attributes. */
export interface TfBlock {
  blockType: 'resource' | 'data';
  type: string;
  name: string;
  /** Span of the whole block, and of its header (`resource "aws_kms_key" "app"`). */
  span: Span;
  headerSpan: Span;
  attributes: TfAttribute[];
}

export interface TfAttribute {
  name: string;
  span: Span;
  valueSpan: Span;
  /** Literal value when the expression is one (string, number, bool); undefined otherwise. */
  literal?: string | number | boolean;
  /** Source text of the value expression. */
  expr: string;
}
