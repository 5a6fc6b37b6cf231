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
 * comes from when it reads one thing of the module (a variable, a local, a module output, an iterator).
 * Undefined when the value is known.
 */
export function unknownNote(e: Node, ev: Evaluator, values: ModuleValues, scope: ModuleScope): UnknownNote | undefined {
  let v;
  try {
    v = ev.evaluate(e);
  } catch {
    return undefined;
  }
  if (v.t !== 'unknown') return undefined;
  const note: UnknownNote = {};
  if (v.type === 'list') note.list = true;
  const roots = new Set(references(e).map((r) => (r[0] === 'data' ? r.slice(0, 3) : r.slice(0, 2)).join('.')));
  if (roots.size !== 1) return note;
  const [root] = roots;
  const [head, name] = root.split('.');
  if (head === 'var' && name) {
    const got = values.variableWithOrigin(name);
    if (got) note.origin = originText(got.origin, values.isRootModule());
  } else if (head === 'local' && name) {
    const found = scope.local(name);
    if (found) note.origin = `from local.${name} at ${basename(found.file.path)}:${found.attr.node.startPosition.row + 1}`;
  } else if (head === 'module' && name) {
    const followed = values.followed(name);
    note.origin = followed && 'missing' in followed && followed.missing === 'not-downloaded' ? `an output of module.${name}, not downloaded (run terraform init)` : `an output of module.${name}`;
  } else if (head === 'each' || head === 'count') note.origin = `each instance's ${root}`;
  else if (name && scope.find('resource', head, name)) note.origin = 'known after apply';
  return note;
}
