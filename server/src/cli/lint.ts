import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createKeyscope, isPolicyCandidate, syntaxOf, tooLargeMessage, type Keyscope, type Severity } from '../service';
import { globProblem, matchesAnyGlob } from '../settings/glob';
import { CliConfigs, CONFIG_NAME } from './config';
import { UsageError } from './errors';
import { deliver } from './output';
import { escapeControls, quotePath } from './escape';
import { formatJson, formatText, toCliFindings, type CliFinding } from './format';
import { formatGitlabSast } from './gitlab';
import { formatSarif, type SarifFinding, type SarifRunInfo } from './sarif';
import { hostWithVariables, variableInputs, VARIABLE_OPTIONS, VARIABLE_USAGE } from './variables';
import { readInput } from './read';

const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

export const LINT_USAGE = `Usage: keyscope lint [options] PATH...

Analyses KMS key policies in JSON files and Terraform (.tf) files. Directories are walked recursively:
.tf files are always read; JSON files when they match the include globs or read like a key policy.

  --format FORMAT     text (default), json, sarif (SARIF 2.1.0, for GitHub code scanning) or gitlab (a
                      GitLab SAST report, for artifacts: reports: sast)
  --output FILE       write the report to FILE instead of standard output
  --config FILE       a .keyscope.json (default: the nearest one at or above each file's folder, up to the
                      repository root: the folder holding .git, else the current folder)
  --max-warnings N    fail when there are more than N warnings (default: no limit)
  --exit-zero         exit 0 even when findings would fail the run (report only)
  --key-policy        judge every JSON file as a key policy, whatever its content (see below)
  --exclude GLOB      skip files whose path from the current folder matches GLOB (repeatable); the globs of
                      .keyscope.json: *, **, ?, [a-z], no braces or extended globs, 512 characters at most
${VARIABLE_USAGE}

A JSON file that does not match the include globs is judged by its content: with no Principal (an IAM
identity policy), a Resource of another service (an S3 bucket policy) or no kms: action, it is not a key
policy, and only its kms: actions are checked; a note on stderr says why.

Exit status: 0 no errors, 1 findings fail the run, 2 bad usage, an unreadable file or a .keyscope.json with
problems (each is printed with its line and column; the other settings still apply).`;

export interface LintOutcome {
  output: string;
  exitCode: number;
}

/** `keyscope lint`: never throws except UsageError (exit 2). */
export async function lint(argv: string[], version: string): Promise<LintOutcome> {
  let values: { format?: string; config?: string; output?: string; 'max-warnings'?: string; 'exit-zero'?: boolean; 'key-policy'?: boolean; exclude?: string[]; help?: boolean };
  let positionals: string[];
  let tokens: Parameters<typeof variableInputs>[0];
  try {
    ({ values, positionals, tokens } = parseArgs({
      args: argv,
      allowPositionals: true,
      tokens: true,
      options: {
        format: { type: 'string' },
        config: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'max-warnings': { type: 'string' },
        'exit-zero': { type: 'boolean' },
        'key-policy': { type: 'boolean' },
        exclude: { type: 'string', multiple: true },
        ...VARIABLE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${LINT_USAGE}`);
  }
  if (values.help) return { output: LINT_USAGE + '\n', exitCode: 0 };
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif', 'gitlab'].includes(format)) throw new UsageError(`unknown format "${format}": use text, json, sarif or gitlab`);
  const start = new Date();
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings needs a whole number >= 0, not "${values['max-warnings']}"`);
  }
  if (positionals.length === 0) throw new UsageError(`no PATH given\n\n${LINT_USAGE}`);
  const inputs = variableInputs(tokens);
  const configs = await CliConfigs.create(values.config);

  const excludes = values.exclude ?? [];
  for (const g of excludes) {
    const problem = globProblem(g);
    if (problem) throw new UsageError(`--exclude ${quotePath(g)}: ${problem}`);
  }
  // One engine instance per workspace root of this run (a root confines what its files may read).
  const engines = new Map<string, Keyscope>();
  const engineFor = (root: string) => {
    let k = engines.get(root);
    if (!k) engines.set(root, (k = createKeyscope({ host: hostWithVariables(root, inputs) })));
    return k;
  };
  const cwd = process.cwd();
  const excluded = (p: string) => excludes.length > 0 && matchesAnyGlob(excludes, relative(cwd, p).split(sep).join('/'));
  const files = collect(positionals).filter((f) => !excluded(f.path));
  const items: SarifFinding[] = [];
  const notifications: SarifRunInfo['notifications'] = [];
  for (const f of files) {
    const { settings, relPath, root } = await configs.forFile(f.path, f.root);
    const shown = relative(cwd, f.path) || f.path;
    const read = readInput(f.path, quotePath(f.path), settings.limits.maxFileSizeKB * 1024);
    if ('tooLarge' in read) {
      // Not read at all: reported as the editor reports a document over the limit, at its first line.
      const level = settings.rules['analysis-limit'];
      // A JSON file found by the walk counts when its name matches the include globs (its content is unread).
      if (level !== 'off' && (f.explicit || syntaxOf(f.path) === 'terraform' || isPolicyCandidate(relPath, '', settings))) {
        const finding = { ruleId: 'analysis-limit', severity: (level as Severity | undefined) ?? 'warning', message: `Not analysed: ${tooLargeMessage(read.tooLarge / 1024, settings.limits.maxFileSizeKB)}`, span: { start: 0, end: 0 }, fixes: [] };
        for (const c of toCliFindings(shown.startsWith('..') ? f.path : shown, '', [finding])) items.push({ finding: c, snippet: '', suppressed: false });
      }
      continue;
    }
    const text = read.text;
    if (!f.explicit && syntaxOf(f.path) === 'json' && !isPolicyCandidate(relPath, text, settings)) continue;
    // Loads the parser once, and a fresh one after a file made it fail (that file gets a finding saying so).
    const engine = engineFor(root);
    await engine.prepare(f.path);
    const result = engine.analyze({ path: f.path, relPath, text, settings, force: f.explicit, keyPolicy: values['key-policy'] });
    const file = shown.startsWith('..') ? f.path : shown;
    if (result.notKeyPolicy && f.explicit) {
      const message = `${file} is not judged as a key policy: ${result.notKeyPolicy}; only its kms: actions are checked (--key-policy judges it as one)`;
      process.stderr.write(`keyscope: note: ${escapeControls(message)}\n`);
      notifications.push({ level: 'note', message, file });
    }
    for (const err of result.internalErrors ?? []) {
      const message = `internal error: ${err.split('\n')[0]}`;
      process.stderr.write(`keyscope: ${escapeControls(message)}\n`);
      notifications.push({ level: 'error', message, file });
    }
    const add = (found: typeof result.findings, suppressed: boolean) =>
      toCliFindings(file, text, found).forEach((finding, i) => items.push({ finding, snippet: text.slice(found[i].span.start, found[i].span.end), suppressed }));
    add(result.findings, false);
    add(result.suppressed ?? [], true);
  }
  for (const k of engines.values()) k.dispose();
  const all: CliFinding[] = items.filter((i) => !i.suppressed).map((i) => i.finding);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const failed = errors > 0 || warnings > maxWarnings;
  // A .keyscope.json with problems is a usage error, whatever the findings (and --exit-zero).
  const exitCode = configs.hadProblems ? 2 : failed && !values['exit-zero'] ? 1 : 0;
  const run = { version, cwd, exitCode, notifications };
  const output =
    format === 'json' ? formatJson(all) : format === 'sarif' ? formatSarif(items, run) : format === 'gitlab' ? formatGitlabSast(items, { ...run, start, end: new Date() }) : formatText(all);
  return deliver(output, exitCode, values.output);
}

interface FileArg {
  path: string;
  /** The argument it came from (a directory, or the file's own folder). */
  root: string;
  /** Named on the command line rather than found by a directory walk. */
  explicit: boolean;
}

function collect(args: string[]): FileArg[] {
  const out: FileArg[] = [];
  for (const a of args) {
    const p = resolve(a);
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new UsageError(`cannot read ${quotePath(a)}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as NodeJS.ErrnoException).code}`);
    }
    if (st.isDirectory()) walk(p, p, out);
    else out.push({ path: p, root: dirname(p), explicit: true });
  }
  return out;
}

function walk(dir: string, root: string, out: FileArg[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read directory ${quotePath(dir)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, root, out);
    } else if (e.isFile() && e.name !== CONFIG_NAME && syntaxOf(p) !== 'none') out.push({ path: p, root, explicit: false });
  }
}
