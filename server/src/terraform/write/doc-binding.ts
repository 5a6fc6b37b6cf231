import type { Node } from 'web-tree-sitter';
import type { Span } from '../../policy/model';
import { spanOf } from '../syntax/hcl';

/**
 * Where each element of a policy built from an `aws_iam_policy_document` was written in the HCL, so the
 * policy-document writer can turn a model edit into an HCL edit (an attribute, a `principals` or `condition`
 * block). Plain data only: the syntax tree is freed after extraction.
 */

/** A block (`statement { ... }`, `condition { ... }`) with the places an edit needs. */
export interface BlockInfo {
  span: Span;
  /** The block type keyword (`statement`, `principals`), or the `dynamic "x"` header for a dynamic block. */
  keywordSpan: Span;
  /** Offset just after `{`, and of `}`. */
  bodyStart: number;
  bodyEnd: number;
  /** End offset of the last attribute or block inside, or undefined when the body is empty. */
  lastItemEnd?: number;
  dynamic: boolean;
}

export interface AttrInfo {
  span: Span;
  nameSpan: Span;
  valueSpan: Span;
}

export type Binding =
  | { kind: 'doc'; block: BlockInfo }
  | { kind: 'statements'; block: BlockInfo }
  | { kind: 'statement'; block: BlockInfo }
  /** A member written as an attribute; `list` when HCL needs a list there (actions, resources...). */
  | { kind: 'attr'; attr: AttrInfo; list: boolean; parent: BlockInfo }
  /** A member Terraform fills in by default (Effect "Allow", Version "2012-10-17"): not in the text. */
  | { kind: 'default'; name: string; parent: BlockInfo }
  /** Principal / NotPrincipal / Condition: one or more blocks of a statement. */
  | { kind: 'blocks'; blockType: 'principals' | 'not_principals' | 'condition'; blocks: BlockInfo[]; parent: BlockInfo }
  | { kind: 'principalsObj'; blockType: 'principals' | 'not_principals'; blocks: BlockInfo[]; parent: BlockInfo }
  | { kind: 'principalType'; blockType: 'principals' | 'not_principals'; block: BlockInfo; type?: AttrInfo; parent: BlockInfo }
  | { kind: 'conditionObj'; blocks: BlockInfo[]; parent: BlockInfo }
  | { kind: 'conditionOp'; test: string; blocks: { block: BlockInfo; test?: AttrInfo }[]; parent: BlockInfo }
  | { kind: 'conditionOpObj'; test: string; parent: BlockInfo }
  | { kind: 'conditionKey'; test: string; block: BlockInfo; variable?: AttrInfo; parent: BlockInfo }
  /** The value of a list attribute: replacing it with a scalar writes a one-element list. */
  | { kind: 'listValue' }
  /** Copied from a policy document in another file: not editable from here. */
  | { kind: 'foreign' };

export type Bindings = WeakMap<object, Binding>;

/** Statement elements written as attributes of a `statement` block: [element, attribute, HCL needs a list]. */
export const STATEMENT_ATTRIBUTES: readonly [string, string, boolean][] = [
  ['Sid', 'sid', false],
  ['Effect', 'effect', false],
  ['Action', 'actions', true],
  ['NotAction', 'not_actions', true],
  ['Resource', 'resources', true],
  ['NotResource', 'not_resources', true],
];

export function attrInfo(attr: { node: Node; nameNode: Node; value: Node }): AttrInfo {
  return { span: spanOf(attr.node), nameSpan: spanOf(attr.nameNode), valueSpan: spanOf(attr.value) };
}

export function blockInfo(b: { node: Node; body?: Node; open?: Node; close?: Node; labelNodes: Node[] }, dynamic = false): BlockInfo {
  const kw = b.node.namedChildren[0];
  const items = b.body ? b.body.namedChildren.filter((c) => c.type === 'attribute' || c.type === 'block') : [];
  const last = items[items.length - 1];
  const header = dynamic && b.labelNodes[0] ? b.labelNodes[0] : kw;
  return {
    span: spanOf(b.node),
    keywordSpan: { start: kw.startIndex, end: header.endIndex },
    bodyStart: b.open ? b.open.endIndex : b.node.endIndex,
    bodyEnd: b.close ? b.close.startIndex : b.node.endIndex,
    lastItemEnd: last?.endIndex,
    dynamic,
  };
}
