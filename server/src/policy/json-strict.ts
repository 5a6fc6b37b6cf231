/**
 * A fast path for well-formed JSON: the model is built in one pass over the characters, with no token
 * objects, no intermediate tree and no recursion. It gives up (returns undefined) at the first thing that is
 * not strict JSON — a comment, a trailing comma, a control character or a bad escape in a string, anything
 * out of grammar, empty text — and the tolerant reader in `json.ts` then makes what it can of the text and
 * reports the problems. For text it accepts, the model is the one the tolerant reader builds (a test compares
 * them on the corpus).
 */
import type { PArray, PNode, PObject, PProp } from './model';

/** A container being filled; for an object, the member waiting for its value. */
interface Frame {
  node: PObject | PArray;
  prop?: PProp;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function readStrictJson(text: string, base = 0): PNode | undefined {
  const n = text.length;
  let i = 0;
  /** Skips JSON whitespace; returns the next character code (-1 at the end). */
  const skip = (): number => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c;
      i++;
    }
    return -1;
  };
  /** Reads the string starting at `i` (a quote); undefined when it is not a valid JSON string. */
  const string = (): string | undefined => {
    const start = i;
    let escaped = false;
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 34) {
        i = j + 1;
        if (!escaped) return text.slice(start + 1, j);
        try {
          return JSON.parse(text.slice(start, i)) as string;
        } catch {
          return undefined;
        }
      }
      if (c === 92) {
        escaped = true;
        j++;
      } else if (c < 0x20) return undefined;
    }
    return undefined;
  };
  /** Reads `"key":` into a new member of the frame's object; false when the text is not that. */
  const member = (frame: Frame): boolean => {
    if (skip() !== 34) return false;
    const start = base + i;
    const key = string();
    if (key === undefined) return false;
    frame.prop = { key, keySpan: { start, end: base + i }, value: NO_VALUE, span: { start, end: start } };
    (frame.node as PObject).props.push(frame.prop);
    if (skip() !== 58) return false;
    i++;
    return true;
  };
  const frames: Frame[] = [];
  for (;;) {
    // A value starts here.
    const c = skip();
    const start = base + i;
    let value: PNode;
    if (c === 123 || c === 91) {
      const node: PObject | PArray = c === 123 ? { kind: 'object', span: { start, end: start }, props: [] } : { kind: 'array', span: { start, end: start }, items: [] };
      i++;
      if (skip() === c + 2) {
        // `{}` or `[]` (the closing bracket's code is the opening one's plus two)
        i++;
        node.span.end = base + i;
        value = node;
      } else {
        const frame: Frame = { node };
        frames.push(frame);
        if (node.kind === 'object' && !member(frame)) return undefined;
        continue;
      }
    } else if (c === 34) {
      const s = string();
      if (s === undefined) return undefined;
      value = { kind: 'string', span: { start, end: base + i }, value: s };
    } else if (c === 116 || c === 102 || c === 110) {
      const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
      if (!text.startsWith(word, i)) return undefined;
      i += word.length;
      value = word === 'null' ? { kind: 'null', span: { start, end: base + i } } : { kind: 'boolean', span: { start, end: base + i }, value: word === 'true' };
    } else {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return undefined;
      i += m[0].length;
      value = { kind: 'number', span: { start, end: base + i }, value: Number(m[0]) };
    }
    // The value is complete: put it in its container, and close every container that ends after it.
    for (;;) {
      const frame = frames[frames.length - 1];
      const next = skip();
      if (!frame) return next === -1 ? value : undefined;
      if (frame.prop) {
        frame.prop.value = value;
        frame.prop.span.end = value.span.end;
      } else (frame.node as PArray).items.push(value);
      i++;
      if (next === 44) {
        if (frame.prop && !member(frame)) return undefined;
        break;
      }
      if (next !== (frame.node.kind === 'object' ? 125 : 93)) return undefined;
      frame.node.span.end = base + i;
      frames.pop();
      value = frame.node;
    }
  }
}

/** Placeholder for a member whose value is still being read. */
const NO_VALUE: PNode = { kind: 'null', span: { start: 0, end: 0 } };
