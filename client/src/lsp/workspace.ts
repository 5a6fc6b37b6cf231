/**
 * What the server asks of the editor and tells it outside any document feature: settings
 * (`workspace/configuration`), dynamic registrations, log lines and messages for the user.
 */
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { ResponseError, ErrorCodes, type RpcConnection } from './jsonrpc';

/** Registrations a server may make at run time: the configuration push is all this client supports. */
const DYNAMIC = new Set(['workspace/didChangeConfiguration']);

const LOG_LEVEL: Record<number, string> = { 1: 'Error', 2: 'Warn', 3: 'Info', 4: 'Log', 5: 'Debug' };

/** A settings value as plain JSON: what crosses the process boundary anyway. */
function plain(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** The value of `section` (dotted, e.g. `keyscope` or `keyscope.rules`) for a resource, as plain JSON. */
export function settingsOf(section: string | undefined, scopeUri: string | undefined): unknown {
  if (!section) return null;
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  return plain(vscode.workspace.getConfiguration(undefined, scope).get(section));
}

/** Installs the handlers on a connection; `log` writes one line to the output channel. */
export function handleWorkspaceRequests(rpc: RpcConnection, log: (line: string) => void): void {
  rpc.onRequest('workspace/configuration', (p) => (p as lsp.ConfigurationParams).items.map((i) => settingsOf(i.section, i.scopeUri)));

  const registered = new Map<string, string>();
  rpc.onRequest('client/registerCapability', (p) => {
    const regs = (p as lsp.RegistrationParams).registrations;
    const unsupported = regs.filter((r) => !DYNAMIC.has(r.method));
    if (unsupported.length) throw new ResponseError(ErrorCodes.InvalidParams, `Keyscope's client cannot register ${unsupported.map((r) => r.method).join(', ')}`);
    // Configuration changes are pushed whether or not the server registered; the record is for unregistering.
    for (const r of regs) registered.set(r.id, r.method);
    return null;
  });
  rpc.onRequest('client/unregisterCapability', (p) => {
    for (const u of (p as lsp.UnregistrationParams).unregisterations) registered.delete(u.id);
    return null;
  });

  rpc.onNotification('window/logMessage', (p) => {
    const { type, message } = p as lsp.LogMessageParams;
    log(`[${LOG_LEVEL[type] ?? 'Log'} - ${new Date().toLocaleTimeString()}] ${message}`);
  });
  rpc.onNotification('window/showMessage', (p) => void show(p as lsp.ShowMessageParams, []));
  rpc.onRequest('window/showMessageRequest', async (p) => {
    const params = p as lsp.ShowMessageRequestParams;
    const title = await show(params, (params.actions ?? []).map((a) => a.title));
    return params.actions?.find((a) => a.title === title) ?? null;
  });
  // Telemetry goes nowhere: Keyscope sends none, and neither does this client.
  rpc.onNotification('telemetry/event', () => undefined);
}

function show(p: lsp.ShowMessageParams, items: string[]): Thenable<string | undefined> {
  const message = `Keyscope: ${p.message}`;
  if (p.type === 1) return vscode.window.showErrorMessage(message, ...items);
  if (p.type === 2) return vscode.window.showWarningMessage(message, ...items);
  return vscode.window.showInformationMessage(message, ...items);
}
