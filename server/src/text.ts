/** Offset <-> line/character conversion (UTF-16 units, 0-based, as LSP). The engine speaks offsets; hosts convert at the edge. */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, p.line)];
    const next = p.line + 1 < this.starts.length ? this.starts[p.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, p.character), next);
  }
}

// Letters whose names start with a vowel sound (`an S3 bucket`, `an ARN`, `an F1`).
const VOWEL_SOUND_LETTERS = 'aefhilmnorsx';

/**
 * `word` with its indefinite article chosen by sound, as it is read aloud: `an s3`, `an ec2`, `an ARN`, `an
 * IpAddress`, `a dynamodb`, `a String`, `a user`. A short word, or one without a vowel, is read letter by letter.
 */
export function withArticle(word: string): string {
  const head = /^[A-Za-z]+/.exec(word)?.[0] ?? '';
  const lower = head.toLowerCase();
  const spelled = lower.length > 0 && (lower.length <= 3 || !/[aeiouy]/.test(lower)) && !SPOKEN.has(lower);
  const vowel = spelled ? VOWEL_SOUND_LETTERS.includes(lower[0]) : /^(?:[aeiox]|u(?!ni|s[aeu]|ti))/.test(lower);
  return `${vowel ? 'an' : 'a'} ${word}`;
}

/** Short names read as words, not letter by letter (`an app`, `a tag`). */
const SPOKEN = new Set(['app', 'tag', 'key', 'web', 'log', 'ram']);

/**
 * The length in bytes of `text` encoded as UTF-8 (what AWS counts against a policy's size limit), counted
 * without encoding it, the same in Node.js and in a browser. A lone surrogate counts as U+FFFD (3 bytes).
 */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
