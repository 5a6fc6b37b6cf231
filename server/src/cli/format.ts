import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex, type Finding, type Position, type Severity } from '../service';
import { escapeControls, quotePath, safeJson } from './escape';

/** A finding with positions, as the CLI prints it. Lines and characters are 0-based, as in LSP. */
export interface CliFinding {
  file: string;
  ruleId: string;
  severity: Severity;
  message: string;
  range: { start: Position; end: Position };
  /** For a finding of a called module: the places in the module it comes from (0-based, as `range`). */
  related?: { file: string; line: number; character: number; message: string }[];
}

export function toCliFindings(file: string, text: string, findings: Finding[]): CliFinding[] {
  const idx = new LineIndex(text);
  return findings.map((f) => {
    const out: CliFinding = { file, ruleId: f.ruleId, severity: f.severity, message: f.message, range: { start: idx.positionAt(f.span.start), end: idx.positionAt(f.span.end) } };
    if (f.related?.length) out.related = f.related.map((r) => ({ file: relativeToCwd(r.path), line: r.line, character: r.character, message: r.message }));
    return out;
  });
}

/** A path as the command line prints it: relative to the working folder when it lies inside it. */
function relativeToCwd(path: string): string {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : path;
}

/**
 * Compiler-style lines: `file:line:col severity message [rule]` (1-based line and column). A file name with
 * control or bidi characters is quoted, and such characters in messages escaped: one finding, one line.
 */
export function formatText(findings: CliFinding[]): string {
  const lines = findings.map((f) => `${quotePath(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${escapeControls(f.message)} [${f.ruleId}]`);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(`${findings.length} problem${findings.length === 1 ? '' : 's'} (${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} notes)`);
  return lines.join('\n') + '\n';
}

export function formatJson(findings: CliFinding[]): string {
  return safeJson(findings) + '\n';
}

/** Lone surrogates, which have no UTF-8 form (encodeURIComponent throws on them): shown as U+FFFD. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A file as a SARIF artifact URI (RFC 3986): an absolute path as a `file:` URL, a relative one as a relative
 * reference with each segment percent-encoded (a `:` too, so that no first segment reads as a scheme).
 */
export function artifactUri(file: string): string {
  const wellFormed = file.replace(LONE_SURROGATE, '\ufffd');
  if (isAbsolute(wellFormed)) return pathToFileURL(wellFormed).href;
  return wellFormed.split(sep).map(encodeURIComponent).join('/');
}
