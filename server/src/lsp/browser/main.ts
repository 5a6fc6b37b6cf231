/**
 * The language server in a browser's Web Worker (vscode.dev, github.dev): server/out/browser-server.js. The
 * client starts it with the URL of the folder holding the wasm files in `?wasm=` (read by
 * terraform/syntax/runtime.web.ts; else the worker's own folder), and answers the server's file reads (see
 * `platform.ts`).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../main';
import { browserPlatform } from './platform';

/** The worker's global scope, as far as the server uses it (the server's types are Node's, not the DOM's). */
const scope = globalThis as unknown as { setImmediate?: unknown };

/** `setImmediate` (not in browsers): runs `fn` after the messages already waiting, through a message channel. */
function installSetImmediate(): void {
  if (typeof scope.setImmediate === 'function') return;
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queue.shift()?.();
  scope.setImmediate = (fn: (...args: unknown[]) => void, ...args: unknown[]) => {
    queue.push(() => fn(...args));
    channel.port2.postMessage(0);
  };
}

installSetImmediate();
const connection = createConnection(new BrowserMessageReader(globalThis as never), new BrowserMessageWriter(globalThis as never));
startServer(connection, browserPlatform(connection));
