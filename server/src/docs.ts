/** Where each rule's documentation lives; linked from diagnostics (codeDescription) and SARIF (helpUri). */
export const REPOSITORY_URL = 'https://github.com/keyscope-dev/keyscope';

export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}
