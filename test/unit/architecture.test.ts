// The shape of the house, read from the code: the import graph of server/src and client/src has no circle, no
// import from a lower layer up, and the engine speaks no editor protocol.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importCircles, readImportGraph } from '../helpers/import-graph';

const root = join(__dirname, '..', '..');
const graph = readImportGraph(root, ['server/src', 'client/src']);

/**
 * The layers, lowest first. A module may import its own layer and those below it, never one above. A path
 * names a file or, ending in `/`, a folder; the longest match places a file.
 */
const LAYERS: readonly (readonly string[])[] = [
  // Foundation: what every part of the engine may read. The generator imports nothing (the client bundles it).
  // `cache.ts` is the bounded-cache module; `state.ts` holds what belongs to one engine instance; `steps.ts`
  // is work done a step at a time.
  ['server/src/cache.ts', 'server/src/generate/', 'server/src/host.ts', 'server/src/node-host.ts', 'server/src/git-host.ts', 'server/src/limits.ts', 'server/src/text.ts', 'server/src/docs.ts', 'server/src/severity.ts', 'server/src/settings/', 'server/src/state.ts', 'server/src/steps.ts'],
  ['server/src/catalog/'],
  // The policy model, the JSON reader and the JSON writer.
  ['server/src/policy/'],
  // Terraform, room by room: what a .tf file holds, its syntax, edits written back into it, the module around
  // it, the evaluation of its expressions, the key policies extracted from it, and the one entry point.
  ['server/src/terraform/model.ts'],
  ['server/src/terraform/syntax/'],
  ['server/src/terraform/write/'],
  ['server/src/terraform/module/'],
  ['server/src/terraform/eval/'],
  ['server/src/terraform/extract/'],
  ['server/src/terraform/iam/'],
  ['server/src/terraform/index.ts'],
  ['server/src/access/'],
  ['server/src/rules/'],
  ['server/src/findings-memo.ts', 'server/src/analyze.ts'],
  ['server/src/features/'],
  // The one entry point of the engine for its hosts.
  ['server/src/service.ts'],
  // Adapters: the language server and the command line.
  ['server/src/lsp/', 'server/src/cli/'],
  ['client/src/'],
];

function layerOf(file: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach((paths, i) => {
    for (const p of paths) {
      const hit = p.endsWith('/') ? file.startsWith(p) : file === p;
      if (hit && p.length > bestLength) [best, bestLength] = [i, p.length];
    }
  });
  return best;
}

const local = (target: string) => graph.edges.has(target);
const ENGINE_EXCLUDES = ['server/src/lsp/', 'server/src/cli/'];
const isEngine = (f: string) => f.startsWith('server/src/') && !ENGINE_EXCLUDES.some((p) => f.startsWith(p));
const EDITOR_PACKAGES = new Set(['vscode', 'vscode-languageserver', 'vscode-languageserver-protocol', 'vscode-languageserver-textdocument', 'vscode-languageclient', 'vscode-uri']);

describe('architecture', () => {
  it('reads a graph of the whole source', () => {
    // Guards the test itself: a reader that found nothing would pass everything below.
    assert.ok(graph.edges.size > 150, `only ${graph.edges.size} files read`);
    assert.ok([...graph.edges.values()].reduce((n, e) => n + e.length, 0) > 500);
  });

  it('places every source file in a layer', () => {
    assert.deepEqual([...graph.edges.keys()].filter((f) => layerOf(f) < 0), []);
  });

  it('has no import circle', () => {
    assert.deepEqual(importCircles(graph), []);
  });

  it('has no import from a lower layer up', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph.edges) {
      for (const t of targets) if (local(t) && layerOf(t) > layerOf(file)) upward.push(`${file} -> ${t}`);
    }
    assert.deepEqual(upward, []);
  });

  it('keeps the engine free of the editor: neither vscode nor the language-server libraries', () => {
    const offenders: string[] = [];
    for (const [file, targets] of graph.edges) {
      if (isEngine(file)) for (const t of targets) if (EDITOR_PACKAGES.has(t)) offenders.push(`${file} -> ${t}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('states the wire contract once: the webview script takes its message and result types from lsp/protocol.ts', () => {
    const script = readFileSync(join(root, 'media/matrix.js'), 'utf8');
    for (const t of ['AccessResult', 'FromWebview', 'ToWebview']) {
      assert.ok(script.includes(`@typedef {import('../server/src/lsp/protocol').${t}} ${t}`), `media/matrix.js does not import ${t}`);
    }
    // What the client and the server's adapter import of the contract comes from that one module (a declaration
    // elsewhere restates it; `import { type ToWebview }` does not).
    const restated = [...graph.edges.keys()].filter((f) => f !== 'server/src/lsp/protocol.ts' && /^\s*(export\s+)?(type\s+(FromWebview|ToWebview|DiagnosticData|StatusParams)\s*[=<]|interface\s+(FromWebview|ToWebview|DiagnosticData|StatusParams)\b)/m.test(readFileSync(join(root, f), 'utf8')));
    assert.deepEqual(restated, []);
  });

  it('lets the adapters (lsp/, cli/) import at most 5 engine modules: the service, the settings contract, the generator', () => {
    const used = new Set<string>();
    for (const [file, targets] of graph.edges) {
      if (!isEngine(file) && file.startsWith('server/src/')) for (const t of targets) if (local(t) && isEngine(t)) used.add(t);
    }
    assert.ok(used.has('server/src/service.ts'), 'the adapters do not use the service');
    assert.ok(used.size <= 5, `the adapters import ${used.size} engine modules: ${[...used].sort().join(', ')}`);
  });

  it('describes each Terraform room in a README', () => {
    for (const room of ['syntax', 'write', 'module', 'extract']) {
      assert.ok(existsSync(join(root, 'server/src/terraform', room, 'README.md')), `server/src/terraform/${room}/README.md is missing`);
    }
  });
});
