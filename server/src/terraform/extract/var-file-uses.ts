import { basename, dirname } from 'node:path';
import type { FileReads } from '../../host';
import type { PolicySource, RelatedPlace, Span } from '../../policy/model';
import { LineIndex } from '../../text';
import type { ModuleValues } from '../eval/module-values';
import { readFolder } from '../module/folder';
import { moduleFile, ModuleScope, type ModuleFile } from '../module/scope';
import { variablesRead } from './variables-read';
import { MODULE_FILES_MAX } from '../eval/module-calls';

/** Characters of a finding's text searched for the variables it reads. */
const SCAN_MAX = 4_000;

/** Extracts a .tf file's own policies with the module's values (no module calls followed). */
export type ExtractOwn = (file: ModuleFile, scope: ModuleScope) => { sources: PolicySource[]; values: ModuleValues };

/**
 * The policies of the module's .tf files as a variable file (`terraform.tfvars`) of the module sees them: a
 * finding whose value this file gives (`admins = ["*"]` making a statement public) is reported here, at the
 * value, with the place of the use in the .tf file as related information; any other finding is the .tf
 * file's alone. `skip`: keys whose whole policy this file writes (judged here already).
 */
export function variableFileUses(path: string, given: ReadonlyMap<string, Span>, host: FileReads, skip: Set<string>, extract: ExtractOwn): PolicySource[] {
  if (given.size === 0) return [];
  const out: PolicySource[] = [];
  for (const t of readFolder(dirname(path), host, (n) => n.endsWith('.tf')).slice(0, MODULE_FILES_MAX)) {
    // Only files that read one of the variables this file sets.
    if (![...given.keys()].some((n) => t.text.includes(`var.${n}`))) continue;
    const f = moduleFile(t.path, t.text);
    const { sources, values } = extract(f, new ModuleScope(f, host));
    for (const s of sources) {
      if (s.owner && skip.has(s.owner)) continue;
      // A policy read from the file a variable names (`file(var.policy_file)`): every finding is that choice's.
      const use = s.kind === 'tf-file-ref' ? s.reportAt : undefined;
      out.push({
        ...s,
        reportAt: undefined,
        relatedOf: undefined,
        relatedAt: undefined,
        filePath: s.filePath ?? f.path,
        echo: true,
        placeOf: (at) => {
          if (use) {
            const name = setHere(f.text, use, values, path, given);
            const there = name ? s.relatedAt?.(at) : undefined;
            return name ? { span: given.get(name)!, related: [...(there ? [there] : []), place(f, use, `var.${name} names the policy file here, in ${basename(f.path)}`)] } : undefined;
          }
          const name = givenHere(s, at, f.text, values, path, given);
          return name ? { span: given.get(name)!, related: [place(f, at, `var.${name} is used here, in ${basename(f.path)}`)] } : undefined;
        },
      });
    }
  }
  return out;
}

/**
 * The variable, set by this file, that the finding at `at` reads (in its own text, else
 * in its statement's); none for a finding about more than one statement (the whole policy).
 */
function givenHere(s: PolicySource, at: Span, text: string, values: ModuleValues, path: string, given: ReadonlyMap<string, Span>): string | undefined {
  const statements = s.policy.statements.filter((st) => st.node.span.start < at.end && at.start < st.node.span.end);
  if (statements.length !== 1) return undefined;
  const own = statements[0].node.span;
  for (const span of [at, own]) {
    const name = setHere(text, span, values, path, given);
    if (name) return name;
  }
  return undefined;
}

/** The first variable the text at `span` reads whose value this variable file gives. */
function setHere(text: string, span: Span, values: ModuleValues, path: string, given: ReadonlyMap<string, Span>): string | undefined {
  for (const name of variablesRead(text.slice(span.start, Math.min(span.end, span.start + SCAN_MAX)))) {
    const o = values.variableWithOrigin(name)?.origin;
    if (o?.from === 'var-file' && o.path === path && given.has(name)) return name;
  }
  return undefined;
}

function place(f: ModuleFile, span: Span, message: string): RelatedPlace {
  return { path: f.path, ...new LineIndex(f.text).positionAt(span.start), message };
}
