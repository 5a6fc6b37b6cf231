import { ruleTable } from '../../helpers/rule-table';

const tf = { path: 'main.tf' };

ruleTable('tf-key-rotation', {
  valid: [
    { ...tf, name: 'rotation on', code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}\n' },
    { ...tf, name: 'rotation as a string', code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = "true"\n}\n' },
    { ...tf, name: 'symbolic rotation', code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = var.rotate\n}\n' },
    { ...tf, name: 'symbolic spec', code: 'resource "aws_kms_key" "a" {\n  customer_master_key_spec = var.spec\n}\n' },
    { ...tf, name: 'symbolic usage', code: 'resource "aws_kms_key" "a" {\n  key_usage = local.usage\n}\n' },
    { ...tf, name: 'RSA key without rotation', code: 'resource "aws_kms_key" "a" {\n  customer_master_key_spec = "RSA_2048"\n  key_usage                = "SIGN_VERIFY"\n}\n' },
    { ...tf, name: 'HMAC key, rotation false', code: 'resource "aws_kms_key" "a" {\n  customer_master_key_spec = "HMAC_384"\n  key_usage                = "GENERATE_VERIFY_MAC"\n  enable_key_rotation      = false\n}\n' },
    { ...tf, name: 'ECC via key_spec', code: 'resource "aws_kms_key" "a" {\n  key_spec  = "ECC_NIST_P256"\n  key_usage = "SIGN_VERIFY"\n}\n' },
    { ...tf, name: 'imported key material cannot rotate', code: 'resource "aws_kms_external_key" "a" {\n  description = "imported"\n}\n' },
    { ...tf, name: 'replica follows its primary', code: 'resource "aws_kms_replica_key" "a" {\n  primary_key_arn = aws_kms_key.p.arn\n}\n' },
    { ...tf, name: 'custom key store', code: 'resource "aws_kms_key" "a" {\n  custom_key_store_id = "cks-1234567890abcdef0"\n}\n' },
    { ...tf, name: 'symbolic custom key store', code: 'resource "aws_kms_key" "a" {\n  custom_key_store_id = var.store\n  enable_key_rotation = true\n}\n' },
    { ...tf, name: 'a data source is not a key', code: 'data "aws_kms_key" "a" {\n  key_id = "alias/x"\n}\n' },
    { ...tf, name: 'suppressed on the line before', code: '# keyscope-ignore tf-key-rotation\nresource "aws_kms_key" "a" {}\n' },
    { ...tf, name: 'ML-DSA key', code: 'resource "aws_kms_key" "a" {\n  key_spec  = "ML_DSA_65"\n  key_usage = "SIGN_VERIFY"\n}\n' },
  ],
  invalid: [
    {
      ...tf,
      name: 'missing: inserted aligned with the other attributes',
      code: 'resource "aws_kms_key" "a" {\n  description             = "k"\n  deletion_window_in_days = 30\n}\n',
      errors: [{ text: 'resource "aws_kms_key" "a"', severity: 'warning', messageIncludes: 'enable_key_rotation = true' }],
      output: 'resource "aws_kms_key" "a" {\n  description             = "k"\n  deletion_window_in_days = 30\n  enable_key_rotation     = true\n}\n',
    },
    {
      ...tf,
      name: 'missing: a longer name re-aligns the run',
      code: 'resource "aws_kms_key" "a" {\n  description = "k"\n  is_enabled  = true\n}\n',
      output: 'resource "aws_kms_key" "a" {\n  description         = "k"\n  is_enabled          = true\n  enable_key_rotation = true\n}\n',
    },
    {
      ...tf,
      name: 'missing: unaligned file stays unaligned',
      code: 'resource "aws_kms_key" "a" {\n  description = "k"\n  is_enabled = true\n}\n',
      output: 'resource "aws_kms_key" "a" {\n  description = "k"\n  is_enabled = true\n  enable_key_rotation = true\n}\n',
    },
    {
      ...tf,
      name: 'missing: after a multi-line policy, on its own',
      code: 'resource "aws_kms_key" "a" {\n  description = "k"\n  policy = jsonencode({\n    Version = "2012-10-17"\n  })\n}\n',
      output: 'resource "aws_kms_key" "a" {\n  description = "k"\n  policy = jsonencode({\n    Version = "2012-10-17"\n  })\n  enable_key_rotation = true\n}\n',
    },
    {
      ...tf,
      name: 'missing: empty one-line block',
      code: 'resource "aws_kms_key" "a" {}\n',
      output: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}\n',
    },
    {
      ...tf,
      name: 'missing: one-line block with an attribute',
      code: 'resource "aws_kms_key" "a" { description = "k" }\n',
      output: 'resource "aws_kms_key" "a" {\n  description         = "k"\n  enable_key_rotation = true\n}\n',
    },
    {
      ...tf,
      name: 'missing: tab-indented, CRLF line ends',
      code: 'resource "aws_kms_key" "a" {\r\n\tdescription = "k"\r\n}\r\n',
      output: 'resource "aws_kms_key" "a" {\r\n\tdescription         = "k"\r\n\tenable_key_rotation = true\r\n}\r\n',
    },
    {
      ...tf,
      name: 'false is replaced',
      code: 'resource "aws_kms_key" "a" {\n  customer_master_key_spec = "SYMMETRIC_DEFAULT"\n  enable_key_rotation      = false\n}\n',
      errors: [{ text: 'false', line: 3 }],
      output: 'resource "aws_kms_key" "a" {\n  customer_master_key_spec = "SYMMETRIC_DEFAULT"\n  enable_key_rotation      = true\n}\n',
    },
    {
      ...tf,
      name: 'explicit ENCRYPT_DECRYPT',
      code: 'resource "aws_kms_key" "a" {\n  key_usage = "ENCRYPT_DECRYPT"\n}\n',
      output: 'resource "aws_kms_key" "a" {\n  key_usage           = "ENCRYPT_DECRYPT"\n  enable_key_rotation = true\n}\n',
    },
    {
      ...tf,
      name: 'rotation on an asymmetric key is an error; the fix removes it',
      code: 'resource "aws_kms_key" "a" {\n  customer_master_key_spec = "RSA_3072"\n  key_usage                = "SIGN_VERIFY"\n  enable_key_rotation      = true # required by policy\n}\n',
      errors: [{ text: 'enable_key_rotation      = true', severity: 'error', messageIncludes: 'asymmetric key (RSA_3072)' }],
      output: 'resource "aws_kms_key" "a" {\n  customer_master_key_spec = "RSA_3072"\n  key_usage                = "SIGN_VERIFY"\n}\n',
    },
    {
      ...tf,
      name: 'rotation on an HMAC key, with a rotation period; the run re-aligns',
      code: 'resource "aws_kms_key" "a" {\n  key_spec                = "HMAC_256"\n  key_usage               = "GENERATE_VERIFY_MAC"\n  enable_key_rotation     = true\n  rotation_period_in_days = 90\n}\n',
      errors: [{ severity: 'error', messageIncludes: 'HMAC key (HMAC_256)' }],
      output: 'resource "aws_kms_key" "a" {\n  key_spec  = "HMAC_256"\n  key_usage = "GENERATE_VERIFY_MAC"\n}\n',
    },
    {
      ...tf,
      name: 'rotation on a key in a custom key store',
      code: 'resource "aws_kms_key" "a" {\n  custom_key_store_id = "cks-1234567890abcdef0"\n  enable_key_rotation = true\n}\n',
      errors: [{ severity: 'error', messageIncludes: 'custom key store' }],
      output: 'resource "aws_kms_key" "a" {\n  custom_key_store_id = "cks-1234567890abcdef0"\n}\n',
    },
    {
      ...tf,
      name: 'only the keys without rotation, among several',
      code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}\n\nresource "aws_kms_key" "b" {\n  description = "b"\n}\n',
      errors: [{ line: 5, text: 'resource "aws_kms_key" "b"' }],
    },
  ],
});
