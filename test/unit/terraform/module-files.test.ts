import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { smallTerraform } from '../../../scripts/bench-inputs';
import { snapshot } from '../../helpers/incremental';
import { extract, memoryHost, plain } from '../../helpers/terraform';

/**
 * A module of many files: what one file's policies reference in the others (locals, roles, policy documents,
 * the key that uses a document) is read from the other files' current text, whichever file changes.
 */

const MAIN = `resource "aws_kms_key" "main" {
  description = "main"
  policy      = data.aws_iam_policy_document.main.json
}

data "aws_iam_policy_document" "main" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "Admin"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [local.admin, aws_iam_role.ops.arn, "arn:aws:iam::\${local.account}:root"]
    }
  }
}
`;

const locals = (admin: string, account: string) => `locals {
  account = "${account}"
  admin   = "arn:aws:iam::\${local.account}:role/${admin}"
}

resource "aws_iam_role" "ops" {
  name = "ops-${admin}"
}
`;

const base = (action: string) => `data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Base"
    actions   = ["${action}"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
`;

/** A module folder: 300 files like the benchmark's, and the files under test. */
function module(dir: string, own: Record<string, string>): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`${dir}/k${String(i).padStart(3, '0')}.tf`] = smallTerraform(i);
  for (const [name, text] of Object.entries(own)) files[`${dir}/${name}`] = text;
  return files;
}

const identifiers = (text: string, path: string, host: ReturnType<typeof memoryHost>) => {
  const doc = extract(text, path, host).sources.find((s) => s.owner === 'aws_kms_key.main');
  return JSON.stringify(plain(doc?.policy.root));
};

describe('a module of many files', () => {
  before(async () => {
    await initTerraform();
  });

  it('resolves locals, roles and merged documents of other files, and follows their changes', () => {
    const files = module('/ws/big', { 'main.tf': MAIN, 'locals.tf': locals('admin', '111122223333'), 'zz-base.tf': base('kms:Decrypt') });
    const host = memoryHost(files);
    let fresh = 0;
    const versions: [string, string][] = [
      [locals('admin', '111122223333'), base('kms:Decrypt')],
      [locals('boss', '111122223333'), base('kms:Decrypt')],
      [locals('boss', '444455556666'), base('kms:Decrypt')],
      [locals('boss', '444455556666'), base('kms:Decrpyt')],
      ['', base('kms:Decrpyt')],
    ];
    for (const [i, [l, b]] of versions.entries()) {
      files['/ws/big/locals.tf'] = l;
      files['/ws/big/zz-base.tf'] = b;
      const incremental = analyze({ path: '/ws/big/main.tf', text: MAIN, host });
      const dir = `/ws/fresh-big${fresh++}`;
      const first = analyze({ path: `${dir}/main.tf`, text: MAIN, host: memoryHost({ [`${dir}/main.tf`]: MAIN, [`${dir}/locals.tf`]: l, [`${dir}/zz-base.tf`]: b }) });
      assert.deepStrictEqual(snapshot(incremental, '/ws/big'), snapshot(first, dir), `version ${i}`);
    }
  });

  it('reads what the other files hold now', () => {
    const files = module('/ws/read', { 'main.tf': MAIN, 'locals.tf': locals('admin', '111122223333'), 'zz-base.tf': base('kms:Decrypt') });
    const host = memoryHost(files);
    const before = identifiers(MAIN, '/ws/read/main.tf', host);
    assert.match(before, /arn:aws:iam::111122223333:role\/admin/);
    assert.match(before, /:role\/ops-admin"/);
    assert.match(before, /kms:Decrypt/);
    files['/ws/read/locals.tf'] = locals('boss', '444455556666');
    files['/ws/read/zz-base.tf'] = base('kms:Encrypt');
    const after = identifiers(MAIN, '/ws/read/main.tf', host);
    assert.match(after, /arn:aws:iam::444455556666:role\/boss/);
    assert.match(after, /:role\/ops-boss"/);
    assert.match(after, /kms:Encrypt/);
    assert.doesNotMatch(after, /111122223333:role\/admin|ops-admin|kms:Decrypt/);
  });

  it('takes the first definition in file-name order, and the file itself before the others', () => {
    const other = (v: string) => `locals {\n  admin = "arn:aws:iam::111122223333:role/${v}"\n  account = "111122223333"\n}\n`;
    const files = module('/ws/order', { 'main.tf': MAIN, 'a.tf': other('first'), 'z.tf': other('last') });
    const host = memoryHost(files);
    assert.match(identifiers(MAIN, '/ws/order/main.tf', host), /role\/first/);
    const own = `${MAIN}\nlocals {\n  admin = "arn:aws:iam::111122223333:role/own"\n}\n`;
    files['/ws/order/main.tf'] = own;
    assert.match(identifiers(own, '/ws/order/main.tf', host), /role\/own/);
  });

  it('names the key of another file that uses a document, and drops it when that file stops', () => {
    const doc = base('kms:Decrypt');
    const key = (ref: string) => `resource "aws_kms_key" "user" {\n  policy = ${ref}\n}\n`;
    const files = module('/ws/owner', { 'base.tf': doc, 'key.tf': key('data.aws_iam_policy_document.base.json') });
    const host = memoryHost(files);
    const owner = () => extract(doc, '/ws/owner/base.tf', host).sources.find((s) => s.kind === 'tf-policy-document')?.owner;
    assert.equal(owner(), 'aws_kms_key.user');
    files['/ws/owner/key.tf'] = key('var.policy');
    assert.equal(owner(), undefined);
  });
});
