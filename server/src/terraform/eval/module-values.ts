import { dirname, join } from 'node:path';
import type { FileReads } from '../../host';
import type { ModuleScope } from '../module/scope';
import { autoVarFiles, VAR_FILE_MAX_CHARS, type VarFile } from '../module/var-files';
import { parseCached } from '../syntax/cache';
import { attributesOf, blockAttribute } from '../syntax/hcl';
import { Evaluator } from './evaluator';
import { fromJson } from './funcs/encoding';
import { moduleCallsOf } from '../module/calls';
import { followCall, rootFrame, type CallBinding, type CallFrame, type FollowedCall } from './module-calls';
import { moduleEvaluator, type ModuleSources } from './references';
import { convertToType, typeConstraint } from './type-constraint';
import { LIMITS, fingerprint, str, unknown, type Unknown, type Value } from './value';

/** Where a variable's value comes from. */
export type ValueOrigin =
  /** `at`: where the file sets it, with the file's text (for a position). */
  | { from: 'var-file'; path: string; at?: { start: number; text: string } }
  | { from: 'var'; path: string }
  /** An argument of the module call that called this module: where its value is written in the caller. */
  | { from: 'caller'; path: string; start: number; end: number; line: number }
  | { from: 'default'; path?: string; at?: { start: number; text: string } }
  | { from: 'none' };

/** A value a variable file (or a `--var`) gives: where. */
interface FileValue {
  value: Value;
  path: string;
  option?: boolean;
  at?: { start: number; text: string };
}

/** A problem of the module's expressions that Terraform would report (a cycle of locals), once each. */
export interface EvalProblem {
  message: string;
  path: string;
  start: number;
  end: number;
}

/**
 * The values of one module for one analysis: variables (from the variable files Terraform loads by itself in
 * a root module, else their `default` in a root module, else unknown of their declared `type`: in a module
 * that others call, a caller may set any value), locals (evaluated on first
 * use, each once; a cycle is reported once and its locals are unknown), and the attributes of its resources
 * that references read. Everything is computed lazily and kept for the analysis (one entry per variable,
 * local and resource attribute of the module: bounded by the module's own text).
 */
export class ModuleValues implements ModuleSources {
  readonly evaluator: Evaluator;
  readonly problems: EvalProblem[] = [];
  private readonly locals = new Map<string, Value>();
  private readonly variables = new Map<string, { value: Value; origin: ValueOrigin } | undefined>();
  private readonly attributes = new Map<string, Value | undefined>();
  private readonly active = new Set<string>();
  private fileValues?: Map<string, FileValue>;
  private isRoot?: boolean;
  private varFileCount = 0;
  private watcher?: (names: string[], value: Value | undefined) => void;
  private readonly calls = new Map<string, FollowedCall | undefined>();
  /** How this module is reached: from the root module (the document's own), or through module calls. */
  readonly frame: CallFrame;

  /**
   * `binding`: the module is called by another one whose arguments give its variables their values (else
   * their defaults); it is then never a root module, and variable files are not read for it.
   */
  constructor(
    private readonly scope: ModuleScope,
    private readonly host?: FileReads,
    private readonly binding?: CallBinding,
    frame?: CallFrame,
  ) {
    this.frame = frame ?? rootFrame(scope.current.path);
    this.evaluator = moduleEvaluator(this, (ctx) => new Evaluator({ root: (names) => this.observe(names, ctx.root(names)) }));
  }

  private observe(names: string[], value: Value | undefined): Value | undefined {
    this.watcher?.(names, value);
    return value;
  }

  /**
   * Calls `cb` with every reference the evaluator reads until the returned function is called: what a kept
   * result depends on, so it is reused only while each of these reads the same.
   */
  watch(cb: (names: string[], answer: string) => void): () => void {
    const previous = this.watcher;
    this.watcher = (names, value) => {
      previous?.(names, value);
      cb(names, value === undefined ? '-' : fingerprint(value));
    };
    return () => {
      this.watcher = previous;
    };
  }

  /** What a reference reads now, as `watch` reported it. */
  answer(names: string[]): string {
    const v = this.evaluator.ctx.root(names);
    return v === undefined ? '-' : fingerprint(v);
  }

  variable(name: string): Value | undefined {
    return this.variableWithOrigin(name)?.value;
  }

  /** A variable's value and where it comes from; undefined when the module declares no such variable. */
  variableWithOrigin(name: string): { value: Value; origin: ValueOrigin } | undefined {
    if (this.variables.has(name)) return this.variables.get(name);
    const declared = this.scope.variable(name);
    let answer: { value: Value; origin: ValueOrigin } | undefined;
    if (declared && this.binding) {
      const arg = this.binding.arg(name);
      const def = blockAttribute(declared.block, 'default');
      if (arg) answer = { value: arg.value, origin: { from: 'caller', path: arg.path, start: arg.start, end: arg.end, line: arg.line } };
      else if (def) answer = { value: this.constant(def.value), origin: { from: 'default', path: declared.file.path, at: { start: def.node.startIndex, text: declared.file.text } } };
      else answer = { value: unknownOfType(name, blockAttribute(declared.block, 'type')?.value.text), origin: { from: 'none' } };
    } else if (declared) {
      const given = this.fromFiles().get(name);
      const def = blockAttribute(declared.block, 'default');
      if (given) answer = { value: given.value, origin: given.option ? { from: 'var', path: given.path } : { from: 'var-file', path: given.path, at: given.at } };
      else if (def && this.root()) answer = { value: this.constant(def.value), origin: { from: 'default', path: declared.file.path, at: { start: def.node.startIndex, text: declared.file.text } } };
      else answer = { value: unknownOfType(name, blockAttribute(declared.block, 'type')?.value.text), origin: { from: 'none' } };
    }
    if (answer && declared) answer = { ...answer, value: this.typed(declared.block, answer.value) };
    this.variables.set(name, answer);
    return answer;
  }

  /** A value converted to the variable's declared type, as Terraform converts it (optional attributes). */
  private typed(block: Parameters<typeof blockAttribute>[0], value: Value): Value {
    const type = blockAttribute(block, 'type');
    if (!type || value.t === 'unknown') return value;
    return convertToType(value, typeConstraint(type.value));
  }

  /** True when the module is a root module, whose variables take their defaults when no file sets them. */
  isRootModule(): boolean {
    return this.root();
  }

  private root(): boolean {
    if (this.binding) return false;
    if (this.isRoot === undefined) {
      this.fromFiles();
      this.isRoot = this.scope.isRoot(this.varFileCount);
    }
    return this.isRoot;
  }

  /** A variable default or a variable file's value: constants, no references. */
  private constant(node: Parameters<Evaluator['evaluate']>[0]): Value {
    return new Evaluator({ root: () => undefined }).evaluate(node);
  }

  /**
   * Values of the variable files Terraform loads by itself, then, in a root module, of the variable inputs
   * the host was given (`--var-file`, `--var`, the varFiles setting): the later one wins.
   */
  private fromFiles(): Map<string, FileValue> {
    if (this.fileValues) return this.fileValues;
    const out = new Map<string, FileValue>();
    const files = this.host ? autoVarFiles(this.scope.current.path, this.host) : [];
    this.varFileCount = files.length;
    for (const f of files) this.readFile(f, out);
    const inputs = this.host?.variableInputs ?? [];
    const named = this.host?.varFiles ?? [];
    if ((inputs.length > 0 || named.length > 0) && this.scope.isRoot(this.varFileCount)) {
      // The settings' variable files, relative to the root module; one it does not have is skipped.
      for (const rel of named) {
        const path = join(dirname(this.scope.current.path), rel);
        const text = this.host!.readFile(path);
        if (text !== undefined && text.length <= VAR_FILE_MAX_CHARS) this.readFile({ path, text, json: path.endsWith('.json') }, out);
      }
      for (const input of inputs) {
        if (input.kind === 'file') this.readFile(input, out);
        else out.set(input.name, { value: this.optionValue(input.name, input.text), path: `--var ${input.name}`, option: true });
      }
    }
    return (this.fileValues = out);
  }

  private readFile(f: VarFile, out: Map<string, FileValue>): void {
    if (f.json) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(f.text);
      } catch {
        return;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return;
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        // Where the file names it: the first `"name"` in its text (a JSON key is written so).
        const start = f.text.indexOf(JSON.stringify(k));
        const at = start >= 0 ? { start, text: f.text } : undefined;
        try {
          out.set(k, { value: fromJson(v), path: f.path, at });
        } catch {
          out.set(k, { value: unknown('any', `var.${k}`), path: f.path, at });
        }
      }
      return;
    }
    const root = parseCached(f.path, f.text).tree.rootNode;
    const body = root.namedChildren.find((c) => c.type === 'body');
    for (const a of attributesOf(body)) out.set(a.name, { value: this.constant(a.value), path: f.path, at: { start: a.node.startIndex, text: f.text } });
  }

  /**
   * The value of `--var NAME=TEXT`, as Terraform reads it: the text itself for a variable of a primitive
   * type (`string`, `number`, `bool`) or one the module does not declare; otherwise the text parsed as an
   * HCL expression when it is exactly one, else the text as a string.
   */
  private optionValue(name: string, text: string): Value {
    const literal = str(text);
    const type = (blockAttribute(this.scope.variable(name)?.block, 'type')?.value.text ?? '').replace(/\s+/g, '');
    if (!this.scope.variable(name) || type === 'string' || type === 'number' || type === 'bool') return literal;
    if (text.length > VAR_FILE_MAX_CHARS) return unknown('any', `var.${name}`);
    const parsed = parseCached(`--var ${name}`, `value = ${text}\n`);
    const body = parsed.tree.rootNode.namedChildren.find((c) => c.type === 'body');
    const attrs = attributesOf(body);
    if (parsed.tree.rootNode.hasError || attrs.length !== 1 || body?.namedChildren.length !== 1) return literal;
    return this.constant(attrs[0].value);
  }

  local(name: string, ev: Evaluator): Value | undefined {
    const hit = this.locals.get(name);
    if (hit) return hit;
    const found = this.scope.local(name);
    if (!found) return undefined;
    const key = `local.${name}`;
    if (this.active.has(key)) {
      this.report(`local.${name} refers to itself (${[...this.active].filter((k) => k.startsWith('local.')).join(' -> ')} -> local.${name}): Terraform rejects a cycle`, found.file.path, found.attr.node);
      return unknown('any', `local.${name} (a cycle)`);
    }
    if (this.active.size > LIMITS.depth) return unknown('any', `local.${name} (nested too deeply)`);
    this.active.add(key);
    let v: Value;
    try {
      v = ev.evaluate(found.attr.value);
    } finally {
      this.active.delete(key);
    }
    // Inside a cycle the value depends on where it was entered: kept only once the outermost one is done.
    if (![...this.active].some((k) => k.startsWith('local.'))) this.locals.set(name, v);
    return v;
  }

  /** `module.NAME`: the outputs of the module a call of this module names, evaluated with the call's arguments. */
  module(name: string): Value | undefined {
    const followed = this.followed(name);
    if (!followed) return undefined;
    if ('missing' in followed) return unknown('any', `module.${name}`);
    const key = `module.${name}`;
    if (this.active.has(key)) return unknown('any', `module.${name} (a cycle)`);
    this.active.add(key);
    try {
      return followed.value();
    } finally {
      this.active.delete(key);
    }
  }

  /** The call `module "NAME"` of this module, followed (its instances, or why it cannot be), once per analysis. */
  followed(name: string): FollowedCall | undefined {
    if (this.calls.has(name)) return this.calls.get(name);
    let out: FollowedCall | undefined;
    const found = this.scope.moduleBlock(name);
    const call = found && moduleCallsOf([found.block])[0];
    if (call && this.host) {
      const host = this.host;
      out = followCall(call, found.file.path, this.evaluator, this.frame, host, (scope, binding, frame) => new ModuleValues(scope, host, binding, frame));
    }
    this.calls.set(name, out);
    return out;
  }

  resource(type: string, name: string): ((attribute: string) => Value | undefined) | undefined {
    const found = this.scope.find('resource', type, name);
    if (!found) return undefined;
    return (attr) => {
      const key = `${type}.${name}.${attr}`;
      if (this.attributes.has(key)) return this.attributes.get(key);
      const a = blockAttribute(found.block, attr);
      if (!a || this.active.has(key) || this.active.size > LIMITS.depth) return undefined;
      this.active.add(key);
      try {
        const v = this.evaluator.evaluate(a.value);
        this.attributes.set(key, v);
        return v;
      } finally {
        this.active.delete(key);
      }
    };
  }

  private report(message: string, path: string, node: { startIndex: number; endIndex: number }): void {
    const key = `${path}:${node.startIndex}`;
    if (this.problems.some((p) => `${p.path}:${p.start}` === key)) return;
    this.problems.push({ message, path, start: node.startIndex, end: node.endIndex });
  }
}

/** The unknown value of a variable of a declared type (`list(string)`, `map(any)`, `string`...). */
export function unknownOfType(name: string, type: string | undefined): Unknown {
  const label = `var.${name}`;
  const t = (type ?? '').replace(/\s+/g, '');
  if (t.startsWith('list(') || t.startsWith('set(') || t.startsWith('tuple(')) {
    const inner = t.slice(t.indexOf('(') + 1, -1);
    return unknown('list', label, { element: inner === 'string' ? unknown('string', `an element of ${label}`) : undefined });
  }
  if (t.startsWith('map(') || t.startsWith('object(')) return unknown('map', label);
  if (t === 'string' || t === 'number' || t === 'bool') return unknown(t, label);
  return unknown('any', label);
}
