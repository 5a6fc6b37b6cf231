import { basename, dirname } from 'node:path';
import type { FileReads } from '../../host';
import type { PolicySource, RelatedPlace, Span } from '../../policy/model';
import { LineIndex } from '../../text';
import type { ModuleValues } from '../eval/module-values';
import { readFolder } from '../module/folder';
import { moduleFile, ModuleScope, type ModuleFile } from '../module/scope';
import { spanOf, type HclAttribute } from '../syntax/hcl';
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
export function variableFileUses(path: string, attrs: HclAttribute[], host: FileReads, skip: Set<string>, extract: ExtractOwn): PolicySource[] {
  const given = new Map(attrs.map((a) => [a.name, a]));
  if (given.size === 0) return [];
  const out: PolicySource[] = [];
  for (const t of readFolder(dirname(path), host, (n) => n.endsWith('.tf')).slice(0, MODULE_FILES_MAX)) {
    // Only files that read one of the variables this file sets.
    if (![...given.keys()].some((n) => t.text.includes(`var.${n}`))) continue;
    const f = moduleFile(t.path, t.text);
    const { sources, values } = extract(f, new ModuleScope(f, host));
    for (const s of sources) {
      if (s.owner && skip.has(s.owner)) continue;
      out.push({
        ...s,
        reportAt: undefined,
        relatedOf: undefined,
        filePath: s.filePath ?? f.path,
        echo: true,
        placeOf: (at) => {
          const arg = givenHere(s, at, f.text, values, path, given);
          return arg ? { span: spanOf(arg.value), related: [place(f, at, `var.${arg.name} is used here, in ${basename(f.path)}`)] } : undefined;
        },
      });
    }
  }
  return out;
}

/**
 * The attribute of this variable file that gives a variable the finding at `at` reads (in its own text, else
 * in its statement's); none for a finding about more than one statement (the whole policy).
 */
function givenHere(s: PolicySource, at: Span, text: string, values: ModuleValues, path: string, given: Map<string, HclAttribute>): HclAttribute | undefined {
  const statements = s.policy.statements.filter((st) => st.node.span.start < at.end && at.start < st.node.span.end);
  if (statements.length !== 1) return undefined;
  const own = statements[0].node.span;
  for (const span of [at, own]) {
    for (const name of variablesRead(text.slice(span.start, Math.min(span.end, span.start + SCAN_MAX)))) {
      const o = values.variableWithOrigin(name)?.origin;
      if (o?.from === 'var-file' && o.path === path && given.has(name)) return given.get(name);
    }
  }
  return undefined;
}

function place(f: ModuleFile, span: Span, message: string): RelatedPlace {
  return { path: f.path, ...new LineIndex(f.text).positionAt(span.start), message };
}
