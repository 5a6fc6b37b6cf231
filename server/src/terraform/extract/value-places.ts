import type { PolicySource, RelatedPlace, Span } from '../../policy/model';
import { LineIndex } from '../../text';
import type { ModuleValues } from '../eval/module-values';
import { variablesRead } from './variables-read';

/** Characters of a finding's text searched for the variables it reads. */
const SCAN_MAX = 4_000;

/**
 * The places that give the variables a finding reads (in its own text, else in its statement's): the line of
 * a variable file that sets one, or the variable's `default`. What a user edits to change the value.
 */
export function valuePlaces(source: PolicySource, values: ModuleValues, text: string, at: Span): RelatedPlace[] {
  const statement = source.policy.statements.find((st) => st.node.span.start <= at.start && at.end <= st.node.span.end)?.node.span;
  const out: RelatedPlace[] = [];
  for (const span of statement ? [at, statement] : [at]) {
    for (const name of variablesRead(text.slice(span.start, Math.min(span.end, span.start + SCAN_MAX)))) {
      const o = values.variableWithOrigin(name)?.origin;
      if (!o || (o.from !== 'var-file' && o.from !== 'default') || !o.at || !o.path) continue;
      if (out.some((p) => p.message.startsWith(`var.${name} `))) continue;
      const pos = new LineIndex(o.at.text).positionAt(o.at.start);
      out.push({ path: o.path, ...pos, message: `var.${name} ${o.from === 'var-file' ? 'is set here' : 'takes its default here'}` });
    }
    if (out.length > 0) break;
  }
  return out;
}
