import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { nodeHost, readBounded, withReadCache } from '../../server/src/node-host';
import { initTerraform } from '../../server/src/terraform';
import { mkfifo, sparseFile, tempFolder, TWO_GIB } from '../helpers/hostile-files';

const MB = 1 << 20;

const KEY = (target: string) => `resource "aws_kms_key" "app" {
  enable_key_rotation = true
  policy              = file("\${path.module}/${target}")
}
`;

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Decrpyt', Resource: '*' }] });

describe('bounded reads: type and size are checked before a byte is read', () => {
  const ws = tempFolder('keyscope-reads-');
  const at = (...p: string[]) => join(ws.dir, ...p);
  before(() => {
    writeFileSync(at('small.json'), POLICY);
    writeFileSync(at('exact.json'), 'x'.repeat(1000));
    mkfifo(at('pipe.json'));
    sparseFile(at('huge.json'), TWO_GIB);
    mkdirSync(at('dir.json'));
    symlinkSync(at('pipe.json'), at('link-to-pipe.json'));
    symlinkSync('/dev/zero', at('zero.json'));
  });
  after(ws.remove);

  it('reads a regular file up to the cap, and not one byte over', () => {
    assert.deepEqual(readBounded(at('exact.json'), 1000), { text: 'x'.repeat(1000) });
    assert.deepEqual(readBounded(at('exact.json'), 999), { skipped: 'too-large', bytes: 1000 });
  });

  it('refuses a FIFO, a directory and a link to a FIFO without opening them for a blocking read', () => {
    // A blocking read of the FIFO would hang this test until the runner's timeout.
    assert.deepEqual(readBounded(at('pipe.json'), MB), { skipped: 'not-regular', kind: 'a named pipe (FIFO)' });
    assert.deepEqual(readBounded(at('link-to-pipe.json'), MB), { skipped: 'not-regular', kind: 'a named pipe (FIFO)' });
    assert.deepEqual(readBounded(at('dir.json'), MB), { skipped: 'not-regular', kind: 'a directory' });
  });

  it('refuses a 2 GiB sparse file by its size, without reading it', () => {
    const before = process.memoryUsage().rss;
    assert.deepEqual(readBounded(at('huge.json'), 2 * MB), { skipped: 'too-large', bytes: TWO_GIB });
    // Memory is not time: a whole read would have taken 2 GB.
    assert.ok(process.memoryUsage().rss - before < 256 * MB);
  });

  it('the workspace host refuses a device outside the workspace as outside, not by what it is', () => {
    const host = nodeHost(ws.dir);
    assert.deepEqual(host.read(at('zero.json'), MB), { missing: true });
    assert.deepEqual(host.read(at('pipe.json'), MB), { skipped: 'not-regular', kind: 'a named pipe (FIFO)' });
    assert.deepEqual(host.read(at('small.json'), MB), { text: POLICY });
  });

  it('the cached host (language server) applies the same checks, before and after a file was cached', () => {
    const host = withReadCache(nodeHost(ws.dir));
    assert.deepEqual(host.read(at('small.json'), MB), { text: POLICY });
    assert.deepEqual(host.read(at('small.json'), 10), { skipped: 'too-large', bytes: POLICY.length });
    assert.deepEqual(host.read(at('pipe.json'), MB), { skipped: 'not-regular', kind: 'a named pipe (FIFO)' });
    assert.deepEqual(host.read(at('huge.json'), MB), { skipped: 'too-large', bytes: TWO_GIB });
    assert.deepEqual(host.read(at('zero.json'), MB), { missing: true });
  });
});

describe('analysis: a skipped file is noted on the line that references it', () => {
  const ws = tempFolder('keyscope-reads-tf-');
  const at = (...p: string[]) => join(ws.dir, ...p);
  before(async () => {
    await initTerraform();
    for (const m of ['ok', 'padded', 'pipe', 'huge', 'sibling-pipe', 'sibling-huge']) mkdirSync(at(m));
    writeFileSync(at('ok', 'policy.json'), POLICY);
    writeFileSync(at('padded', 'policy.json'), POLICY + ' '.repeat(1000));
    mkfifo(at('pipe', 'policy.json'));
    sparseFile(at('huge', 'policy.json'), TWO_GIB);
    writeFileSync(at('sibling-pipe', 'policy.json'), POLICY);
    mkfifo(at('sibling-pipe', 'other.tf'));
    writeFileSync(at('sibling-huge', 'policy.json'), POLICY);
    sparseFile(at('sibling-huge', 'generated.tf'), TWO_GIB);
  });
  after(ws.remove);

  const lint = (mod: string) => {
    const path = at(mod, 'main.tf');
    const text = KEY('policy.json');
    const r = analyze({ path, text, host: nodeHost(ws.dir) });
    return { r, text, notes: r.findings.filter((f) => f.ruleId === 'analysis-limit') };
  };

  it('a readable target is analysed, with nothing noted', () => {
    const { r, notes } = lint('ok');
    assert.deepEqual(notes, []);
    assert.ok(r.findings.some((f) => f.ruleId === 'unknown-action'));
  });

  it('a FIFO as the file() target: an info on the file() attribute, and the server thread never waits on it', () => {
    const { r, text, notes } = lint('pipe');
    assert.equal(notes.length, 1);
    assert.equal(notes[0].severity, 'info');
    assert.match(notes[0].message, /^Skipped policy\.json: not a regular file \(it is a named pipe \(FIFO\)\)/);
    assert.match(text.slice(notes[0].span.start, notes[0].span.end), /^policy += file\(/);
    assert.ok(!r.findings.some((f) => f.ruleId === 'unknown-action'));
  });

  it('a 2 GiB sparse target: too large, noted on the attribute', () => {
    const { text, notes } = lint('huge');
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /^Skipped policy\.json: too large \(2\.0 GB, over the 2\.0 MB limit/);
    assert.match(text.slice(notes[0].span.start, notes[0].span.end), /^policy += file\(/);
  });

  it('a FIFO or a 2 GiB file beside the module: noted on the first line, and the file itself still analysed', () => {
    for (const [mod, reason] of [['sibling-pipe', /Skipped other\.tf \(another file of this module\): not a regular file/], ['sibling-huge', /Skipped generated\.tf \(another file of this module\): too large \(2\.0 GB/]] as const) {
      const { r, notes } = lint(mod);
      assert.equal(notes.length, 1, mod);
      assert.match(notes[0].message, reason);
      assert.equal(notes[0].span.start, 0);
      assert.ok(r.findings.some((f) => f.ruleId === 'unknown-action'), mod);
    }
  });

  it('the limit is the maxFileSizeKB setting, and the rule turned off silences the notes', () => {
    // The .tf itself is under half a KB, its target over it.
    const small = analyze({ path: at('padded', 'main.tf'), text: KEY('policy.json'), host: nodeHost(ws.dir), settings: withLimits({ maxFileSizeKB: 0.5 }) });
    assert.match(small.findings.find((f) => f.ruleId === 'analysis-limit')?.message ?? '', /^Skipped policy\.json: too large/);
    const off = analyze({ path: at('pipe', 'main.tf'), text: KEY('policy.json'), host: nodeHost(ws.dir), settings: withRules({ 'analysis-limit': 'off' }) });
    assert.deepEqual(off.findings.filter((f) => f.ruleId === 'analysis-limit'), []);
  });

  it('records what the analysis read: the target, the module folder and its other files', () => {
    const { r } = lint('sibling-pipe');
    assert.ok(r.reads?.files.has(at('sibling-pipe', 'policy.json')));
    assert.ok(r.reads?.files.has(at('sibling-pipe', 'other.tf')));
    assert.ok(r.reads?.dirs.has(at('sibling-pipe')));
  });
});

import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../server/src/settings';

function withLimits(limits: Partial<KeyscopeSettings['limits']>): KeyscopeSettings {
  return { ...DEFAULT_SETTINGS, limits: { ...DEFAULT_SETTINGS.limits, ...limits } };
}

function withRules(rules: KeyscopeSettings['rules']): KeyscopeSettings {
  return { ...DEFAULT_SETTINGS, rules: { ...DEFAULT_SETTINGS.rules, ...rules } };
}
