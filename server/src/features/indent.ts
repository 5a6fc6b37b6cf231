/**
 * Multi-line completions written with the file's own indentation: the unit the file indents by (a tab, or
 * the number of spaces most lines step in by), and a body re-indented to it under the line being typed on.
 * Items placed this way are inserted as they are (`keepWhitespace`), so an editor does not indent them again.
 */

/** The file's indentation unit: a tab, or the step (in spaces) most often seen between a line and the next; `fallback` when nothing is indented. */
export function indentUnit(text: string, fallback = '  '): string {
  const steps = new Map<number, number>();
  let tabs = 0;
  let spaced = 0;
  let previous = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead.startsWith('\t')) {
      tabs++;
      continue;
    }
    const step = lead.length - previous;
    previous = lead.length;
    if (step > 0 && step <= 8) {
      steps.set(step, (steps.get(step) ?? 0) + 1);
      spaced++;
    }
  }
  if (tabs > spaced) return '\t';
  let best = 0;
  for (const [step, count] of steps) if (count > (steps.get(best) ?? 0) || (count === steps.get(best) && step < best)) best = step;
  return best ? ' '.repeat(best) : fallback;
}

/**
 * A body written with two spaces per level, re-indented to `unit`; every line after the first also gets
 * `lineIndent`, the indentation of the line the body starts on.
 */
export function placeBody(body: string, unit: string, lineIndent: string): string {
  return body
    .split('\n')
    .map((line, i) => {
      const lead = /^ */.exec(line)![0].length;
      const indented = unit.repeat(Math.floor(lead / 2)) + ' '.repeat(lead % 2) + line.slice(lead);
      return i === 0 ? line : lineIndent + indented;
    })
    .join('\n');
}
