import { perNode } from '../../cache';
import { addressOf, isKey, referencedKey } from './keys';
import type { TerraformFile, TfBlock } from '../model';

/** A resource of the module with the file it is declared in. */
export interface ModuleResource {
  block: TfBlock;
  file: TerraformFile;
}

/**
 * The KMS keys of a module (a .tf file and its sibling files) and what attaches policies to them, indexed once
 * per analysis and shared by the resource rules, so a file with a hundred keys is not scanned a hundred times.
 */
export class ModuleIndex {
  /** Every resource of the module: the analysed file's first. */
  readonly all: ModuleResource[];
  private readonly keys = new Map<string, ModuleResource[]>();
  private readonly policies = new Map<string, ModuleResource[]>();
  private readonly docUsers = new Map<string, TfBlock[]>();
  /** The analysed file's own resources by address (the first of each), for `keysOf`. */
  private readonly own = new Map<string, TfBlock>();
  /** Some `aws_kms_key_policy` names its key by an expression that cannot be resolved (`var.key_id`). */
  readonly unresolvedKeyPolicy: boolean;

  constructor(readonly file: TerraformFile) {
    const files = [file, ...(file.siblings?.() ?? [])];
    this.all = files.flatMap((f) => f.resources.map((block) => ({ block, file: f })));
    let unresolved = false;
    for (const r of this.all) {
      const b = r.block;
      if (b.blockType !== 'resource') continue;
      const address = addressOf(b);
      if (r.file === file && !this.own.has(address)) this.own.set(address, b);
      if (isKey(b)) push(this.keys, address, r);
      if (b.type === 'aws_kms_key_policy') {
        const key = referencedKey(b.attributes.find((a) => a.name === 'key_id'));
        if (key) push(this.policies, key, r);
        else unresolved = true;
      }
      const policy = b.attributes.find((a) => a.name === 'policy');
      if (policy?.traversal?.[0] === 'data' && policy.traversal.length >= 3) push(this.docUsers, policy.traversal.slice(0, 3).join('.'), b);
    }
    this.unresolvedKeyPolicy = unresolved;
  }

  /**
   * Where the key resource `key` (an address) is declared: in `prefer` when it is declared there, elsewhere
   * only when the module declares it once. A folder that declares one address in several files is no valid
   * module (or a folder of unrelated examples): which declaration another file means is then unknown.
   */
  keyDeclaration(key: string, prefer: TerraformFile = this.file): ModuleResource | undefined {
    const decls = this.keys.get(key) ?? [];
    return decls.find((r) => r.file === prefer) ?? (decls.length === 1 ? decls[0] : undefined);
  }

  /**
   * The `aws_kms_key_policy` resources that attach a policy to `key` declared in `keyFile`: those of the same
   * file, and those of other files when the key's address is declared only once.
   */
  keyPolicies(key: string, keyFile: TerraformFile = this.file): ModuleResource[] {
    const unique = (this.keys.get(key)?.length ?? 0) <= 1;
    return (this.policies.get(key) ?? []).filter((r) => unique || r.file === keyFile);
  }

  /**
   * The key resources a policy belongs to, from its owner: the key itself (`aws_kms_key.app`), an
   * `aws_kms_key_policy` (its `key_id`), or a policy document (`data.aws_iam_policy_document.x`: every key or key
   * policy whose `policy` is its `.json`). Empty when no key of the module can be named.
   */
  keysOf(owner: string | undefined): TfBlock[] {
    if (!owner) return [];
    const parts = owner.split('.');
    if (parts[0] === 'data' && parts.length >= 3) return unique((this.docUsers.get(parts.slice(0, 3).join('.')) ?? []).map((b) => this.keyBehind(b)));
    const address = parts.slice(0, 2).join('.');
    const own = this.own.get(address);
    return own ? unique([this.keyBehind(own)]) : [];
  }

  /** A key resource itself, or the key an `aws_kms_key_policy` attaches to. */
  private keyBehind(b: TfBlock): TfBlock | undefined {
    if (isKey(b)) return b;
    if (b.type !== 'aws_kms_key_policy') return undefined;
    const key = referencedKey(b.attributes.find((a) => a.name === 'key_id'));
    return key ? this.keyDeclaration(key)?.block : undefined;
  }
}

/** The module index of an analysed file, built on first use and kept on the file. */
export const moduleIndex: (file: TerraformFile) => ModuleIndex = perNode((file: TerraformFile) => new ModuleIndex(file));

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(blocks: (TfBlock | undefined)[]): TfBlock[] {
  return [...new Set(blocks.filter((b): b is TfBlock => b !== undefined))];
}
