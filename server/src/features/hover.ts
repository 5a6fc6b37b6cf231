import type { Analysis } from '../analyze';
import type { PNode, PProp } from '../policy/model';
import type { AccountInfo } from '../settings';
import { textOf } from '../policy/values';
import { DEFAULT_SETTINGS } from '../settings';
import { hoverTerraformReference } from '../terraform';
import { describeActionValue } from './hover-action';
import { describeConditionKey, describeOperator } from './hover-condition';
import { describeElement } from './elements';
import { locate } from './locate';
import { accountPhrase } from '../policy/principal-view';
import { capitalize, describePrincipal, principalOf } from './principal';
import { summarizeStatement } from './summary';
import type { HoverResult } from './types';

/**
 * Hover at `offset` in an analysed document. Model-based: it works wherever a policy source was
 * extracted (JSON, `jsonencode`, heredoc, policy document). Account names come from the analysis' settings.
 */
export function hoverAt(analysis: Analysis, offset: number): HoverResult | undefined {
  // A Terraform reference says where its value comes from, wherever it is written.
  if (analysis.syntax === 'terraform') {
    const ref = hoverTerraformReference(analysis.text, analysis.path, analysis.reads, offset);
    if (ref) return ref;
  }
  const loc = locate(analysis, offset);
  if (!loc) return undefined;
  const accounts = (analysis.settings ?? DEFAULT_SETTINGS).accounts;
  const keyOf = (p: PProp | undefined) => p?.key;
  let markdown: string | undefined;
  switch (loc.role) {
    case 'action':
      if (loc.node.kind === 'string' && !loc.node.template) markdown = describeActionValue(loc.node.value, loc.element?.key === 'NotAction');
      break;
    case 'principal':
      markdown = describePrincipal(principalOf(loc.principalType ?? 'AWS', loc.node), accounts);
      if (loc.element?.key === 'NotPrincipal') markdown += '\n\n_NotPrincipal: the statement applies to everyone **except** the principals listed._';
      break;
    case 'conditionOperator':
      markdown = describeOperator(loc.prop!.key);
      break;
    case 'conditionKey':
      markdown = describeConditionKey(loc.prop!.key, keyOf(loc.operator), loc.statement);
      break;
    case 'conditionValue':
      markdown = describeConditionValue(loc.conditionKey?.key ?? '', loc.node, accounts);
      break;
    case 'sid':
    case 'effect':
      if (loc.statement) markdown = summarizeStatement(loc.statement, accounts);
      break;
    case 'elementKey':
      markdown = describeElement(loc.prop!.key, loc.level ?? 'policy');
      if (loc.statement && (loc.prop!.key === 'Sid' || loc.prop!.key === 'Effect')) markdown += `\n\n---\n\n${summarizeStatement(loc.statement, accounts)}`;
      break;
    case 'principalType':
      markdown = describeElement(loc.prop!.key, 'principalType');
      break;
    case 'version':
      markdown = textOf(loc.node) === '2012-10-17' ? '**Version 2012-10-17**: the current policy language.' : '**Version** should be `"2012-10-17"`; older versions lack policy variables.';
      break;
    case 'resource':
      markdown = textOf(loc.node) === '*' ? '**Resource `"*"`**: in a key policy this means *this key*.' : 'In a key policy **Resource** should be `"*"` (this key).';
      break;
    default:
      break;
  }
  return markdown ? { markdown, span: loc.span } : undefined;
}

/** Condition values that name a principal or an account read like the principal they name. */
function describeConditionValue(key: string, node: PNode, accounts: Record<string, AccountInfo>): string | undefined {
  const k = key.toLowerCase();
  if (node.kind !== 'string' || node.template) return undefined;
  if (k === 'aws:principalarn' && !/[*?]/.test(node.value)) return describePrincipal(principalOf('AWS', node), accounts);
  if ((k === 'kms:calleraccount' || k === 'aws:principalaccount' || k === 'aws:sourceaccount' || k === 'aws:resourceaccount') && /^\d{12}$/.test(node.value)) {
    return `**${capitalize(accountPhrase(node.value, accounts))}**`;
  }
  return undefined;
}
