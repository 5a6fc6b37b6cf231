/*
 * Expands a VS Code snippet body as the editor would if the user accepted every default: `${1:default}`
 * (defaults may nest), `${1|a,b|}` (the first choice), `$1` / `${1}` (mirror the placeholder of the same
 * number), `$0` and variables (empty unless they carry a default), escapes `\$`, `\}`, `\\`. The first
 * placeholder of a number that has a value defines it for every occurrence, as in VS Code's SnippetParser.
 * Throws on malformed syntax (an unclosed `${`), so a test also proves the body is valid.
 */

type Node = { t: 'text'; v: string } | { t: 'stop'; n: number; children?: Node[]; choices?: string[] } | { t: 'var'; children?: Node[] };

export interface ExpandedSnippet {
  text: string;
  /** The tab-stop numbers used, ascending, without 0. */
  stops: number[];
}

export function expandSnippet(body: string | string[]): ExpandedSnippet {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const [nodes, end] = parse(src, 0, false);
  if (end !== src.length) throw new Error(`unexpected "}" at ${end}`);
  const values = new Map<number, Node[] | string>();
  const collect = (ns: Node[]) => {
    for (const n of ns) {
      if (n.t === 'stop' && !values.has(n.n) && (n.children || n.choices)) values.set(n.n, n.choices ? n.choices[0] : n.children!);
      if (n.t !== 'text' && n.children) collect(n.children);
    }
  };
  collect(nodes);
  const stops = new Set<number>();
  const render = (ns: Node[]): string =>
    ns.map((n) => {
      if (n.t === 'text') return n.v;
      if (n.t === 'var') return n.children ? render(n.children) : '';
      if (n.n !== 0) stops.add(n.n);
      const v = values.get(n.n);
      return v === undefined ? '' : typeof v === 'string' ? v : render(v);
    }).join('');
  const text = render(nodes);
  return { text, stops: [...stops].sort((a, b) => a - b) };
}

function parse(s: string, i: number, inPlaceholder: boolean): [Node[], number] {
  const out: Node[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && (s[i + 1] === '$' || s[i + 1] === '}' || s[i + 1] === '\\')) {
      text += s[i + 1];
      i += 2;
    } else if (c === '}' && inPlaceholder) {
      break;
    } else if (c === '$' && /\d/.test(s[i + 1] ?? '')) {
      const m = /^\d+/.exec(s.slice(i + 1))![0];
      flush();
      out.push({ t: 'stop', n: Number(m) });
      i += 1 + m.length;
    } else if (c === '$' && /[A-Za-z_]/.test(s[i + 1] ?? '')) {
      i += 1 + /^\w+/.exec(s.slice(i + 1))![0].length;
    } else if (c === '$' && s[i + 1] === '{') {
      flush();
      const [node, next] = placeholder(s, i + 2);
      out.push(node);
      i = next;
    } else {
      text += c;
      i++;
    }
  }
  flush();
  return [out, i];
}

/** Parses after `${` up to and including its `}`. */
function placeholder(s: string, i: number): [Node, number] {
  const m = /^(\d+|[A-Za-z_]\w*)/.exec(s.slice(i));
  if (!m) throw new Error(`malformed placeholder at ${i}`);
  const isStop = /^\d/.test(m[1]);
  i += m[1].length;
  if (s[i] === '}') return [isStop ? { t: 'stop', n: Number(m[1]) } : { t: 'var' }, i + 1];
  if (s[i] === ':') {
    const [children, end] = parse(s, i + 1, true);
    if (s[end] !== '}') throw new Error(`unclosed placeholder \${${m[1]}:`);
    return [isStop ? { t: 'stop', n: Number(m[1]), children } : { t: 'var', children }, end + 1];
  }
  if (s[i] === '|' && isStop) {
    const choices: string[] = [];
    let cur = '';
    for (i++; i < s.length; i++) {
      if (s[i] === '\\' && /[,|\\]/.test(s[i + 1] ?? '')) cur += s[++i];
      else if (s[i] === ',') (choices.push(cur), (cur = ''));
      else if (s[i] === '|' && s[i + 1] === '}') {
        choices.push(cur);
        return [{ t: 'stop', n: Number(m[1]), choices }, i + 2];
      } else cur += s[i];
    }
    throw new Error(`unclosed choice \${${m[1]}|`);
  }
  throw new Error(`malformed placeholder \${${m[1]}${s[i] ?? ''}`);
}
