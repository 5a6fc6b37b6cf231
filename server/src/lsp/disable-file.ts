import { modify, parseTree, findNodeAtLocation, type ParseError } from 'jsonc-parser';
import type { TextDocumentEdit, CreateFile, WorkspaceEdit } from 'vscode-languageserver';
import { join } from 'node:path';
import { LineIndex } from '../service';
import { CONFIG_NAME, MAX_CONFIG_BYTES } from '../settings';
import type { SettingsStore } from './settings';

/** Characters with a meaning in config globs: escaped so that the glob names exactly this file. */
const GLOB_SPECIAL = new Set(['\\', '*', '?', '[', ']', '{', '}', '(', ')', '!', '+', '@']);

/** A glob matching exactly `relPath`. */
export function exactGlob(relPath: string): string {
  let out = '';
  for (const ch of relPath) out += GLOB_SPECIAL.has(ch) ? `\\${ch}` : ch;
  return out;
}

/** The `.keyscope.json` that an override goes into: the one in force, or a new one in the workspace folder. */
export interface ConfigTarget {
  /** Absolute path of the file. */
  file: string;
  /** Its URI. */
  uri: string;
  /** Its current text (the open editor's, else the file's); undefined when it does not exist yet. */
  text: string | undefined;
  /** The document's path relative to the file's folder, `/`-separated. */
  relPath: string;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/**
 * "Disable <rule> for this file": an override `{ "files": ["<path>"], "rules": { "<rule>": "off" } }` in
 * `.keyscope.json`, which stays plain JSON (the policy file itself must stay JSON that AWS accepts). An
 * override for exactly this file gets the rule added; a missing file is created. Undefined when the file does
 * not parse (its own diagnostic says why).
 */
export function disableForFileEdit(target: ConfigTarget, ruleId: string): WorkspaceEdit | undefined {
  const uri = target.uri;
  const glob = exactGlob(target.relPath);
  if (target.text === undefined) {
    const text = JSON.stringify({ overrides: [{ files: [glob], rules: { [ruleId]: 'off' } }] }, null, 2) + '\n';
    const create: CreateFile = { kind: 'create', uri, options: { ignoreIfExists: true } };
    const edit: TextDocumentEdit = { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] };
    return { documentChanges: [create, edit] };
  }
  const errors: ParseError[] = [];
  const root = parseTree(target.text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!root || errors.length || root.type !== 'object') return undefined;
  const overrides = findNodeAtLocation(root, ['overrides']);
  if (overrides && overrides.type !== 'array') return undefined;
  const items = overrides?.children ?? [];
  const mine = items.findIndex((o) => {
    const files = findNodeAtLocation(o, ['files']);
    return files?.type === 'array' && files.children?.length === 1 && files.children[0].value === glob;
  });
  const entry = { files: [glob], rules: { [ruleId]: 'off' } };
  const path = mine >= 0 ? ['overrides', mine, 'rules', ruleId] : overrides ? ['overrides', items.length] : ['overrides'];
  const value = mine >= 0 ? 'off' : overrides ? entry : [entry];
  const lines = new LineIndex(target.text);
  const edits = modify(target.text, path, value, { ...FORMAT, isArrayInsertion: mine < 0 && !!overrides }).map((e) => ({
    range: { start: lines.positionAt(e.offset), end: lines.positionAt(e.offset + e.length) },
    newText: e.content,
  }));
  return { changes: { [uri]: edits } };
}

/**
 * Where "Disable <rule> for this file" writes for the document `uri`: the `.keyscope.json` in force (its text
 * as open in the editor, else as on disk), or a new one in the document's workspace folder. Undefined outside
 * every folder, or when the file cannot be read.
 */
export async function configTarget(store: SettingsStore, uri: string, openText: (uri: string) => string | undefined): Promise<ConfigTarget | undefined> {
  const { relPath, folder, config } = await store.forDocument(uri);
  if (!folder) return undefined;
  const file = config?.file ?? join(folder, CONFIG_NAME);
  const fileUri = store.files.uriOf(file);
  const open = openText(fileUri);
  if (open !== undefined) return { file, uri: fileUri, text: open, relPath };
  const read = await store.files.configHost(folder).readConfig(file, MAX_CONFIG_BYTES);
  if (read.kind === 'refused') return undefined;
  return { file, uri: fileUri, text: read.kind === 'text' ? read.text : undefined, relPath };
}
