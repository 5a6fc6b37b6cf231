import type { Analysis } from '../analyze';
import { writtenHere, type PNode, type PProp, type PolicySource, type Span, type Statement } from '../policy/model';

/**
 * What a node under the caret is, in policy terms. Keys of members are roles of their own (`elementKey`,
 * `principalType`, `conditionOperator`, `conditionKey`); everything else is a value role.
 */
export type Role =
  | 'elementKey'
  | 'version'
  | 'id'
  | 'sid'
  | 'effect'
  | 'action'
  | 'principalType'
  | 'principal'
  | 'resource'
  | 'conditionOperator'
  | 'conditionKey'
  | 'conditionValue'
  | 'other';

/** Where in the policy model an offset falls. */
export interface Location {
  source: PolicySource;
  /** Nodes and members from the policy root down to the innermost one containing the offset. */
  path: (PNode | PProp)[];
  role: Role;
  /** The span the role refers to: the member key for key roles, the value node otherwise. */
  span: Span;
  /** The innermost value node (for key roles: the member's value). */
  node: PNode;
  /** The member whose key or value holds the offset, when there is one. */
  prop?: PProp;
  /** `policy` for top-level members, `statement` for a statement's own members. */
  level?: 'policy' | 'statement';
  statement?: Statement;
  /** The statement element the offset is inside (`Action`, `Principal`, ...). */
  element?: PProp;
  /** For principals: the `AWS` / `Service` member they are listed under (`*` for a bare `"*"`). */
  principalType?: string;
  /** For condition keys and values: the operator member and the key member. */
  operator?: PProp;
  conditionKey?: PProp;
}

type Context = 'root' | 'statements' | 'statement' | 'principal' | 'principalList' | 'condition' | 'conditionKeys' | 'leaf';

const inside = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/**
 * The policy node at `offset`: which source holds it, the path from the root, and its role. Works on the
 * model, so it serves JSON, `jsonencode`, heredocs and policy documents alike. Sources read from another
 * file have spans in that file and are skipped.
 */
export function locate(analysis: Analysis, offset: number): Location | undefined {
  for (const source of analysis.sources) {
    if (!writtenHere(source) || !source.policy.root || !inside(source.span, offset)) continue;
    const loc = walk(source, offset);
    if (loc) return loc;
  }
  return undefined;
}

function walk(source: PolicySource, offset: number): Location | undefined {
  const root = source.policy.root!;
  const path: (PNode | PProp)[] = [root];
  const loc: Partial<Location> & { source: PolicySource } = { source };
  let node: PNode = root;
  let ctx: Context = 'root';
  for (;;) {
    if (node.kind === 'object') {
      // A statement in the Statement array, or a single statement written as an object (AWS accepts both).
      if (ctx === 'statements') {
        const obj = node;
        loc.statement = source.policy.statements.find((s) => s.node === obj);
        ctx = 'statement';
      }
      const p: PProp | undefined = node.props.find((x) => inside(x.span, offset) || inside(x.keySpan, offset));
      if (!p) break;
      path.push(p);
      loc.prop = p;
      if (ctx === 'root' || ctx === 'statement') loc.level = ctx === 'root' ? 'policy' : 'statement';
      if (ctx === 'statement') loc.element = p;
      if (inside(p.keySpan, offset)) return finish(loc, path, keyRole(ctx), p.keySpan, p.value);
      if (ctx === 'condition') loc.operator = p;
      if (ctx === 'conditionKeys') loc.conditionKey = p;
      if (ctx === 'principal') loc.principalType = p.key;
      if (!inside(p.value.span, offset)) return finish(loc, path, 'other', p.span, p.value);
      ctx = childContext(ctx, p.key);
      node = p.value;
      path.push(node);
      continue;
    }
    if (node.kind === 'array') {
      const item: PNode | undefined = node.items.find((x) => inside(x.span, offset));
      if (!item) break;
      node = item;
      path.push(node);
      continue;
    }
    break;
  }
  return finish(loc, path, valueRole(ctx, loc, node), node.span, node);
}

/** The context of a member's value, given the context of the object holding the member. */
function childContext(ctx: Context, key: string): Context {
  switch (ctx) {
    case 'root':
      return key === 'Statement' ? 'statements' : 'leaf';
    case 'statement':
      if (key === 'Principal' || key === 'NotPrincipal') return 'principal';
      if (key === 'Condition') return 'condition';
      return 'leaf';
    case 'principal':
      return 'principalList';
    case 'condition':
      return 'conditionKeys';
    case 'conditionKeys':
      return 'leaf';
    default:
      return 'leaf';
  }
}

function keyRole(ctx: Context): Role {
  switch (ctx) {
    case 'root':
    case 'statement':
      return 'elementKey';
    case 'principal':
      return 'principalType';
    case 'condition':
      return 'conditionOperator';
    case 'conditionKeys':
      return 'conditionKey';
    default:
      return 'other';
  }
}

function valueRole(ctx: Context, loc: Partial<Location>, node: PNode): Role {
  const element = loc.element?.key;
  if (ctx === 'leaf' && loc.level === 'policy') return loc.prop?.key === 'Version' ? 'version' : loc.prop?.key === 'Id' ? 'id' : 'other';
  if (ctx === 'principal' && node.kind !== 'object') {
    loc.principalType = node.kind === 'string' && node.value === '*' ? '*' : 'AWS';
    return 'principal';
  }
  if (ctx === 'principalList') return 'principal';
  if (ctx === 'leaf' && loc.conditionKey) return 'conditionValue';
  if (ctx !== 'leaf') return 'other';
  switch (element) {
    case 'Sid':
      return 'sid';
    case 'Effect':
      return 'effect';
    case 'Action':
    case 'NotAction':
      return 'action';
    case 'Resource':
    case 'NotResource':
      return 'resource';
    default:
      return 'other';
  }
}

function finish(loc: Partial<Location> & { source: PolicySource }, path: (PNode | PProp)[], role: Role, span: Span, node: PNode): Location {
  return { ...loc, path, role, span, node };
}
