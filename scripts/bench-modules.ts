// A generated Terraform workspace of modules and callers for `npm run bench` (DESIGN.md §7): 200 key modules
// of 5 keys each, whose principals come from variables, called by 20 root modules that pass principals (10
// module calls each); every root also calls one shared key module. Written to a folder, read through the
// host as the editor and the CLI read it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ACCT = '111122223333';

/** A key module: `keys` keys, administrators and users from variables, rotation from a variable. */
export function keyModule(keys: number, tag = ''): Record<string, string> {
  const vars = `variable "admins" {
  description = "Roles that administer the keys"
  type        = list(string)
}

variable "users" {
  description = "Roles that use the keys"
  type        = list(string)
  default     = []
}

variable "rotate" {
  type    = bool
  default = true
}
`;
  let main = '';
  for (let k = 0; k < keys; k++) {
    main += `resource "aws_kms_key" "k${k}" {
  description         = "key ${k}${tag}"
  enable_key_rotation = var.rotate
  policy              = data.aws_iam_policy_document.k${k}.json
}

data "aws_iam_policy_document" "k${k}" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${ACCT}:root"]
    }
  }
  statement {
    sid       = "Administration"
    actions   = ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.admins
    }
  }
  statement {
    sid       = "Use"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.users
    }
  }
}

output "k${k}_arn" {
  value = aws_kms_key.k${k}.arn
}

`;
  }
  return { 'variables.tf': vars, 'main.tf': main };
}

/** A root module calling `calls` modules (`first` onwards) and the shared one, passing principals. */
function rootModule(r: number, first: number, calls: number): string {
  let text = `provider "aws" {
  region = "eu-west-1"
}

module "shared" {
  source = "../../modules/shared"
  admins = ["arn:aws:iam::${ACCT}:role/platform-${r}"]
  users  = ["arn:aws:iam::${ACCT}:role/app-${r}"]
}
`;
  for (let m = first; m < first + calls; m++) {
    text += `
module "m${m}" {
  source = "../../modules/m${m}"
  admins = ["arn:aws:iam::${ACCT}:role/admin-${m}"]
  users  = ["arn:aws:iam::${ACCT}:role/app-${m}", "arn:aws:iam::${ACCT}:role/worker-${m}"]
}
`;
  }
  return text;
}

export interface ModuleWorkspace {
  dir: string;
  /** Every .tf file, roots first. */
  files: string[];
  roots: string[];
  shared: string;
}

/** Writes the workspace into `dir`: `modules` key modules of `keys` keys, called by `roots` roots. */
export function writeModuleWorkspace(dir: string, modules = 200, keys = 5, roots = 20): ModuleWorkspace {
  const files: string[] = [];
  const rootFiles: string[] = [];
  const perRoot = Math.ceil(modules / roots);
  for (let r = 0; r < roots; r++) {
    const d = join(dir, 'live', `app${r}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'main.tf'), rootModule(r, r * perRoot, Math.min(perRoot, modules - r * perRoot)));
    rootFiles.push(join(d, 'main.tf'));
  }
  files.push(...rootFiles);
  const write = (name: string, content: Record<string, string>) => {
    const d = join(dir, 'modules', name);
    mkdirSync(d, { recursive: true });
    for (const [f, text] of Object.entries(content)) {
      writeFileSync(join(d, f), text);
      files.push(join(d, f));
    }
  };
  write('shared', keyModule(keys));
  for (let m = 0; m < modules; m++) write(`m${m}`, keyModule(keys));
  return { dir, files, roots: rootFiles, shared: join(dir, 'modules', 'shared', 'main.tf') };
}
