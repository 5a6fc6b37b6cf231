import type { FileReads } from '../../host';
import { buildPolicy } from '../../policy/build';
import { JsonWriter } from '../../policy/json-writer';
import { parseJsonValue } from '../../policy/json';
import type { PolicySource, Span } from '../../policy/model';
import { ModuleScope, moduleFile } from '../module/scope';
import { utf8Length } from '../../text';

/** A Terraform variable file written in JSON: `terraform.tfvars.json`, `*.auto.tfvars.json`, a `--var-file`. */
export function isJsonVariableFile(path: string): boolean {
  return /\.tfvars\.json$/i.test(path);
}

/**
 * A variable file written in JSON: a value a key of the module takes as its whole policy
 * (`policy = jsonencode(var.key_policy)`) is that key's policy, written here, so its findings are reported on
 * the lines of this file. Other values are not policies: nothing is reported on them. Requires
 * `initTerraform()` (the module's .tf files are read through `reads`).
 */
export function jsonVariableFilePolicies(text: string, path: string, reads: FileReads): PolicySource[] {
  const { root, errors } = parseJsonValue(text);
  if (root?.kind !== 'object') return [];
  const scope = new ModuleScope(moduleFile(path, ''), reads);
  const out: PolicySource[] = [];
  for (const p of root.props) {
    const owner = scope.keyWithPolicyVariable(p.key);
    if (!owner || p.value.kind !== 'object') continue;
    const inside = errors.filter((e) => e.span.start >= p.value.span.start && e.span.end <= p.value.span.end);
    out.push({
      kind: 'json',
      name: owner,
      owner,
      policy: buildPolicy(p.value),
      span: p.value.span,
      keyPolicy: true,
      syntaxErrors: inside,
      writer: new JsonWriter(text),
      byteLength: inside.length ? undefined : minifiedLength(text.slice(p.value.span.start, p.value.span.end)),
    });
  }
  return out;
}

/** Where a JSON variable file writes the value of each variable it sets (its top-level members). */
export function jsonValueSpans(text: string): Map<string, Span> {
  const { root } = parseJsonValue(text);
  return new Map(root?.kind === 'object' ? root.props.map((p) => [p.key, p.value.span]) : []);
}

/** Byte length of a JSON value as `jsonencode` writes it (no white space). */
function minifiedLength(json: string): number | undefined {
  try {
    return utf8Length(JSON.stringify(JSON.parse(json)));
  } catch {
    return undefined;
  }
}
