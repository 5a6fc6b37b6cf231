import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { actionsOfCapability, CAPABILITIES, type Analysis, type Capability, type Keyscope } from '../service';
import type { KeyscopeSettings } from '../settings';
import { toRange } from './convert';
import { CommandIds, type AccessMatrixView, type AccessResult } from './protocol';

const CAPABILITY_ACTIONS = Object.fromEntries(CAPABILITIES.map((c) => [c, actionsOfCapability(c).map((a) => `kms:${a.name}`)])) as Record<Capability, string[]>;

/** The matrices of every key policy in an analysed document, with ranges for the webview. */
export function accessResult(doc: TextDocument, engine: Keyscope, analysis: Analysis, settings: KeyscopeSettings, whatIf: string[] = []): AccessResult {
  const matrices: AccessMatrixView[] = engine.access(analysis, { whatIf, settings }).map(({ source, matrix, anchor, statementLabels }) => {
    const { statementSpans, ...m } = matrix;
    // A policy read from another file has its statements there; reveal the reference instead.
    const at = (span: { start: number; end: number }) => toRange(doc, source.reportAt ?? span);
    return { ...m, statementRanges: statementSpans.map(at), range: toRange(doc, anchor), statementLabels };
  });
  return { uri: doc.uri, version: doc.version, matrices, capabilityActions: CAPABILITY_ACTIONS };
}

/** A CodeLens above each key policy (JSON) or each key (Terraform) with its one-line summary. */
export function accessLenses(doc: TextDocument, result: AccessResult): CodeLens[] {
  return result.matrices.map((m) => ({
    range: { start: m.range.start, end: m.range.start },
    command: { title: `Keyscope: ${m.summary}`, command: CommandIds.showAccess, arguments: [doc.uri] },
  }));
}
