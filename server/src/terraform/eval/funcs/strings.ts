import { EvalError, LIMITS, asBool, asNumber, asText, joinParts, list, numberText, partsOf, str, unknown, type Hole, type Value } from '../value';
import { arity, listArg, type TfFunction } from './args';
import { jsonText } from './encoding';

/** `format(spec, values...)`: Go-style verbs as Terraform documents them (%v %#v %s %q %d %t %b %o %x %X %e %E %f %g %G %%). */
function format(args: Value[], label: string): Value {
  arity('format', args, 1, Infinity);
  const spec = args[0];
  if (spec.t === 'unknown') return unknown('string', label);
  const s = asText(spec);
  if (s === undefined) throw new EvalError('format: the specification must be a string');
  return joinParts(formatParts(s, args.slice(1)), label);
}

/** The parts of a formatted string: text, and a hole for each value that is not known. */
function formatParts(spec: string, values: Value[]): (string | Hole)[] {
  const out: (string | Hole)[] = [];
  let next = 0;
  let i = 0;
  while (i < spec.length) {
    const pct = spec.indexOf('%', i);
    if (pct < 0) {
      out.push(spec.slice(i));
      break;
    }
    out.push(spec.slice(i, pct));
    i = pct + 1;
    if (spec[i] === '%') {
      out.push('%');
      i++;
      continue;
    }
    let flags = '';
    while (i < spec.length && '+-# 0'.includes(spec[i])) flags += spec[i++];
    if (spec[i] === '[') {
      const close = spec.indexOf(']', i);
      const n = close > i ? Number(spec.slice(i + 1, close)) : NaN;
      if (!Number.isInteger(n) || n < 1) throw new EvalError('format: invalid argument index');
      next = n - 1;
      i = close + 1;
    }
    let width = '';
    while (i < spec.length && spec[i] >= '0' && spec[i] <= '9') width += spec[i++];
    let precision: string | undefined;
    if (spec[i] === '.') {
      precision = '';
      i++;
      while (i < spec.length && spec[i] >= '0' && spec[i] <= '9') precision += spec[i++];
    }
    const verb = spec[i++];
    if (verb === undefined) throw new EvalError('format: the specification ends inside a verb');
    if (next >= values.length) throw new EvalError(`format: not enough arguments for the specification`);
    const v = values[next++];
    if (v.t === 'unknown') {
      out.push(...(verb === 's' || verb === 'v' ? (partsOf(v) ?? [{ text: v.label }]) : [{ text: v.label }]));
      continue;
    }
    out.push(pad(verbText(verb, flags, precision, v), flags, width));
  }
  return out;
}

function verbText(verb: string, flags: string, precision: string | undefined, v: Value): string {
  switch (verb) {
    case 'v':
      if (flags.includes('#')) return jsonText(v);
      return v.t === 'string' ? v.v : v.t === 'null' ? 'null' : (asText(v) ?? jsonText(v));
    case 's': {
      const t = asText(v);
      if (t === undefined) throw new EvalError(`format: %s needs a string, not a ${v.t}`);
      return precision !== undefined ? [...t].slice(0, Number(precision || 0)).join('') : t;
    }
    case 'q': {
      const t = asText(v);
      if (t === undefined) throw new EvalError(`format: %q needs a string, not a ${v.t}`);
      return JSON.stringify(t);
    }
    case 't':
      return String(asBool(v, 'format %t'));
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      const n = asNumber(v, `format %${verb}`);
      if (!Number.isInteger(n)) throw new EvalError(`format: %${verb} needs a whole number`);
      const base = verb === 'd' ? 10 : verb === 'b' ? 2 : verb === 'o' ? 8 : 16;
      const t = Math.abs(n).toString(base);
      const sign = n < 0 ? '-' : flags.includes('+') ? '+' : '';
      return sign + (verb === 'X' ? t.toUpperCase() : t);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const n = asNumber(v, `format %${verb}`);
      const p = precision === undefined ? undefined : Number(precision || 0);
      let t: string;
      if (verb === 'f' || verb === 'F') t = n.toFixed(p ?? 6);
      else if (verb === 'e' || verb === 'E') t = goExponent(n.toExponential(p ?? 6));
      else t = p === undefined ? numberText(n) : String(Number(n.toPrecision(Math.max(p, 1))));
      if (verb === 'E' || verb === 'G') t = t.toUpperCase();
      return (flags.includes('+') && n >= 0 ? '+' : '') + t;
    }
    default:
      throw new EvalError(`format: unsupported verb %${verb}`);
  }
}

/** JavaScript's `1.5e+2` as Go writes it: `1.5e+02`. */
function goExponent(t: string): string {
  const at = t.indexOf('e');
  if (at < 0) return t;
  const sign = t[at + 1];
  const digits = t.slice(at + 2);
  return `${t.slice(0, at)}e${sign}${digits.length < 2 ? '0' + digits : digits}`;
}

function pad(t: string, flags: string, width: string): string {
  const w = Number(width || 0);
  const len = [...t].length;
  if (len >= w) return t;
  if (w > LIMITS.chars) throw new EvalError('format: width too large');
  if (flags.includes('-')) return t + ' '.repeat(w - len);
  if (flags.includes('0') && /^[+-]?[0-9]/.test(t)) {
    const sign = t[0] === '+' || t[0] === '-' ? t[0] : '';
    return sign + '0'.repeat(w - len) + t.slice(sign.length);
  }
  return ' '.repeat(w - len) + t;
}

/** `formatlist(spec, values...)`: one formatted string per element; list arguments must have one length. */
function formatlist(args: Value[], label: string): Value {
  arity('formatlist', args, 1, Infinity);
  let n: number | undefined;
  for (const a of args.slice(1)) {
    if (a.t === 'unknown' && (a.type === 'list' || a.type === 'any')) return unknown('list', label, { element: unknown('string', label) });
    if (a.t !== 'list') continue;
    if (a.more) return unknown('list', label, { element: unknown('string', label) });
    if (n !== undefined && a.items.length !== n) throw new EvalError('formatlist: the lists have different lengths');
    n = a.items.length;
  }
  if (n === undefined) return list([format(args, label)]);
  const out: Value[] = [];
  for (let i = 0; i < n; i++) out.push(format(args.map((a, j) => (j > 0 && a.t === 'list' ? a.items[i] : a)), label));
  return list(out);
}

/** `join(separator, lists...)`. */
function join(args: Value[], label: string): Value {
  arity('join', args, 2, Infinity);
  const sep = args[0];
  if (sep.t === 'unknown') return unknown('string', label);
  const sepText = asText(sep);
  if (sepText === undefined) throw new EvalError('join: the separator must be a string');
  const parts: (string | Hole)[] = [];
  let first = true;
  for (const a of args.slice(1)) {
    if (a.t === 'unknown') return unknown('string', label);
    const l = listArg('join', a);
    for (const item of l.items) {
      if (item.t === 'null') throw new EvalError('join: a null element');
      const p = partsOf(item);
      if (!p) throw new EvalError(`join: a ${item.t} element`);
      if (!first) parts.push(sepText);
      parts.push(...p);
      first = false;
    }
    if (l.more) {
      // More elements, how many unknown: the text from here on is unknown.
      parts.push({ text: label });
      return joinParts(parts, label);
    }
  }
  return joinParts(parts, label);
}

/** `split(separator, string)`. */
function split(args: Value[], label: string): Value {
  arity('split', args, 2);
  const [sep, s] = args;
  if (sep.t === 'unknown' || s.t === 'unknown') return unknown('list', label, { element: unknown('string', `an element of ${label}`) });
  const a = asText(sep);
  const b = asText(s);
  if (a === undefined || b === undefined) throw new EvalError('split: strings are required');
  const pieces = a === '' ? [...b] : b.split(a);
  if (pieces.length > LIMITS.items) throw new EvalError('split: too many pieces');
  return list(pieces.map(str));
}

/**
 * `replace(string, substring, replacement)`. A substring written between slashes is a regular expression in
 * Terraform: Keyscope builds no regular expression from the text it reads, so the result is unknown.
 */
function replace(args: Value[], label: string): Value {
  arity('replace', args, 3);
  const [s, sub, rep] = args;
  if (s.t === 'unknown' || sub.t === 'unknown' || rep.t === 'unknown') return unknown('string', label);
  const [a, b, c] = [asText(s), asText(sub), asText(rep)];
  if (a === undefined || b === undefined || c === undefined) throw new EvalError('replace: strings are required');
  if (b.length >= 2 && b.startsWith('/') && b.endsWith('/')) return unknown('string', label);
  if (b === '') return str(a);
  return joinParts([a.split(b).join(c)], label);
}

/** A function of one string applied to each known part (`lower`, `upper`); unknown parts stay holes. */
function perPart(name: string, f: (s: string) => string): TfFunction {
  return (args, label) => {
    arity(name, args, 1);
    const p = partsOf(args[0]);
    if (!p) throw new EvalError(`${name}: a string is required`);
    return joinParts(p.map((x) => (typeof x === 'string' ? f(x) : x)), label);
  };
}

function trimspace(args: Value[], label: string): Value {
  arity('trimspace', args, 1);
  const p = partsOf(args[0]);
  if (!p) throw new EvalError('trimspace: a string is required');
  const out = [...p];
  if (typeof out[0] === 'string') out[0] = out[0].trimStart();
  const last = out.length - 1;
  if (typeof out[last] === 'string') out[last] = (out[last] as string).trimEnd();
  return joinParts(out, label);
}

export const STRING_FUNCTIONS: [string, TfFunction][] = [
  ['format', format],
  ['formatlist', formatlist],
  ['join', join],
  ['split', split],
  ['replace', replace],
  ['lower', perPart('lower', (s) => s.toLowerCase())],
  ['upper', perPart('upper', (s) => s.toUpperCase())],
  ['trimspace', trimspace],
];
