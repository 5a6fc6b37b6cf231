// One answer per question in a key-policy file: VS Code's JSON service and Keyscope's server both serve
// `*.kms.json`; the schema the extension contributes for those names leaves the answers to the server. A
// misspelt element is one problem (ours), a completion list offers each element once, a hover shows once.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { ROOT } from '../../scripts/e2e/code-server';
import { editorSuite } from './suite';
import type { Problem } from './workbench';

const FILE = 'typo.kms.json';
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnableIAMUserPermissions",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "AppDecrypts",
      "efect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/app" },
      "Action": "kms:Decrypt",
      "Resource": "*"
    }
  ]
}
`;
const lineOf = (needle: string) => POLICY.slice(0, POLICY.indexOf(needle)).split('\n').length;
const columnOf = (needle: string) => POLICY.indexOf(needle) - POLICY.lastIndexOf('\n', POLICY.indexOf(needle));
const inFile = (ps: Problem[]) => ps.filter((p) => p.file === FILE);

/** Every description the shape schema (the one other editors use) would show, for hovers that must not appear. */
function shapeSchemaDescriptions(): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'description' && typeof x === 'string' ? out.push(x) : walk(x);
  };
  walk(JSON.parse(readFileSync(join(ROOT, 'schemas', 'key-policy.schema.json'), 'utf8')));
  return out;
}

describe('one source of problems, completions and hovers in a key-policy file (code-server)', { timeout: 600_000 }, () => {
  const suite = editorSuite();

  suite.test('"efect" is one problem, the element list offers each name once, a hover shows once', async () => {
    writeFileSync(join(suite.cs.workspace, FILE), POLICY);
    await suite.wb.openFile(FILE);
    await suite.wb.waitForProblems('the misspelt element reported', (ps) => inFile(ps).some((p) => p.source === 'keyscope' && p.code === 'unknown-element'));

    // A new member of the second statement: `"` asks for element names.
    await suite.wb.goTo(lineOf('"AppDecrypts"'), columnOf('"AppDecrypts"') + '"AppDecrypts",'.length);
    await suite.wb.page.keyboard.press('Enter');
    await suite.wb.page.keyboard.type('"');
    const labels = await suite.wb.suggestions('Condition');
    await suite.wb.screenshot('one-source-completion');
    assert.ok(labels.length > 1, `the list shows Keyscope's element names: ${labels}`);
    assert.deepEqual(labels.filter((l, i) => labels.indexOf(l) !== i), [], `each name once: ${labels}`);
    // `Effect` is offered (the statement has none spelt right), once: the JSON service's names from the sibling statement are not added.
    assert.equal(labels.filter((l) => l.replace(/"/g, '') === 'Effect').length, 1, `${labels}`);
    await suite.wb.page.keyboard.press('Control+Z');
    await suite.wb.page.keyboard.press('Control+Z');

    // A hover over the action: ours, once (one part), and no schema description beside it.
    await suite.wb.goTo(lineOf('"kms:Decrypt"'), columnOf('"kms:Decrypt"') + 3);
    const hover = await suite.wb.showHover('kms:Decrypt');
    await suite.wb.screenshot('one-source-hover');
    const parts = await suite.wb.page.locator('.monaco-editor .monaco-hover:not(.hidden) .markdown-hover .hover-contents').allInnerTexts();
    assert.equal(parts.filter((t) => t.trim()).length, 1, `one hover part: ${JSON.stringify(parts)}`);
    for (const d of shapeSchemaDescriptions()) assert.ok(!hover.includes(d), `the hover shows no schema description: ${d}`);

    // By now the JSON service has long answered for the file: still the one problem on the misspelt line, ours.
    const shown = await suite.wb.waitForProblems('the misspelt element reported', (ps) => inFile(ps).some((p) => p.code === 'unknown-element'));
    const onLine = inFile(shown).filter((p) => p.line === lineOf('"efect"'));
    assert.deepEqual(onLine.map((p) => `${p.source}:${p.code}`), ['keyscope:unknown-element'], JSON.stringify(inFile(shown), null, 1));
    assert.deepEqual(inFile(shown).filter((p) => p.source !== 'keyscope'), [], 'no problem from the JSON service');
    await suite.wb.screenshot('one-source-problems');
  });
});
