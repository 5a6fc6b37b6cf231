import type { Node } from 'web-tree-sitter';
import type { Value } from './value';

/** What an evaluator asks of the module it evaluates in. */
export interface EvalContext {
  /**
   * The value of a reference, by its leading names as written (`['var', 'x']`, `['local', 'x']`,
   * `['data', 'aws_caller_identity', 'current']`, `['aws_iam_role', 'app']`, `['path', 'module']`,
   * `['each', 'value']`). Undefined: a reference the module does not know, read as an unknown.
   */
  root(names: string[]): Value | undefined;
}

/** Variables bound by `for` expressions and template `for` directives. */
export type Locals = ReadonlyMap<string, Value>;

/** What the parts of the evaluator (templates, `for` expressions) call back: the value of a sub-expression. */
export interface ExpressionWalker {
  /** The value of an expression node; throws `EvalError` where Terraform reports an error. */
  value(node: Node, locals: Locals, depth: number): Value;
}
