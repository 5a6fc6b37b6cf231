import { dirname, resolve } from 'node:path';
import type { parseArgs } from 'node:util';
import { nodeHost, readVarFile, VAR_FILE_MAX_CHARS, withReadCache, type Host, type VariableInput } from '../service';
import { UsageError } from './errors';
import { quotePath } from './escape';

/** The `--var-file` and `--var` options, for `parseArgs`. */
export const VARIABLE_OPTIONS = {
  'var-file': { type: 'string', multiple: true },
  var: { type: 'string', multiple: true },
} as const;

export const VARIABLE_USAGE = `  --var-file FILE     a Terraform variable file (.tfvars, or .tfvars.json) for root modules, relative to the
                      current folder; may be repeated
  --var NAME=VALUE    a value for a root module's variable, read as Terraform reads -var: an HCL expression
                      (--var 'admins=["arn:aws:iam::111122223333:role/a"]') for a variable of a list, map
                      or object type, else the text itself; may be repeated
                      Root modules take terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in
                      name order, then --var-file and --var in command-line order: the later value wins.`;

type Tokens = NonNullable<ReturnType<typeof parseArgs>['tokens']>;

/**
 * The variable inputs of a command line, in its order. A variable file that cannot be read, or is longer
 * than a variable file may be, and a `--var` without `NAME=` are usage errors.
 */
export function variableInputs(tokens: Tokens): VariableInput[] {
  const out: VariableInput[] = [];
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'var-file') {
      const path = resolve(t.value);
      const file = readVarFile(path, nodeHost(dirname(path)));
      if (!file) throw new UsageError(`cannot read the variable file ${quotePath(t.value)} (a readable file of at most ${VAR_FILE_MAX_CHARS} characters)`);
      out.push({ kind: 'file', ...file });
    } else if (t.name === 'var') {
      const eq = t.value.indexOf('=');
      const name = eq > 0 ? t.value.slice(0, eq).trim() : '';
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`--var needs NAME=VALUE with a variable name, not ${quotePath(t.value)}`);
      out.push({ kind: 'var', name, text: t.value.slice(eq + 1) });
    }
  }
  return out;
}

/**
 * The host for files under `root`, with the command line's variable inputs. Its reads and folder listings are
 * cached as the editor's are (revalidated by a `stat`): every .tf file of a module reads the module's other
 * files, and every call of a module reads the module's folder.
 */
export function hostWithVariables(root: string, inputs: readonly VariableInput[]): Host {
  const host = withReadCache(nodeHost(root));
  return inputs.length ? { ...host, variableInputs: inputs } : host;
}
