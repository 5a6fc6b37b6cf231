import type { RelatedPlace, Span } from '../../policy/model';
import type { ModuleInstance } from '../eval/module-calls';
import type { ModuleCall } from '../module/calls';
import { KEY_RESOURCE_TYPES } from '../module/keys';
import type { ModuleFile } from '../module/scope';
import type { TerraformFile, TfAttribute, TfBlock } from '../model';
import { blockAttribute, spanOf } from '../syntax/hcl';
import { readBlocks } from '../syntax/resources';
import { variablesRead } from './variables-read';

/**
 * A key a called module creates, as the resource rules read it (`tf-key-rotation`, `tf-deletion-window`,
 * `tf-bypass-lockout`): its settings evaluated with the call's values, every place in the calling file. A
 * setting the caller gives lies at the argument that gives it; one a variable's default gives, at the call;
 * anything else (a literal of the module, the block itself) lies nowhere here (`start < 0`): the module's own
 * file reports it.
 */
export interface CalledKey {
  file: TerraformFile;
  /** Where the key is in the module. */
  related: RelatedPlace[];
}

/** A key of a module file with its settings evaluated for one instance, in the module's own places. */
export interface EvaluatedKey {
  block: TfBlock;
  /** Per attribute: its value when known, and the variables it reads. */
  settings: { attr: TfAttribute; literal?: string | number | boolean; expr: string; variables: string[] }[];
}

/** A place outside the analysed document. */
function elsewhere(): Span {
  return { start: -1, end: -1 };
}

/** The keys of a module file, their settings evaluated with an instance's values. */
export function evaluatedKeys(instance: ModuleInstance, f: ModuleFile): EvaluatedKey[] {
  const out: EvaluatedKey[] = [];
  for (const block of readBlocks(f.root, f.text)) {
    if (block.blockType !== 'resource' || !KEY_RESOURCE_TYPES.has(block.type)) continue;
    const hcl = f.blocks.find((b) => b.type === 'resource' && b.labels[0] === block.type && b.labels[1] === block.name);
    if (!hcl) continue;
    const settings = block.attributes.map((attr) => {
      const variables = variablesRead(attr.expr);
      if (variables.length === 0) return { attr, expr: attr.expr, variables };
      const node = blockAttribute(hcl, attr.name);
      const v = node ? instance.values.evaluator.evaluate(node.value) : undefined;
      const literal = v && (v.t === 'string' || v.t === 'number' || v.t === 'bool') ? v.v : undefined;
      const expr = v?.t === 'null' ? 'null' : literal === undefined ? attr.expr : typeof literal === 'string' ? JSON.stringify(literal) : String(literal);
      return literal === undefined ? { attr, expr, variables } : { attr, literal, expr, variables };
    });
    out.push({ block, settings });
  }
  return out;
}

/**
 * The keys as the calling file's rules read them: a setting read from a variable the call sets lies at that
 * argument, one from a variable it does not set (a default) at the call, any other nowhere here.
 */
export function placedKeys(keys: EvaluatedKey[], call: ModuleCall, address: string, f: { path: string; text: string }, callerPath: string, header: Span, place: (f: { path: string; text: string }, span: Span, message: string) => RelatedPlace): CalledKey[] {
  return keys.map(({ block, settings }) => {
    const attributes = settings.map(({ attr, literal, expr, variables }): TfAttribute => {
      const at = variables.length === 0 ? undefined : (variables.map((n) => call.args.find((x) => x.name === n)).find((a) => a) ?? undefined);
      const span = variables.length === 0 ? undefined : at ? spanOf(at.value) : header;
      if (!span) return { ...attr, span: elsewhere(), nameSpan: elsewhere(), valueSpan: elsewhere() };
      const out: TfAttribute = { name: attr.name, span, nameSpan: span, valueSpan: span, expr };
      if (literal !== undefined) out.literal = literal;
      return out;
    });
    const key: TfBlock = { ...block, name: `${block.name} of ${address}`, span: elsewhere(), headerSpan: elsewhere(), nameSpan: elsewhere(), bodyStart: -1, bodyEnd: -1, attributes };
    return { file: { path: callerPath, resources: [key] }, related: [place(f, block.headerSpan, `${block.type}.${block.name} in ${address}`)] };
  });
}
