/** The names `var.NAME` reads in a piece of HCL, in order. */
export function variablesRead(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('var.');
  while (i !== -1 && out.length < 64) {
    const before = i > 0 ? text.charCodeAt(i - 1) : 32;
    let j = i + 4;
    while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
    if (!isNameChar(before) && before !== 46 && j > i + 4) out.push(text.slice(i + 4, j));
    i = text.indexOf('var.', j);
  }
  return out;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}
