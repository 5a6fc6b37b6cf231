import type { EditOp, PolicyWriter, Span, TextEdit } from '../policy/model';
import { indentUnit } from './hcl-text';
import { JsonWriter } from './json-writer';

/**
 * Writes model edits into JSON held in a Terraform heredoc (`<<EOF` / `<<-EOF`): JSON text in the heredoc's
 * own indentation, with `${` and `%{` escaped so new text is never read as a template part.
 */
export class HeredocWriter implements PolicyWriter {
  private readonly json: JsonWriter;

  constructor(text: string, content: Span) {
    this.json = new JsonWriter(text, indentUnit(text.slice(content.start, content.end)));
  }

  write(ops: EditOp[]): TextEdit[] {
    return this.json.write(ops).map((e) => ({ ...e, newText: e.newText.replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{') }));
  }
}
