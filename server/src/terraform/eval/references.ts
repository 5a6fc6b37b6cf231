import type { EvalContext, Evaluator } from './evaluator';
import { object, str, unknown, type Hole, type Value, joinParts, partsOf } from './value';
import { THIS_ACCOUNT } from '../../policy/principal-view';
import { KEY_RESOURCE_TYPES } from '../module/keys';

/** What a module defines, as the references of its expressions need it. */
export interface ModuleSources {
  /** `var.NAME`: its value (from a variable file, a caller or its default), unknown when none is given. */
  variable(name: string): Value | undefined;
  /** `local.NAME`, evaluated by `ev` (the sources keep it once computed and report cycles). */
  local(name: string, ev: Evaluator): Value | undefined;
  /** A `resource` of the module: the value of one of its attributes as written, when it has one. */
  resource(type: string, name: string): ((attribute: string) => Value | undefined) | undefined;
  /** `module.NAME`: the outputs of a called module (a list or map of them for `count`/`for_each`). */
  module?(name: string): Value | undefined;
  /** `path.module` and `path.root`, as Terraform gives them (relative to the working directory). */
  path?: { module: string; root: string };
}

/** What the data sources every AWS module reads stand for: this account, the partition, the region. */
export const THIS_ACCOUNT_ID = unknown('string', THIS_ACCOUNT);
export const PARTITION = unknown('string', 'the partition');
export const REGION = unknown('string', 'the region');

/** Resource types whose `arn` an IAM principal reads as: `arn:<partition>:iam::<account>:<kind><path><name>`. */
const IAM_ARN_KINDS: Record<string, string> = { aws_iam_role: 'role', aws_iam_user: 'user' };

/**
 * The evaluation context of a module: `var`, `local`, `path`, the data sources for the account, partition
 * and region, IAM roles and users (their ARN from their `name` and `path`), and KMS keys (their own ARN and
 * id, known only after apply). Any other reference is unknown, named by its text.
 */
export function moduleRoots(sources: ModuleSources): EvalContext {
  let ev: Evaluator | undefined;
  const ctx: EvalContext & { bind(e: Evaluator): void } = {
    bind(e: Evaluator) {
      ev = e;
    },
    root(names: string[]): Value | undefined {
      const [head, a, b] = names;
      switch (head) {
        case 'var':
          return sources.variable(a);
        case 'local':
          return ev ? sources.local(a, ev) : undefined;
        case 'path':
          if (a === 'module') return str(sources.path?.module ?? '.');
          if (a === 'root') return str(sources.path?.root ?? '.');
          return undefined;
        case 'data':
          return dataSource(a, b);
        case 'module':
          return sources.module?.(a);
        case 'each':
        case 'count':
        case 'self':
        case 'terraform':
          return undefined;
        default:
          return resource(sources, head, a);
      }
    },
  };
  return ctx;
}

function dataSource(type: string, name: string): Value | undefined {
  const label = `data.${type}.${name}`;
  switch (type) {
    case 'aws_caller_identity':
      return object([
        ['account_id', THIS_ACCOUNT_ID],
        ['id', THIS_ACCOUNT_ID],
        ['arn', unknown('string', "the deployer's ARN")],
        ['user_id', unknown('string', "the deployer's user id")],
      ]);
    case 'aws_partition':
      return object([
        ['partition', PARTITION],
        ['id', PARTITION],
        ['dns_suffix', unknown('string', `${label}.dns_suffix`)],
      ]);
    case 'aws_region':
      return object([
        ['name', REGION],
        ['id', REGION],
        ['region', REGION],
        ['endpoint', unknown('string', `${label}.endpoint`)],
      ]);
    default:
      return undefined;
  }
}

function resource(sources: ModuleSources, type: string, name: string): Value | undefined {
  const attrs = sources.resource(type, name);
  if (!attrs) return undefined;
  const label = `${type}.${name}`;
  const kind = IAM_ARN_KINDS[type];
  if (kind) {
    const n = attrs('name');
    const nameParts = n && n.t !== 'null' ? partsOf(n) : undefined;
    const nameValue = nameParts ? joinParts(nameParts, `${label}.name`) : unknown('string', `${label}.name`);
    const p = attrs('path');
    const path = p && p.t !== 'null' ? (partsOf(p) ?? [{ text: `${label}.path` }]) : ['/'];
    const arnParts: (string | Hole)[] = ['arn:', { text: PARTITION.label }, `:iam::`, { text: THIS_ACCOUNT_ID.label }, `:${kind}`, ...path, ...(nameParts ?? [{ text: `${label}.name` }])];
    return object([
      ['arn', joinParts(arnParts, `${label}.arn`)],
      ['name', nameValue],
      ['id', nameValue],
      ['unique_id', unknown('string', `${label}.unique_id`)],
    ]);
  }
  if (KEY_RESOURCE_TYPES.has(type) || type === 'aws_kms_key_policy') {
    return object([
      ['arn', unknown('string', "the key's own ARN")],
      ['key_id', unknown('string', "the key's own id")],
      ['id', unknown('string', "the key's own id")],
    ]);
  }
  return undefined;
}

/** An evaluator over a module's sources. */
export function moduleEvaluator(sources: ModuleSources, make: (ctx: EvalContext) => Evaluator): Evaluator {
  const ctx = moduleRoots(sources) as EvalContext & { bind(e: Evaluator): void };
  const ev = make(ctx);
  ctx.bind(ev);
  return ev;
}
