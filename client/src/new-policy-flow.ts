/*
 * The questions of "Keyscope: New key policy…", independent of the VS Code API so they can be tested with
 * scripted answers. Every input box validates with the generator's own validators, so what the user can
 * confirm is what the generator accepts.
 */
import {
  defaultScopeName,
  parsePrincipalList,
  SCOPE_INFO,
  SCOPES,
  validateAccountId,
  validatePrincipalList,
  validateScopeName,
  validateStage,
  insertionFits,
  type Format,
  type GenerateInput,
  type InsertionForm,
  type Scope,
} from '../../server/src/generate';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface InputOptions {
  prompt: string;
  value?: string;
  placeHolder?: string;
  validate(value: string): string | undefined;
}

/** The UI the questions need: a quick pick and an input box; undefined means the user cancelled. */
export interface Prompts {
  pick<T>(title: string, items: PickItem<T>[]): PromiseLike<T | undefined>;
  input(title: string, options: InputOptions): PromiseLike<string | undefined>;
}

/** What the editor knows that makes good defaults. */
export interface FlowContext {
  /** Language of the active editor, to offer its format first. */
  activeLanguage?: string;
  activeFileName?: string;
  /**
   * What generated content fits at the cursor of the active editor, as the language server found it; absent
   * where nothing fits (inside a statement, a string, another block), and then only new files are offered.
   */
  insertion?: { form: InsertionForm; where: string };
  /** `keyscope.deployerArn`: proposed as the administrator. */
  deployerArn?: string;
  /** `keyscope.accounts`: the account whose stage matches is proposed. */
  accounts?: Record<string, { name?: string; stage?: string }>;
}

export type Target = 'untitled' | 'cursor' | 'file';

const STAGES = ['prod', 'stage', 'test', 'dev'];
/** What "Insert at the cursor" writes at each kind of place. */
const INSERTED: Record<InsertionForm, string> = {
  policy: 'the key policy',
  'json-statements': 'the statements',
  'hcl-statements': 'the statements',
  'document-statements': 'the statement blocks',
  blocks: 'the key and alias blocks',
};
const OTHER = '\u0000other';

/** Asks everything the generator needs; undefined when the user cancels at any step. */
export async function askForPolicy(ui: Prompts, ctx: FlowContext): Promise<{ input: GenerateInput; target: Target } | undefined> {
  const title = (step: number, what: string) => `New key policy (${step}/9): ${what}`;
  const scope = await ui.pick<Scope>(title(1, 'key scope'), SCOPES.map((s) => ({ label: SCOPE_INFO[s].label, detail: SCOPE_INFO[s].when, value: s })));
  if (!scope) return undefined;
  const ex = SCOPE_INFO[scope].example;

  let stage = await ui.pick(title(2, 'SDLC stage'), [...STAGES.map((s) => ({ label: s, value: s })), { label: 'Other…', value: OTHER }]);
  if (stage === OTHER) stage = await ui.input(title(2, 'SDLC stage'), { prompt: 'The stage token: it becomes part of the alias and the tags.', validate: validateStage });
  if (!stage) return undefined;

  const declared = Object.entries(ctx.accounts ?? {}).filter(([, a]) => a.stage?.toLowerCase() === stage.toLowerCase());
  const account = await ui.input(title(3, 'account id'), {
    prompt: `The 12-digit id of the AWS account that owns the ${stage} key.`,
    value: declared.length === 1 ? declared[0][0] : undefined,
    placeHolder: '111122223333',
    validate: validateAccountId,
  });
  if (account === undefined) return undefined;
  const arn = (role: string) => `arn:aws:iam::${account.trim()}:role/${role}`;
  const example = (roles: string[]) => (roles.length ? roles.map(arn).join(', ') : arn('name'));

  const adminsText = await ui.input(title(4, 'administrators'), {
    prompt: `Key administrators (IAM role or user ARNs, comma-separated): they manage the key but never use it for data.${scope === 'bu' ? ' Optional: the account IAM can administer too.' : ' Include the role that deploys the policy.'}`,
    value: ctx.deployerArn || undefined,
    placeHolder: example(ex.admins),
    validate: (v) => validatePrincipalList(v, scope !== 'bu'),
  });
  if (adminsText === undefined) return undefined;
  const admins = parsePrincipalList(adminsText);
  const notAdmin = (v: string) => parsePrincipalList(v).find((a) => admins.includes(a));
  const users = (v: string, required: boolean) => {
    const bad = notAdmin(v);
    return bad ? `${bad} is an administrator: keep administrators separate from the principals that use the key.` : validatePrincipalList(v, required);
  };

  const readersText = await ui.input(title(5, 'readers'), {
    prompt: 'Principals that decrypt (read data), comma-separated. May be empty.',
    placeHolder: example(ex.readers.length ? ex.readers : ['reader']),
    validate: (v) => users(v, false),
  });
  if (readersText === undefined) return undefined;
  const readers = parsePrincipalList(readersText);
  const writersText = await ui.input(title(6, 'writers'), {
    prompt: `Principals that encrypt (write data), comma-separated.${scope === 'domain' ? ' Writers cannot decrypt.' : ''}`,
    // An application or a team usually reads and writes with the same roles.
    value: scope === 'app' || scope === 'team' ? readersText.trim() || undefined : undefined,
    placeHolder: example(ex.writers.length ? ex.writers : ['writer']),
    validate: (v) => users(v, scope !== 'bu' && readers.length === 0),
  });
  if (writersText === undefined) return undefined;
  const writers = parsePrincipalList(writersText);

  const scopeName = await ui.input(title(7, 'name'), {
    prompt: `The ${SCOPE_INFO[scope].label.replace(' + Stage', '').toLowerCase()} name: the alias will be alias/<name>-${stage}.`,
    value: defaultScopeName({ stage, admins, readers, writers }),
    placeHolder: ex.name,
    validate: validateScopeName,
  });
  if (scopeName === undefined) return undefined;

  const formats: PickItem<Format>[] = [
    { label: 'JSON key policy', description: '.kms.json', value: 'json' },
    { label: 'Terraform: aws_kms_key with jsonencode', description: '+ aws_kms_alias', value: 'tf' },
    { label: 'Terraform: aws_iam_policy_document', description: '+ aws_kms_key, aws_kms_alias', value: 'tf-doc' },
  ];
  if (ctx.activeLanguage === 'terraform') formats.push(formats.shift()!);
  // In a policy document's body, its own form (statement blocks) first.
  if (ctx.insertion?.form === 'document-statements') formats.unshift(...formats.splice(formats.findIndex((f) => f.value === 'tf-doc'), 1));
  const format = await ui.pick(title(8, 'format'), formats);
  if (!format) return undefined;

  const targets: PickItem<Target>[] = [
    { label: 'New untitled file', value: 'untitled' },
    { label: 'Save as a new file…', value: 'file' },
  ];
  const at = ctx.insertion;
  if (ctx.activeFileName && at && insertionFits(at.form, format)) {
    targets.unshift({ label: 'Insert at the cursor', description: `${INSERTED[at.form]} into ${at.where} (${ctx.activeFileName})`, value: 'cursor' });
  }
  const target = await ui.pick(title(9, 'where'), targets);
  if (!target) return undefined;

  return { input: { scope, stage: stage.trim(), account: account.trim(), scopeName: scopeName.trim(), admins, readers, writers, format }, target };
}
