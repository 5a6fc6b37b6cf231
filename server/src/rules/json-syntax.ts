import type { PolicyRule } from './types';

export const jsonSyntax: PolicyRule = {
  meta: {
    id: 'json-syntax',
    severity: 'error',
    appliesTo: 'any-policy',
    fixable: false,
    accessAnalyzer: 'JSON_SYNTAX_ERROR',
    summary: 'The policy is not JSON that AWS accepts: syntax errors, comments, trailing commas.',
  },
  check(ctx) {
    for (const e of ctx.source.syntaxErrors) ctx.report({ at: e.span, message: e.message });
    if (ctx.source.syntaxErrors.length === 0 && ctx.policy.root === null) {
      ctx.report({ at: ctx.source.span, message: 'A key policy must be a JSON object with a "Statement" element.' });
    }
  },
};
