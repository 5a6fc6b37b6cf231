import { unique } from './blocks';
import { renderPolicy } from './render';
import { buildPolicySpec } from './scopes';
import { renderInsertion } from './insert';
import { GenerateInputError, type GeneratedPolicy, type GenerateInput, type InsertionPoint, type PolicySpec } from './types';
import { validateGenerateInput } from './validate';

export * from './types';
export { insertionFits } from './insert';
export { exampleParams, SCOPE_INFO, type ScopeInfo } from './scopes';
export { expandPrincipal, parsePrincipalList, validateAccountId, validateGenerateInput, validatePrincipalArn, validatePrincipalList, validateScopeName, validateStage } from './validate';

/**
 * Writes a least-privilege key policy for one key scope, as a JSON key policy or Terraform. Throws
 * `GenerateInputError` (every problem, one message each) when the input is invalid.
 */
export function generatePolicy(input: GenerateInput): GeneratedPolicy {
  const spec = specOf(input);
  const base = `${spec.scopeName}-${spec.stage}`;
  return {
    text: renderPolicy(spec, input.format),
    fileName: input.format === 'json' ? `${base}.kms.json` : `kms-${base}.tf`,
    description: spec.description,
  };
}

/**
 * The policy of `input` written for a place in an existing document (`point`, as the language server
 * describes it): statements for a statement list, blocks for the top level of a .tf file, the whole policy for
 * an empty JSON document. Returns the text that replaces `point.range`.
 */
export function generateInsertion(input: GenerateInput, point: InsertionPoint): string {
  return renderInsertion(specOf(input), input.format, point);
}

function specOf(input: GenerateInput): PolicySpec {
  const problems = validateGenerateInput(input);
  if (problems.length) throw new GenerateInputError(problems);
  const clean = (xs: string[]) => unique(xs.map((x) => x.trim()));
  return buildPolicySpec({
    scope: input.scope,
    stage: input.stage.trim(),
    account: input.account.trim(),
    scopeName: input.scopeName.trim(),
    admins: clean(input.admins),
    readers: clean(input.readers),
    writers: clean(input.writers),
  });
}

