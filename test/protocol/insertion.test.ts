// keyscope/insertion over the protocol: where "New key policy…" may insert at the cursor, and that what it
// inserts there (the generator's output for that place) leaves a document that parses, with the new statements.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { generateInsertion, type Format, type InsertionForm } from '../../server/src/generate';
import { INSERTION_REQUEST, type InsertionResult } from '../../server/src/lsp/protocol';
import { createKeyscope } from '../../server/src/service';
import { LineIndex } from '../../server/src/text';
import { caret } from '../helpers/caret';
import { exampleInput } from '../helpers/generate';
import { applyLspEdits, TestClient } from '../helpers/lsp-client';

const STATEMENT = '{ "Sid": "Old", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/old" }, "Action": "kms:Decrypt", "Resource": "*" }';
const HCL_STATEMENT = '{\n        Sid       = "Old"\n        Effect    = "Allow"\n        Principal = { AWS = "arn:aws:iam::111122223333:role/old" }\n        Action    = "kms:Decrypt"\n        Resource  = "*"\n      }';

interface Case {
  name: string;
  file: string;
  marked: string;
  /** What fits at the caret; undefined: nothing (only a new file is offered). */
  form?: InsertionForm;
  format?: Format;
}

const CASES: Case[] = [
  { name: 'an empty JSON document takes the policy', file: 'new.kms.json', marked: '|', form: 'policy', format: 'json' },
  { name: 'after the last statement of a JSON list (a comma is added)', file: 'a.kms.json', marked: `{\n    "Version": "2012-10-17",\n    "Statement": [\n        ${STATEMENT}|\n    ]\n}\n`, form: 'json-statements', format: 'json' },
  { name: 'before the first statement of a JSON list (a comma follows)', file: 'b.kms.json', marked: `{\n  "Version": "2012-10-17",\n  "Statement": [|\n    ${STATEMENT}\n  ]\n}\n`, form: 'json-statements', format: 'json' },
  { name: 'an empty JSON list', file: 'c.kms.json', marked: `{\n  "Version": "2012-10-17",\n  "Statement": [|]\n}\n`, form: 'json-statements', format: 'tf' },
  { name: 'nothing inside a JSON statement', file: 'd.kms.json', marked: `{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "Old", | "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/old" }, "Action": "kms:Decrypt", "Resource": "*" }\n  ]\n}\n` },
  { name: 'nothing at the top of a JSON policy', file: 'e.kms.json', marked: `{\n  "Version": "2012-10-17",|\n  "Statement": [\n    ${STATEMENT}\n  ]\n}\n` },
  { name: 'in a jsonencode Statement list: HCL objects, not blocks', file: 'main.tf', marked: `resource "aws_kms_key" "app" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      ${HCL_STATEMENT},\n      |\n    ]\n  })\n}\n`, form: 'hcl-statements', format: 'tf' },
  { name: 'at the top level of a .tf file: blocks', file: 'main.tf', marked: `resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n|\n`, form: 'blocks', format: 'tf-doc' },
  { name: 'in an aws_iam_policy_document: statement blocks', file: 'main.tf', marked: `data "aws_iam_policy_document" "app" {\n  statement {\n    sid       = "Old"\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:role/old"]\n    }\n  }\n  |\n}\n`, form: 'document-statements', format: 'tf-doc' },
  { name: 'nothing inside a resource block', file: 'main.tf', marked: `resource "aws_kms_key" "app" {\n  description = "x"\n  |\n}\n` },
  { name: 'nothing inside a jsonencode statement', file: 'main.tf', marked: `resource "aws_kms_key" "app" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      {\n        Sid = "Old"\n        |\n      }\n    ]\n  })\n}\n` },
];

describe('keyscope/insertion: what "New key policy…" inserts where', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-insertion-'));
  let client: TestClient;
  before(async () => {
    client = new TestClient();
    await client.initialize(dir);
  });
  after(() => client.close());

  let version = 1;
  for (const c of CASES) {
    it(c.name, async () => {
      const { text, offset } = caret(c.marked);
      const uri = pathToFileURL(join(dir, c.file)).href;
      const languageId = c.file.endsWith('.tf') ? 'terraform' : 'json';
      await client.open(uri, languageId, text, version++);
      const point = (await client.conn.sendRequest(INSERTION_REQUEST, { uri, position: new LineIndex(text).positionAt(offset) })) as InsertionResult;
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.equal(point?.form, c.form);
      if (!point) return;
      const input = exampleInput('app', c.format);
      const out = applyLspEdits(text, [{ range: point.range, newText: generateInsertion(input, point) }]);
      // The result parses, keeps what was there, and holds the generated statements.
      const engine = createKeyscope();
      try {
        await engine.prepare(join(dir, c.file), languageId);
        const analysis = engine.analyze({ path: join(dir, c.file), text: out, languageId, force: true });
        const errors = analysis.findings.filter((f) => f.ruleId === 'json-syntax' || f.severity === 'error');
        assert.deepEqual(errors.map((f) => `${f.ruleId}: ${f.message}`), [], out);
        const sids = analysis.sources.flatMap((s) => s.policy.statements.map((st) => (st.sid?.value.kind === 'string' ? st.sid.value.value : '')));
        assert.ok(sids.includes('AllowKeyAdministration'), out);
        if (c.marked.includes('"Old"')) assert.ok(sids.includes('Old'), out);
        if (c.form === 'hcl-statements') assert.doesNotMatch(out, /resource "aws_kms_key" "billing/, 'no block inside the list');
      } finally {
        engine.dispose();
      }
    });
  }
});
