// `keyscope lint modules/kms` in a repository whose root module calls it: the callers outside the given path are
// found (one walk of the repository, the engine's bounds) and what their calls cause in the module is reported
// at the calls; nothing else of theirs. Linting the whole repository reports each finding once.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliIn, type JsonFinding } from '../helpers/cli';

const MODULE = `variable "readers" {
  type = list(string)
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
  description         = "A key whose readers each call gives"
  policy = jsonencode({
    Statement = [
      { Principal = { AWS = "arn:aws:iam::111122223333:root" }, Sid = "Root", Action = "kms:*", Effect = "Allow", Resource = "*" },
      { Principal = { AWS = var.readers }, Sid = "Readers", Action = ["kms:Decrypt"], Effect = "Allow", Resource = "*" },
    ]
    Version = "2012-10-17"
  })
}
`;

const ROOT = `provider "aws" {}

module "orders" {
  source  = "./modules/kms"
  readers = ["*"]
}

# The root's own key, with a misspelt action: not about the module, not reported when only the module is linted.
resource "aws_kms_key" "own" {
  description         = "The root's own"
  enable_key_rotation = true
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = ["kms:Decrpyt", "kms:*"], Resource = "*" }]
  })
}
`;

describe('keyscope lint on a module whose callers are outside the given paths', () => {
  const repo = mkdtempSync(join(tmpdir(), 'keyscope-callers-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'modules', 'kms'), { recursive: true });
  writeFileSync(join(repo, 'modules', 'kms', 'main.tf'), MODULE);
  writeFileSync(join(repo, 'main.tf'), ROOT);
  after(() => rmSync(repo, { recursive: true, force: true }));
  const cli = cliIn(repo);
  const lint = (...paths: string[]) => JSON.parse(cli(['lint', '--format', 'json', ...paths]).stdout) as (JsonFinding & { related?: { file: string }[] })[];

  it('reports what the root module\'s call causes in the module, at the call, and nothing else of the caller', () => {
    const found = lint(join('modules', 'kms'));
    assert.deepEqual(found.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId}`), ['main.tf:5 public-principal']);
    assert.deepEqual(found.find((f) => f.ruleId === 'public-principal')?.related?.map((r) => r.file), [join('modules', 'kms', 'main.tf')]);
    assert.ok(!found.some((f) => f.ruleId === 'unknown-action'), 'the root key\'s own finding is not the module\'s');
  });

  it('the module file named alone is linted through the call too', () => {
    const found = lint(join('modules', 'kms', 'main.tf'));
    assert.deepEqual(found.filter((f) => f.ruleId === 'public-principal').map((f) => `${f.file}:${f.range.start.line + 1}`), ['main.tf:5']);
  });

  it('the whole repository: each finding once, the caller\'s own included', () => {
    const found = lint('.');
    assert.equal(found.filter((f) => f.ruleId === 'public-principal').length, 1);
    assert.equal(found.filter((f) => f.ruleId === 'unknown-action').length, 1);
  });
});
