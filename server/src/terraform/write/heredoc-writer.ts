import type { EditOp, PolicyWriter, Span, TextEdit } from '../../policy/model';
import { indentUnit } from './hcl-text';
import { JsonWriter } from '../../policy/json-writer';

/**
 * Writes model edits into JSON held in a Terraform heredoc (`<<EOF` / `<<-EOF`): JSON text in the heredoc's
 * own indentation, with `${` and `%{` escaped so new text is never read as a template part.
 */
export class HeredocWriter implements PolicyWriter {
  constructor(private readonly text: string, private readonly content: Span) {}

  write(ops: EditOp[]): TextEdit[] {
    const json = new JsonWriter(this.text, indentUnit(this.text.slice(this.content.start, this.content.end)));
    return json.write(ops).map((e) => ({ ...e, newText: e.newText.replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{') }));
  }
}
