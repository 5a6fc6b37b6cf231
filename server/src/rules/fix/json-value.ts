import type { JsonValue, PNode } from '../../policy/model';

/**
 * The JSON value of a model node, for fixes that copy part of a policy (a statement's Principal into a new
 * statement). Undefined when some part is not a literal (a Terraform reference or template): copying its
 * expression as a string would change its meaning.
 */
export function toJsonValue(node: PNode): JsonValue | undefined {
  switch (node.kind) {
    case 'string':
      return node.template ? undefined : node.value;
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'symbolic':
      return undefined;
    case 'array': {
      const out: JsonValue[] = [];
      for (const i of node.items) {
        const v = toJsonValue(i);
        if (v === undefined) return undefined;
        out.push(v);
      }
      return out;
    }
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const p of node.props) {
        const v = toJsonValue(p.value);
        if (v === undefined) return undefined;
        out[p.key] = v;
      }
      return out;
    }
  }
}
