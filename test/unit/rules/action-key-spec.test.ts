import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { actionKeySpec } from '../../../server/src/rules/action-key-spec';
import type { Report } from '../../../server/src/rules/types';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { readResources } from '../../../server/src/terraform/module/files';
import { APP, policy, ruleTable } from '../../helpers/rule-table';

const allow = (Action: string | string[]) => ({ Effect: 'Allow', Principal: { AWS: APP }, Action, Resource: '*' });

/**
 * The rule on its own: a .tf file's resources and a policy owned by one of them (the policy's spans are in its
 * own text here), so the key-type logic is tested apart from extraction.
 */
function check(tf: string, json: string, owner: string) {
  const source = { ...parseJsonPolicy(json, 'p'), owner };
  const reports: Report[] = [];
  actionKeySpec.check({ file: readResources(tf, 'main.tf'), sources: [source], settings: DEFAULT_SETTINGS, text: tf, report: (r) => reports.push(r) });
  return reports.map((r) => {
    const span = 'span' in r.at ? r.at.span : r.at;
    return { text: json.slice(span.start, span.end), message: r.message, fixed: r.fixes?.[0]?.edits ? applyEdits(json, r.fixes[0].edits) : undefined };
  });
}

const KEYS = `
resource "aws_kms_key" "sym" {}
resource "aws_kms_key" "sign" {
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}
resource "aws_kms_key" "rsa_enc" {
  key_spec  = "RSA_4096"
  key_usage = "ENCRYPT_DECRYPT"
}
resource "aws_kms_key" "mac" {
  customer_master_key_spec = "HMAC_512"
  key_usage                = "GENERATE_VERIFY_MAC"
}
resource "aws_kms_key" "agree" {
  key_spec  = "ECC_NIST_P384"
  key_usage = "KEY_AGREEMENT"
}
resource "aws_kms_key" "mrk" {
  multi_region = true
}
resource "aws_kms_key" "unknown" {
  key_spec     = var.spec
  multi_region = var.mr
}
resource "aws_kms_external_key" "imported" {}
resource "aws_kms_key_policy" "for_sign" {
  key_id = aws_kms_key.sign.id
  policy = data.aws_iam_policy_document.shared.json
}
resource "aws_kms_key" "sym2" {
  policy = data.aws_iam_policy_document.shared.json
}
resource "aws_kms_key" "sign2" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
  policy                   = data.aws_iam_policy_document.signing.json
}
`;

const flagged = (owner: string, actions: string[]) => check(KEYS, policy(allow(actions)), owner).map((r) => r.text);

describe('rule action-key-spec (key types)', () => {
  before(() => initTerraform());

  it('symmetric encryption key: signing, MAC, key agreement and public-key actions', () => {
    assert.deepEqual(flagged('aws_kms_key.sym', ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKeyPair', 'kms:Sign', 'kms:Verify', 'kms:GetPublicKey', 'kms:GenerateMac', 'kms:DeriveSharedSecret', 'kms:EnableKeyRotation']),
      ['"kms:Sign"', '"kms:Verify"', '"kms:GetPublicKey"', '"kms:GenerateMac"', '"kms:DeriveSharedSecret"']);
  });

  it('signing key: encryption, data keys, MAC and rotation actions', () => {
    assert.deepEqual(flagged('aws_kms_key.sign', ['kms:Sign', 'kms:Verify', 'kms:GetPublicKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:VerifyMac', 'kms:EnableKeyRotation', 'kms:DescribeKey']),
      ['"kms:Encrypt"', '"kms:GenerateDataKey"', '"kms:VerifyMac"', '"kms:EnableKeyRotation"']);
  });

  it('asymmetric encryption key: data keys and signing, but Encrypt/Decrypt and GetPublicKey work', () => {
    assert.deepEqual(flagged('aws_kms_key.rsa_enc', ['kms:Encrypt', 'kms:Decrypt', 'kms:GetPublicKey', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:Sign']),
      ['"kms:GenerateDataKeyWithoutPlaintext"', '"kms:Sign"']);
  });

  it('HMAC key: everything but GenerateMac/VerifyMac among the crypto actions', () => {
    assert.deepEqual(flagged('aws_kms_key.mac', ['kms:GenerateMac', 'kms:VerifyMac', 'kms:Decrypt', 'kms:GetPublicKey', 'kms:RotateKeyOnDemand']),
      ['"kms:Decrypt"', '"kms:GetPublicKey"', '"kms:RotateKeyOnDemand"']);
  });

  it('key agreement key: DeriveSharedSecret and GetPublicKey only', () => {
    assert.deepEqual(flagged('aws_kms_key.agree', ['kms:DeriveSharedSecret', 'kms:GetPublicKey', 'kms:Sign']), ['"kms:Sign"']);
  });

  it('multi-Region and imported-material operations', () => {
    assert.deepEqual(flagged('aws_kms_key.sym', ['kms:ReplicateKey', 'kms:UpdatePrimaryRegion', 'kms:ImportKeyMaterial', 'kms:GetParametersForImport']),
      ['"kms:ReplicateKey"', '"kms:UpdatePrimaryRegion"', '"kms:ImportKeyMaterial"', '"kms:GetParametersForImport"']);
    assert.deepEqual(flagged('aws_kms_key.mrk', ['kms:ReplicateKey', 'kms:UpdatePrimaryRegion']), []);
    assert.deepEqual(flagged('aws_kms_external_key.imported', ['kms:ImportKeyMaterial', 'kms:DeleteImportedKeyMaterial', 'kms:ReplicateKey']), ['"kms:ReplicateKey"']);
  });

  it('never on symbolic spec or Region model, wildcards, templates, Deny or NotAction', () => {
    assert.deepEqual(flagged('aws_kms_key.unknown', ['kms:Sign', 'kms:GenerateMac', 'kms:ReplicateKey']), []);
    assert.deepEqual(flagged('aws_kms_key.sym', ['kms:*', 'kms:Sign*', 'kms:Generate*', '*']), []);
    const deny = policy({ ...allow(['kms:Encrypt', 'kms:Sign']), Effect: 'Deny' });
    assert.deepEqual(check(KEYS, deny, 'aws_kms_key.sym'), []);
    const notAction = policy({ Effect: 'Allow', Principal: { AWS: APP }, NotAction: 'kms:Sign', Resource: '*' });
    assert.deepEqual(check(KEYS, notAction, 'aws_kms_key.sym'), []);
  });

  it('finds the key through aws_kms_key_policy and through a policy document', () => {
    assert.deepEqual(flagged('aws_kms_key_policy.for_sign', ['kms:Sign', 'kms:Decrypt']), ['"kms:Decrypt"']);
    assert.deepEqual(flagged('data.aws_iam_policy_document.signing', ['kms:Sign', 'kms:Decrypt']), ['"kms:Decrypt"']);
    // One document for a signing key and a symmetric key: each action serves one of them.
    assert.deepEqual(flagged('data.aws_iam_policy_document.shared', ['kms:Sign', 'kms:Decrypt', 'kms:GenerateMac']), ['"kms:GenerateMac"']);
    assert.deepEqual(flagged('aws_s3_bucket_policy.b', ['kms:Sign']), [], 'not a key');
  });

  it('says why, and removes the action from a list (not a lone one)', () => {
    const [r] = check(KEYS, policy(allow(['kms:Decrypt', 'kms:Sign'])), 'aws_kms_key.sym');
    assert.match(r.message, /"kms:Sign" grants nothing on aws_kms_key\.sym: Sign works only with a signing key \(SIGN_VERIFY\), and this is a symmetric encryption key/);
    assert.equal(r.fixed, policy(allow(['kms:Decrypt'])));
    const [lone] = check(KEYS, policy(allow('kms:Sign')), 'aws_kms_key.sym');
    assert.equal(lone.fixed, undefined);
  });
});

const SIGNING = '  customer_master_key_spec = "ECC_NIST_P256"\n  key_usage                = "SIGN_VERIFY"\n';
const tf = { path: 'main.tf' };

ruleTable('action-key-spec', {
  valid: [
    { ...tf, name: 'a key without a policy', code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}\n' },
    { ...tf, name: 'symbolic policy', code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n  policy              = var.policy\n}\n' },
    {
      ...tf,
      name: 'jsonencode, actions the key serves, wildcards',
      code: `resource "aws_kms_key" "s" {\n${SIGNING}  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "${APP}" }\n      Action    = ["kms:Sign", "kms:Verify", "kms:GetPublicKey", "kms:Describe*"]\n      Resource  = "*"\n    }]\n  })\n}\n`,
    },
    {
      ...tf,
      name: 'symbolic key spec',
      code: `resource "aws_kms_key" "s" {\n  key_spec = var.spec\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "${APP}" }\n      Action    = ["kms:Sign", "kms:Decrypt"]\n      Resource  = "*"\n    }]\n  })\n}\n`,
    },
    // A JSON policy file has no key resource: the rule is for Terraform.
    policy(allow(['kms:Sign', 'kms:GenerateMac'])),
  ],
  invalid: [
    {
      ...tf,
      name: 'jsonencode: Decrypt on a signing key, removed from the list',
      code: `resource "aws_kms_key" "s" {\n${SIGNING}  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "${APP}" }\n      Action    = ["kms:Sign", "kms:Decrypt"]\n      Resource  = "*"\n    }]\n  })\n}\n`,
      errors: [{ line: 9, text: '"kms:Decrypt"', severity: 'warning', messageIncludes: 'aws_kms_key.s' }],
      output: `resource "aws_kms_key" "s" {\n${SIGNING}  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "${APP}" }\n      Action    = ["kms:Sign"]\n      Resource  = "*"\n    }]\n  })\n}\n`,
    },
    {
      ...tf,
      name: 'heredoc: ReplicateKey on a single-Region key',
      code: `resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "${APP}" },\n    "Action": ["kms:Encrypt", "kms:ReplicateKey"],\n    "Resource": "*"\n  }]\n}\nEOF\n}\n`,
      errors: [{ line: 9, text: '"kms:ReplicateKey"', messageIncludes: 'single-Region' }],
      output: `resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "${APP}" },\n    "Action": ["kms:Encrypt"],\n    "Resource": "*"\n  }]\n}\nEOF\n}\n`,
    },
    {
      ...tf,
      name: 'policy document attached by aws_kms_key_policy: GenerateMac on a symmetric key',
      code: `resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n\nresource "aws_kms_key_policy" "k" {\n  key_id = aws_kms_key.k.id\n  policy = data.aws_iam_policy_document.k.json\n}\n\ndata "aws_iam_policy_document" "k" {\n  statement {\n    actions   = ["kms:Decrypt", "kms:GenerateMac"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["${APP}"]\n    }\n  }\n}\n`,
      errors: [{ line: 12, text: '"kms:GenerateMac"', messageIncludes: 'HMAC' }],
      output: `resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\n\nresource "aws_kms_key_policy" "k" {\n  key_id = aws_kms_key.k.id\n  policy = data.aws_iam_policy_document.k.json\n}\n\ndata "aws_iam_policy_document" "k" {\n  statement {\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["${APP}"]\n    }\n  }\n}\n`,
    },
    {
      ...tf,
      name: 'a lone action: reported without a fix',
      code: `resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "${APP}" }\n      Action    = "kms:Sign"\n      Resource  = "*"\n    }]\n  })\n}\n`,
      errors: [{ line: 8, text: '"kms:Sign"' }],
    },
    {
      ...tf,
      name: 'suppressed on the line before',
      code: `resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "${APP}" }\n      # keyscope-ignore action-key-spec\n      Action    = ["kms:Sign", "kms:Decrypt"]\n      Resource  = "*"\n    }, {\n      Effect    = "Allow"\n      Principal = { AWS = "${APP}" }\n      Action    = ["kms:Verify", "kms:Decrypt"]\n      Resource  = "*"\n    }]\n  })\n}\n`,
      errors: [{ line: 14, text: '"kms:Verify"' }],
    },
  ],
});
