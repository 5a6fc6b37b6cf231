import type { Analysis } from '../../server/src/analyze';
import type { EditOp, PNode, PolicySource, PProp } from '../../server/src/policy/model';

/**
 * Everything an analysis of a document offers its users, as plain data: findings with their fixes, each
 * policy's model with every span, what each policy's writer makes of a set of edits on every node, the
 * resources the Terraform rules read and the suppressions. Two analyses of the same text must give equal
 * snapshots, however much of the one was carried over from an analysis of an earlier text.
 */
export function snapshot(a: Analysis, dir?: string): unknown {
  const path = (p?: string) => (p && dir ? p.split(dir).join('<dir>') : p);
  return {
    findings: a.findings.map((f) => (f.related ? { ...f, related: f.related.map((r) => ({ ...r, path: path(r.path) })) } : f)),
    internalErrors: a.internalErrors ?? [],
    sources: a.sources.map((s) => ({
      kind: s.kind,
      name: s.name,
      owner: s.owner,
      span: s.span,
      keyPolicy: s.keyPolicy,
      partial: s.partial,
      byteLength: s.byteLength,
      reportAt: s.reportAt,
      filePath: path(s.filePath),
      syntaxErrors: s.syntaxErrors,
      // Where a node composed from another file is written: that file by its path (in `dir` or not), the offset.
      root: s.policy.root && JSON.parse(JSON.stringify(s.policy.root, (k, v) => (k === 'home' && v ? { path: path(v.file.path), offset: v.offset } : v))),
      fragment: s.policy.fragment,
      statements: s.policy.statements.length,
      writes: writes(s),
    })),
    resources: a.terraform?.file.resources,
    suppressions: a.terraform?.suppressions,
  };
}

/** The text edits the source's writer makes for one edit of each kind on every node of the model. */
function writes(s: PolicySource): unknown[] {
  const out: unknown[] = [];
  const attempt = (op: EditOp) => {
    try {
      out.push(s.writer.write([op]) ?? null);
    } catch (e) {
      out.push(`threw ${(e as Error).message}`);
    }
  };
  const visit = (n: PNode) => {
    attempt({ op: 'replace', node: n, value: 'kms:Decrypt' });
    if (n.kind === 'object') {
      attempt({ op: 'addProp', object: n, key: 'Sid', value: ['a', 'b'] });
      n.props.forEach((p: PProp) => {
        attempt({ op: 'renameKey', prop: p, key: 'Action' });
        attempt({ op: 'removeProp', object: n, prop: p });
        visit(p.value);
      });
    } else if (n.kind === 'array') {
      attempt({ op: 'addItem', array: n, value: { Effect: 'Deny' } });
      n.items.forEach((i) => {
        attempt({ op: 'removeItem', array: n, item: i });
        visit(i);
      });
    }
  };
  if (s.policy.root) visit(s.policy.root);
  return out;
}
