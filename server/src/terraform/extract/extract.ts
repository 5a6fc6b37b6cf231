import type { Node } from 'web-tree-sitter';
import { buildPolicy, hasPrincipals } from '../../policy/build';
import type { PNode, Policy, PolicySource, PolicyWriter, Span, SyntaxProblem } from '../../policy/model';
import { HclObjectWriter } from '../write/hcl-object-writer';
import { HeredocWriter } from '../write/heredoc-writer';
import { PolicyDocumentWriter } from '../write/policy-document-writer';
import type { FileReads } from '../../host';
import { attributesOf, blockAttribute, blocksOf, callOf, core, hclErrors, references, spanOf, soleInterpolation, stringLiteral, traversal, type HclAttribute, type HclBlock } from '../syntax/hcl';
import { BuildMemo, ListedWeakMap, listedCallLists, type Built, type BuildTable } from './build-memo';
import type { Binding } from '../write/doc-binding';
import { hclToNode, presenceCondition, type BlockInstance, type Resolver } from '../syntax/hcl-value';
import { asText, type Value } from '../eval/value';
import { ModuleValues } from '../eval/module-values';
import { evaluatedOf } from '../eval/to-model';
import { unknownNote } from '../eval/origin';
import { iterating, iterationsOf, type Element } from '../eval/iteration';
import { Evaluator } from '../eval/evaluator';
import { addressSuffix, expansion, withBound, type Bound } from '../eval/module-calls';
import { heredocContent, parseTemplatedJson } from '../syntax/heredoc';
import { fileRefSource, type TemplateVars } from './file-ref';
import { buildPolicyDocument, documentReference, repeatedInstances as documentInstances } from './policy-document';
import { ModuleScope, type ModuleFile } from '../module/scope';
import { calledModuleSources, type ExtractNote } from './module-sources';
import type { CalledKey } from './called-keys';
import { valuePlaces } from './value-places';
import { variableFileUses, type ExtractOwn } from './var-file-uses';
import { KEY_POLICY_RESOURCE_TYPES } from '../module/sibling-summary';
import { finish, PAUSE, UNITS_PER_STEP, type Steps } from '../../steps';
import { utf8Length } from '../../text';

export type { ExtractNote, CalledKey };

interface Ctx {
  file: ModuleFile;
  scope: ModuleScope;
  host?: FileReads;
  errors: SyntaxProblem[];
  sources: PolicySource[];
  /** Start offsets of policy expressions already extracted. */
  seen: Set<number>;
  /** Names of the policy documents of this file already extracted, with their source. */
  docs: Map<string, { source: PolicySource; merged: string[] }>;
  builds: BuildMemo;
  values: ModuleValues;
}

/**
 * Every policy of a .tf file: the `policy` of each KMS key resource (jsonencode, heredoc, policy document,
 * file reference, or a local holding one of these), every `aws_iam_policy_document` a key of the module uses
 * or that names kms: actions, and any other jsonencode or heredoc policy naming kms: actions.
 *
 * A policy document defined in another file of the module is reported in that file, not at the key that
 * uses it, so a module linted as a whole reports each finding once.
 */
export function extractPolicies(file: ModuleFile, scope: ModuleScope, host?: FileReads, kept?: BuildTable, opts: ExtractOptions = {}): PolicySource[] {
  return finish(extractPolicySteps(file, scope, host, kept, opts));
}

/** `extractPolicies` in steps (steps.ts): a pause every few key policies and policy documents built. */
export function* extractPolicySteps(file: ModuleFile, scope: ModuleScope, host?: FileReads, kept?: BuildTable, opts: ExtractOptions = {}): Steps<PolicySource[]> {
  // Expressions are evaluated as Terraform would (variables, locals, functions); what a build read is kept
  // with it, so a build is reused only while every value it read is the same.
  const values = opts.values ?? new ModuleValues(scope, host);
  const resolve = evaluatingResolver(scope, values, values.evaluator);
  const builds = new BuildMemo(kept, file.text, resolve);
  const ctx: Ctx = { file, scope, host, errors: hclErrors(file.root, 50), sources: [], seen: new Set(), docs: new Map(), builds, values };
  if (/\.tfvars$/i.test(file.path)) return variableFilePolicies(ctx);
  let built = 0;
  for (const b of file.blocks) {
    if (b.type !== 'resource' || !KEY_POLICY_RESOURCE_TYPES.has(b.labels[0]) || !b.labels[1]) continue;
    const attr = blockAttribute(b, 'policy');
    if (!attr) continue;
    if (++built % UNITS_PER_STEP === 0) yield PAUSE;
    const address = `${b.labels[0]}.${b.labels[1]}`;
    const repeated = repeatedInstances(b, values.evaluator);
    if (!repeated) fromExpression(ctx, attr, attr.value, address, 0);
    // A key with a known count or for_each: its policy once per instance, count.index or each bound.
    else for (const bound of repeated) {
      const one: Ctx = { ...ctx, seen: new Set(), docs: new Map(), builds: new BuildMemo(undefined, file.text, evaluatingResolver(scope, values, new Evaluator(withBound(values.evaluator.ctx, bound)))) };
      fromExpression(one, attr, attr.value, `${address}${addressSuffix(bound)}`, 0);
      for (const x of one.seen) ctx.seen.add(x);
      for (const [k, v] of one.docs) if (!ctx.docs.has(k)) ctx.docs.set(k, v);
    }
  }
  for (const b of file.blocks) {
    if (b.type !== 'data' || b.labels[0] !== 'aws_iam_policy_document' || !b.labels[1] || ctx.docs.has(b.labels[1])) continue;
    if (++built % UNITS_PER_STEP === 0) yield PAUSE;
    const owner = scope.keyUsing(b.labels[1]);
    if (owner || /["']kms:/i.test(ctx.file.text.slice(b.node.startIndex, b.node.endIndex))) addDocument(ctx, b, owner);
    const feeds = owner ? undefined : scope.feedOf(`data.aws_iam_policy_document.${b.labels[1]}`);
    const added = ctx.docs.get(b.labels[1]);
    if (feeds && added && !added.source.owner) added.source.feeds = feeds;
  }
  // A template or a policy file passed to a module (`policy = templatefile(...)`), rendered with this module's values.
  for (const b of file.blocks) if (b.type === 'module' && b.labels[0]) moduleArgumentFiles(ctx, b);
  // A document merged into another extracted document is analysed as part of it, unless a key uses it.
  const mergedIds = new Set([...ctx.docs.values()].flatMap((d) => d.merged));
  ctx.sources = ctx.sources.filter((s) => !(s.kind === 'tf-policy-document' && !s.owner && mergedIds.has(`${file.path}#${s.name.split('.').pop()}`)));
  // Blocks are independent here: one at a time, a pause every few.
  for (const b of file.blocks) {
    if (++built % UNITS_PER_STEP === 0) yield PAUSE;
    otherPolicies(ctx, [b], undefined);
  }
  yield PAUSE;
  // A finding on the file's own policies points at the variable files and defaults that gave its values.
  for (const s of ctx.sources) if (!s.reportAt) s.relatedOf = (at) => valuePlaces(s, values, file.text, at);
  // The policies of the modules this file calls, evaluated with the call's arguments.
  if (host && opts.calls !== false) ctx.sources.push(...calledModuleSources(file, values, host, opts.notes ?? [], (f, v, notes, calls, reads = host) => extractPolicies(f, new ModuleScope(f, reads), reads, undefined, { values: v, notes, calls }), opts.keys));
  return ctx.sources.sort((a, b) => a.span.start - b.span.start);
}

/**
 * What references resolve to in a module: what its scope defines, any expression evaluated by `ev`, and the
 * elements of a `for_each` (a resolver per element binds the iterator, for `dynamic` blocks).
 */
function evaluatingResolver(scope: ModuleScope, values: ModuleValues, ev: Evaluator): Resolver {
  const resolve: Resolver = (names) => scope.resolve(names);
  resolve.evaluate = (e) => evaluatedOf(ev.evaluate(e));
  resolve.roots = values;
  resolve.iterate = (e, max) => iterationsOf(ev.evaluate(e), max);
  resolve.within = (name, element) => evaluatingResolver(scope, values, iterating(ev, name, element as Element));
  resolve.isNull = (e) => ev.evaluate(e).t === 'null';
  resolve.describe = (e, elements) => unknownNote(e, ev, values, scope, elements);
  resolve.instances = (repeat, index) => blockInstances(repeat, index, ev, (bound) => evaluatingResolver(scope, values, new Evaluator(withBound(ev.ctx, bound))));
  return resolve;
}

/**
 * The instances of a repeated block (a policy document with `count` or `for_each`) a reference reads: see
 * `Resolver.instances`. An index out of a known range reads none (Terraform's error).
 */
function blockInstances(repeat: { count?: Node; forEach?: Node }, index: Node | 'all', ev: Evaluator, make: (bound: Bound) => Resolver): BlockInstance[] | undefined {
  if (!repeat.count && !repeat.forEach) return undefined;
  const each = expansion({ count: repeat.count && ({ value: repeat.count } as HclAttribute), forEach: repeat.forEach && ({ value: repeat.forEach } as HclAttribute) }, ev);
  if (each.kind === 'single') return undefined;
  if (each.kind === 'unknown') {
    const bound = each.instances[0];
    // Read by index, the instance exists (else Terraform fails); read whole, there may be none.
    const optionalIf = index === 'all' ? presenceCondition((repeat.count ?? repeat.forEach)!, !!repeat.count) : undefined;
    return [{ resolve: make(bound), suffix: addressSuffix(bound), ...(optionalIf ? { optionalIf } : {}) }];
  }
  const all = each.instances.map((bound) => ({ resolve: make(bound), suffix: addressSuffix(bound) }));
  if (index === 'all') return all;
  let at: Value;
  try {
    at = ev.evaluate(index);
  } catch {
    return undefined;
  }
  if (at.t === 'unknown') return undefined;
  const i = each.kind === 'count' ? (at.t === 'number' ? at.v : -1) : each.keys!.indexOf(asText(at) ?? '');
  return i >= 0 && i < all.length ? [all[i]] : [];
}

/** The instances of a block with a known `count` or `for_each`; undefined for one that has neither, or an unknown one. */
function repeatedInstances(b: HclBlock, ev: Evaluator): Bound[] | undefined {
  const count = blockAttribute(b, 'count');
  const forEach = blockAttribute(b, 'for_each');
  if (!count && !forEach) return undefined;
  const each = expansion({ count, forEach }, ev);
  return each.kind === 'count' || each.kind === 'for_each' ? each.instances : undefined;
}

export interface ExtractOptions {
  /** The module's values (a called module's, bound to its caller's arguments); by default the file's own. */
  values?: ModuleValues;
  /** Where notes about the extraction go (a module call whose module is not downloaded). */
  notes?: ExtractNote[];
  /** Follow the module calls of the file (default); false for a module read as its own file reads it. */
  calls?: boolean;
  /** Where the keys the file's module calls create go, for the resource rules (direct calls only). */
  keys?: CalledKey[];
}

/**
 * The policy an attribute gives (an identity policy, an SCP's `content`), read as a key's `policy` is: jsonencode,
 * a heredoc, `file()`/`templatefile()`, a local, or an `aws_iam_policy_document` of the module (one declared in
 * another file is built there, its spans in that file). Undefined when it is not statically a policy.
 */
export function attributePolicy(file: ModuleFile, scope: ModuleScope, values: ModuleValues, host: FileReads | undefined, attr: HclAttribute, owner: string): { source: PolicySource; file: ModuleFile } | undefined {
  const ctx = policyCtx(file, scope, values, host);
  fromExpression(ctx, attr, attr.value, owner, 0);
  if (ctx.sources.length) return { source: ctx.sources[0], file };
  const doc = traversal(soleInterpolation(core(attr.value)) ?? attr.value);
  if (doc?.[0] !== 'data' || doc[1] !== 'aws_iam_policy_document' || !doc[2]) return undefined;
  const found = scope.find('data', 'aws_iam_policy_document', doc[2]);
  if (!found || found.file === file) return undefined;
  const there = new ModuleScope(found.file, host);
  const other = policyCtx(found.file, there, new ModuleValues(there, host), host);
  addDocument(other, found.block, owner);
  return other.sources.length ? { source: other.sources[0], file: found.file } : undefined;
}

function policyCtx(file: ModuleFile, scope: ModuleScope, values: ModuleValues, host: FileReads | undefined): Ctx {
  return { file, scope, host, errors: [], sources: [], seen: new Set(), docs: new Map(), builds: new BuildMemo(undefined, file.text, evaluatingResolver(scope, values, values.evaluator)), values };
}

function fromExpression(ctx: Ctx, attr: HclAttribute, expr: Node, owner: string, depth: number): void {
  const e = core(expr);
  if (depth > 4 || ctx.seen.has(e.startIndex)) return;
  const c = callOf(e);
  if (c?.name === 'jsonencode') return void jsonencode(ctx, e, c.args[0], owner);
  if (c && (c.name === 'file' || c.name === 'templatefile')) {
    ctx.seen.add(e.startIndex);
    // A path written as a variable (`file(var.policy_file)`) is followed to the value the module gives it.
    const path = c.args[0] && ctx.values.evaluator.evaluate(c.args[0]);
    const s = fileRefSource(ctx.file, c.name, c.args, attr, owner, ctx.host, c.name === 'templatefile' ? templateVars(ctx, c.args[1]) : undefined, path?.t === 'string' ? path.v : undefined);
    if (s) ctx.sources.push(s);
    return;
  }
  if (e.type === 'template_expr' && e.namedChildren[0]?.type === 'heredoc_template') return void heredoc(ctx, e, owner);
  const only = soleInterpolation(e);
  if (only) return fromExpression(ctx, attr, only, owner, depth + 1);
  // One instance of a document with count or for_each (`data.aws_iam_policy_document.x[0].json`).
  const indexed = documentReference(e)?.index;
  for (const ref of references(e)) {
    if (ref[0] === 'data' && ref[1] === 'aws_iam_policy_document' && ref[2]) {
      const doc = ctx.file.blocks.find((b) => b.type === 'data' && b.labels[0] === 'aws_iam_policy_document' && b.labels[1] === ref[2]);
      const instance = doc && indexed !== undefined && indexed !== 'all' ? documentInstances(doc, indexed, ctx.builds.resolve) : undefined;
      if (instance?.length === 0) continue;
      const done = ctx.docs.get(ref[2] + (instance?.[0].suffix ?? ''));
      if (done) done.source.name += `, ${owner}`;
      else if (doc) addDocument(ctx, doc, owner, instance?.[0]);
    } else if (ref[0] === 'data' && ref[1] === 'template_file' && ref[2]) {
      // The legacy template provider: `template = file("...")` read like templatefile().
      const found = ctx.scope.find('data', 'template_file', ref[2]);
      const template = found && blockAttribute(found.block, 'template');
      const c2 = template && callOf(soleInterpolation(core(template.value)) ?? template.value);
      if (found?.file.path && c2?.name === 'file') {
        ctx.seen.add(e.startIndex);
        // Its `vars` are evaluated in the module, whichever of its files declares the data source.
        const s = fileRefSource(found.file, 'templatefile', c2.args, attr, owner, ctx.host, templateVars(ctx, blockAttribute(found.block, 'vars')?.value));
        if (s) ctx.sources.push(s);
      }
    } else if (ref[0] === 'local' && ref[1]) {
      const local = ctx.scope.ownLocal(ref[1]);
      if (local) fromExpression(ctx, attr, local.value, owner, depth + 1);
    }
  }
}


function errorsIn(ctx: Ctx, span: Span): SyntaxProblem[] {
  return ctx.errors.filter((e) => e.span.start >= span.start && e.span.end <= span.end);
}

function source(kind: PolicySource['kind'], policy: Policy, span: Span, owner: string | undefined, writer: PolicyWriter, errors: SyntaxProblem[]): PolicySource {
  return { kind, name: owner ?? 'policy', owner, policy, span, keyPolicy: (!!owner && KEY_POLICY_RESOURCE_TYPES.has(owner.split('.')[0])) || hasPrincipals(policy), syntaxErrors: errors, writer };
}

function jsonencode(ctx: Ctx, call: Node, arg: Node | undefined, owner: string | undefined): void {
  ctx.seen.add(call.startIndex);
  if (!arg) return;
  let value = arg;
  const local = traversal(arg);
  if (local?.[0] === 'local' && local.length === 2) {
    const found = ctx.scope.ownLocal(local[1]);
    if (!found) return;
    value = found.value;
  }
  // Built from the call's own text, or from a local's (then not kept: that text is elsewhere).
  const built = ctx.builds.use('jsonencode', value === arg ? call : undefined, (resolve): Built => {
    const lists = listedCallLists();
    const root = hclToNode(value, resolve, lists);
    const byteLength = root.kind === 'object' ? utf8Length(JSON.stringify(approximateJson(root))) : undefined;
    return { root, lists, errors: [], byteLength };
  });
  const root = built.root!;
  if (root.kind !== 'object') return; // not statically known: nothing to analyse
  const s = source('tf-jsonencode', buildPolicy(root), spanOf(call), owner, new HclObjectWriter(ctx.file.text, built.lists), errorsIn(ctx, spanOf(call)));
  s.byteLength = built.byteLength;
  ctx.sources.push(s);
}

function heredoc(ctx: Ctx, expr: Node, owner: string | undefined): void {
  ctx.seen.add(expr.startIndex);
  const built = ctx.builds.use('heredoc', expr, (resolve): Built => {
    const content = heredocContent(expr.namedChildren[0], ctx.file.text);
    if (!content) return { lists: listedCallLists(), errors: [] };
    const parsed = parseTemplatedJson(ctx.file.text, content.span, content.parts, resolve);
    const byteLength = utf8Length(ctx.file.text.slice(content.span.start, content.span.end).trim());
    return { root: parsed.root, lists: listedCallLists(), errors: parsed.errors, content: content.span, byteLength };
  });
  const content = built.content;
  if (!content) return;
  const s = source('tf-heredoc', buildPolicy(built.root), built.root?.span ?? content, owner, new HeredocWriter(ctx.file.text, content), [...built.errors, ...errorsIn(ctx, spanOf(expr))]);
  s.byteLength = built.byteLength;
  ctx.sources.push(s);
}

/** `instance`: the one instance of a document with `count` or `for_each` that the key reads. */
function addDocument(ctx: Ctx, block: HclBlock, owner: string | undefined, instance?: BlockInstance): void {
  const suffix = instance?.suffix ?? '';
  // An instance's build reads its own count.index / each: not kept (its resolver is not the recorded one).
  const built = ctx.builds.use('document', instance ? undefined : block.node, (resolve): Built => {
    const bindings = new ListedWeakMap<object, Binding>();
    const lists = listedCallLists();
    const doc = buildPolicyDocument(ctx.file, block, { scope: ctx.scope, resolve: instance?.resolve ?? resolve, bindings, lists });
    return { root: doc.root, lists, bindings, errors: [], partial: doc.partial, merged: doc.merged, external: doc.readOthers };
  });
  const name = `data.aws_iam_policy_document.${block.labels[1]}${suffix}`;
  const s = source('tf-policy-document', buildPolicy(built.root), spanOf(block.node), owner, new PolicyDocumentWriter(ctx.file.text, built.bindings!, built.lists), errorsIn(ctx, spanOf(block.node)));
  s.name = owner ?? name;
  if (built.partial) s.partial = true;
  ctx.docs.set(block.labels[1] + suffix, { source: s, merged: built.merged ?? [] });
  if (!ctx.docs.has(block.labels[1])) ctx.docs.set(block.labels[1], { source: s, merged: built.merged ?? [] });
  ctx.sources.push(s);
}

/** jsonencode and heredoc policies outside KMS key resources that name kms: actions (IAM policies, locals). */
function otherPolicies(ctx: Ctx, blocks: HclBlock[], owner: string | undefined): void {
  const text = ctx.file.text;
  // Plain text search first: walking the syntax tree costs far more than looking at the characters. A node
  // whose text lacks kms: or Statement has no attribute, at any depth, whose value has both.
  const worth = (n: Node) => {
    const raw = text.slice(n.startIndex, n.endIndex);
    return raw.includes('Statement') && /kms:/i.test(raw);
  };
  for (const b of blocks) {
    if (!worth(b.node)) continue;
    const name = owner ?? blockName(b);
    for (const a of attributesOf(b.body, worth)) {
      const raw = text.slice(a.value.startIndex, a.value.endIndex);
      if (!/Statement/.test(raw) || !/kms:/i.test(raw)) continue;
      const e = core(a.value);
      if (ctx.seen.has(e.startIndex)) continue;
      const label = name === 'local' ? `local.${a.name}` : name;
      const c = callOf(e);
      const before = ctx.sources.length;
      if (c?.name === 'jsonencode') jsonencode(ctx, e, c.args[0], label);
      else if (e.type === 'template_expr' && e.namedChildren[0]?.type === 'heredoc_template') heredoc(ctx, e, label);
      // A local that feeds a document, a module or another local is a fragment of the policy it ends in; so is
      // a policy written as a module call's argument (the module decides what reaches a key).
      const feeds = name === 'local' ? ctx.scope.feedOf(label) : b.type === 'module' && !owner ? moduleArgumentFeed(b, a.name) : undefined;
      if (feeds) for (const s of ctx.sources.slice(before)) s.feeds = feeds;
    }
    otherPolicies(ctx, blocksOf(b.body, worth), name);
  }
}

/** How Terraform addresses a block: `aws_iam_policy.x`, `data.x.y`, `var.x`, `module.x`; `local` for locals. */
function blockName(b: HclBlock): string {
  const [a, c] = b.labels;
  if (b.type === 'resource') return `${a}.${c}`;
  if (b.type === 'data') return `data.${a}.${c}`;
  if (b.type === 'locals') return 'local';
  if (b.type === 'variable') return `var.${a}`;
  return a ? `${b.type}.${a}` : b.type;
}

/** The JSON a policy value stands for, with each symbolic value as a string of its expression (for sizes). */
function approximateJson(n: PNode): unknown {
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.props.map((p) => [p.key, approximateJson(p.value)]));
    case 'array':
      return n.items.map(approximateJson);
    case 'symbolic':
      return n.resolved ?? n.expr;
    case 'null':
      return null;
    default:
      return n.value;
  }
}

/** The variables a template is rendered with: the `vars` object, evaluated in the module. */
function templateVars(ctx: Ctx, arg: Node | undefined): TemplateVars | undefined {
  if (!arg) return { resolve: () => undefined, keys: new Set() };
  const v = ctx.values.evaluator.evaluate(arg);
  if (v.t !== 'object') return undefined;
  const resolve: Resolver = (names) => {
    const x = names.length === 1 ? v.props.get(names[0]) : undefined;
    return x && (x.t === 'string' || x.t === 'number' || x.t === 'bool') ? String(x.v) : undefined;
  };
  return { resolve, keys: new Set(v.props.keys()), exprOf: writtenVars(arg) };
}

/** The expression text each name of a written `{ name = expr }` object has, as the caller writes it. */
function writtenVars(arg: Node): (name: string) => string | undefined {
  const c = core(arg);
  const obj = c.type === 'object' ? c : c.namedChildren.find((x) => x.type === 'object');
  const written = new Map<string, string>();
  for (const el of obj?.namedChildren ?? []) {
    const k = el.type === 'object_elem' ? el.childForFieldName('key') : null;
    const v = el.type === 'object_elem' ? el.childForFieldName('val') : null;
    if (k && v) written.set(core(k).text.replace(/^"|"$/g, ''), v.text);
  }
  return (name) => written.get(name);
}

/**
 * A variable file (`terraform.tfvars`, `*.auto.tfvars`, a `--var-file`): a value a key of the module takes as
 * its whole policy (`policy = jsonencode(var.key_policy)`) is that key's policy, written here, so its findings
 * are reported on the lines of this file.
 */
function variableFilePolicies(ctx: Ctx): PolicySource[] {
  const root = ctx.file.root;
  const body = root.namedChildren.find((c) => c.type === 'body');
  const whole = new Set<string>();
  for (const a of attributesOf(body)) {
    const owner = ctx.scope.keyWithPolicyVariable(a.name);
    if (!owner) continue;
    const lists = listedCallLists();
    // Values in a variable file are constants: nothing in them refers to the module.
    const value = hclToNode(a.value, () => undefined, lists);
    if (value.kind !== 'object') continue;
    const s = source('tf-jsonencode', buildPolicy(value), spanOf(a.value), owner, new HclObjectWriter(ctx.file.text, lists), errorsIn(ctx, spanOf(a.value)));
    s.byteLength = utf8Length(JSON.stringify(approximateJson(value)));
    ctx.sources.push(s);
    whole.add(owner);
  }
  // What the module's .tf files make of the other values set here: a finding they cause is reported here too.
  if (ctx.host) ctx.sources.push(...variableFileEchoes(ctx.file.path, new Map(attributesOf(body).map((a) => [a.name, spanOf(a.value)])), ctx.host, whole));
  return ctx.sources;
}

/**
 * The policies of the module's .tf files as a variable file sees them (`var-file-uses.ts`): `given`, where the
 * file writes the value of each variable it sets; `whole`, the keys whose whole policy it writes.
 */
export function variableFileEchoes(path: string, given: ReadonlyMap<string, Span>, host: FileReads, whole: Set<string>): PolicySource[] {
  const extract: ExtractOwn = (f, scope) => {
    const values = new ModuleValues(scope, host);
    return { sources: extractPolicies(f, scope, host, undefined, { values, calls: false }), values };
  };
  return variableFileUses(path, given, host, whole, extract);
}

/** Arguments of a module call that are not the module's variables. */
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/**
 * `module "kms" { policy = templatefile("${path.module}/key.json.tpl", { ... }) }` (or `file(...)`): the template
 * rendered with the vars the caller gives, evaluated in the caller, reported at the argument. When the module
 * takes the argument as a key's whole policy (`policy = var.policy`), it is that key's policy
 * (`module.kms.aws_kms_key.this`); otherwise a fragment the module consumes.
 */
function moduleArgumentFiles(ctx: Ctx, b: HclBlock): void {
  let followed: ReturnType<ModuleValues['followed']> | null = null;
  for (const a of attributesOf(b.body)) {
    if (META_ARGUMENTS.has(a.name)) continue;
    const e = core(a.value);
    const c = callOf(soleInterpolation(e) ?? e);
    if (c?.name !== 'templatefile' && c?.name !== 'file') continue;
    if (followed === null) followed = ctx.values.followed(b.labels[0]);
    const files = followed && !('missing' in followed) ? followed.instances[0]?.files() ?? [] : [];
    const key = keyTakingVariable(files, a.name);
    const before = ctx.sources.length;
    fromExpression(ctx, a, a.value, key ? `module.${b.labels[0]}.${key}` : `module.${b.labels[0]}`, 0);
    if (!key) for (const s of ctx.sources.slice(before)) s.feeds = moduleArgumentFeed(b, a.name);
  }
}

/** The KMS key resource of a module whose `policy` is the variable `name` itself (`policy = var.policy`). */
function keyTakingVariable(files: ModuleFile[], name: string): string | undefined {
  for (const f of files) {
    for (const b of f.blocks) {
      if (b.type !== 'resource' || !KEY_POLICY_RESOURCE_TYPES.has(b.labels[0]) || !b.labels[1]) continue;
      const policy = blockAttribute(b, 'policy');
      const t = policy && traversal(soleInterpolation(core(policy.value)) ?? policy.value);
      if (t?.length === 2 && t[0] === 'var' && t[1] === name) return `${b.labels[0]}.${b.labels[1]}`;
    }
  }
  return undefined;
}

/** A policy passed as an argument of a module call: a fragment, its consumer outside the workspace unless the source is a local folder. */
function moduleArgumentFeed(b: HclBlock, arg: string): { by: string; outside: boolean } {
  const source = stringLiteral(blockAttribute(b, 'source')?.value);
  return { by: `module.${b.labels[0]} (argument ${arg})`, outside: !(source?.startsWith('./') || source?.startsWith('../')) };
}
