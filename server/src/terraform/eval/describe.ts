import type { Node } from 'web-tree-sitter';
import { basename, dirname, relative } from 'node:path';
import { callersOf, CALLERS_MAX } from '../module/callers';
import type { FileReads } from '../../host';
import type { Span } from '../../policy/model';
import { ModuleScope, type ModuleFile } from '../module/scope';
import { blockAttribute, stringLiteral } from '../syntax/hcl';
import { ModuleValues } from './module-values';
import { originText } from './origin';
import { fingerprint, shapeText, unknown, type Value } from './value';

/** Characters of a value shown in a hover; a longer one is cut. */
const SHOWN_MAX = 400;

/**
 * What a hover on a `var.NAME`, `local.NAME` or `module.NAME[.OUTPUT]` reference says: its description,
 * type and default (a variable), its expression (a local), its source (a module call), and the value it takes
 * in this workspace with where that comes from. Undefined elsewhere.
 */
export function describeReference(file: ModuleFile, host: FileReads | undefined, offset: number): { markdown: string; span: Span } | undefined {
  const ref = referenceAt(file.root, offset);
  if (!ref) return undefined;
  const [head, name] = ref.names;
  const scope = new ModuleScope(file, host);
  const values = new ModuleValues(scope, host);
  const lines: string[] = [];
  if (head === 'var') {
    const declared = scope.variable(name);
    if (!declared) return undefined;
    lines.push(`**var.${name}**${where(declared.file, file)}`);
    const description = stringLiteral(blockAttribute(declared.block, 'description')?.value);
    if (description) lines.push('', description);
    const type = blockAttribute(declared.block, 'type')?.value.text;
    const def = blockAttribute(declared.block, 'default')?.value.text;
    lines.push('');
    if (type) lines.push(`- type: \`${cut(type)}\``);
    if (def !== undefined) lines.push(`- default: \`${cut(def)}\``);
    const got = values.variableWithOrigin(name);
    if (got) lines.push(`- value here: ${shown(got.value)} — ${originText(got.origin, values.isRootModule(), true)}`);
    if (got?.origin.from === 'none' && !values.isRootModule() && host) lines.push(...callerValues(name, dirname(file.path), host));
  } else if (head === 'local') {
    const found = scope.local(name);
    if (!found) return undefined;
    lines.push(`**local.${name}**${where(found.file, file)}`, '', `- expression: \`${cut(found.attr.value.text)}\``);
    const v = values.local(name, values.evaluator);
    if (v) lines.push(`- value here: ${shown(v)}`);
  } else if (head === 'module') {
    const found = scope.moduleBlock(name);
    if (!found) return undefined;
    const source = stringLiteral(blockAttribute(found.block, 'source')?.value);
    lines.push(`**module.${name}**${where(found.file, file)}`, '', `- source: \`${cut(source ?? '(not a literal)')}\``);
    const followed = values.followed(name);
    if (!followed) return undefined;
    if ('missing' in followed) lines.push(`- not analysed: ${followed.missing === 'not-downloaded' ? 'not downloaded (run terraform init)' : followed.missing.replace('-', ' ')}`);
    else {
      lines.push(`- instances: ${followed.instances.map((i) => `\`${i.address}\``).join(', ')}`);
      const v = values.evaluator.evaluate(ref.node);
      lines.push(`- ${ref.names.length > 2 ? `\`${ref.node.text}\`` : 'outputs'} here: ${shown(v)}`);
    }
  } else return undefined;
  return { markdown: lines.join('\n'), span: { start: ref.node.startIndex, end: ref.node.endIndex } };
}

/** What each module call of the workspace passes for a variable of the module in `dir`, evaluated in its caller. */
function callerValues(name: string, dir: string, host: FileReads): string[] {
  const callers = callersOf(dir, host);
  if (callers.length === 0) return [];
  const lines = ['- the module calls of this workspace pass:'];
  for (const c of callers) {
    const at = `\`module.${c.call.name}\` at ${relativeName(c.file.path, host)}:${c.call.block.node.startPosition.row + 1}`;
    const arg = c.call.args.find((a) => a.name === name);
    if (!arg) {
      lines.push(`  - ${at}: not set (the default)`);
      continue;
    }
    const values = new ModuleValues(new ModuleScope(c.file, host), host);
    let v: Value;
    try {
      v = values.evaluator.evaluate(arg.value);
    } catch {
      v = unknown('any', arg.value.text);
    }
    lines.push(`  - ${at}: ${shown(v)}`);
  }
  if (callers.length >= CALLERS_MAX) lines.push(`  - (the first ${CALLERS_MAX} calls)`);
  return lines;
}

function relativeName(path: string, host: FileReads): string {
  return host.workspaceRoot ? relative(host.workspaceRoot, path) : basename(path);
}

function where(defined: ModuleFile, here: ModuleFile): string {
  return defined === here ? '' : ` (in ${basename(defined.path)})`;
}

function cut(text: string): string {
  const one = text.replace(/\s+/g, ' ').replace(/`/g, "'");
  return one.length > SHOWN_MAX ? `${one.slice(0, SHOWN_MAX)}…` : one;
}

/** A value as a hover shows it: known as text, unknown as its kind and what it stands for. */
function shown(v: Value): string {
  if (v.t === 'unknown' && v.parts) return `\`${cut(shapeText(v.parts, (h) => `<${h.text}>`))}\` (partly known)`;
  if (v.t === 'unknown') return `unknown ${v.type === 'any' ? 'value' : v.type} (${cut(v.label)})`;
  return `\`${cut(fingerprint(v, SHOWN_MAX + 1))}\``;
}

/** The reference (`var.x`, `local.y`, `module.z.out`) under `offset`: its names and the node of the whole. */
function referenceAt(root: Node, offset: number): { names: string[]; node: Node } | undefined {
  // Up from the token to the expression that holds the reference as its first child and steps after it.
  let n: Node | null = root.descendantForIndex(offset);
  for (let i = 0; n && i < 6 && n.type !== 'expression'; i++) n = n.parent;
  const kids = n?.namedChildren ?? [];
  const head = kids[0];
  if (!n || head?.type !== 'variable_expr' || !['var', 'local', 'module'].includes(head.text)) return undefined;
  const names = [head.text];
  let end: Node = head;
  for (const s of kids.slice(1)) {
    if (s.type !== 'get_attr' || names.length >= (head.text === 'module' ? 3 : 2)) break;
    const id = s.namedChildren.find((c) => c.type === 'identifier');
    if (!id) break;
    names.push(id.text);
    end = s;
  }
  if (names.length < 2 || offset > end.endIndex) return undefined;
  return { names, node: n };
}
