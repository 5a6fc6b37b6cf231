/**
 * Starts the language server as a Node child process talking over Node's IPC channel. The server's
 * `createConnection()` reads `--node-ipc` from its argv and exchanges whole JSON-RPC messages with
 * `process.send`, so no Content-Length framing is involved; `--clientProcessId` lets it exit should the
 * editor die without saying goodbye. Free of `vscode`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Message } from './jsonrpc';

/** A running server process. */
export interface ServerProcess {
  readonly pid: number | undefined;
  /** Sends one message; throws when the channel is closed. */
  send(m: Message): void;
  /** Resolves once the process has exited, with its exit code (or the signal that ended it). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export interface StartOptions {
  /** Node options for the server, e.g. `--inspect` when debugging the extension. */
  execArgv?: string[];
  cwd?: string;
  onMessage: (m: unknown) => void;
  /** The server's stdout and stderr, and failures of the channel itself. */
  onOutput: (text: string) => void;
}

/**
 * Node flags the server always runs with. A young generation capped at 4 MB per semi-space (V8's default grows
 * to 16 MB) keeps the server's resident memory near what it really holds: with 1,000 Terraform files open it
 * is mostly short-lived parse and analysis garbage, which otherwise inflated the peak RSS by some 25 MB.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

export function startServerProcess(module: string, options: StartOptions): ServerProcess {
  const child: ChildProcess = fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    execArgv: [...SERVER_NODE_FLAGS, ...(options.execArgv ?? [])],
    cwd: options.cwd,
    silent: true, // stdout and stderr are piped to us, for the output channel
    // Inside VS Code `process.execPath` is the Electron binary: this makes it behave as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
  });
  const text = (d: Buffer | string) => options.onOutput(typeof d === 'string' ? d : d.toString('utf8'));
  child.stdout?.on('data', text);
  child.stderr?.on('data', text);
  child.on('message', (m) => options.onMessage(m));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close' comes after the stdio streams and the IPC channel are done, so no message is lost.
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.on('error', (e) => {
      options.onOutput(`Server process error: ${e.message}\n`);
      if (child.pid === undefined) resolve({ code: null, signal: null }); // never started: no 'close' to wait for
    });
  });
  return {
    pid: child.pid,
    exited,
    send(m: Message) {
      if (!child.connected) throw new Error('the server process is not running');
      child.send(m, (e) => e && options.onOutput(`Could not send ${m.method ?? 'a response'} to the server: ${e.message}\n`));
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
