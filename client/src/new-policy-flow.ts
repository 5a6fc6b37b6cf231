/*
 * The questions of "Keyscope: New key policy…", independent of the VS Code API so they can be tested with
 * scripted answers. Every input box validates with the generator's own validators, so what the user can
 * confirm is what the generator accepts. Each step can go back to the one before (its answer kept), and the
 * answers of the last run are proposed again.
 */
import {
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

/** What a prompt answers when the user presses its Back button. */
export const BACK = Symbol('back');
export type Back = typeof BACK;

/**
 * The UI the questions need: a quick pick and an input box; undefined means the user cancelled, `BACK` that
 * they went back (offered when `back` is true). A pick's `active` is the item to highlight first.
 */
export interface Prompts {
  pick<T>(title: string, items: PickItem<T>[], options?: { back?: boolean; active?: T }): PromiseLike<T | undefined | Back>;
  input(title: string, options: InputOptions & { back?: boolean }): PromiseLike<string | undefined | Back>;
}

/** The answers of a run, as typed: remembered for the next run, and kept when the user goes back. */
export interface Answers {
  scope?: Scope;
  stage?: string;
  account?: string;
  admins?: string;
  readers?: string;
  writers?: string;
  scopeName?: string;
  format?: Format;
  target?: Target;
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
  /** The answers of the last run, proposed again. */
  remembered?: Answers;
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
const STEPS = 9;

type Step = (a: Answers, back: boolean) => Promise<'next' | 'back' | 'cancel'>;

/**
 * Asks everything the generator needs, step by step; undefined when the user cancels at any step. Returns the
 * generator's input, where to write it, and the answers as typed (to remember for the next run).
 */
export async function askForPolicy(ui: Prompts, ctx: FlowContext): Promise<{ input: GenerateInput; target: Target; answers: Answers } | undefined> {
  const title = (step: number, what: string) => `New key policy (${step}/${STEPS}): ${what}`;
  const a: Answers = { ...ctx.remembered };
  // A box's answer: the text, or what going back or cancelling means for the flow.
  const outcome = <T>(v: T | undefined | Back, set: (v: T) => void): 'next' | 'back' | 'cancel' => {
    if (v === BACK) return 'back';
    if (v === undefined) return 'cancel';
    set(v);
    return 'next';
  };
  const scopeOf = () => a.scope ?? 'app';
  const account = () => (a.account ?? '').trim();
  const list = (text: string | undefined) => parsePrincipalList(text ?? '', account());
  const arn = (role: string) => `arn:aws:iam::${account()}:role/${role}`;
  const example = (roles: string[]) => (roles.length ? roles.map(arn).join(', ') : arn('name'));
  const notAdmin = (v: string) => list(v).find((x) => list(a.admins).includes(x));
  const users = (v: string, required: boolean) => {
    const bad = notAdmin(v);
    return bad ? `${bad} is an administrator: keep administrators separate from the principals that use the key.` : validatePrincipalList(v, required, account());
  };
  const short = ' A role name alone (orders-processor) or role/NAME, user/NAME is read in the account above.';

  const steps: Step[] = [
    async (_, back) =>
      outcome(await ui.pick<Scope>(title(1, 'key scope'), SCOPES.map((s) => ({ label: SCOPE_INFO[s].label, detail: SCOPE_INFO[s].when, value: s })), { back, active: a.scope }), (v) => (a.scope = v)),
    async (_, back) => {
      const known = a.stage && STAGES.includes(a.stage) ? a.stage : a.stage ? OTHER : undefined;
      const picked = await ui.pick(title(2, 'SDLC stage'), [...STAGES.map((s) => ({ label: s, value: s })), { label: 'Other…', value: OTHER }], { back, active: known });
      if (picked !== OTHER) return outcome(picked, (v) => (a.stage = v));
      const typed = await ui.input(title(2, 'SDLC stage'), { prompt: 'The stage token: it becomes part of the alias and the tags.', value: a.stage && !STAGES.includes(a.stage) ? a.stage : undefined, validate: validateStage, back: true });
      return outcome(typed, (v) => (a.stage = v.trim()));
    },
    async (_, back) => {
      const stage = a.stage!;
      const declared = Object.entries(ctx.accounts ?? {}).filter(([, x]) => x.stage?.toLowerCase() === stage.toLowerCase());
      return outcome(
        await ui.input(title(3, 'account id'), {
          prompt: `The 12-digit id of the AWS account that owns the ${stage} key.`,
          value: declared.length === 1 ? declared[0][0] : a.account,
          placeHolder: '111122223333',
          validate: validateAccountId,
          back,
        }),
        (v) => (a.account = v.trim()),
      );
    },
    async (_, back) =>
      outcome(
        await ui.input(title(4, 'administrators'), {
          prompt: `Key administrators (IAM roles or users, comma-separated): they manage the key but never use it for data.${scopeOf() === 'bu' ? ' Optional: the account IAM can administer too.' : ' Include the role that deploys the policy.'}${short}`,
          value: a.admins ?? (ctx.deployerArn || undefined),
          placeHolder: example(SCOPE_INFO[scopeOf()].example.admins),
          validate: (v) => validatePrincipalList(v, scopeOf() !== 'bu', account()),
          back,
        }),
        (v) => (a.admins = v),
      ),
    async (_, back) =>
      outcome(
        await ui.input(title(5, 'readers'), {
          prompt: `Principals that decrypt (read data), comma-separated. May be empty.${short}`,
          value: a.readers,
          placeHolder: example(SCOPE_INFO[scopeOf()].example.readers.length ? SCOPE_INFO[scopeOf()].example.readers : ['reader']),
          validate: (v) => users(v, false),
          back,
        }),
        (v) => (a.readers = v),
      ),
    async (_, back) =>
      outcome(
        await ui.input(title(6, 'writers'), {
          prompt: `Principals that encrypt (write data), comma-separated.${scopeOf() === 'domain' ? ' Writers cannot decrypt.' : ''}${short}`,
          // An application or a team usually reads and writes with the same roles.
          value: a.writers ?? (scopeOf() === 'app' || scopeOf() === 'team' ? a.readers?.trim() || undefined : undefined),
          placeHolder: example(SCOPE_INFO[scopeOf()].example.writers.length ? SCOPE_INFO[scopeOf()].example.writers : ['writer']),
          validate: (v) => users(v, scopeOf() !== 'bu' && list(a.readers).length === 0),
          back,
        }),
        (v) => (a.writers = v),
      ),
    async (_, back) =>
      outcome(
        await ui.input(title(7, 'name'), {
          prompt: `The ${SCOPE_INFO[scopeOf()].label.replace(' + Stage', '').toLowerCase()} name: the alias will be alias/<name>-${a.stage}.`,
          // Never guessed from a principal's name: a reader's role says nothing of what the key is for.
          value: a.scopeName,
          placeHolder: SCOPE_INFO[scopeOf()].example.name,
          validate: validateScopeName,
          back,
        }),
        (v) => (a.scopeName = v.trim()),
      ),
    async (_, back) => {
      const formats: PickItem<Format>[] = [
        { label: 'JSON key policy', description: '.kms.json', value: 'json' },
        { label: 'Terraform: aws_kms_key with jsonencode', description: '+ aws_kms_alias', value: 'tf' },
        { label: 'Terraform: aws_iam_policy_document', description: '+ aws_kms_key, aws_kms_alias', value: 'tf-doc' },
      ];
      if (ctx.activeLanguage === 'terraform') formats.push(formats.shift()!);
      // In a policy document's body, its own form (statement blocks) first.
      if (ctx.insertion?.form === 'document-statements') formats.unshift(...formats.splice(formats.findIndex((f) => f.value === 'tf-doc'), 1));
      return outcome(await ui.pick(title(8, 'format'), formats, { back, active: a.format }), (v) => (a.format = v));
    },
    async (_, back) => {
      const targets: PickItem<Target>[] = [
        { label: 'New untitled file', value: 'untitled' },
        { label: 'Save as a new file…', value: 'file' },
      ];
      const at = ctx.insertion;
      if (ctx.activeFileName && at && insertionFits(at.form, a.format!)) {
        targets.unshift({ label: 'Insert at the cursor', description: `${INSERTED[at.form]} into ${at.where} (${ctx.activeFileName})`, value: 'cursor' });
      }
      const active = targets.some((t) => t.value === a.target) ? a.target : undefined;
      return outcome(await ui.pick(title(9, 'where'), targets, { back, active }), (v) => (a.target = v));
    },
  ];

  for (let i = 0; i < steps.length; ) {
    const r = await steps[i](a, i > 0);
    if (r === 'cancel') return undefined;
    i = r === 'back' ? Math.max(0, i - 1) : i + 1;
  }
  const input: GenerateInput = {
    scope: a.scope!,
    stage: a.stage!.trim(),
    account: account(),
    scopeName: a.scopeName!.trim(),
    admins: list(a.admins),
    readers: list(a.readers),
    writers: list(a.writers),
    format: a.format!,
  };
  return { input, target: a.target!, answers: a };
}
