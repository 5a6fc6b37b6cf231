// Snippets as the server's completion offers them, in a real VS Code (code-server): a key policy in an empty
// file, a statement in a Statement list written with the file's four-space indentation exactly as the engine
// writes it (VS Code adds no indentation of its own), none inside an ARN string, and only the statement form
// that fits in Terraform (objects in a jsonencode list, never the -doc blocks).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'node:test';
import { poll } from '../../scripts/e2e/code-server';
import { policySnippets } from '../../server/src/generate/snippets';
import { engineCompletion, engineProblems } from './expected';
import { editorSuite, type EditorSuite } from './suite';
import type { Problem } from './workbench';

const ours = (ps: Problem[], file: string) => ps.filter((p) => p.file === file && p.source === 'keyscope');
const serious = (p: { severity?: string }) => p.severity === 'error' || p.severity === 'warning';

/** A policy with one statement, indented by four spaces. */
const POLICY4 = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Root",
            "Effect": "Allow",
            "Principal": {
                "AWS": "arn:aws:iam::111122223333:root"
            },
            "Action": "kms:*",
            "Resource": "*"
        }
    ]
}
`;

/** Writes `rel`, opens it and waits until the server has analysed it (its findings, or `ready`). */
async function openAnalysed(suite: EditorSuite, rel: string, text: string, ready: (ps: Problem[]) => boolean): Promise<void> {
  writeFileSync(join(suite.cs.workspace, rel), text);
  await suite.wb.openFile(rel);
  await suite.wb.waitForProblems(`${rel} analysed`, ready);
}

/** The file's text on disk once it differs from `before`. */
const savedText = (suite: EditorSuite, rel: string, before: string) =>
  poll(`${rel} saved`, () => {
    const t = readFileSync(join(suite.cs.workspace, rel), 'utf8');
    return t !== before ? t : undefined;
  }, 30_000);

describe('snippets from the server\'s completion (code-server)', { timeout: 600_000 }, () => {
  const suite = editorSuite();

  suite.test('a key-policy snippet in an empty file expands to a policy with no errors or warnings', async () => {
    const snippet = policySnippets().find((s) => s.form === 'json-policy')!;
    const rel = 'new-key.kms.json';
    // A lone brace is not JSON: waiting for that diagnostic proves the document is being analysed (an empty
    // file has no finding). Then the file is emptied and the snippet typed into it.
    await openAnalysed(suite, rel, '{', (ps) => ours(ps, rel).some((p) => p.code === 'json-syntax'));
    await suite.wb.focusEditor();
    await suite.wb.page.keyboard.press('Control+A');
    await suite.wb.page.keyboard.press('Delete');
    await suite.wb.expandSnippet(snippet.prefix);
    await suite.wb.save();
    const text = await savedText(suite, rel, '{');
    assert.ok(text.includes('"Statement"'), text);
    // DESIGN: a snippet expanded with its defaults gets no error or warning (notes such as root delegation may stay).
    assert.deepEqual(engineProblems(rel, text).filter(serious), [], 'the engine finds no error or warning in the expanded snippet');
    await suite.wb.waitForProblems('the snippet to have no errors or warnings', (ps) => !ours(ps, rel).some((p) => p.code === 'json-syntax') && ours(ps, rel).filter(serious).length === 0);
    await suite.wb.screenshot('07-snippet-expanded');
  });

  suite.test('a statement snippet in a four-space file: the file\'s indentation, exactly as the engine writes it', async () => {
    const rel = 'four.kms.json';
    await openAnalysed(suite, rel, POLICY4, (ps) => ours(ps, rel).some((p) => p.code === 'root-delegation'));
    // A new line after the statement, at its indentation.
    await suite.wb.goTo(12, 10);
    await suite.wb.page.keyboard.press('Enter');
    await suite.wb.page.keyboard.press('Shift+Home');
    await suite.wb.page.keyboard.type('        ');
    const typed = POLICY4.replace('        }\n    ]', '        }\n        kms-statement-admins\n    ]');
    const want = engineCompletion(rel, typed, typed.indexOf('kms-statement-admins') + 'kms-statement-admins'.length, 'kms-statement-admins').output;
    await suite.wb.expandSnippet('kms-statement-admins');
    await suite.wb.save();
    const text = await savedText(suite, rel, POLICY4);
    await suite.wb.screenshot('snippet-four-spaces');
    assert.equal(text, want);
    assert.ok(text.includes('\n        },\n        {\n            "Sid": "AllowKeyAdministration",\n'), text);
    assert.deepEqual(JSON.parse(text).Statement.length, 2);
  });

  suite.test('inside an ARN string: no snippet', async () => {
    const rel = 'arn.kms.json';
    const text = POLICY4.replace('"Resource": "*"', '"Resource": "arn:aws:kms:eu-west-1:111122223333:key/platform-kms-ad"');
    await openAnalysed(suite, rel, text, (ps) => ours(ps, rel).some((p) => p.code === 'resource-not-star'));
    await suite.wb.goTo(11, text.split('\n')[10].indexOf('platform-kms-ad') + 'platform-kms-ad'.length + 1);
    // The string's own completion (`*`) does not match the word typed: "No suggestions.", and never a snippet.
    const labels = await suite.wb.suggestions();
    assert.deepEqual(labels.filter((l) => l.startsWith('kms-')), [], `${labels}`);
  });

  suite.test('a jsonencode Statement list offers statement objects, never the -doc blocks', async () => {
    const rel = 'listed.tf';
    const tf = 'resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      {\n        Effect    = "Allow"\n        Principal = { AWS = "arn:aws:iam::111122223333:root" }\n        Action    = "kms:*"\n        Resource  = "*"\n      },\n      kms-statement-users\n    ]\n  })\n}\n';
    await openAnalysed(suite, rel, tf, (ps) => ours(ps, rel).length > 0);
    await suite.wb.goTo(11, 26);
    const labels = await suite.wb.suggestions('kms-statement-users');
    assert.ok(labels.includes('kms-statement-users'), `${labels}`);
    assert.deepEqual(labels.filter((l) => l.endsWith('-doc')), [], `${labels}`);
  });
});
