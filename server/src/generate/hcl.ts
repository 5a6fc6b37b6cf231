/*
 * A small HCL writer for what the generator emits: blocks, attributes, strings, lists, objects and one
 * function call. Output is laid out as `terraform fmt` does: two-space indents, and the `=` of consecutive
 * single-line attributes aligned (an attribute whose value opens a multi-line bracket breaks the run).
 */

export type HclValue =
  | { t: 'str'; v: string }
  | { t: 'raw'; v: string }
  | { t: 'list'; items: HclValue[] }
  | { t: 'obj'; entries: [string, HclValue][] }
  | { t: 'call'; fn: string; arg: HclValue };

export type HclItem =
  | { t: 'attr'; key: string; value: HclValue }
  | { t: 'block'; type: string; labels: string[]; body: HclItem[] }
  | { t: 'comment'; text: string }
  | { t: 'blank' };

export const str = (v: string): HclValue => ({ t: 'str', v });
export const raw = (v: string): HclValue => ({ t: 'raw', v });
export const list = (items: HclValue[]): HclValue => ({ t: 'list', items });
export const attr = (key: string, value: HclValue): HclItem => ({ t: 'attr', key, value });
export const block = (type: string, labels: string[], body: HclItem[]): HclItem => ({ t: 'block', type, labels, body });

/** A JSON value as an HCL expression (for `jsonencode`): objects keep their key order. */
export function fromJson(v: unknown): HclValue {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return raw(String(v));
  if (v === null) return raw('null');
  if (Array.isArray(v)) return list(v.map(fromJson));
  return { t: 'obj', entries: Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJson(x)]) };
}

/** A quoted HCL string: escapes quotes and backslashes, and `${` / `%{` so nothing is interpolated. */
export function quote(s: string): string {
  const body = s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `"${body.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** Renders a lone value (a statement object for `jsonencode`), starting at column 0. */
export function renderHclValue(value: HclValue): string {
  const v = valueLines(value, 0);
  return v.more.length ? `${v.first}\n${render(v.more)}`.replace(/\n$/, '') : v.first;
}

interface Line {
  indent: number;
  key?: string;
  rest: string;
  /** A single-line attribute: its `=` lines up with its neighbours'. */
  align: boolean;
}

/** Renders top-level items (blocks, comments, blank lines) as a .tf file body ending with a newline. */
export function renderHcl(items: HclItem[]): string {
  return render(bodyLines(items, 0));
}

function render(lines: Line[]): string {
  const widths = new Map<Line, number>();
  for (let i = 0; i < lines.length; ) {
    if (!lines[i].align) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j].align) j++;
    const w = Math.max(...lines.slice(i, j).map((l) => l.key!.length));
    for (const l of lines.slice(i, j)) widths.set(l, w);
    i = j;
  }
  return lines.map((l) => {
    const pad = '  '.repeat(l.indent);
    if (l.key === undefined) return l.rest === '' ? '' : pad + l.rest;
    return `${pad}${l.key.padEnd(widths.get(l) ?? l.key.length)} = ${l.rest}`;
  }).join('\n') + '\n';
}

function bodyLines(items: HclItem[], indent: number): Line[] {
  const out: Line[] = [];
  for (const item of items) {
    switch (item.t) {
      case 'blank':
        out.push({ indent, rest: '', align: false });
        break;
      case 'comment':
        for (const text of item.text.split('\n')) out.push({ indent, rest: `# ${text}`, align: false });
        break;
      case 'block':
        out.push({ indent, rest: [item.type, ...item.labels.map(quote), '{'].join(' '), align: false });
        out.push(...bodyLines(item.body, indent + 1), { indent, rest: '}', align: false });
        break;
      case 'attr': {
        const v = valueLines(item.value, indent);
        out.push({ indent, key: objectKey(item.key), rest: v.first, align: v.more.length === 0 }, ...v.more);
        break;
      }
    }
  }
  return out;
}

/** The text on the attribute's own line, and the lines that follow for a multi-line value. */
function valueLines(v: HclValue, indent: number): { first: string; more: Line[] } {
  switch (v.t) {
    case 'str':
      return { first: quote(v.v), more: [] };
    case 'raw':
      return { first: v.v, more: [] };
    case 'list': {
      if (v.items.length === 0) return { first: '[]', more: [] };
      const single = v.items.length === 1 ? valueLines(v.items[0], indent) : undefined;
      if (single && single.more.length === 0) return { first: `[${single.first}]`, more: [] };
      const more: Line[] = [];
      for (const item of v.items) {
        const x = valueLines(item, indent + 1);
        if (x.more.length === 0) more.push({ indent: indent + 1, rest: `${x.first},`, align: false });
        else {
          more.push({ indent: indent + 1, rest: x.first, align: false }, ...x.more);
          more[more.length - 1].rest += ',';
        }
      }
      more.push({ indent, rest: ']', align: false });
      return { first: '[', more };
    }
    case 'obj': {
      if (v.entries.length === 0) return { first: '{}', more: [] };
      const body = bodyLines(v.entries.map(([k, x]) => attr(k, x)), indent + 1);
      return { first: '{', more: [...body, { indent, rest: '}', align: false }] };
    }
    case 'call': {
      const inner = valueLines(v.arg, indent);
      if (inner.more.length === 0) return { first: `${v.fn}(${inner.first})`, more: [] };
      inner.more[inner.more.length - 1].rest += ')';
      return { first: `${v.fn}(${inner.first}`, more: inner.more };
    }
  }
}

/** Object keys that are not plain identifiers (`aws:PrincipalArn`) are quoted. */
function objectKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : quote(key);
}
