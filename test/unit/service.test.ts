import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits } from '../../server/src/policy/json-writer';
import { createKeyscope, type Keyscope } from '../../server/src/service';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { snapshot } from '../helpers/incremental';
import { memoryHost } from '../helpers/terraform';

// A key whose policy names a role defined in another file of the module: what the policy says depends on the
// folder the file is in.
const MAIN = `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "App", Effect = "Allow", Principal = { AWS = local.app }, Action = ["kms:Decrypt", "kms:Encrpt"], Resource = "*" },
    ]
  })
}
`;
const other = (principal: string) => `locals {\n  app = "${principal}"\n}\n`;
const folder = (principal: string) => memoryHost({ '/ws/main.tf': MAIN, '/ws/other.tf': other(principal) });

const JSON_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
    { Sid: 'Typos', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['kms:Decrpyt', 'kms:DescribeKye', 'kms:Encrypt'], Resource: '*' },
  ],
}, null, 2);

/** The analysis of `text` at `path` by an instance that has seen nothing else. */
function firstAnalysis(host: ReturnType<typeof folder>, text: string, path = '/ws/main.tf'): unknown {
  const k = createKeyscope({ host });
  try {
    return snapshot(k.analyze({ path, text }));
  } finally {
    k.dispose();
  }
}

describe('engine service', () => {
  before(() => createKeyscope().prepare('main.tf'));

  it('keeps the workspace folders of one server apart: the same path in two instances gives each its own module', () => {
    const prod = folder('arn:aws:iam::111122223333:role/prod-app');
    const dev = folder('arn:aws:iam::444455556666:role/dev-app');
    const a = createKeyscope({ host: prod });
    const b = createKeyscope({ host: dev });
    try {
      // Interleaved edits of the same path: each instance goes on from its own last analysis only.
      let text = MAIN;
      for (const [from, to] of [['kms:Encrpt', 'kms:Encrypt'], ['"App"', '"Application"'], ['"kms:Decrypt", ', '']]) {
        const inA = snapshot(a.analyze({ path: '/ws/main.tf', text }));
        const inB = snapshot(b.analyze({ path: '/ws/main.tf', text }));
        assert.deepEqual(inA, firstAnalysis(prod, text));
        assert.deepEqual(inB, firstAnalysis(dev, text));
        assert.notDeepEqual(inA, inB, 'the two folders define different principals');
        text = text.replace(from, to);
      }
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('analyses with the instance settings unless the document brings its own', () => {
    const quiet = { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, 'unknown-action': 'off' as const } };
    const k = createKeyscope({ settings: quiet });
    try {
      const path = '/ws/app.kms.json';
      assert.ok(!k.analyze({ path, text: JSON_POLICY, force: true }).findings.some((f) => f.ruleId === 'unknown-action'));
      assert.ok(k.analyze({ path, text: JSON_POLICY, force: true, settings: DEFAULT_SETTINGS }).findings.some((f) => f.ruleId === 'unknown-action'));
    } finally {
      k.dispose();
    }
  });

  it('offers each finding its fixes, one "fix all" per rule, and a fix-all that repairs the document', () => {
    const k = createKeyscope();
    try {
      const doc = { path: '/ws/app.kms.json', text: JSON_POLICY, force: true };
      const analysis = k.analyze(doc);
      const typos = analysis.findings.filter((f) => f.ruleId === 'unknown-action');
      assert.equal(typos.length, 2);
      const actions = k.codeActions(analysis, typos);
      // Each typo's own fixes point back at it; the rule's "fix all" follows the first and is not repeated.
      for (const a of actions.filter((x) => x.finding !== undefined)) assert.ok(typos[a.finding!].fixes.some((f) => f.title === a.title));
      const all = actions.filter((x) => x.finding === undefined);
      assert.deepEqual(all.map((x) => x.title), ['Fix all 2 unknown-action problems in this file']);
      const fixed = applyEdits(JSON_POLICY, all[0].edits);
      assert.ok(fixed.includes('"kms:Decrypt"') && fixed.includes('"kms:DescribeKey"'), fixed);
      assert.equal(k.analyze({ path: '/ws/fixed.kms.json', text: applyEdits(JSON_POLICY, k.fixAll(analysis, doc)), force: true }).findings.filter((f) => f.ruleId === 'unknown-action').length, 0);
    } finally {
      k.dispose();
    }
  });

  it('answers hovers, completions and access matrices over its analyses', () => {
    const k = createKeyscope();
    try {
      const analysis = k.analyze({ path: '/ws/app.kms.json', text: JSON_POLICY, force: true });
      const hover = k.hover(analysis, JSON_POLICY.indexOf('kms:Encrypt') + 5);
      assert.match(hover?.markdown ?? '', /Encrypt/);
      const at = JSON_POLICY.indexOf('kms:Encrypt') + 'kms:En'.length;
      assert.ok(k.complete(analysis, at).some((c) => c.label === 'kms:Encrypt'));
      const [access] = k.access(analysis, { whatIf: ['arn:aws:iam::999999999999:role/x'] });
      assert.deepEqual(access.statementLabels, ['Root', 'Typos']);
      assert.ok(access.matrix.rows.some((r) => r.kind === 'what-if'));
      assert.deepEqual(access.anchor, access.source.span);
    } finally {
      k.dispose();
    }
  });

  it('cannot be used once disposed', () => {
    const k: Keyscope = createKeyscope({ host: folder('arn:aws:iam::111122223333:role/app') });
    k.analyze({ path: '/ws/main.tf', text: MAIN });
    k.dispose();
    assert.throws(() => k.analyze({ path: '/ws/main.tf', text: MAIN }), /disposed/);
    assert.throws(() => k.analyze({ path: '/ws/app.kms.json', text: JSON_POLICY, force: true }), /disposed/);
  });
});
