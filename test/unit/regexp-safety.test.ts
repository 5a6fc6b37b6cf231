import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const SRC = join(__dirname, '..', '..', 'server', 'src');

/**
 * Every `RegExp(...)` / `new RegExp(...)` in a source file whose pattern is not a constant: a string or
 * template literal built only from other constants (module-level `const`s initialised with constants).
 * A pattern built from policy or config text could backtrack without end (DESIGN.md §8).
 */
function dynamicRegExps(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, ts.Expression>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
  }
  const isConstant = (e: ts.Expression, seen: Set<string>): boolean => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
    if (ts.isParenthesizedExpression(e)) return isConstant(e.expression, seen);
    if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => isConstant(s.expression, seen));
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isConstant(e.left, seen) && isConstant(e.right, seen);
    if (ts.isIdentifier(e) && !seen.has(e.text) && constants.has(e.text)) return isConstant(constants.get(e.text)!, new Set([...seen, e.text]));
    return false;
  };
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      const [pattern, flags] = node.arguments ?? [];
      if (!pattern || !isConstant(pattern, new Set()) || (flags && !isConstant(flags, new Set()))) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        out.push(`${fileName}:${line + 1}: ${node.getText(sf)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('no RegExp built from user text', () => {
  it('every RegExp constructed in server/src has a constant pattern', () => {
    const files = sources(SRC);
    assert.ok(files.length > 50);
    const offenders = files.flatMap((f) => dynamicRegExps(relative(SRC, f), readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the scan tells constant patterns from built ones', () => {
    const code = [
      "const A = 'aws|aws-cn';",
      'const B = `^(?:${A})$`;',
      'let c = "x";',
      'export function f(user: string) {',
      '  new RegExp(B);', // constant
      "  new RegExp('^' + A + '$', 'i');", // constant
      '  new RegExp(user);', // line 7
      "  RegExp('^' + user.replace(/\\*/g, '.*'));", // line 8
      '  new RegExp(`${c}`);', // line 9: `c` is not a const
      "  new RegExp('a', user);", // line 10: flags from input
      '}',
    ].join('\n');
    assert.deepEqual(
      dynamicRegExps('x.ts', code).map((s) => s.split(':')[1]),
      ['7', '8', '9', '10'],
    );
  });
});
