/**
 * A fast path for well-formed JSON: the model is built straight from the scanner's tokens, with no
 * intermediate tree and no recursion. It gives up (returns undefined) at the first thing that is not strict
 * JSON — a comment, a trailing comma, a token the scanner flags, anything out of grammar, empty text — and the
 * tolerant reader in `json.ts` then makes what it can of the text and reports the problems. For text it
 * accepts, the model is the one the tolerant reader builds (a test compares them on the corpus).
 */
import { createScanner, ScanError, SyntaxKind } from 'jsonc-parser';
import type { PArray, PNode, PObject, PProp } from './model';

/** A container being filled; for an object, the member waiting for its value. */
interface Frame {
  node: PObject | PArray;
  prop?: PProp;
}

export function readStrictJson(text: string, base = 0): PNode | undefined {
  const sc = createScanner(text, false);
  const next = (): SyntaxKind => {
    for (;;) {
      const t = sc.scan();
      if (t !== SyntaxKind.Trivia && t !== SyntaxKind.LineBreakTrivia) return t;
    }
  };
  const frames: Frame[] = [];
  /** Reads `"key":` at the current token into a new member of `obj`; false when the text is not that. */
  const member = (frame: Frame, tok: SyntaxKind): boolean => {
    if (tok !== SyntaxKind.StringLiteral || sc.getTokenError() !== ScanError.None) return false;
    const start = base + sc.getTokenOffset();
    const keySpan = { start, end: start + sc.getTokenLength() };
    frame.prop = { key: sc.getTokenValue(), keySpan, value: NO_VALUE, span: { start, end: start } };
    (frame.node as PObject).props.push(frame.prop);
    return next() === SyntaxKind.ColonToken;
  };
  let tok = next();
  for (;;) {
    // A value starts at `tok`.
    const start = base + sc.getTokenOffset();
    let value: PNode;
    switch (tok) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken: {
        const node: PObject | PArray = tok === SyntaxKind.OpenBraceToken ? { kind: 'object', span: { start, end: start }, props: [] } : { kind: 'array', span: { start, end: start }, items: [] };
        tok = next();
        if (tok === (node.kind === 'object' ? SyntaxKind.CloseBraceToken : SyntaxKind.CloseBracketToken)) {
          node.span.end = base + sc.getTokenOffset() + 1;
          value = node;
          break;
        }
        const frame: Frame = { node };
        frames.push(frame);
        if (node.kind === 'object') {
          if (!member(frame, tok)) return undefined;
          tok = next();
        }
        continue;
      }
      case SyntaxKind.StringLiteral:
        if (sc.getTokenError() !== ScanError.None) return undefined;
        value = { kind: 'string', span: { start, end: start + sc.getTokenLength() }, value: sc.getTokenValue() };
        break;
      case SyntaxKind.NumericLiteral: {
        if (sc.getTokenError() !== ScanError.None) return undefined;
        const n = numberOf(sc.getTokenValue());
        if (n === undefined) return undefined;
        value = { kind: 'number', span: { start, end: start + sc.getTokenLength() }, value: n };
        break;
      }
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
        value = { kind: 'boolean', span: { start, end: start + sc.getTokenLength() }, value: tok === SyntaxKind.TrueKeyword };
        break;
      case SyntaxKind.NullKeyword:
        value = { kind: 'null', span: { start, end: start + sc.getTokenLength() } };
        break;
      default:
        return undefined;
    }
    // The value is complete: put it in its container, and close every container that ends after it.
    for (;;) {
      const frame = frames[frames.length - 1];
      tok = next();
      if (!frame) return tok === SyntaxKind.EOF ? value : undefined;
      if (frame.prop) {
        frame.prop.value = value;
        frame.prop.span.end = value.span.end;
      } else (frame.node as PArray).items.push(value);
      if (tok === SyntaxKind.CommaToken) {
        tok = next();
        if (frame.prop && !member(frame, tok)) return undefined;
        if (frame.prop) tok = next();
        break;
      }
      if (tok !== (frame.node.kind === 'object' ? SyntaxKind.CloseBraceToken : SyntaxKind.CloseBracketToken)) return undefined;
      frame.node.span.end = base + sc.getTokenOffset() + 1;
      frames.pop();
      value = frame.node;
    }
  }
}

/** Placeholder for a member whose value is still being read. */
const NO_VALUE: PNode = { kind: 'null', span: { start: 0, end: 0 } };

/** A JSON number token's value, as the tolerant reader reads it; undefined when it is not a number. */
function numberOf(token: string): number | undefined {
  try {
    const v: unknown = JSON.parse(token);
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
