import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../analyze';
import { evaluate } from '../access';
import { actionsOfCapability, CAPABILITIES, type Capability } from '../catalog';
import type { PolicySource } from '../policy/model';
import type { KeyscopeSettings } from '../settings';
import { toRange } from './convert';
import { CommandIds, type AccessMatrixView, type AccessResult } from './protocol';

const CAPABILITY_ACTIONS = Object.fromEntries(CAPABILITIES.map((c) => [c, actionsOfCapability(c).map((a) => `kms:${a.name}`)])) as Record<Capability, string[]>;

/** The matrices of every key policy in an analysed document, with ranges for the webview. */
export function accessResult(doc: TextDocument, analysis: Analysis, settings: KeyscopeSettings, whatIf: string[] = []): AccessResult {
  const matrices: AccessMatrixView[] = analysis.sources
    .filter((s) => s.keyPolicy)
    .map((source) => {
      const { statementSpans, ...m } = evaluate(source, { whatIf, settings });
      // A policy read from another file has its statements there; reveal the reference instead.
      const at = (span: { start: number; end: number }) => toRange(doc, source.reportAt ?? span);
      return { ...m, statementRanges: statementSpans.map(at), range: toRange(doc, lensAnchor(analysis, source)), statementLabels: labels(source) };
    });
  return { uri: doc.uri, version: doc.version, matrices, capabilityActions: CAPABILITY_ACTIONS };
}

/** A CodeLens above each key policy (JSON) or each key (Terraform) with its one-line summary. */
export function accessLenses(doc: TextDocument, analysis: Analysis, settings: KeyscopeSettings): CodeLens[] {
  const result = accessResult(doc, analysis, settings);
  return result.matrices.map((m) => ({
    range: { start: m.range.start, end: m.range.start },
    command: { title: `Keyscope: ${m.summary}`, command: CommandIds.showAccess, arguments: [doc.uri] },
  }));
}

/** Where a policy's lens sits: the owning Terraform resource's header when known, else the policy itself. */
function lensAnchor(analysis: Analysis, source: PolicySource) {
  const owner = source.owner && analysis.terraform?.file.resources.find((r) => `${r.type}.${r.name}` === source.owner);
  return owner ? owner.headerSpan : source.reportAt ?? source.span;
}

function labels(source: PolicySource): string[] {
  return source.policy.statements.map((s) => {
    const sid = s.sid?.value;
    return sid && sid.kind === 'string' && sid.value ? sid.value : `statement ${s.index + 1}`;
  });
}
