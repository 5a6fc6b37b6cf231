// Writes snippets/*.code-snippets from the generator (scripts/snippets.ts). Run: npm run gen:snippets
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildSnippets, SNIPPET_FILES, snippetFileText } from './snippets';

const built = buildSnippets();
mkdirSync('snippets', { recursive: true });
for (const lang of ['json', 'terraform'] as const) {
  writeFileSync(SNIPPET_FILES[lang], snippetFileText(built[lang]));
  console.log(`${SNIPPET_FILES[lang]}: ${Object.keys(built[lang]).length} snippets`);
}
