// Reads the import graph of the project's sources from the code itself (TypeScript's own pre-processor, so
// `import type`, re-exports and dynamic imports all count), for the architecture test.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface ImportGraph {
  /** Source file (repo-relative, forward slashes) -> what it imports: repo-relative files, or package names. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
}

const isSource = (p: string) => (p.endsWith('.ts') && !p.endsWith('.d.ts')) || p.endsWith('.js');

function resolveImport(root: string, from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? spec : packageName(spec);
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return rel(root, c);
  throw new Error(`${rel(root, from)}: cannot resolve "${spec}"`);
}

const packageName = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
const rel = (root: string, p: string) => relative(root, p).split('\\').join('/');

export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const edges = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (isSource(p)) {
        const info = ts.preProcessFile(readFileSync(p, 'utf8'), true, true);
        edges.set(rel(root, p), [...new Set(info.importedFiles.map((i) => resolveImport(root, p, i.fileName)))]);
      }
    }
  };
  for (const d of dirs) walk(join(root, d));
  return { edges };
}

/** Every elementary cycle's strongly connected component with more than one file (or a file importing itself). */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const start of graph.edges.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, next); low.set(start, next); next++;
    stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const succ = (graph.edges.get(top.node) ?? []).filter((s) => graph.edges.has(s));
      if (top.i < succ.length) {
        const s = succ[top.i++];
        if (!index.has(s)) {
          index.set(s, next); low.set(s, next); next++;
          stack.push(s); onStack.add(s);
          work.push({ node: s, i: 0 });
        } else if (onStack.has(s)) low.set(top.node, Math.min(low.get(top.node)!, index.get(s)!));
        continue;
      }
      work.pop();
      if (work.length > 0) { const parent = work[work.length - 1].node; low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!)); }
      if (low.get(top.node) === index.get(top.node)) {
        const comp: string[] = [];
        let n: string;
        do { n = stack.pop()!; onStack.delete(n); comp.push(n); } while (n !== top.node);
        if (comp.length > 1 || (graph.edges.get(top.node) ?? []).includes(top.node)) out.push(comp.sort());
      }
    }
  }
  return out;
}
