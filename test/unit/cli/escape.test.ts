import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeControls, escapeMessage, quotePath, safeJson } from '../../../server/src/cli/escape';
import { artifactUri } from '../../../server/src/cli/format';

describe('CLI output escaping', () => {
  const cases: [string, string][] = [
    ['plain text, é and 😀', 'plain text, é and 😀'],
    ['\u001b[31mred\u0007', '\\x1b[31mred\\a'],
    ['a\nb\r\tc\u0000', 'a\\nb\\r\\tc\\x00'],
    ['\u007f\u0085\u009b', '\\x7f\\x85\\x9b'],
    ['role/\u202enimda', 'role/\\u202enimda'],
    ['\u2066x\u2069\u200e\u200f\u061c\u2028', '\\u2066x\\u2069\\u200e\\u200f\\u061c\\u2028'],
    ['back\\slash "quoted"', 'back\\slash "quoted"'],
  ];
  for (const [input, expected] of cases) it(`escapeControls(${JSON.stringify(input)})`, () => assert.equal(escapeControls(input), expected));

  it('quotePath leaves plain paths alone and quotes the others as git does', () => {
    assert.equal(quotePath('keys/app.kms.json'), 'keys/app.kms.json');
    assert.equal(quotePath('keys\\app.kms.json'), 'keys\\app.kms.json', 'a Windows path stays readable');
    assert.equal(quotePath('a\nb.json'), '"a\\nb.json"');
    assert.equal(quotePath('say "hi"\\.json'), '"say \\"hi\\"\\\\.json"');
    assert.equal(quotePath('\u202ex.json'), '"\\u202ex.json"');
  });

  it('escapeMessage keeps the message lines and escapes the rest', () => {
    assert.equal(escapeMessage('first\n\u001b[2Jsecond'), 'first\n\\x1b[2Jsecond');
  });

  it('safeJson writes the same value with nothing raw a terminal acts on', () => {
    const value = { s: 'a\u001b\u0085\u202eb\u2028', n: 1 };
    const text = safeJson(value);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('artifactUri percent-encodes relative paths per segment and makes absolute ones file: URLs', () => {
    assert.equal(artifactUri('keys/app.kms.json'), 'keys/app.kms.json');
    assert.equal(artifactUri('a:b/c #1?.json'), 'a%3Ab/c%20%231%3F.json');
    assert.equal(artifactUri('x/\u001b\n\u202e%.json'), 'x/%1B%0A%E2%80%AE%25.json');
    assert.equal(artifactUri('/tmp/a b/\u202e.json'), 'file:///tmp/a%20b/%E2%80%AE.json');
    assert.equal(artifactUri('bad\ud800.json'), 'bad%EF%BF%BD.json', 'a lone surrogate becomes U+FFFD');
  });
});
