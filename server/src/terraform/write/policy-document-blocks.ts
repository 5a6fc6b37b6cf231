import type { JsonValue } from '../../policy/model';
import { STATEMENT_ATTRIBUTES } from './doc-binding';
import { hclValue } from './hcl-text';

/** One line of generated HCL, `depth` indentation steps below where it is inserted. */
export interface Line {
  depth: number;
  text: string;
}

type JsonObject = { [key: string]: JsonValue };

export function isObject(v: JsonValue): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const list = (v: JsonValue): JsonValue[] => (Array.isArray(v) ? v : [v]);
const lit = (v: JsonValue) => hclValue(v, '', '  ', { quoted: true, sep: '=' });

/** Attribute lines with `=` aligned, as terraform fmt writes them. */
function attrs(pairs: [string, JsonValue][], depth: number): Line[] {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => ({ depth, text: `${k.padEnd(width)} = ${lit(v)}` }));
}

function block(keyword: string, body: Line[]): Line[] {
  return [{ depth: 0, text: `${keyword} {` }, ...body.map((l) => ({ ...l, depth: l.depth + 1 })), { depth: 0, text: '}' }];
}

/** `principals { type identifiers }` blocks for a Principal value (`"*"` or `{ "AWS": [...] }`). */
export function principalBlocks(keyword: 'principals' | 'not_principals', value: JsonValue): Line[] | undefined {
  const entries: [string, JsonValue][] = typeof value === 'string' ? [[value === '*' ? '*' : 'AWS', [value]]] : isObject(value) ? Object.entries(value) : [];
  if (entries.length === 0) return undefined;
  return entries.flatMap(([type, ids]) => block(keyword, attrs([['type', type], ['identifiers', list(ids)]], 0)));
}

/** One `condition { test variable values }` block per operator and key of a Condition value. */
export function conditionBlocks(value: JsonObject): Line[] | undefined {
  const out: Line[] = [];
  for (const [test, keys] of Object.entries(value)) {
    if (!isObject(keys)) return undefined;
    for (const [variable, values] of Object.entries(keys)) {
      out.push(...block('condition', attrs([['test', test], ['variable', variable], ['values', list(values).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))]], 0)));
    }
  }
  return out.length ? out : undefined;
}

const STATEMENT_ATTRS = STATEMENT_ATTRIBUTES;

/** A `statement { ... }` block for a statement value; undefined when it holds an element HCL cannot express. */
export function statementBlock(s: JsonObject): Line[] | undefined {
  const known = new Set(['Principal', 'NotPrincipal', 'Condition', ...STATEMENT_ATTRS.map((a) => a[0])]);
  if (Object.keys(s).some((k) => !known.has(k))) return undefined;
  const pairs = STATEMENT_ATTRS.filter(([k]) => s[k] !== undefined).map(([k, name, isList]): [string, JsonValue] => [name, isList ? list(s[k]) : s[k]]);
  const body: Line[] = pairs.length ? attrs(pairs, 0) : [];
  for (const k of ['Principal', 'NotPrincipal'] as const) {
    if (s[k] === undefined) continue;
    const p = principalBlocks(k === 'Principal' ? 'principals' : 'not_principals', s[k]);
    if (!p) return undefined;
    body.push(...(body.length ? [{ depth: 0, text: '' }] : []), ...p);
  }
  if (s.Condition !== undefined) {
    const c = isObject(s.Condition) ? conditionBlocks(s.Condition) : undefined;
    if (!c) return undefined;
    body.push(...(body.length ? [{ depth: 0, text: '' }] : []), ...c);
  }
  return block('statement', body);
}

/** Top-level members of a policy document: Version -> `version`, Id -> `policy_id`, Statement -> blocks. */
export function documentBlocks(key: string, value: JsonValue): Line[] | undefined {
  if (key === 'Version' || key === 'Id') return [{ depth: 0, text: `${key === 'Version' ? 'version' : 'policy_id'} = ${lit(value)}` }];
  if (key === 'Statement') {
    const out: Line[] = [];
    for (const s of list(value)) {
      const b = isObject(s) ? statementBlock(s) : undefined;
      if (!b) return undefined;
      out.push(...b);
    }
    return out;
  }
  return undefined;
}
