import { policy, ruleTable, ROOT } from '../../helpers/rule-table';

const ok = policy({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' });
const deep = '{"Version":"2012-10-17","Statement":' + '['.repeat(150) + ']'.repeat(150) + '}';

ruleTable('analysis-limit', {
  valid: [
    ok,
    { name: 'nesting within the limit', code: '{"Version":"2012-10-17","Statement":' + '['.repeat(90) + ']'.repeat(90) + '}' },
    // More than 100 brackets in all (so the depth is scanned), none deeper than 2 levels.
    { name: 'many brackets, shallow', code: '{"Version":"2012-10-17","Statement":[' + '{"Sid":"(x)"},'.repeat(120) + '{}]}' },
  ],
  invalid: [
    { name: 'nested too deep', code: deep, errors: [{ line: 1, column: 1, messageIncludes: 'nest more than 100 levels' }] },
    { name: 'too large for the configured limit', code: ok, settings: { limits: { maxFileSizeKB: 0.1, maxNestingDepth: 100 } }, errors: [{ messageIncludes: 'over the 0 KB limit' }] },
    { name: 'exactly one level too deep', code: '{"Version":"2012-10-17","Statement":' + '['.repeat(100) + ']'.repeat(100) + '}', errors: [{ messageIncludes: 'nest more than 100 levels' }] },
    { name: 'deeply nested Terraform', code: 'locals {\n  x = ' + '['.repeat(500) + '\n}\n', path: 'main.tf', errors: [{ line: 1 }] },
  ],
});
