import { basename } from 'node:path';
import type { PolicySource, RelatedPlace, Span } from '../../policy/model';
import { LineIndex } from '../../text';
import type { FileReads } from '../../host';
import { ModuleValues } from '../eval/module-values';
import type { ModuleInstance } from '../eval/module-calls';
import { isLocalSource, missingMessage, moduleCallsOf, type ModuleCall } from '../module/calls';
import { ModuleScope, type ModuleFile } from '../module/scope';
import { blockAttribute, spanOf } from '../syntax/hcl';
import { calledKeys, type CalledKey } from './called-keys';
import { variablesRead } from './variables-read';

/** Something the user should know about a file's analysis, at a place of the file. */
export interface ExtractNote {
  message: string;
  span: Span;
}

/** The policies of one file of a called module, extracted with the values of one instance. */
export type ExtractModuleFile = (file: ModuleFile, values: ModuleValues, notes: ExtractNote[], calls: boolean) => PolicySource[];

/** Characters of a finding's text searched for the variables it reads. */
const SCAN_MAX = 4_000;

/**
 * The key policies of the modules a file calls, each evaluated with its instance's arguments (`count` and
 * `for_each` expanded), reported at the call: a finding caused by a value the caller gives is reported at the
 * argument that gives it, one caused by a variable's default at the call, each with the place in the module it
 * comes from. What depends on nothing the caller gives is the module's own finding, reported in the module's
 * file (unless the module is one `terraform init` downloaded: nobody edits or lints it, so the call reports
 * it). A call whose module cannot be read gives one note at its `source`.
 */
export function calledModuleSources(file: ModuleFile, values: ModuleValues, host: FileReads, notes: ExtractNote[], extract: ExtractModuleFile, keys?: CalledKey[]): PolicySource[] {
  const out: PolicySource[] = [];
  for (const call of moduleCallsOf(file.blocks)) {
    const followed = values.followed(call.name);
    if (!followed) continue;
    const header = headerOf(call);
    if ('missing' in followed) {
      if (followed.missing !== 'cycle' && followed.missing !== 'too-deep') {
        const source = blockAttribute(call.block, 'source');
        notes.push({ message: missingMessage(call.name, followed.missing), span: source ? spanOf(source.node) : header });
      }
      continue;
    }
    const local = call.source !== undefined && isLocalSource(call.source);
    // The module's policies as its own files read them (variables unknown), made on first need, once.
    let own: ModuleValues | undefined;
    const alone = new Map<ModuleFile, PolicySource[]>();
    const aloneOf = (f: ModuleFile, s: PolicySource) => () => {
      if (!alone.has(f)) {
        own ??= new ModuleValues(new ModuleScope(followed.instances[0].files[0], host), host);
        alone.set(f, extract(f, own, [], false));
      }
      return alone.get(f)!.find((x) => x.name === s.name && x.span.start === s.span.start);
    };
    followed.instances.forEach((instance, i) => {
      const inner: ExtractNote[] = [];
      for (const f of instance.files) {
        keys?.push(...calledKeys(call, instance, f, file.path, header, place));
        for (const s of extract(f, instance.values as ModuleValues, inner, true)) {
          const w = wrap(s, call, instance, f, file, header, followed.repeated);
          if (local && !s.placeOf) w.alone = aloneOf(f, s);
          out.push(w);
        }
      }
      // A nested call that cannot be read is said once, at this call.
      if (i === 0) for (const n of inner) if (!notes.some((x) => x.message === n.message)) notes.push({ message: n.message, span: header });
    });
  }
  return out;
}

function headerOf(call: ModuleCall): Span {
  const label = call.block.labelNodes[0];
  return { start: call.block.node.startIndex, end: label ? label.endIndex : call.block.node.startIndex + 6 };
}

/** Where each source's (mapped) spans lie: the module file whose text they are offsets of. */
const landsIn = new WeakMap<PolicySource, ModuleFile>();
const lineIndexes = new WeakMap<ModuleFile, LineIndex>();

function place(f: ModuleFile, span: Span, message: string): RelatedPlace {
  let index = lineIndexes.get(f);
  if (!index) lineIndexes.set(f, (index = new LineIndex(f.text)));
  return { path: f.path, ...index.positionAt(span.start), message };
}

/** A policy of a called module as a policy of the calling file: named by its address, reported at the call. */
function wrap(s: PolicySource, call: ModuleCall, instance: ModuleInstance, f: ModuleFile, caller: ModuleFile, header: Span, repeated: boolean): PolicySource {
  const where = landsIn.get(s) ?? f;
  const inner = s.placeOf ?? (s.reportAt ? () => ({ span: s.reportAt!, related: [] }) : undefined);
  const what = `${instance.address}${repeated ? ' (each instance)' : ''}`;
  const wrapped: PolicySource = {
    ...s,
    name: `${instance.address}.${s.name}`,
    owner: s.owner && `${instance.address}.${s.owner}`,
    reportAt: header,
    filePath: s.filePath ?? f.path,
    placeOf: (at) => {
      const got = inner ? inner(at) : { span: at, related: [] };
      if (!got) return undefined;
      const related = [place(where, got.span, `in ${what}, ${basename(where.path)}`), ...got.related];
      // The argument whose variable the finding reads, else the one its statement reads (kms:* is reported
      // at the action, the principal that makes it wrong comes from the caller), else the call.
      const statement = inner ? undefined : s.policy.statements.find((st) => st.node.span.start <= at.start && at.end <= st.node.span.end)?.node.span;
      for (const span of statement ? [got.span, statement] : [got.span]) {
        for (const name of variablesRead(where.text.slice(span.start, Math.min(span.end, span.start + SCAN_MAX)))) {
          const arg = call.args.find((a) => a.name === name);
          if (arg) return { span: spanOf(arg.value), related };
        }
      }
      return { span: header, related };
    },
  };
  landsIn.set(wrapped, caller);
  return wrapped;
}

