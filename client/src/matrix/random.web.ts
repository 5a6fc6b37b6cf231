// `random.ts` in the browser: the Web Crypto API's random values, as hex like Node's `randomBytes(n).toString('hex')`.
export function randomBytes(n: number): { toString(encoding: 'hex'): string } {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return { toString: () => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
}
