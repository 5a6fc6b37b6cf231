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

/** A place outside the analysed document. */
function elsewhere(): Span {
  return { start: -1, end: -1 };
}

export function calledKeys(call: ModuleCall, instance: ModuleInstance, f: ModuleFile, callerPath: string, header: Span, place: (f: ModuleFile, span: Span, message: string) => RelatedPlace): CalledKey[] {
  const out: CalledKey[] = [];
  for (const block of readBlocks(f.root, f.text)) {
    if (block.blockType !== 'resource' || !KEY_RESOURCE_TYPES.has(block.type)) continue;
    const hcl = f.blocks.find((b) => b.type === 'resource' && b.labels[0] === block.type && b.labels[1] === block.name);
    if (!hcl) continue;
    const attributes = block.attributes.map((a): TfAttribute => {
      const at = placeOf(a, call, header);
      if (!at) return { ...a, span: elsewhere(), nameSpan: elsewhere(), valueSpan: elsewhere() };
      const node = blockAttribute(hcl, a.name);
      const v = node ? instance.values.evaluator.evaluate(node.value) : undefined;
      const literal = v && (v.t === 'string' || v.t === 'number' || v.t === 'bool') ? v.v : undefined;
      const expr = v?.t === 'null' ? 'null' : literal === undefined ? a.expr : typeof literal === 'string' ? JSON.stringify(literal) : String(literal);
      const out: TfAttribute = { name: a.name, span: at, nameSpan: at, valueSpan: at, expr };
      if (literal !== undefined) out.literal = literal;
      return out;
    });
    const key: TfBlock = { ...block, name: `${block.name} of ${instance.address}`, span: elsewhere(), headerSpan: elsewhere(), nameSpan: elsewhere(), bodyStart: -1, bodyEnd: -1, attributes };
    out.push({ file: { path: callerPath, resources: [key] }, related: [place(f, block.headerSpan, `${block.type}.${block.name} in ${instance.address}`)] });
  }
  return out;
}

/** Where a setting of the module is given: the call's argument for the variable it reads, else the call. */
function placeOf(a: TfAttribute, call: ModuleCall, header: Span): Span | undefined {
  const names = variablesRead(a.expr);
  if (names.length === 0) return undefined;
  for (const n of names) {
    const arg = call.args.find((x) => x.name === n);
    if (arg) return spanOf(arg.value);
  }
  return header;
}
