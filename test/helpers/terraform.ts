import { dirname, relative, isAbsolute } from 'node:path';
import type { Analysis } from '../../server/src/analyze';
import { textHost, type Host } from '../../server/src/host';
import { findRule } from '../../server/src/rules';
import type { PNode, PolicySource, Span } from '../../server/src/policy/model';
import { extractTerraform, type TerraformExtraction } from '../../server/src/terraform';

/**
 * A workspace held in memory: absolute path -> text. Reads nothing outside `root`. With `folders`, a folder's
 * listing names its subfolders too (as a disk's does), for what walks the workspace.
 */
export function memoryHost(files: Record<string, string>, root = '/ws', folders = false): Host {
  const inside = (p: string) => {
    const r = relative(root, p);
    return r === '' || (!r.startsWith('..') && !isAbsolute(r));
  };
  return textHost(
    (p) => (inside(p) ? files[p] : undefined),
    (d) => {
      if (!inside(d)) return [];
      const names = Object.keys(files).filter((f) => dirname(f) === d).map((f) => f.slice(d.length + 1));
      if (folders) for (const f of Object.keys(files)) if (f.startsWith(d + '/') && dirname(f) !== d) names.push(f.slice(d.length + 1).split('/')[0]);
      return [...new Set(names)];
    },
    root,
  );
}

export function extract(text: string, path = '/ws/main.tf', host?: Host): TerraformExtraction {
  return extractTerraform(text, path, host);
}

/** The policy as plain JSON, symbolic values as `{ $: expr }` (with `resolved` when known). */
export function plain(n: PNode | null | undefined): unknown {
  if (!n) return null;
  switch (n.kind) {
    case 'object':
      return Object.fromEntries(n.props.map((p) => [p.key, plain(p.value)]));
    case 'array':
      return n.items.map(plain);
    case 'symbolic':
      return n.resolved !== undefined ? { $: n.expr, resolved: n.resolved } : { $: n.expr };
    case 'null':
      return null;
    default:
      return n.value;
  }
}

export function policyOf(s: PolicySource): unknown {
  return plain(s.policy.root);
}

export function slice(text: string, s: Span | { span: Span }): string {
  const span = 'span' in s ? s.span : s;
  return text.slice(span.start, span.end);
}

/** Every span of a model tree, with what it is, for checking they all lie inside the document. */
export function allSpans(n: PNode): Span[] {
  if (n.kind === 'object') return [n.span, ...n.props.flatMap((p) => [p.span, p.keySpan, ...allSpans(p.value)])];
  if (n.kind === 'array') return [n.span, ...n.items.flatMap(allSpans)];
  return [n.span];
}

/**
 * The errors and warnings of policy rules in an analysis, as `[ruleId, underlined text]` (Terraform resource
 * rules and informational findings left out: these tests are about the policy and its spans).
 */
export function problems(result: Analysis): [string, string][] {
  return result.findings
    .filter((f) => (f.severity === 'error' || f.severity === 'warning') && findRule(f.ruleId)?.meta.appliesTo !== 'terraform')
    .map((f) => [f.ruleId, result.text.slice(f.span.start, f.span.end)]);
}
