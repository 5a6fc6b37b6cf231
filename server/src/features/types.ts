import type { Span, TextEdit } from '../policy/model';

/** Host-neutral hover: markdown and the span it belongs to. */
export interface HoverResult {
  markdown: string;
  span: Span;
}

export type CompletionKind = 'property' | 'value' | 'action' | 'conditionKey' | 'operator' | 'principal' | 'snippet';

/** Host-neutral completion item; `edit` replaces the span with the text (snippet syntax when `snippet`). */
export interface CompletionResult {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  edit: TextEdit;
  snippet?: boolean;
  sortText?: string;
  /** What the editor matches typed text against; includes the quote when the edit replaces a quoted string. */
  filterText?: string;
  /** Edits elsewhere made with the item: the `,` after the statement before an inserted one. */
  additionalEdits?: TextEdit[];
  /** The text is already indented as the file is (every line): the editor must insert it as it is. */
  keepWhitespace?: boolean;
}
