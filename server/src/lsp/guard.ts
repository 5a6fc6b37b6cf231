import type { Connection } from 'vscode-languageserver';

/**
 * Runs a request handler so that an exception is logged and answered with `fallback` instead of taking the
 * server down. Every handler goes through here.
 */
export async function guard<T>(connection: Connection, name: string, fn: () => Promise<T> | T, fallback: T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    connection.console.error(`Keyscope ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
    return fallback;
  }
}
