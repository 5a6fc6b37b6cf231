import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import type { Host } from '../../../server/src/host';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { bigTerraform } from '../../../scripts/bench-inputs';
import { MUTATIONS, rng } from '../../fuzz/fuzz';
import { snapshot } from '../../helpers/incremental';
import { memoryHost } from '../../helpers/terraform';

/**
 * After an edit, a .tf file is analysed again from what the last analysis of the same path kept (policies
 * built from unchanged text, the reports of unchanged policies). Whatever the edit, the result must be the one
 * a first analysis of the new text gives: same findings, spans, fixes, models and writers.
 */

const BASE = `data "aws_caller_identity" "current" {}

locals {
  admin_role = "arn:aws:iam::111122223333:role/admin"
  stage      = "prod"
  shared_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Root"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_iam_role" "app" {
  name = "app-role"
}

resource "aws_kms_key" "a" {
  description         = "key a"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "App"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = concat(["kms:Decrypt"], ["kms:Encrypt"])
        Resource  = "*"
      },
      {
        Sid       = "Admin"
        Effect    = "Allow"
        Principal = { AWS = local.admin_role }
        Action    = ["kms:Decrpyt", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_kms_key" "b" {
  description = "key b"
  policy      = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Root",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Sid": "App",
          "Effect": "Allow",
          "Principal": { "AWS": "\${aws_iam_role.app.arn}" },
          "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
          "Resource": "*",
          "Condition": { "StringEquals": { "kms:ViaService": "s3.\${local.stage}.amazonaws.com" } }
        }
      ]
    }
  EOF
}

data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_kms_key" "c" {
  description = "key c"
  policy      = data.aws_iam_policy_document.c.json
}

data "aws_iam_policy_document" "c" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "App"
    actions   = ["kms:Decrypt", "kms:Encrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn, local.admin_role]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = ["111122223333"]
    }
  }
}

resource "aws_kms_key" "d" {
  policy = local.shared_policy
}

data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
  }
}

resource "aws_kms_key" "f" {
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_kms_key" "g" {
  policy = data.aws_iam_policy_document.shared.json
}

resource "aws_kms_key_policy" "e" {
  key_id = aws_kms_key.a.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Root", Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["kms:Decrypt", "kms:Encrpt"], Resource = "*" }]
  })
}
`;

let fresh = 0;

/** Analyses each text in turn at one path, and checks each result against a first analysis of the text. */
function checkSequence(texts: string[], label: string): void {
  const path = `/inc/${label.replace(/\W+/g, '-')}/main.tf`;
  for (const [i, text] of texts.entries()) {
    const incremental = analyze({ path, text });
    const first = analyze({ path: `/fresh/${fresh++}/main.tf`, text });
    assert.deepStrictEqual(snapshot(incremental), snapshot(first), `${label}: step ${i} differs from a first analysis`);
  }
}

/** `text` with the first occurrence of `from` (after `after`, when given) replaced. */
function edit(text: string, from: string, to: string, after = ''): string {
  const i = text.indexOf(from, after ? text.indexOf(after) : 0);
  assert.ok(i >= 0, `"${from}" not found`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

describe('incremental analysis of a .tf file', () => {
  before(async () => {
    await initTerraform();
  });

  it('gives first-analysis results after edits inside and outside policies', () => {
    const steps = [BASE];
    const next = (f: (t: string) => string) => steps.push(f(steps[steps.length - 1]));
    next((t) => edit(t, 'description         = "key a"', 'xdescription         = "key a"'));
    next((t) => edit(t, 'xdescription', 'description'));
    next((t) => edit(t, '"kms:Decrpyt"', '"kms:Decrypt"'));
    next((t) => edit(t, '"kms:GenerateDataKey*"', '"kms:GenerateDataKey*", "kms:ReEncrypt*"'));
    next((t) => edit(t, '"kms:CallerAccount"', '"kms:ViaService"'));
    next((t) => edit(t, 'sid       = "App"', 'sid       = "Apps"'));
    next((t) => edit(t, '"Sid": "App"', '"Sid": "Root"'));
    next((t) => edit(t, 'Sid = "Root", Effect = "Allow", Principal = { AWS = "*" }', 'Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }'));
    // Moves the heredoc, whose duplicate Sid is reported with the offset of the first one.
    next((t) => edit(t, '"key a"', '"key aa"'));
    checkSequence(steps, 'edits in and out of policies');
  });

  it('follows what a policy reads from other blocks: locals, roles, merged and shared documents', () => {
    const steps = [BASE];
    const next = (f: (t: string) => string) => steps.push(f(steps[steps.length - 1]));
    next((t) => edit(t, 'role/admin"', 'role/Admin"'));
    next((t) => edit(t, 'stage      = "prod"', 'stage      = "eu-west-1"'));
    next((t) => edit(t, 'name = "app-role"', 'name = "other"'));
    next((t) => edit(t, 'actions   = ["kms:*"]', 'actions   = ["kms:Decrypt"]'));
    next((t) => edit(t, 'Action    = "kms:*"', 'Action    = "kms:Encrypt"', 'shared_policy'));
    next((t) => edit(t, 'policy = data.aws_iam_policy_document.shared.json', 'policy = jsonencode({})', 'aws_kms_key" "f'));
    next((t) => edit(t, 'key_id = aws_kms_key.a.id', 'key_id = aws_kms_key.c.id'));
    next((t) => edit(t, 'locals {', 'locals {\n  unused = 1'));
    checkSequence(steps, 'cross-block');
  });

  it('gives first-analysis results when blocks are added, removed, duplicated and commented out', () => {
    const keyA = BASE.slice(BASE.indexOf('resource "aws_kms_key" "a"'), BASE.indexOf('resource "aws_kms_key" "b"'));
    const steps = [BASE];
    const next = (f: (t: string) => string) => steps.push(f(steps[steps.length - 1]));
    next((t) => `resource "aws_kms_key" "new" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }] })\n}\n\n${t}`);
    next((t) => t.slice(t.indexOf('data "aws_caller_identity"')));
    next((t) => t + '\n' + keyA.replace('"a"', '"a2"'));
    next((t) => t + '\n' + keyA);
    next((t) => edit(t, 'resource "aws_kms_key" "b"', '# keyscope-ignore kms-star, unknown-action\nresource "aws_kms_key" "b"'));
    next((t) => edit(t, 'data "aws_iam_policy_document" "base" {', '/*data "aws_iam_policy_document" "base" {'));
    next((t) => edit(t, '/*data', 'data'));
    next((t) => t.replace(/\n/g, '\r\n'));
    checkSequence(steps, 'blocks');
  });

  it('gives first-analysis results while the HCL or the JSON is broken and after it is mended', () => {
    const steps = [BASE];
    const next = (f: (t: string) => string) => steps.push(f(steps[steps.length - 1]));
    next((t) => edit(t, '"Action": ["kms:Decrypt", "kms:GenerateDataKey*"],', '"Action": ["kms:Decrypt", "kms:GenerateDataKey*"]'));
    next((t) => edit(t, '"kms:GenerateDataKey*"]', '"kms:GenerateDataKey*"],'));
    next((t) => edit(t, 'Sid       = "App"', 'Sid       = "App'));
    next((t) => edit(t, 'Sid       = "App', 'Sid       = "App"'));
    next((t) => edit(t, 'description = "key c"\n', 'description = "key c"\n  }\n'));
    next((t) => edit(t, 'description = "key c"\n  }\n', 'description = "key c"\n'));
    next((t) => edit(t, 'statement {', 'statement {{', 'aws_iam_policy_document" "c'));
    next((t) => edit(t, 'statement {{', 'statement {'));
    checkSequence(steps, 'broken');
  });

  it('gives first-analysis results over a seeded series of random edits', () => {
    const r = rng(6);
    const kinds = ['insert', 'delete', 'replaceString', 'swapTokens', 'duplicate', 'unicode'] as const;
    const small = (t: string) => {
      const i = Math.floor(r() * t.length);
      return r() < 0.5 ? t.slice(0, i) + 'x' + t.slice(i) : t.slice(0, i) + t.slice(i + 1);
    };
    const steps = [BASE + bigTerraform(2)];
    for (let i = 0; i < 50; i++) {
      const t = steps[steps.length - 1];
      const roll = r();
      // Mostly one-character edits (typing), some larger mutations, and now and then back to an earlier text.
      if (roll < 0.6) steps.push(small(t));
      else if (roll < 0.9) steps.push(MUTATIONS[kinds[Math.floor(r() * kinds.length)]](t, r));
      else steps.push(steps[Math.floor(r() * steps.length)]);
    }
    checkSequence(steps, 'random');
  });

  it('follows changes in the other files of the module', () => {
    const main = `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Admin", Effect = "Allow", Principal = { AWS = local.admin }, Action = "kms:*", Resource = "*" }]
  })
}

resource "aws_kms_key" "m" {
  policy = data.aws_iam_policy_document.m.json
}
`;
    const other = (admin: string, action: string) => `locals {
  admin = "${admin}"
}

data "aws_iam_policy_document" "m" {
  statement {
    actions   = ["${action}"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [local.admin]
    }
  }
}
`;
    const versions = [other('arn:aws:iam::111122223333:root', 'kms:*'), other('arn:aws:iam::111122223333:role/a', 'kms:*'), other('arn:aws:iam::111122223333:role/a', 'kms:Decrpyt')];
    const files: Record<string, string> = { '/ws/m/main.tf': main };
    const host: Host = memoryHost(files);
    for (const [i, o] of versions.entries()) {
      files['/ws/m/other.tf'] = o;
      const incremental = analyze({ path: '/ws/m/main.tf', text: main, host });
      const dir = `/ws/fresh${fresh++}`;
      const first = analyze({ path: `${dir}/main.tf`, text: main, host: memoryHost({ [`${dir}/main.tf`]: main, [`${dir}/other.tf`]: o }) });
      assert.deepStrictEqual(snapshot(incremental, '/ws/m'), snapshot(first, dir), `version ${i} of the other file`);
    }
  });
});

describe('incremental analysis: settings and referenced files', () => {
  before(async () => {
    await initTerraform();
  });

  it('follows a change of settings between two analyses of the same text', () => {
    const path = '/inc/settings/main.tf';
    const variants: KeyscopeSettings[] = [
      DEFAULT_SETTINGS,
      { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, 'unknown-action': 'warning', 'kms-star': 'off' } },
      { ...DEFAULT_SETTINGS, deployerArn: 'arn:aws:iam::111122223333:role/deployer' },
      { ...DEFAULT_SETTINGS, accounts: { '111122223333': { name: 'payments', stage: 'dev' } } },
      DEFAULT_SETTINGS,
    ];
    for (const [i, settings] of variants.entries()) {
      const incremental = analyze({ path, text: BASE, settings });
      const first = analyze({ path: `/fresh/${fresh++}/main.tf`, text: BASE, settings });
      assert.deepStrictEqual(snapshot(incremental), snapshot(first), `settings ${i}`);
    }
  });

  it('reads a policy file named by file() again when it changes', () => {
    const main = `resource "aws_kms_key" "k" {
  description = "k"
  policy      = file("\${path.module}/policy.json")
}
`;
    const policy = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: action, Resource: '*' }] });
    const files: Record<string, string> = { '/ws/f/main.tf': main };
    const host = memoryHost(files);
    for (const [i, action] of ['kms:*', 'kms:Decrpyt', 'kms:Decrypt'].entries()) {
      files['/ws/f/policy.json'] = policy(action);
      const incremental = analyze({ path: '/ws/f/main.tf', text: main, host });
      const dir = `/ws/fresh${fresh++}`;
      const first = analyze({ path: `${dir}/main.tf`, text: main, host: memoryHost({ [`${dir}/main.tf`]: main, [`${dir}/policy.json`]: policy(action) }) });
      assert.deepStrictEqual(snapshot(incremental, '/ws/f'), snapshot(first, dir), `version ${i} of the policy file`);
      assert.equal(incremental.sources.length, 1);
    }
  });
});
