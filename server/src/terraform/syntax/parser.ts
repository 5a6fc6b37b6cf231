import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Finds a wasm file: next to the bundle (`server/out/`, where the build copies them and the .vsix ships
 * them), or in node_modules when the engine runs from source (tests).
 */
function locate(file: string, pkg: string): string {
  const candidates: string[] = [join(__dirname, file)];
  for (let d = __dirname, i = 0; i < 6; i++, d = dirname(d)) {
    candidates.push(join(d, 'server', 'out', file), join(d, 'node_modules', pkg, file));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`${file} not found next to the Keyscope server`);
  return found;
}

/** Loads the tree-sitter runtime and the HCL grammar once. */
export function initParser(): Promise<void> {
  loading ??= (async () => {
    const runtime = locate('web-tree-sitter.wasm', 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    const hcl = await Language.load(locate('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl'));
    const p = new Parser();
    p.setLanguage(hcl);
    parser = p;
  })();
  return loading;
}

/** A parsed HCL document: the text it was parsed from and its tree. */
export interface ParsedHcl {
  text: string;
  tree: Tree;
}

/**
 * Parses HCL text. Given the previous parse of the same document, it tells tree-sitter what changed (the
 * span between the common prefix and suffix of the two texts) and re-parses incrementally, so a keystroke in
 * a large file does not re-parse all of it. The previous tree stays valid for its owner to delete.
 */
export function parseHcl(text: string, previous?: ParsedHcl): ParsedHcl {
  if (!parser) throw new Error('the HCL parser is not initialised (call initTerraform first)');
  let old: Tree | undefined;
  if (previous) {
    old = previous.tree.copy();
    const a = previous.text;
    let start = 0;
    const max = Math.min(a.length, text.length);
    while (start < max && a.charCodeAt(start) === text.charCodeAt(start)) start++;
    let endA = a.length;
    let endB = text.length;
    while (endA > start && endB > start && a.charCodeAt(endA - 1) === text.charCodeAt(endB - 1)) {
      endA--;
      endB--;
    }
    old.edit(new Edit({
      startIndex: start,
      oldEndIndex: endA,
      newEndIndex: endB,
      startPosition: pointAt(a, start),
      oldEndPosition: pointAt(a, endA),
      newEndPosition: pointAt(text, endB),
    }));
  }
  const tree = parser.parse(text, old ?? null);
  old?.delete();
  if (!tree) throw new Error('the HCL parser returned no tree');
  return { text, tree };
}

/** tree-sitter point for an offset. web-tree-sitter takes indices and columns in UTF-16 code units. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
