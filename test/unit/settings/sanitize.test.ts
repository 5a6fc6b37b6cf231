import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeSettings } from '../../../server/src/settings';
import { parseConfig } from '../../../server/src/settings/load';
import { SETTINGS_CHECKS } from '../../../server/src/rules';

describe('sanitizeSettings', () => {
  it('keeps the valid values beside the invalid ones, each problem at its path', () => {
    const { settings, problems } = sanitizeSettings(
      {
        rules: { 'kms-star': 'off', 'unknown-action': 'loud' },
        files: { include: ['keys/**', 7, ''], contentSniffing: false },
        limits: { maxFileSizeKB: 0, maxNestingDepth: 20 },
        accounts: { '111122223333': { name: 'prod', stage: 3, colour: 'x' }, nope: {} },
        overrides: [{ files: ['a/**', null], rules: { x: 'hint' } }, { files: [''] }, 'x'],
      },
      'file',
    );
    assert.deepEqual(settings, {
      rules: { 'kms-star': 'off' },
      files: { include: ['keys/**'], contentSniffing: false },
      limits: { maxNestingDepth: 20 },
      accounts: { '111122223333': { name: 'prod' } },
      overrides: [{ files: ['a/**'], rules: { x: 'hint' } }],
    });
    assert.deepEqual(problems.map((p) => p.path.join('.')), [
      'rules.unknown-action',
      'files.include.1',
      'files.include.2',
      'limits.maxFileSizeKB',
      'accounts.111122223333.stage',
      'accounts.111122223333.colour',
      'accounts.nope',
      'overrides.0.files.1',
      'overrides.1.files.0',
      'overrides.2',
    ]);
  });

  it('overrides and $schema belong to the file only', () => {
    assert.deepEqual(sanitizeSettings({ overrides: [], $schema: 'x' }, 'editor').problems.map((p) => p.message), ['overrides is not a Keyscope setting', '$schema is not a Keyscope setting']);
    assert.deepEqual(sanitizeSettings({ overrides: [], $schema: 'x' }, 'file').problems, []);
  });

  it('names a setting without control or bidi characters, shortened, and never quotes a value', () => {
    const key = 'evil\u001b[31m\u202ename' + 'x'.repeat(60);
    const { problems } = sanitizeSettings({ [key]: 'SECRET', rules: { 'kms-star': 'SECRET' } }, 'file');
    for (const p of problems) {
      assert.doesNotMatch(p.message, /SECRET|\u001b|\u202e/, p.message);
      assert.ok(p.message.length < 120, p.message);
    }
  });

  it('a member named __proto__ is data, not a prototype', () => {
    const { config, problems } = parseConfig('{ "accounts": { "__proto__": { "name": "x" } }, "rules": { "__proto__": "off" } }');
    assert.equal(Object.getPrototypeOf(config.accounts), Object.prototype);
    assert.deepEqual(problems.map((p) => p.message), ['accounts.__proto__: an account id is 12 digits; it is ignored']);
  });
});

describe('rule ids, checked with the rules\' help', () => {
  it('reports an id no rule has, with the nearest one, in rules and in overrides, and keeps the rest', () => {
    const { settings, problems } = sanitizeSettings(
      { rules: { 'kms-star': 'off', 'kms-stra': 'off', zzzzzz: 'error' }, overrides: [{ files: ['legacy/**'], rules: { 'unknown-acton': 'off', 'unknown-action': 'off' } }] },
      'file',
      SETTINGS_CHECKS,
    );
    assert.deepEqual(settings.rules, { 'kms-star': 'off' });
    assert.deepEqual(settings.overrides, [{ files: ['legacy/**'], rules: { 'unknown-action': 'off' } }]);
    assert.deepEqual(
      problems.map((p) => [p.path.join('.'), p.message, p.atKey]),
      [
        ['rules.kms-stra', 'rules.kms-stra: no Keyscope rule has this id (did you mean "kms-star"?)', true],
        ['rules.zzzzzz', 'rules.zzzzzz: no Keyscope rule has this id', true],
        ['overrides.0.rules.unknown-acton', 'overrides[0].rules.unknown-acton: no Keyscope rule has this id (did you mean "unknown-action"?)', true],
      ],
    );
  });

  it('takes ids as written without the check (the settings layer knows no rules)', () => {
    assert.deepEqual(sanitizeSettings({ rules: { 'kms-stra': 'off' } }, 'file').problems, []);
  });
});

describe('parseConfig', () => {
  it('places each problem on its value, or on the name of an unknown setting', () => {
    const text = '{\n  "colour": 1,\n  "limits": { "maxFileSizeKB": "big" }\n}';
    const { problems } = parseConfig(text);
    assert.deepEqual(problems.map((p) => [p.position, text.slice(p.start, p.end)]), [
      [{ line: 1, character: 2 }, '"colour"'],
      [{ line: 2, character: 31 }, '"big"'],
    ]);
  });

  it('ignores a file that is not JSON, and says where without quoting it', () => {
    const { config, problems } = parseConfig('root:x:0:0:root:/root:/bin/bash\n');
    assert.deepEqual(config, {});
    assert.ok(problems.length >= 1);
    for (const p of problems) assert.doesNotMatch(p.message, /root|bash/);
    assert.match(problems[0].message, /^\.keyscope\.json is not valid JSON \(.+\): it is ignored$/);
  });
});
