import { existsSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { join } from 'node:path';
import { UsageError } from './errors';
import { escapeMessage } from './escape';
import { lint, LINT_USAGE } from './lint';
import { access } from './access';
import { diff } from './diff';
import { newPolicy } from './new';
import { settingsCommand } from './config';

declare const KEYSCOPE_VERSION: string | undefined;
const VERSION = typeof KEYSCOPE_VERSION === 'string' ? KEYSCOPE_VERSION : '0.0.0-dev';

const USAGE = `keyscope ${VERSION} — lint AWS KMS key policies in JSON and Terraform

Commands:
  keyscope lint [options] PATH...     report problems (see keyscope lint --help)
  keyscope access [options] FILE      who can do what with each key (see keyscope access --help)
  keyscope diff [options] [PATH...]   who gains or loses access between two git revisions (see keyscope diff --help)
  keyscope new --scope SCOPE ...      write a least-privilege key policy (see keyscope new --help)
  keyscope lsp --stdio                run the language server for an editor (also: keyscope-language-server)
  keyscope settings FILE              the settings in force for FILE, as JSON (see keyscope settings --help)

${LINT_USAGE}`;

type Command = (argv: string[], version: string) => Promise<{ output: string; exitCode: number }>;
const COMMANDS: Record<string, Command> = { lint, access, diff, new: newPolicy, settings: settingsCommand };

/** Runs the CLI; returns the exit code. Never lets a stack trace reach the user. */
export async function run(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      process.stdout.write(USAGE + '\n');
      return cmd ? 0 : 2;
    }
    if (cmd === '--version' || cmd === '-v') {
      process.stdout.write(VERSION + '\n');
      return 0;
    }
    if (cmd === 'lsp') return startLanguageServer();
    const command = COMMANDS[cmd];
    if (!command) throw new UsageError(`unknown command "${cmd}"\n\n${USAGE}`);
    const { output, exitCode } = await command(rest, VERSION);
    process.stdout.write(output);
    return exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`keyscope: ${escapeMessage(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`keyscope: internal error: ${escapeMessage((e as Error)?.message ?? String(e))}\n`);
    return 2;
  }
}

/**
 * `keyscope lsp --stdio`: the language server bundle, which sits next to this one, runs in this process and
 * reads its transport flag from the same command line. Without one it prints its usage (exit 2).
 */
function startLanguageServer(): number {
  const server = join(__dirname, 'server.js');
  if (!existsSync(server)) throw new UsageError(`the language server is not installed next to the CLI (${server})`);
  require(server);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

// A lint worker thread loads this file too (lint-files.ts): it runs no command.
if (require.main === module && isMainThread) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
