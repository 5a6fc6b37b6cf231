import { ruleTable } from '../../helpers/rule-table';

const key = (body: string) => `resource "aws_kms_key" "app" {\n${body}\n}\n`;

ruleTable('unused-ignore', {
  valid: [
    { name: 'an ignore that silences the finding below', path: 'main.tf', code: key('  # keyscope-ignore tf-key-rotation\n  enable_key_rotation = false') },
    { name: 'comments written with # and //, each used', path: 'main.tf', code: `// keyscope-ignore tf-default-policy\n${key('  # keyscope-ignore tf-key-rotation\n  enable_key_rotation = false')}` },
    { name: 'a rule turned off in the settings is not judged', path: 'main.tf', code: key('  # keyscope-ignore mfa-for-destructive\n  enable_key_rotation = true'), settings: { rules: { 'mfa-for-destructive': 'off' } } },
    { name: 'no comment', path: 'main.tf', code: key('  enable_key_rotation = true') },
  ],
  invalid: [
    {
      name: 'an unknown rule id',
      path: 'main.tf',
      code: key('  # keyscope-ignore tf-key-rotaton\n  enable_key_rotation = false'),
      errors: [{ line: 2, text: 'tf-key-rotaton', severity: 'warning', messageIncludes: '"tf-key-rotaton" is not a Keyscope rule: this keyscope-ignore silences nothing. Did you mean "tf-key-rotation"?' }],
      fixKind: 'suggestion',
      output: key('  # keyscope-ignore tf-key-rotation\n  enable_key_rotation = false'),
    },
    {
      name: 'an unknown rule id like no rule: no correction offered',
      path: 'main.tf',
      code: key('  # keyscope-ignore zzzzzz\n  enable_key_rotation = true'),
      errors: [{ line: 2, text: 'zzzzzz', messageIncludes: 'Check the rule id' }],
      fixes: [],
    },
    {
      name: 'an ignore that silences nothing: the whole comment line goes',
      path: 'main.tf',
      code: key('  # keyscope-ignore tf-key-rotation\n  enable_key_rotation = true'),
      errors: [{ line: 2, text: 'tf-key-rotation', messageIncludes: 'silences nothing' }],
      fixKind: 'safe',
      output: key('  enable_key_rotation = true'),
    },
    {
      name: 'one id of several silences nothing: only it goes',
      path: 'main.tf',
      code: key('  # keyscope-ignore tf-deletion-window, tf-key-rotation\n  enable_key_rotation = false'),
      errors: [{ text: 'tf-deletion-window' }],
      output: key('  # keyscope-ignore tf-key-rotation\n  enable_key_rotation = false'),
    },
    {
      name: 'the last id of several',
      path: 'main.tf',
      code: key('  # keyscope-ignore tf-key-rotation, tf-deletion-window\n  enable_key_rotation = false'),
      errors: [{ text: 'tf-deletion-window' }],
      output: key('  # keyscope-ignore tf-key-rotation\n  enable_key_rotation = false'),
    },
  ],
});
