import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, GenerateInputError, generatePolicy, parsePrincipalList, SCOPE_INFO, SCOPES, type Format, type Scope } from '../generate';
import { UsageError } from './errors';
import { escapeControls, quotePath } from './escape';

const SCOPE_LINES = SCOPES.map((s) => `    ${s.padEnd(7)} ${SCOPE_INFO[s].label}`).join('\n');

export const NEW_USAGE = `Usage: keyscope new --scope SCOPE --stage STAGE --account ID --name NAME [--admin ARN]... [--reader ARN]...
                    [--writer ARN]... [--format json|tf|tf-doc] [--out FILE|DIR] [--force]

Writes a least-privilege KMS key policy for one key scope: administrators separate from the principals that
use the key, writers (encrypt) separate from readers (decrypt).

  --scope SCOPE       one of:
${SCOPE_LINES}
  --stage STAGE       SDLC stage token: prod, stage, test, dev, ...
  --account ID        the 12-digit account that owns the key
  --admin ARN         a key administrator (IAM role or user ARN); repeat or separate with commas
  --reader ARN        a principal that decrypts (reads data)
  --writer ARN        a principal that encrypts (writes data)
  --name NAME         the business unit, domain, application or team the key is for (never guessed
                      from a principal: a reader's role names who reads, not what the key protects)
  --format FORMAT     json (default; a key policy file), tf (aws_kms_key with jsonencode) or
                      tf-doc (with a data "aws_iam_policy_document"); inferred from --out's extension
  --out FILE|DIR      write to FILE, or into DIR under its proposed name (default: standard output)
  --force             overwrite an existing file

Exit status: 0 written, 2 invalid input (every problem is listed).`;

/** `keyscope new`: never throws except UsageError (exit 2). */
export async function newPolicy(argv: string[]): Promise<{ output: string; exitCode: number }> {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        scope: { type: 'string' },
        stage: { type: 'string' },
        account: { type: 'string' },
        admin: { type: 'string', multiple: true },
        reader: { type: 'string', multiple: true },
        writer: { type: 'string', multiple: true },
        name: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${NEW_USAGE}`);
  }
  if (values.help) return { output: NEW_USAGE + '\n', exitCode: 0 };
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const arns = (k: string) => ((values[k] as string[] | undefined) ?? []).flatMap((v) => parsePrincipalList(v));
  const missing = ['scope', 'stage', 'account', 'name'].filter((k) => str(k) === undefined);
  if (missing.length) throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')}\n\n${NEW_USAGE}`);

  const out = str('out');
  const format = str('format') ?? (out && /\.tf$/i.test(out) ? 'tf' : 'json');
  if (!FORMATS.includes(format as Format)) throw new UsageError(`unknown format "${format}": use json, tf or tf-doc`);
  const scope = str('scope')!;
  if (!SCOPES.includes(scope as Scope)) throw new UsageError(`unknown scope "${scope}": use ${SCOPES.join(', ')}`);
  const partial = { stage: str('stage')!, admins: arns('admin'), readers: arns('reader'), writers: arns('writer') };
  const scopeName = str('name')!;

  let generated;
  try {
    generated = generatePolicy({ ...partial, scope: scope as Scope, account: str('account')!, scopeName, format: format as Format });
  } catch (e) {
    if (e instanceof GenerateInputError) throw new UsageError(`invalid input:\n${e.problems.map((p) => `  - ${p}`).join('\n')}`);
    throw e;
  }
  if (!out) return { output: generated.text, exitCode: 0 };
  const target = isDirectory(out) ? join(out, generated.fileName) : out;
  if (existsSync(target) && !values.force) throw new UsageError(`${quotePath(target)} exists; use --force to overwrite it`);
  try {
    writeFileSync(target, generated.text);
  } catch (e) {
    throw new UsageError(`cannot write ${quotePath(target)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return { output: `wrote ${quotePath(target)}: ${escapeControls(generated.description)}\n`, exitCode: 0 };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
