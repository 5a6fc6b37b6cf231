// Module calls, table by table: a module in memory calls others (local paths, what `terraform init`
// installed), binds their variables, reads their outputs, expands count and for_each, and says when a module
// cannot be read. Unknown stays unknown: no finding from a value nobody gives.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../../server/src/access';
import { analyze } from '../../../../server/src/analyze';
import { DEFAULT_SETTINGS } from '../../../../server/src/settings';
import { initTerraform } from '../../../../server/src/terraform';
import { memoryHost } from '../../../helpers/terraform';

/** A key module: administrators and users from variables, rotation from a variable. */
const KEY_MODULE = {
  'main.tf': `variable "admins" {
  type = list(string)
}
variable "users" {
  type    = list(string)
  default = ["arn:aws:iam::111122223333:role/default-user"]
}
variable "rotate" {
  type    = bool
  default = true
}
resource "aws_kms_key" "this" {
  enable_key_rotation = var.rotate
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Admin", Effect = "Allow", Principal = { AWS = var.admins }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = var.users }, Action = ["kms:Decrypt"], Resource = "*" },
    ]
  })
}
output "arn" {
  value = aws_kms_key.this.arn
}
output "first_admin" {
  value = var.admins[0]
}
`,
};

const ROLE_MODULE = {
  'main.tf': `variable "name" {
  type = string
}
resource "aws_iam_role" "this" {
  name = var.name
}
output "arn" {
  value = aws_iam_role.this.arn
}
`,
};

function workspace(root: string, modules: Record<string, Record<string, string>> = {}): Record<string, string> {
  const files: Record<string, string> = { '/ws/live/main.tf': root };
  for (const [dir, content] of Object.entries(modules)) for (const [name, text] of Object.entries(content)) files[`/ws/${dir}/${name}`] = text;
  return files;
}

function run(files: Record<string, string>, path = '/ws/live/main.tf') {
  return analyze({ path, text: files[path], host: memoryHost(files) });
}

/** Findings of the analysis as [rule, underlined text]. */
function findings(files: Record<string, string>, path?: string, rules?: string[]): [string, string][] {
  const a = run(files, path);
  return a.findings.filter((f) => !rules || rules.includes(f.ruleId)).map((f) => [f.ruleId, a.text.slice(f.span.start, f.span.end)]);
}

describe('terraform: module calls', () => {
  before(() => initTerraform());

  const cases: { name: string; root: string; modules?: Record<string, Record<string, string>>; rules: string[]; expect: [string, string][] }[] = [
    {
      name: 'a caller argument binds the variable: kms:* to its value is reported at the argument',
      root: `module "key" {
  source = "../modules/key"
  admins = ["arn:aws:iam::111122223333:role/ops"]
}`,
      modules: { 'modules/key': KEY_MODULE },
      rules: ['kms-star'],
      expect: [['kms-star', '["arn:aws:iam::111122223333:role/ops"]']],
    },
    {
      name: 'an unknown argument (a variable nobody sets) raises nothing',
      root: `variable "admins" {
  type = list(string)
}
module "key" {
  source = "../modules/key"
  admins = var.admins
}`,
      modules: { 'modules/key': KEY_MODULE },
      rules: ['kms-star', 'public-principal', 'invalid-principal'],
      expect: [],
    },
    {
      name: 'a public argument is reported at the call, where the user edits',
      root: `module "key" {
  source = "../modules/key"
  admins = []
  users  = ["*"]
}`,
      modules: { 'modules/key': KEY_MODULE },
      rules: ['public-principal'],
      expect: [['public-principal', '["*"]']],
    },
    {
      name: 'a module output flows back: a role created by another module is a principal of this key',
      root: `module "role" {
  source = "../modules/role"
  name   = "deployer"
}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = module.role.arn }, Action = "kms:*", Resource = "*" }]
  })
}`,
      modules: { 'modules/role': ROLE_MODULE },
      rules: ['kms-star'],
      expect: [['kms-star', '"kms:*"']],
    },
    {
      name: 'count expands the call: module.key[1] reads the second instance',
      root: `module "key" {
  count  = 2
  source = "../modules/key"
  admins = ["arn:aws:iam::111122223333:role/admin-\${count.index}"]
}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = module.key[1].first_admin }, Action = "kms:*", Resource = "*" }]
  })
}`,
      modules: { 'modules/key': KEY_MODULE },
      rules: ['kms-star'],
      expect: [
        ['kms-star', '["arn:aws:iam::111122223333:role/admin-${count.index}"]'],
        ['kms-star', '["arn:aws:iam::111122223333:role/admin-${count.index}"]'],
        ['kms-star', '"kms:*"'],
      ],
    },
    {
      name: 'a registry source is read where terraform init put it (modules.json, nested key)',
      root: `module "platform" {
  source = "app.terraform.io/acme/platform/aws"
}`,
      modules: {
        'live/.terraform/modules': { 'modules.json': JSON.stringify({ Modules: [{ Key: 'platform', Source: 'x', Dir: '.terraform/modules/platform' }, { Key: 'platform.key', Source: 'y', Dir: '.terraform/modules/platform.key' }] }) },
        'live/.terraform/modules/platform': { 'main.tf': `module "key" {\n  source = "acme/key/aws"\n  admins = ["*"]\n}\n` },
        'live/.terraform/modules/platform.key': KEY_MODULE,
      },
      rules: ['kms-star', 'public-principal'],
      expect: [
        ['kms-star', 'module "platform"'],
        ['public-principal', 'module "platform"'],
      ],
    },
    {
      name: 'a source terraform init has not downloaded gives one note at the call and no alarm',
      root: `module "key" {
  source = "acme/key/aws"
  admins = ["*"]
}`,
      rules: ['analysis-limit', 'kms-star', 'public-principal'],
      expect: [['analysis-limit', 'source = "acme/key/aws"']],
    },
    {
      name: 'a module that calls itself is not followed forever',
      root: `module "again" {
  source = "./"
}`,
      rules: ['analysis-limit', 'kms-star'],
      expect: [],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(findings(workspace(c.root, c.modules), undefined, c.rules), c.expect);
    });
  }

  it('key settings follow the module inputs: at the argument, at the call for a default, in the module for its own literal', () => {
    const module = {
      'main.tf': `variable "rotate" {
  type = bool
}
variable "window" {
  type    = number
  default = 3
}
resource "aws_kms_key" "a" {
  enable_key_rotation     = var.rotate
  deletion_window_in_days = var.window
}
resource "aws_kms_key" "b" {
  enable_key_rotation = false
}
`,
    };
    const files = workspace(`module "key" {
  source = "../modules/key"
  rotate = false
}`, { 'modules/key': module });
    assert.deepEqual(findings(files, undefined, ['tf-key-rotation', 'tf-deletion-window']), [
      ['tf-deletion-window', 'module "key"'],
      ['tf-key-rotation', 'false'],
    ]);
    const a = run(files);
    const rotation = a.findings.find((f) => f.ruleId === 'tf-key-rotation')!;
    assert.match(rotation.message, /aws_kms_key\.a of module\.key/);
    assert.deepEqual(rotation.fixes, [], 'nothing in the caller to fix in place');
    assert.equal(rotation.related?.[0].path, '/ws/modules/key/main.tf');
    // The module's own literal `false` is its own file's finding.
    assert.deepEqual(findings(files, '/ws/modules/key/main.tf', ['tf-key-rotation']), [['tf-key-rotation', 'false']]);
  });

  it('a finding on a value from terraform.tfvars points at the line that sets it', () => {
    const files = {
      '/ws/live/main.tf': `variable "admins" {
  type = list(string)
}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = var.admins }, Action = "kms:*", Resource = "*" }]
  })
}`,
      '/ws/live/terraform.tfvars': `# admins\nadmins = ["arn:aws:iam::111122223333:role/ops"]\n`,
    };
    const star = run(files).findings.find((f) => f.ruleId === 'kms-star');
    assert.deepEqual(star?.related, [{ path: '/ws/live/terraform.tfvars', line: 1, character: 0, message: 'var.admins is set here' }]);
  });

  it('what a module built is reused while its texts and the arguments are the same, and rebuilt when either changes', () => {
    const files = workspace(`module "key" {
  source = "../modules/key"
  admins = ["arn:aws:iam::111122223333:role/ops"]
}`, { 'modules/key': KEY_MODULE });
    const first = run(files);
    const again = run({ ...files, '/ws/live/main.tf': files['/ws/live/main.tf'] + '\n# an edit elsewhere\n' });
    assert.equal(again.sources[0].policy, first.sources[0].policy, 'the same build, not made again');
    const otherArgs = run({ ...files, '/ws/live/main.tf': files['/ws/live/main.tf'].replace('role/ops', 'role/other') });
    assert.notEqual(otherArgs.sources[0].policy, first.sources[0].policy);
    assert.match(otherArgs.findings.find((f) => f.ruleId === 'kms-star')!.message, /role\/other/);
    const edited = { ...files, '/ws/modules/key/main.tf': files['/ws/modules/key/main.tf'].replace('Action = "kms:*"', 'Action = ["kms:Decrypt"]') };
    assert.ok(!run(edited).findings.some((f) => f.ruleId === 'kms-star'), 'the module changed: built again');
  });

  it("the reports kept with a reused module policy follow the settings and the caller's edits", () => {
    const root = `module "key" {
  source = "../modules/key"
  admins = []
  users  = ["*"]
}`;
    const files = workspace(root, { 'modules/key': KEY_MODULE });
    const host = memoryHost(files);
    const at = (text: string, settings = DEFAULT_SETTINGS) => {
      const a = analyze({ path: '/ws/live/main.tf', text, host, settings });
      return a.findings.filter((f) => f.ruleId === 'public-principal').map((f) => a.text.slice(f.span.start, f.span.end));
    };
    assert.deepEqual(at(root), ['["*"]']);
    assert.deepEqual(at('# moved\n' + root), ['["*"]'], 'replayed at the argument where it now is');
    assert.deepEqual(at(root, { ...DEFAULT_SETTINGS, rules: { 'public-principal': 'off' } }), []);
    assert.deepEqual(at(root), ['["*"]']);
  });

  it('a module linted alone keeps its variables unknown: no finding', () => {
    const files = workspace('', { 'modules/key': KEY_MODULE });
    assert.deepEqual(findings(files, '/ws/modules/key/main.tf', ['kms-star', 'public-principal', 'invalid-principal']), []);
  });

  it('for_each over a map gives one key per element, named by its address', () => {
    const files = workspace(
      `module "key" {
  for_each = { red = "arn:aws:iam::111122223333:role/red", blue = "arn:aws:iam::111122223333:role/blue" }
  source   = "../modules/key"
  admins   = [each.value]
  users    = []
}`,
      { 'modules/key': KEY_MODULE },
    );
    const a = run(files);
    assert.deepEqual(
      a.sources.map((s) => s.name),
      ['module.key["blue"].aws_kms_key.this', 'module.key["red"].aws_kms_key.this'],
    );
    const rows = a.sources.map((s) => evaluate(s, { settings: DEFAULT_SETTINGS }).rows.map((r) => r.label));
    assert.deepEqual(rows, [['role/blue (111122223333)'], ['role/red (111122223333)']]);
    const related = a.findings.find((f) => f.ruleId === 'kms-star')?.related;
    assert.equal(related?.[0].path, '/ws/modules/key/main.tf');
    assert.equal(related?.[0].line, 16);
  });

  it('for_each over an unknown collection: one instance, its each.value unknown, no alarm', () => {
    const files = workspace(
      `variable "teams" {
  type = map(string)
}
module "key" {
  for_each = var.teams
  source   = "../modules/key"
  admins   = [each.value]
}`,
      { 'modules/key': KEY_MODULE },
    );
    const a = run(files);
    assert.deepEqual(a.sources.map((s) => s.name), ['module.key[each.key].aws_kms_key.this']);
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'kms-star'), []);
  });
});
