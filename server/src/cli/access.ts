import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createKeyscope, syntaxOf, tooLargeMessage, type AccessMatrix } from '../service';
import { hostWithVariables, variableInputs, VARIABLE_OPTIONS, VARIABLE_USAGE } from './variables';
import { readInput } from './read';
import { CliConfigs } from './config';
import { UsageError } from './errors';
import { quotePath } from './escape';
import { accessJson, accessMarkdown, accessText } from './access-format';

export const ACCESS_USAGE = `Usage: keyscope access [--principal ARN]... [--format text|json|markdown] [--config FILE] [--var-file FILE]... [--var NAME=VALUE]... FILE

Prints the effective-access matrix of every key policy in FILE (a JSON key policy or a .tf file): who can
administer the key, read and write data with it, destroy it and read its configuration, and why.

  --principal ARN     also evaluate this principal (an ARN, account id, service name or *), as a what-if row;
                      may be repeated
  --format FORMAT     text (default), json, or markdown (a table to paste into a pull request)
  --config FILE       a .keyscope.json (default: the nearest one at or above FILE's folder, up to the
                      repository root)
${VARIABLE_USAGE}

Exit status: 0 the matrix was printed, 2 bad usage, an unreadable file or a .keyscope.json with problems.`;

const FORMATS = ['text', 'json', 'markdown'];

/** `keyscope access`: never throws except UsageError (exit 2). */
export async function access(argv: string[]): Promise<{ output: string; exitCode: number }> {
  let values: { principal?: string[]; format?: string; config?: string; help?: boolean };
  let positionals: string[];
  let tokens: Parameters<typeof variableInputs>[0];
  try {
    ({ values, positionals, tokens } = parseArgs({
      args: argv,
      allowPositionals: true,
      tokens: true,
      options: { principal: { type: 'string', multiple: true }, format: { type: 'string' }, config: { type: 'string' }, ...VARIABLE_OPTIONS, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${ACCESS_USAGE}`);
  }
  if (values.help) return { output: ACCESS_USAGE + '\n', exitCode: 0 };
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}": use text, json or markdown`);
  if (positionals.length !== 1) throw new UsageError(`${positionals.length ? 'give one FILE' : 'no FILE given'}\n\n${ACCESS_USAGE}`);
  const whatIf = values.principal ?? [];
  if (whatIf.some((p) => p.trim() === '')) throw new UsageError('--principal needs a principal (an ARN, account id, service name or *)');

  const file = resolve(positionals[0]);
  const syntax = syntaxOf(file);
  if (syntax === 'none') throw new UsageError(`${quotePath(positionals[0])} is neither a .json nor a .tf file`);
  const inputs = variableInputs(tokens);
  const configs = await CliConfigs.create(values.config);
  const { settings, root } = await configs.forFile(file, dirname(file));
  const read = readInput(file, quotePath(positionals[0]), settings.limits.maxFileSizeKB * 1024);
  if ('tooLarge' in read) throw new UsageError(`${quotePath(positionals[0])} is not analysed: ${tooLargeMessage(read.tooLarge / 1024, settings.limits.maxFileSizeKB)}`);
  const text = read.text;
  const engine = createKeyscope({ host: hostWithVariables(root, inputs), settings });
  let matrices: AccessMatrix[];
  try {
    await engine.prepare(file);
    const result = engine.analyze({ path: file, text, force: true });
    matrices = engine.access(result, { whatIf }).filter((a) => a.source.policy.root).map((a) => a.matrix);
  } finally {
    engine.dispose();
  }
  const output = format === 'json' ? accessJson(matrices) : format === 'markdown' ? accessMarkdown(matrices) : accessText(matrices);
  return { output, exitCode: configs.hadProblems ? 2 : 0 };
}
