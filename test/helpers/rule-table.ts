import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, type Analysis } from '../../server/src/analyze';
import { applyEdits } from '../../server/src/policy/json-writer';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../server/src/settings';
import { initTerraform } from '../../server/src/terraform';
import { parseHcl } from '../../server/src/terraform/syntax/parser';
import { LineIndex } from '../../server/src/text';
import { checkFixAll } from './fix-all-property';

export interface ExpectedFinding {
  /** 1-based line and column of the finding's start. */
  line?: number;
  column?: number;
  /** Text the underlined range must hold exactly. */
  text?: string;
  messageIncludes?: string;
  severity?: string;
}

export interface RuleCase {
  name?: string;
  code: string;
  /** File name; decides the syntax (default `policy.kms.json`). */
  path?: string;
  settings?: Partial<KeyscopeSettings>;
  errors?: ExpectedFinding[];
  /** Text after applying the fix titled `fix` (default: the first fix) of the first finding. */
  output?: string;
  fix?: string;
  /** The class of that fix: `safe` (preferred, applied by fix all) or `suggestion`. */
  fixKind?: 'safe' | 'suggestion';
  /** Titles of every fix the first finding offers, in order. */
  fixes?: string[];
  /** Rule ids the fix is meant to add a finding of (e.g. root-delegation after putting the account root in place of "*"). */
  introduces?: string[];
}

export function run(code: string, path = 'policy.kms.json', settings?: Partial<KeyscopeSettings>): Analysis {
  return analyze({ path, text: code, settings: { ...DEFAULT_SETTINGS, ...settings } as KeyscopeSettings, force: true });
}

/**
 * A rule's table test: `valid` cases must produce no finding of the rule; `invalid` cases must produce exactly
 * the expected findings, and their fix must produce `output`, which analysed again no longer has that finding
 * and gains no finding of another rule. Over every case, every fix offered has a class and fix-all (what fix on
 * save applies) keeps who can do what (see fix-all-property.ts).
 */
export function ruleTable(ruleId: string, cases: { valid: (string | RuleCase)[]; invalid: RuleCase[] }): void {
  describe(`rule ${ruleId}`, () => {
    before(() => initTerraform());
    cases.valid.forEach((c, i) => {
      const rc = typeof c === 'string' ? { code: c } : c;
      it(`valid #${i}${rc.name ? ` ${rc.name}` : ''}`, () => {
        const found = run(rc.code, rc.path, rc.settings).findings.filter((f) => f.ruleId === ruleId);
        assert.deepEqual(found.map((f) => `${f.message} @${f.span.start}`), []);
      });
    });
    cases.invalid.forEach((rc, i) => {
      it(`invalid #${i}${rc.name ? ` ${rc.name}` : ''}`, () => {
        const result = run(rc.code, rc.path, rc.settings);
        const found = result.findings.filter((f) => f.ruleId === ruleId);
        const idx = new LineIndex(rc.code);
        if (rc.errors) {
          assert.equal(found.length, rc.errors.length, `findings: ${JSON.stringify(found.map((f) => f.message))}`);
          rc.errors.forEach((e, j) => {
            const f = found[j];
            const pos = idx.positionAt(f.span.start);
            if (e.line !== undefined) assert.equal(pos.line + 1, e.line, `line of finding ${j}`);
            if (e.column !== undefined) assert.equal(pos.character + 1, e.column, `column of finding ${j}`);
            if (e.text !== undefined) assert.equal(rc.code.slice(f.span.start, f.span.end), e.text, `range of finding ${j}`);
            if (e.messageIncludes) assert.ok(f.message.includes(e.messageIncludes), `message "${f.message}" should include "${e.messageIncludes}"`);
            if (e.severity) assert.equal(f.severity, e.severity);
          });
        } else {
          assert.ok(found.length > 0, 'expected at least one finding');
        }
        if (rc.fixes) assert.deepEqual(found[0].fixes.map((x) => x.title), rc.fixes);
        if (rc.fixKind) {
          const fix = rc.fix ? found[0].fixes.find((x) => x.title === rc.fix) : found[0].fixes[0];
          assert.equal(fix?.kind, rc.fixKind, `class of fix ${fix?.title}`);
        }
        if (rc.output !== undefined) {
          const fix = rc.fix ? found[0].fixes.find((x) => x.title === rc.fix) : found[0].fixes[0];
          assert.ok(fix, `fix ${rc.fix ?? '(first)'} not offered; offered: ${found[0].fixes.map((x) => x.title).join(', ')}`);
          const fixed = applyEdits(rc.code, fix.edits);
          assert.equal(fixed, rc.output);
          if (/\.tf$/i.test(rc.path ?? '')) assert.ok(!hclHasErrors(fixed), 'the fixed .tf does not parse cleanly');
          const again = run(fixed, rc.path, rc.settings);
          const before = result.findings.filter((f) => f !== found[0]);
          assert.ok(again.findings.filter((f) => f.ruleId === ruleId).length < found.length, 'the fixed finding is gone');
          for (const g of again.findings) {
            assert.ok(before.some((b) => b.ruleId === g.ruleId) || rc.introduces?.includes(g.ruleId), `the fix introduced a new ${g.ruleId} finding: ${g.message}`);
          }
        }
      });
    });
    it('fix all: every fix has a class, suggestions name the access change, safe fixes keep who can do what', (t) => {
      const all = [...cases.valid.map((c) => (typeof c === 'string' ? { code: c } : c)), ...cases.invalid];
      const problems: string[] = [];
      let safe = 0;
      let suggestions = 0;
      let applied = 0;
      all.forEach((rc, i) => {
        const r = checkFixAll(rc.path ?? 'policy.kms.json', rc.code, rc.settings);
        problems.push(...r.problems.map((p) => `case #${i}${rc.name ? ` ${rc.name}` : ''}: ${p}`));
        safe += r.safe;
        suggestions += r.suggestions;
        applied += r.applied;
      });
      t.diagnostic(`${all.length} cases: ${safe} safe fixes, ${suggestions} suggestions offered; fix-all applied ${applied} edits`);
      assert.deepEqual(problems, []);
    });
  });
}

/** True when HCL text has a syntax error (tree-sitter ERROR or MISSING nodes). */
export function hclHasErrors(text: string): boolean {
  const { tree } = parseHcl(text);
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** Wraps statements in a policy document, pretty-printed with two spaces. */
export function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

export const ROOT = 'arn:aws:iam::111122223333:root';
export const ADMIN = 'arn:aws:iam::111122223333:role/KeyAdmin';
export const APP = 'arn:aws:iam::111122223333:role/App';
