import type { Node } from 'web-tree-sitter';
import { basename } from 'node:path';
import type { UnknownNote } from '../../policy/model';
import type { ModuleScope } from '../module/scope';
import { references } from '../syntax/hcl';
import type { Evaluator } from './evaluator';
import type { ModuleValues, ValueOrigin } from './module-values';

/**
 * Where a variable's value comes from, in words (`from terraform.tfvars:3`, `from the module call at
 * main.tf:12`); `long` for a hover, which has room to say what a variable nobody sets means.
 */
export function originText(o: ValueOrigin, root: boolean, long = false): string {
  switch (o.from) {
    case 'var-file':
      return `from ${basename(o.path)}${o.at ? `:${lineAt(o.at.text, o.at.start)}` : ''}`;
    case 'var':
      return `from the command line (${o.path})`;
    case 'caller':
      return `from the module call at ${basename(o.path)}:${o.line}`;
    case 'default':
      return 'its default';
    default:
      if (root) return long ? 'no value is given in this workspace (no variable file sets it, no default)' : 'no value in this workspace';
      return long ? 'a module others call: each module call sets it, and is checked with its values at the call' : 'set by each call of this module';
  }
}

/** The 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * What a label says of an expression whose value stays unknown: whether it is a list, and where its value
 * comes from: what it reads of the module (a variable, a local, a module output, an iterator), each part's
 * origin when it reads several. Undefined when the value is known.
 */
export function unknownNote(e: Node, ev: Evaluator, values: ModuleValues, scope: ModuleScope, elements = false): UnknownNote | undefined {
  let v;
  try {
    v = ev.evaluate(e);
  } catch {
    return undefined;
  }
  // `elements`: the unknown elements of a list partly known (`[for r in var.roles : ...]`), labelled alike.
  if (v.t !== 'unknown' && !(elements && v.t === 'list')) return undefined;
  const note: UnknownNote = {};
  if (v.t === 'list' || (v.t === 'unknown' && v.type === 'list')) note.list = true;
  const roots = new Set(references(e).map((r) => (r[0] === 'data' ? r.slice(0, 3) : r.slice(0, 2)).join('.')));
  if (roots.size === 1) {
    const origin = originOf([...roots][0], values, scope);
    if (origin) note.origin = origin;
    return note;
  }
  // Several things read (`concat(var.admins, local.extra)`): where each part comes from, in the order written.
  const parts: string[] = [];
  for (const root of [...roots].slice(0, ORIGIN_PARTS_MAX)) {
    const origin = originOf(root, values, scope);
    if (origin) parts.push(origin.includes(root) ? origin : `${root} ${origin}`);
  }
  if (parts.length) note.origin = parts.join('; ') + (roots.size > ORIGIN_PARTS_MAX ? '; …' : '');
  return note;
}

/** Parts of an expression whose origins a label lists; more are left out (`…`). */
const ORIGIN_PARTS_MAX = 4;

/** Where one thing an expression reads (`var.x`, `local.x`, `module.x`, `each.value`...) gets its value. */
function originOf(root: string, values: ModuleValues, scope: ModuleScope): string | undefined {
  const [head, name] = root.split('.');
  if (head === 'var' && name) {
    const got = values.variableWithOrigin(name);
    return got && originText(got.origin, values.isRootModule());
  }
  if (head === 'local' && name) {
    const found = scope.local(name);
    return found && `from local.${name} at ${basename(found.file.path)}:${found.attr.node.startPosition.row + 1}`;
  }
  if (head === 'module' && name) {
    const followed = values.followed(name);
    return followed && 'missing' in followed && followed.missing === 'not-downloaded' ? `an output of module.${name}, not downloaded (run terraform init)` : `an output of module.${name}`;
  }
  if (head === 'each' || head === 'count') return `each instance's ${root}`;
  if (name && scope.find('resource', head, name)) return 'known after apply';
  return undefined;
}
