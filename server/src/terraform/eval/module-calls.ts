import { dirname } from 'node:path';
import type { FileReads } from '../../host';
import { callTarget, type ModuleCall } from '../module/calls';
import { readFolder } from '../module/folder';
import { moduleFile, ModuleScope, type ModuleFile } from '../module/scope';
import { blockAttribute, spanOf } from '../syntax/hcl';
import { Evaluator, type EvalContext } from './evaluator';
import { asText, fingerprint, list, num, object, str, unknown, type Value } from './value';

/** Module calls followed from the module a document belongs to, at most this deep (a root, its modules...). */
export const MODULE_DEPTH_MAX = 8;
/** Instances of one module call (`count`, `for_each`) analysed; a call with more is one unknown instance. */
export const MODULE_INSTANCES_MAX = 32;
/** Files of one called module read; a module with more has its first ones in name order read. */
export const MODULE_FILES_MAX = 200;
/** Outputs of one module evaluated for `module.NAME`. */
const OUTPUTS_MAX = 500;

/** Where a variable of a called module gets its value: an argument of the call, in the caller's file. */
export interface CallerArgument {
  value: Value;
  path: string;
  start: number;
  end: number;
  /** The 1-based line of the argument's value in the caller's file. */
  line: number;
}

/** How a called module's variables are bound: by its caller's arguments, else their defaults. */
export interface CallBinding {
  arg(name: string): CallerArgument | undefined;
}

/** What a `ModuleValues` needs to know to follow module calls from its module. */
export interface CallFrame {
  /** The root module's folder (where `.terraform/modules/modules.json` is). */
  rootDir: string;
  /** This module's address in `modules.json` (`''` for the root, `a`, `a.b`...). */
  key: string;
  /** Folders of the modules being evaluated, outermost first: a call back into one of them is not followed. */
  stack: string[];
}

/** One instance of a called module (`module.x`, `module.x[0]`, `module.x["a"]`). */
export interface ModuleInstance {
  /** Its address as Terraform writes it. */
  address: string;
  /** The module's .tf files as read (in name order). */
  texts: { path: string; text: string }[];
  /** The same files parsed, on first need (shared by the instances of the call). */
  files(): ModuleFile[];
  /** The module's values with this instance's arguments bound (a `ModuleValues`), made on first need. */
  readonly values: ModuleValuesLike;
  /** The values of the call's arguments for this instance, as text: what was built from them may be reused while it is the same. */
  argsKey(): string;
}

/** What this file needs of the `ModuleValues` of a called module (declared apart: that class imports this one). */
export interface ModuleValuesLike {
  readonly evaluator: Evaluator;
}

/** A module call as followed: its instances, or why the called module cannot be read. */
export type FollowedCall =
  | { call: ModuleCall; dir: string; instances: ModuleInstance[]; repeated: boolean; value: () => Value }
  | { call: ModuleCall; missing: 'not-downloaded' | 'not-found' | 'no-source' | 'cycle' | 'too-deep' };

/** Makes the values of a called module (a `ModuleValues` bound to `binding`, one level deeper). */
export type MakeValues = (scope: ModuleScope, binding: CallBinding, frame: CallFrame) => ModuleValuesLike;

/**
 * Follows one module call of a module: finds the called module's folder (a local path, or what `terraform
 * init` installed), reads its .tf files, and makes one set of values per instance, its variables bound to
 * the call's arguments evaluated in the caller (with `count.index` / `each.key` / `each.value` of that
 * instance). `count` or `for_each` with an unknown value give one instance whose `count.index` or `each` is
 * unknown, and the call's value is then unknown too (how many instances there are is not known).
 */
export function followCall(call: ModuleCall, callerPath: string, caller: Evaluator, frame: CallFrame, host: FileReads, make: MakeValues): FollowedCall {
  if (frame.stack.length >= MODULE_DEPTH_MAX) return { call, missing: 'too-deep' };
  const key = frame.key ? `${frame.key}.${call.name}` : call.name;
  const target = callTarget(call, dirname(callerPath), key, frame.rootDir, host);
  if ('missing' in target) return { call, missing: target.missing };
  if (frame.stack.includes(target.dir)) return { call, missing: 'cycle' };
  const texts = readFolder(target.dir, host, (n) => n.endsWith('.tf')).slice(0, MODULE_FILES_MAX).map((t) => ({ path: t.path, text: t.text }));
  if (texts.length === 0) return { call, missing: 'not-found' };
  // Parsed only when something is built from them (not when a build of the same texts and values is reused).
  let parsed: ModuleFile[] | undefined;
  const files = () => (parsed ??= texts.map((t) => moduleFile(t.path, t.text)));
  let scope: ModuleScope | undefined;
  const childFrame: CallFrame = { rootDir: frame.rootDir, key, stack: [...frame.stack, target.dir] };
  const each = expansion(call, caller);
  const instances: ModuleInstance[] = each.instances.map((bound) => {
    const ev = bound.size === 0 ? caller : new Evaluator(withBound(caller.ctx, bound));
    const binding = argumentsOf(call, callerPath, ev);
    let values: ModuleValuesLike | undefined;
    return {
      address: `module.${call.name}${addressSuffix(bound)}`,
      texts,
      files,
      get values() {
        return (values ??= make((scope ??= new ModuleScope(files()[0], host)), binding, childFrame));
      },
      argsKey: () => call.args.map((a) => `${a.name}=${fingerprint(binding.arg(a.name)!.value)}`).join('\u0000'),
    };
  });
  let value: Value | undefined;
  return {
    call,
    dir: target.dir,
    instances,
    repeated: each.kind === 'unknown',
    value: () => (value ??= callValue(each, instances, files(), call.name)),
  };
}

/** What one instance of a repeated block binds: `count.index`, or `each.key` and `each.value`. */
export type Bound = Map<string, Value>;

/**
 * The instances of a block with `count` or `for_each` (a module call, a resource): one, or one per index or
 * element when the value is known and has at most MODULE_INSTANCES_MAX, else one whose `count.index` or
 * `each` is unknown.
 */
export function expansion(call: Pick<ModuleCall, 'count' | 'forEach'>, caller: Evaluator): { kind: 'single' | 'count' | 'for_each' | 'unknown'; instances: Bound[]; keys?: string[]; label?: string } {
  if (call.count) {
    const n = safely(() => caller.evaluate(call.count!.value));
    if (n?.t === 'number' && Number.isInteger(n.v) && n.v >= 0 && n.v <= MODULE_INSTANCES_MAX) {
      return { kind: 'count', instances: Array.from({ length: n.v }, (_, i) => new Map([['count.index', num(i)]])) };
    }
    return { kind: 'unknown', instances: [new Map<string, Value>([['count.index', unknown('number', 'count.index')]])], label: 'list' };
  }
  if (call.forEach) {
    const v = safely(() => caller.evaluate(call.forEach!.value));
    const pairs: [string, Value][] | undefined = v?.t === 'object' ? [...v.props] : v?.t === 'list' && !v.more ? v.items.map((i) => [asText(i) ?? '', i] as [string, Value]) : undefined;
    if (pairs && pairs.length <= MODULE_INSTANCES_MAX && pairs.every(([k]) => k !== '')) {
      return {
        kind: 'for_each',
        keys: pairs.map(([k]) => k),
        instances: pairs.map(([k, val]) => new Map([['each.key', str(k)], ['each.value', val]])),
      };
    }
    return { kind: 'unknown', instances: [new Map<string, Value>([['each.key', unknown('string', 'each.key')], ['each.value', unknown('any', 'each.value')]])], label: 'map' };
  }
  return { kind: 'single', instances: [new Map()] };
}

function safely(fn: () => Value): Value | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** `count.index`, `each.key`, `each.value` bound over the caller's context. */
export function withBound(ctx: EvalContext, bound: Bound): EvalContext {
  return {
    root(names) {
      const v = bound.get(names.join('.'));
      return v ?? ctx.root(names);
    },
  };
}

/** `[0]`, `["key"]`: how Terraform addresses the instance. */
export function addressSuffix(bound: Bound): string {
  const i = bound.get('count.index');
  if (i) return i.t === 'number' ? `[${i.v}]` : '[count.index]';
  const k = bound.get('each.key');
  if (k) return k.t === 'string' ? `[${JSON.stringify(k.v)}]` : '[each.key]';
  return '';
}

/** The call's arguments, each evaluated (once, on first need) in the caller. */
function argumentsOf(call: ModuleCall, callerPath: string, ev: Evaluator): CallBinding {
  const done = new Map<string, CallerArgument>();
  return {
    arg(name) {
      const hit = done.get(name);
      if (hit) return hit;
      const a = call.args.find((x) => x.name === name);
      if (!a) return undefined;
      const value = safely(() => ev.evaluate(a.value)) ?? unknown('any', `module.${call.name}.${name}`);
      const out = { value, path: callerPath, ...spanOf(a.value), line: a.value.startPosition.row + 1 };
      done.set(name, out);
      return out;
    },
  };
}

/** `module.NAME` in the caller: an object of the outputs, a list of them (`count`), a map (`for_each`). */
function callValue(each: ReturnType<typeof expansion>, instances: ModuleInstance[], files: ModuleFile[], name: string): Value {
  if (each.kind === 'unknown') return unknown(each.label === 'map' ? 'map' : 'list', `module.${name}`);
  const outputs = instances.map((i) => outputsOf(files, i.values.evaluator, i.address));
  if (each.kind === 'single') return outputs[0];
  if (each.kind === 'count') return list(outputs);
  return object(each.keys!.map((k, i) => [k, outputs[i]]));
}

function outputsOf(files: ModuleFile[], ev: Evaluator, address: string): Value {
  const entries: [string, Value][] = [];
  for (const f of files) {
    for (const b of f.blocks) {
      if (b.type !== 'output' || !b.labels[0] || entries.length >= OUTPUTS_MAX) continue;
      const v = blockAttribute(b, 'value');
      const label = `${address}.${b.labels[0]}`;
      entries.push([b.labels[0], v ? (safely(() => ev.evaluate(v.value)) ?? unknown('any', label)) : unknown('any', label)]);
    }
  }
  return object(entries);
}

/** The root module's folder for a document analysed on its own: its own folder. */
export function rootFrame(path: string): CallFrame {
  return { rootDir: dirname(path), key: '', stack: [dirname(path)] };
}
