// Hovers on Terraform references, table by table: a variable's description, type, default and the value it
// takes here with where it comes from; a local's expression and value; a module call's source, instances and
// outputs.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createKeyscope } from '../../../../server/src/service';
import { memoryHost } from '../../../helpers/terraform';

const ROOT = `provider "aws" {}
variable "admins" {
  description = "Roles that administer the key"
  type        = list(string)
}
variable "stage" {
  type    = string
  default = "prod"
}
locals {
  admin_arn = "arn:aws:iam::111122223333:role/\${var.stage}-admin"
}
module "role" {
  source = "../role"
  name   = "app-\${var.stage}"
}
output "x" {
  value = [var.admins, var.stage, local.admin_arn, module.role.arn, var.missing]
}
`;
const ROLE = `variable "name" {
  description = "The role's name"
  type        = string
}
resource "aws_iam_role" "this" {
  name = var.name
}
output "arn" {
  value = aws_iam_role.this.arn
}
`;

describe('terraform: hovers on references', () => {
  const files = { '/ws/live/main.tf': ROOT, '/ws/live/terraform.tfvars': 'admins = ["arn:aws:iam::111122223333:role/ops"]\n', '/ws/role/main.tf': ROLE };
  const keyscope = createKeyscope({ host: memoryHost(files) });
  before(() => keyscope.prepare('main.tf'));

  const hover = (path: string, probe: string) => {
    const text = files[path as keyof typeof files];
    const a = keyscope.analyze({ path, text });
    const at = text.lastIndexOf(probe);
    assert.ok(at >= 0, probe);
    return keyscope.hover(a, at + 1)?.markdown ?? '';
  };

  const cases: [string, string, RegExp[]][] = [
    ['/ws/live/main.tf', 'var.admins', [/\*\*var\.admins\*\*/, /Roles that administer the key/, /type: `list\(string\)`/, /role\/ops/, /from terraform\.tfvars/]],
    ['/ws/live/main.tf', 'var.stage', [/default: `"prod"`/, /value here: `"prod"` — its default/]],
    ['/ws/live/main.tf', 'local.admin_arn', [/expression: `"arn:aws:iam::111122223333:role\/\$\{var\.stage\}-admin"`/, /value here: `"arn:aws:iam::111122223333:role\/prod-admin"`/]],
    ['/ws/live/main.tf', 'module.role.arn', [/source: `\.\.\/role`/, /instances: `module\.role`/, /role\/app-prod/]],
    ['/ws/role/main.tf', 'var.name', [/The role's name/, /a module others call: each module call sets it/]],
  ];
  for (const [path, probe, expected] of cases) {
    it(`${probe} in ${path}`, () => {
      const md = hover(path, probe);
      for (const e of expected) assert.match(md, e);
    });
  }

  it('a variable no block declares, and text that is no reference, give no such hover', () => {
    assert.doesNotMatch(hover('/ws/live/main.tf', 'var.missing'), /\*\*var\.missing\*\*/);
    assert.equal(hover('/ws/live/main.tf', 'description'), '');
  });
});
