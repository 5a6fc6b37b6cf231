import { dirname, relative, sep } from 'node:path';
import { BoundedMap } from '../../cache';
import type { FileReads } from '../../host';
import { instanceState } from '../../state';
import type { PolicySource } from '../../policy/model';
import { THIS_ACCOUNT, THIS_ACCOUNT_TEMPLATE } from '../../policy/principal-view';
import { addressSuffix, expansion, withBound } from '../eval/module-calls';
import { Evaluator } from '../eval/evaluator';
import type { Node } from 'web-tree-sitter';
import { ModuleValues } from '../eval/module-values';
import { evaluatedOf } from '../eval/to-model';
import type { Value } from '../eval/value';
import { attributePolicy } from '../extract/extract';
import { readFolder } from '../module/folder';
import { moduleFile, ModuleScope, type ModuleFile } from '../module/scope';
import { walkWorkspace } from '../module/walk';
import { siblingSummaries } from '../module/sibling-summary';
import { withParses } from '../syntax/cache';
import { blockAttribute, blocksOf, core, references, stringLiteral, traversal, type HclAttribute, type HclBlock } from '../syntax/hcl';
import type { IamPrincipal, IdentityPolicy, PolicyPlace, ProviderAccount, WorkspaceIam } from './types';

export type * from './types';

/** Files worth parsing for the IAM side: those that declare IAM or Organizations resources. */
const IAM_TEXT = /"aws_(iam_|organizations_policy)/;

/** .tf files of the workspace's other folders read for their identity policies: as many as a workspace lint looks at. */
export const IAM_FILES_MAX = 2_000;
/** Folders whose IAM side is kept (by their files' texts) for the next analyses. */
export const FOLDER_IAM_KEPT = 256;

/**
 * The roles and users of the workspace, with the identity policies, boundaries and SCPs attached to them: those
 * of the module `path` belongs to (this file and the other .tf files of its folder), then those the workspace's
 * other folders declare (walked breadth first as for callers, `walk.ts`, up to IAM_FILES_MAX .tf files), each
 * marked with its folder and the account it deploys to when its provider states it. Roles and users with
 * `count`, `for_each` or a `provider` of their own are left out: their instances or their account are not
 * known here. So are another folder's roles and users whose name is not known there (a child module's).
 */
export function workspaceIam(path: string, text: string, host: FileReads | undefined): WorkspaceIam {
  return withParses(() => {
    const files = [moduleFile(path, text)];
    if (host) for (const s of siblingSummaries(path, host)) if (IAM_TEXT.test(s.text) || PROVIDER_TEXT.test(s.text)) files.push(moduleFile(s.path, s.text));
    const c = new Collector(host);
    for (const f of files) if (IAM_TEXT.test(f.text) || PROVIDER_TEXT.test(f.text)) c.read(f);
    const out = c.result();
    if (host?.workspaceRoot) addOtherFolders(out, dirname(path), host, host.workspaceRoot);
    return out;
  });
}

function addOtherFolders(out: WorkspaceIam, dir: string, host: FileReads, root: string): void {
  let read = 0;
  // A file of another folder left unread (too large...) is no file of the analysed module: no notice here.
  const skippedBefore = new Set(host.skipped.keys());
  walkWorkspace(host, (folder, names) => {
    if (folder === dir || !names.some((n) => TF_FILE.test(n))) return;
    const texts = readFolder(folder, host, (n) => TF_FILE.test(n)).slice(0, IAM_FILES_MAX - read);
    read += texts.length;
    if (texts.some((t) => IAM_TEXT.test(t.text))) {
      const got = folderIam(folder, relative(root, folder).split(sep).join('/') || '.', texts, host);
      out.principals.push(...got.principals);
      out.scps.push(...got.scps);
      out.unplacedScps.push(...got.unplacedScps);
    }
    return read < IAM_FILES_MAX;
  });
  for (const path of [...host.skipped.keys()]) if (!skippedBefore.has(path) && dirname(path) !== dir) host.skipped.delete(path);
}

const TF_FILE = /\.tf$/i;
const PROVIDER_TEXT = /\bprovider\s+"aws"/;

/**
 * The accounts the `provider "aws"` blocks of a module state, by provider (`aws`, `aws.<alias>`): a single
 * `allowed_account_ids` entry, else the account of the role it assumes (`assume_role` or
 * `assume_role_with_web_identity` `role_arn`), as far as the module's values tell.
 */
export function providersOf(files: readonly ModuleFile[], host: FileReads | undefined): Map<string, ProviderAccount> {
  const out = new Map<string, ProviderAccount>();
  for (const f of files) {
    if (!PROVIDER_TEXT.test(f.text)) continue;
    const values = new ModuleValues(new ModuleScope(f, host), host);
    for (const b of f.blocks) {
      if (b.type !== 'provider' || b.labels[0] !== 'aws') continue;
      const alias = textOf(blockAttribute(b, 'alias'), values);
      const name = alias ? `aws.${alias}` : 'aws';
      const allowed = blockAttribute(b, 'allowed_account_ids');
      const ids = allowed ? values.evaluator.evaluate(allowed.value) : undefined;
      if (ids?.t === 'list' && !ids.more && ids.items.length === 1 && ids.items[0].t === 'string' && ACCOUNT_ID.test(ids.items[0].v)) {
        out.set(name, { account: ids.items[0].v, from: 'allowed_account_ids' });
        continue;
      }
      for (const assume of blocksOf(b.body).filter((x) => x.type === 'assume_role' || x.type === 'assume_role_with_web_identity')) {
        const arn = textOf(blockAttribute(assume, 'role_arn'), values);
        const account = arn?.split(':')[4];
        if (account && ACCOUNT_ID.test(account)) {
          out.set(name, { account, from: 'assume_role' });
          break;
        }
      }
    }
  }
  return out;
}

const ACCOUNT_ID = /^\d{12}$/;

// Reads of `file()` targets made while a folder was read are recorded by the analysis that read it first:
// another analysis finds the folder's result here by the texts of its .tf files.
const folderResults = instanceState(() => new BoundedMap<string, WorkspaceIam>({ max: FOLDER_IAM_KEPT, name: 'terraform.folderIam' }));

/** The IAM side of another folder of the workspace, read once per set of texts of its .tf files. */
function folderIam(folder: string, label: string, texts: readonly { path: string; text: string }[], host: FileReads): WorkspaceIam {
  const key = folder + '\0' + texts.map((t) => `${t.path}\0${t.text.length}\0${textHash(t.text)}`).join('\0');
  const kept = folderResults();
  let got = kept.get(key);
  if (!got) {
    const files = texts.map((t) => moduleFile(t.path, t.text));
    // "This account" of the folder is the account its default provider states, when it states one.
    const account = providersOf(files, host).get('aws')?.account;
    const c = new Collector(host, { label, account });
    for (const f of files) if (IAM_TEXT.test(f.text)) c.read(f);
    got = c.result();
    kept.set(key, got);
  }
  return got;
}

/** Two 32-bit FNV-1a style hashes of a text, for cache keys beside its length (not for security). */
function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(36) + '.' + (b >>> 0).toString(36);
}

/** Another folder of the workspace being read: its label and the account its provider states. */
interface FolderContext {
  label: string;
  account: string | undefined;
}

interface Holder {
  policies: IdentityPolicy[];
  /** Attached by a resource whose instances, or whose target's instance, are not known: maybe attached. */
  maybe: IdentityPolicy[];
  unread: string[];
}

interface Attachment {
  /** `aws_iam_policy.x` or the ARN as written. */
  policy: string;
  kind: 'role' | 'user' | 'group';
  targets: Target[];
}

/**
 * A role, user or group named by a reference (its address, with the instance's index when it is known:
 * `aws_iam_role.app[0]`) or by its name; `maybe` when the naming resource may not exist (its `count` or
 * `for_each` is not known) or the instance it names is not known.
 */
interface Target {
  address?: string;
  name?: string;
  maybe?: boolean;
}

type Principal = IamPrincipal & { name?: string; boundaryRef?: string; maybe: IdentityPolicy[] };

/** The instances of a role or user with `count` or `for_each`: known (one principal each) or not (one for them all). */
interface Repeated {
  known: boolean;
  instances: Principal[];
}

class Collector {
  private readonly principals = new Map<string, Principal>();
  /** `aws_iam_role.x` with `count` or `for_each` -> its instances. */
  private readonly repeated = new Map<string, Repeated>();
  private readonly groups = new Map<string, Holder & { name?: string }>();
  /** `aws_iam_policy.x` -> its policy (undefined: not readable). */
  private readonly managed = new Map<string, IdentityPolicy | undefined>();
  private readonly attachments: Attachment[] = [];
  private readonly inlines: { kind: 'role' | 'user' | 'group'; target: Target[]; policy: IdentityPolicy | undefined; address: string }[] = [];
  private readonly scps = new Map<string, IdentityPolicy | undefined>();
  private readonly scpAttachments: { policy?: string; target: Value; refs: string[][] }[] = [];

  constructor(
    private readonly host: FileReads | undefined,
    private readonly folder?: FolderContext,
  ) {}

  private readonly files: ModuleFile[] = [];

  read(f: ModuleFile): void {
    this.files.push(f);
    const scope = new ModuleScope(f, this.host);
    const values = new ModuleValues(scope, this.host);
    const policyOf = (attr: HclAttribute | undefined, name: string): IdentityPolicy | undefined => {
      const got = attr && attributePolicy(f, scope, values, this.host, attr, name);
      return got?.source.policy.root ? identityPolicy(got.source, got.file, name, this.folder) : undefined;
    };
    // A resource with `count` or `for_each` names its targets once per instance, each bound to its index or key.
    const targets = (b: HclBlock, attr: HclAttribute | undefined, type: string): Target[] =>
      attr ? instancesOf(b, values).flatMap((i) => targetsOf(attr, type, i.ev).map((t) => (i.maybe ? { ...t, maybe: true } : t))) : [];
    for (const b of f.blocks) {
      if (b.type !== 'resource' || !b.labels[1]) continue;
      const [type, name] = b.labels;
      const address = `${type}.${name}`;
      const attr = (n: string) => blockAttribute(b, n);
      switch (type) {
        case 'aws_iam_role':
        case 'aws_iam_user': {
          if (attr('provider')) break;
          const kind = type === 'aws_iam_role' ? 'role' : 'user';
          const made = principalsOf(b, values, kind);
          // Another folder's role or user named by a variable is a child module's, one per call: no principal here.
          if (this.folder && made.instances.some((m) => !knownName(m.arn))) break;
          const inlines: IdentityPolicy[] = [];
          const unread: string[] = [];
          for (const inline of blocksOf(b.body).filter((x) => x.type === 'inline_policy')) {
            const named = textOf(blockAttribute(inline, 'name'), values);
            const label = `${address} (inline_policy${named === undefined ? '' : ` ${JSON.stringify(named)}`})`;
            const policy = policyOf(blockAttribute(inline, 'policy'), label);
            if (policy) inlines.push(policy);
            else if (blockAttribute(inline, 'policy')) unread.push(`${label}, not known statically`);
          }
          const boundary = attr('permissions_boundary');
          const managedArns = listOf(attr('managed_policy_arns'), values);
          const instances = made.instances.map((m): Principal => ({
            address: m.address,
            kind,
            arn: m.arn,
            ...(m.each ? { each: m.each } : {}),
            policies: [...inlines],
            maybe: [],
            unread: [...unread],
            name: m.name,
            ...this.where(),
            ...(boundary ? { boundaryRef: policyRef(boundary, values) ?? boundary.value.text } : {}),
          }));
          for (const p of instances) {
            for (const ref of managedArns) this.attachments.push({ policy: ref, kind, targets: [{ address: p.address }] });
            this.principals.set(p.address, p);
          }
          if (made.repeated) this.repeated.set(address, { known: made.known, instances });
          break;
        }
        case 'aws_iam_group':
          this.groups.set(address, { name: textOf(attr('name'), values), policies: [], maybe: [], unread: [] });
          break;
        case 'aws_iam_role_policy':
        case 'aws_iam_user_policy':
        case 'aws_iam_group_policy': {
          const kind = type === 'aws_iam_role_policy' ? 'role' : type === 'aws_iam_user_policy' ? 'user' : 'group';
          this.inlines.push({ kind, target: targets(b, attr(kind), `aws_iam_${kind}`), policy: policyOf(attr('policy'), address), address });
          break;
        }
        case 'aws_iam_policy':
          this.managed.set(address, policyOf(attr('policy'), address));
          break;
        case 'aws_iam_role_policy_attachment':
        case 'aws_iam_user_policy_attachment':
        case 'aws_iam_group_policy_attachment': {
          const kind = type === 'aws_iam_role_policy_attachment' ? 'role' : type === 'aws_iam_user_policy_attachment' ? 'user' : 'group';
          const policy = attr('policy_arn');
          if (policy) this.attachments.push({ policy: policyRef(policy, values) ?? policy.value.text, kind, targets: targets(b, attr(kind), `aws_iam_${kind}`) });
          break;
        }
        case 'aws_iam_policy_attachment': {
          const policy = attr('policy_arn');
          if (!policy) break;
          const ref = policyRef(policy, values) ?? policy.value.text;
          for (const kind of ['role', 'user', 'group'] as const) this.attachments.push({ policy: ref, kind, targets: targets(b, attr(`${kind}s`), `aws_iam_${kind}`) });
          break;
        }
        case 'aws_iam_group_membership':
          this.memberships.push({ groups: targets(b, attr('group'), 'aws_iam_group'), users: targets(b, attr('users'), 'aws_iam_user') });
          break;
        case 'aws_iam_user_group_membership':
          this.memberships.push({ groups: targets(b, attr('groups'), 'aws_iam_group'), users: targets(b, attr('user'), 'aws_iam_user') });
          break;
        case 'aws_organizations_policy': {
          const kind = stringLiteral(attr('type')?.value);
          if (kind === undefined || kind === 'SERVICE_CONTROL_POLICY') this.scps.set(address, policyOf(attr('content'), address));
          break;
        }
        case 'aws_organizations_policy_attachment': {
          const target = attr('target_id');
          if (!target) break;
          const policy = references(attr('policy_id')?.value ?? target.value).find((r) => r[0] === 'aws_organizations_policy' && r[1]);
          this.scpAttachments.push({ policy: policy && `${policy[0]}.${policy[1]}`, target: values.evaluator.evaluate(target.value), refs: references(target.value) });
          break;
        }
      }
    }
  }

  private readonly memberships: { groups: Target[]; users: Target[] }[] = [];

  /** The folder and account of another folder's principals. */
  private where(): { folder?: string; account?: string } {
    if (!this.folder) return {};
    return this.folder.account ? { folder: this.folder.label, account: this.folder.account } : { folder: this.folder.label };
  }

  result(): WorkspaceIam {
    const principals = [...this.principals.values()];
    const find = <T extends { name?: string }>(map: Map<string, T>, t: Target): { h: T; maybe: boolean }[] => {
      const maybe = !!t.maybe;
      if (!t.address) return [...map.values()].filter((x) => x.name !== undefined && x.name === t.name).map((h) => ({ h, maybe }));
      const exact = map.get(t.address);
      return exact ? [{ h: exact, maybe }] : [];
    };
    const findPrincipals = (t: Target): { h: Principal; maybe: boolean }[] => {
      const found = find(this.principals, t);
      if (found.length || !t.address) return found;
      // An instance whose index is not known, or of a collection not known: any instance may be the one.
      const base = t.address.replace(/\[[^\]]*\]$/, '');
      const r = this.repeated.get(base);
      if (!r || (r.known && base !== t.address && !t.address.endsWith('[?]'))) return [];
      return r.instances.map((h) => ({ h, maybe: true }));
    };
    const holders = (kind: 'role' | 'user' | 'group', ts: Target[]): { h: Holder; maybe: boolean }[] =>
      ts.flatMap((t) => (kind === 'group' ? find(this.groups, t) : findPrincipals(t).filter((x) => x.h.kind === kind)));
    for (const i of this.inlines) {
      for (const { h, maybe } of holders(i.kind, i.target)) {
        if (i.policy) (maybe ? h.maybe : h.policies).push(i.policy);
        else h.unread.push(`${i.address}, not known statically`);
      }
    }
    for (const a of this.attachments) {
      const managed = this.managed.get(a.policy);
      for (const { h, maybe } of holders(a.kind, a.targets)) {
        if (managed) (maybe ? h.maybe : h.policies).push(managed);
        else h.unread.push(this.managed.has(a.policy) ? `${a.policy}, not known statically` : unknownPolicy(a.policy));
      }
    }
    for (const m of this.memberships) {
      const groups = m.groups.flatMap((t) => find(this.groups, t));
      for (const u of m.users.flatMap((t) => findPrincipals(t)).filter((x) => x.h.kind === 'user')) {
        for (const g of groups) {
          const maybe = u.maybe || g.maybe;
          (maybe ? u.h.maybe : u.h.policies).push(...g.h.policies);
          u.h.maybe.push(...g.h.maybe);
          u.h.unread.push(...g.h.unread);
        }
      }
    }
    for (const p of principals) {
      if (!p.boundaryRef) continue;
      const b = this.managed.get(p.boundaryRef);
      if (b) p.boundary = b;
      else p.unread.push(`permissions boundary ${p.boundaryRef}, ${this.managed.has(p.boundaryRef) ? 'not known statically' : 'not defined in its module'}`);
    }
    const out: WorkspaceIam = {
      principals: principals.map(({ address, kind, arn, each, policies, maybe, boundary, unread, folder, account }) => ({
        address,
        kind,
        arn,
        ...(each ? { each } : {}),
        ...(folder ? { folder } : {}),
        ...(account ? { account } : {}),
        policies: unique(policies),
        ...(maybe.length ? { maybe: unique(maybe).filter((x) => !policies.includes(x)) } : {}),
        ...(boundary ? { boundary } : {}),
        unread: [...new Set(unread)],
      })),
      scps: [],
      unplacedScps: [],
      providers: this.folder ? new Map() : providersOf(this.files, this.host),
    };
    const here = this.folder;
    for (const a of this.scpAttachments) {
      const policy = a.policy ? this.scps.get(a.policy) : undefined;
      if (!a.policy || !policy) continue;
      const t = a.target;
      if (t.t === 'string' && /^\d{12}$/.test(t.v)) out.scps.push({ policy, target: `account ${t.v}`, account: t.v });
      else if (t.t === 'unknown' && t.label === THIS_ACCOUNT) {
        // Another folder's "this account" is the account its provider deploys to: placed only when stated.
        if (!here) out.scps.push({ policy, target: THIS_ACCOUNT, account: THIS_ACCOUNT });
        else if (here.account) out.scps.push({ policy, target: `account ${here.account}`, account: here.account });
        else out.unplacedScps.push(`${a.policy} (${here.label})`);
      }
      else if ((t.t === 'string' && t.v.startsWith('r-')) || a.refs.some((r) => r[0] === 'aws_organizations_organization')) out.scps.push({ policy, target: 'the organization root' });
      else out.unplacedScps.push(here ? `${a.policy} (${here.label})` : a.policy);
    }
    return out;
  }
}

/**
 * What an attached policy the workspace does not define is, in words: an AWS managed policy's content is not
 * read here (none is stated with certainty in the facts the matrix relies on), so it may allow anything.
 */
function unknownPolicy(ref: string): string {
  if (/^arn:[^:]*:iam::aws:policy\//.test(ref)) return `${ref} (AWS managed): unknown policy, may allow`;
  return `${ref}, not defined in its module: unknown policy, may allow`;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** The policy an attribute names: `aws_iam_policy.x` for a reference to one, else its value as text (an ARN). */
function policyRef(attr: HclAttribute, values: ModuleValues): string | undefined {
  const ref = references(attr.value).find((r) => r[0] === 'aws_iam_policy' && r[1]);
  if (ref) return `${ref[0]}.${ref[1]}`;
  return textOf(attr, values);
}

/** The policies a list attribute names (`managed_policy_arns`): references to `aws_iam_policy`, else the ARNs. */
function listOf(attr: HclAttribute | undefined, values: ModuleValues): string[] {
  if (!attr) return [];
  const refs = references(attr.value).filter((r) => r[0] === 'aws_iam_policy' && r[1]).map((r) => `${r[0]}.${r[1]}`);
  const v = values.evaluator.evaluate(attr.value);
  const literal = v.t === 'list' ? v.items.flatMap((i) => (i.t === 'string' ? [i.v] : [])) : [];
  return [...refs, ...literal];
}

/**
 * The roles, users or groups an attribute names: by reference (their address, with the index of the instance
 * when it is written and known: `aws_iam_role.app[0]`, `aws_iam_role.app["a"]`), else by the names it
 * evaluates to. `ev` is bound to the naming resource's instance (`count.index`, `each`).
 */
function targetsOf(attr: HclAttribute, type: string, ev: Evaluator): Target[] {
  const out: Target[] = [];
  const visit = (n: Node, depth: number) => {
    if (depth > 64) return;
    const t = n.type === 'expression' ? traversal(n) : undefined;
    if (t) {
      if (t[0] === type && t[1]) out.push({ address: `${type}.${t[1]}${indexOf(n, ev)}` });
      return;
    }
    for (const c of n.namedChildren) visit(c, depth + 1);
  };
  visit(attr.value, 0);
  if (out.length) return out;
  const v = ev.evaluate(attr.value);
  const items = v.t === 'list' ? v.items : [v];
  for (const i of items) if (i.t === 'string') out.push({ name: i.v });
  return out;
}

/** The instance a reference names (`[0]`, `["a"]`), when it has an index whose value is known; else ``. */
function indexOf(n: Node, ev: Evaluator): string {
  const parts = core(n).namedChildren;
  const index = parts[2]?.type === 'index' ? parts[2] : undefined;
  // `[0]` parses as index > new_index > expression (`.0`, the legacy form, as index > legacy_index).
  const inner = index?.namedChildren[0];
  const e = inner?.type === 'expression' ? inner : inner?.namedChildren.find((c) => c.type === 'expression');
  if (!index || !e) return index ? '[?]' : '';
  const v = ev.evaluate(e);
  if (v.t === 'number' && Number.isInteger(v.v)) return `[${v.v}]`;
  if (v.t === 'string') return `[${JSON.stringify(v.v)}]`;
  return '[?]';
}

/** One evaluator per instance of a resource (`count`, `for_each`); `maybe` for the one of a collection not known. */
function instancesOf(b: HclBlock, values: ModuleValues): { ev: Evaluator; maybe: boolean }[] {
  const count = blockAttribute(b, 'count');
  const forEach = blockAttribute(b, 'for_each');
  if (!count && !forEach) return [{ ev: values.evaluator, maybe: false }];
  const each = expansion({ count, forEach }, values.evaluator);
  return each.instances.map((bound) => ({ ev: new Evaluator(withBound(values.evaluator.ctx, bound)), maybe: each.kind === 'unknown' }));
}

/**
 * The principals an `aws_iam_role` or `aws_iam_user` block declares: one; one per instance of a known `count`
 * or `for_each` (`aws_iam_role.app[0]`, named as that instance evaluates its `name`); or, over a collection not
 * known, one standing for each of them (`each`: `each of var.readers`), whose name is not known.
 */
function principalsOf(b: HclBlock, values: ModuleValues, kind: 'role' | 'user'): { repeated: boolean; known: boolean; instances: { address: string; arn: string; name?: string; each?: string }[] } {
  const [type, name] = b.labels;
  const address = `${type}.${name}`;
  const count = blockAttribute(b, 'count');
  const forEach = blockAttribute(b, 'for_each');
  if (!count && !forEach) return { repeated: false, known: true, instances: [{ address, arn: arnOf(values, type, name), name: textOf(blockAttribute(b, 'name'), values) }] };
  const each = expansion({ count, forEach }, values.evaluator);
  if (each.kind === 'unknown') {
    const over = `each of ${core((count ?? forEach)!.value).text}`;
    return { repeated: true, known: false, instances: [{ address: `${address}[*]`, arn: instanceArn(kind, '/', '${' + over + '}'), each: over }] };
  }
  const instances = each.instances.map((bound) => {
    const ev = new Evaluator(withBound(values.evaluator.ctx, bound));
    const named = blockAttribute(b, 'name');
    const n = named ? ev.evaluate(named.value) : undefined;
    const p = blockAttribute(b, 'path');
    const path = p ? ev.evaluate(p.value) : undefined;
    const nameText = n?.t === 'string' ? n.v : '${' + `${address}${addressSuffix(bound)}.name` + '}';
    return { address: `${address}${addressSuffix(bound)}`, arn: instanceArn(kind, path?.t === 'string' ? path.v : p ? '/${' + `${address}.path` + '}/' : '/', nameText), ...(n?.t === 'string' ? { name: n.v } : {}) };
  });
  return { repeated: true, known: true, instances };
}

/** The ARN of a role or user of the account Terraform deploys to, as the policy model writes a reference to one. */
function instanceArn(kind: 'role' | 'user', path: string, name: string): string {
  return `arn:\${data.aws_partition.current.partition}:iam::${THIS_ACCOUNT_TEMPLATE}:${kind}${path}${name}`;
}

function textOf(attr: HclAttribute | undefined, values: ModuleValues): string | undefined {
  if (!attr) return undefined;
  const v = values.evaluator.evaluate(attr.value);
  return v.t === 'string' ? v.v : undefined;
}

/** The ARN of a role or user as a reference to it reads in the policy model (templates for the account, partition). */
function arnOf(values: ModuleValues, type: string, name: string): string {
  const o = values.evaluator.ctx.root([type, name]);
  const arn = o?.t === 'object' ? o.props.get('arn') : undefined;
  const e = arn ? evaluatedOf(arn) : undefined;
  return e?.k === 'text' || e?.k === 'shape' ? e.text : `\${${type}.${name}.arn}`;
}

/** True when an ARN's name part is known (only its account and partition may be templates). */
function knownName(arn: string): boolean {
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  return !name.includes('${');
}

function identityPolicy(source: PolicySource, file: ModuleFile, name: string, folder: FolderContext | undefined): IdentityPolicy {
  const lines = new Map<string, number[]>();
  const starts = (text: string, path: string) => {
    let l = lines.get(path);
    if (!l) {
      l = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) l.push(i + 1);
      lines.set(path, l);
    }
    return l;
  };
  return {
    name,
    policy: source.policy,
    ...(folder ? { folder: folder.label } : {}),
    ...(folder?.account ? { account: folder.account } : {}),
    placeOf(index: number): PolicyPlace {
      const node = source.policy.statements.find((s) => s.index === index)?.node;
      const home = node?.home;
      const text = home ? home.file.text : file.text;
      const path = home ? home.file.path : file.path;
      const offset = source.reportAt ? source.reportAt.start : home ? home.offset : (node?.span.start ?? source.span.start);
      const l = starts(text, path);
      let line = 0;
      while (line + 1 < l.length && l[line + 1] <= offset) line++;
      return { path, line, character: offset - l[line] };
    },
  };
}
