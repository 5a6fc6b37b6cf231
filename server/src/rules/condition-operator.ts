import { findConditionKey, OPERATORS, parseOperator, type ConditionKeyInfo, type ParsedOperator } from '../catalog';
import { EXPECTED, valueFits, type OperatorType } from '../policy/condition-values';
import type { PProp } from '../policy/model';
import { isPlaceholder, isSymbolic, isTemplateString, itemsOf, textOf } from '../policy/values';
import { suggest } from '../catalog/suggest';
import { withArticle } from '../text';
import { inBrokenSyntax } from './helpers';
import type { PolicyRule, PolicyRuleContext } from './types';

const BASES = Object.keys(OPERATORS);
const WITH_IF_EXISTS = [...BASES, ...BASES.filter((b) => b !== 'Null').map((b) => `${b}IfExists`)];
const QUALIFIERS = ['ForAnyValue', 'ForAllValues'];

/** Key types an operator family cannot compare (a real mismatch, not a style preference). */
const INCOMPATIBLE: Partial<Record<OperatorType, string[]>> = {
  Bool: ['String', 'ARN', 'Numeric', 'Date', 'IPAddress'],
  Numeric: ['Bool', 'ARN', 'IPAddress'],
  Date: ['Bool', 'ARN', 'IPAddress'],
  IPAddress: ['String', 'ARN', 'Numeric', 'Date', 'Bool'],
  ARN: ['Bool', 'Numeric', 'Date', 'IPAddress'],
};

export const conditionOperator: PolicyRule = {
  meta: {
    id: 'condition-operator',
    severity: 'error',
    appliesTo: 'key-policy',
    fixable: false,
    accessAnalyzer: 'INVALID_OPERATOR',
    summary: 'An unknown condition operator, a value of the wrong type, an operator that does not fit its key, a set qualifier missing or misused.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const c = s.condition?.value;
      if (!c || isSymbolic(c) || inBrokenSyntax(ctx, c)) continue;
      if (c.kind !== 'object') {
        ctx.report({ at: c, message: 'Condition must be an object: {"Operator": {"condition-key": value}}.' });
        continue;
      }
      for (const op of c.props) checkOperator(ctx, op);
    }
  },
};

function checkOperator(ctx: PolicyRuleContext, op: PProp): void {
  if (op.keySymbolic || isTemplateString(op.key)) return;
  const parsed = parseOperator(op.key);
  if (!parsed.info || (parsed.base === 'Null' && parsed.ifExists)) {
    const guess = guessOperator(op.key);
    ctx.report({ at: { span: op.keySpan }, message: `"${op.key}" is not a condition operator.` + (guess ? ` Did you mean "${guess}"?` : ''), data: guess ? { suggestion: guess } : undefined });
    return;
  }
  const v = op.value;
  if (isSymbolic(v) || inBrokenSyntax(ctx, v)) return;
  if (v.kind !== 'object') {
    ctx.report({ at: v, message: `The value of ${op.key} must be an object of condition key -> value(s).` });
    return;
  }
  for (const k of v.props) {
    if (k.keySymbolic || isTemplateString(k.key)) continue;
    const info = findConditionKey(k.key);
    if (info && parsed.base !== 'Null') {
      checkKeyType(ctx, op.key, parsed, info, k);
      checkQualifier(ctx, op.key, parsed, info, k);
    }
    checkValues(ctx, op.key, parsed.info.type, k);
  }
}

function checkKeyType(ctx: PolicyRuleContext, opName: string, parsed: ParsedOperator, info: ConditionKeyInfo, k: PProp): void {
  const opType = parsed.info!.type;
  if (!INCOMPATIBLE[opType]?.includes(info.type)) return;
  ctx.report({ at: { span: k.keySpan }, message: `${opName} compares ${EXPECTED[opType]}, but ${info.key} is ${withArticle(info.type)} key: this condition never matches as intended. Use ${familyFor(info.type)} operators.` });
}

function checkQualifier(ctx: PolicyRuleContext, opName: string, parsed: ParsedOperator, info: ConditionKeyInfo, k: PProp): void {
  const plain = parsed.base + (parsed.ifExists ? 'IfExists' : '');
  if (parsed.qualifier && !info.multiValued) {
    const why =
      parsed.qualifier === 'ForAllValues'
        ? `it also matches when the request has no ${info.key} at all, so an Allow grants more than it seems`
        : 'it reads as if the key could have several values';
    ctx.report({ at: { span: k.keySpan }, severity: 'warning', message: `${parsed.qualifier} is for multi-valued keys; ${info.key} is single-valued and ${why}. Use "${plain}".` });
  } else if (!parsed.qualifier && info.multiValued) {
    ctx.report({
      at: { span: k.keySpan },
      severity: 'warning',
      message: `${info.key} is multi-valued: say how its values are compared with "ForAnyValue:${plain}" (at least one matches) or "ForAllValues:${plain}" (every one matches; also true when the key is absent).`,
    });
  }
}

function checkValues(ctx: PolicyRuleContext, opName: string, type: OperatorType, k: PProp): void {
  if (isSymbolic(k.value)) return;
  for (const item of itemsOf(k.value)) {
    if (isPlaceholder(item) || inBrokenSyntax(ctx, item) || valueFits(type, item)) continue;
    const shown = item.kind === 'object' || item.kind === 'array' ? `a nested ${item.kind === 'object' ? 'object' : 'list'}` : item.kind === 'string' ? `"${textOf(item)}"` : textOf(item);
    ctx.report({ at: item, message: `${opName} expects ${EXPECTED[type]}, not ${shown}.` });
  }
}

function familyFor(keyType: string): string {
  return keyType === 'Bool' ? 'Bool' : keyType === 'IPAddress' ? 'IpAddress' : keyType === 'ARN' ? 'Arn (or String)' : keyType === 'Numeric' ? 'Numeric' : keyType === 'Date' ? 'Date' : 'String';
}

/** The closest valid operator, keeping a qualifier when one was meant. */
function guessOperator(op: string): string | undefined {
  const colon = op.indexOf(':');
  if (colon >= 0) {
    const q = suggest(op.slice(0, colon), QUALIFIERS, 1)[0];
    const b = suggest(op.slice(colon + 1), WITH_IF_EXISTS, 1)[0];
    return q && b && b !== 'Null' ? `${q}:${b}` : undefined;
  }
  return suggest(op, WITH_IF_EXISTS, 1)[0];
}
