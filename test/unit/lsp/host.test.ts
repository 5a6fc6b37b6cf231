import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Host } from '../../../server/src/host';
import { nodeHost, withReadCache } from '../../../server/src/node-host';

/** A workspace with a file inside, a secret outside, and symlinks to both. */
function workspace() {
  const base = mkdtempSync(join(tmpdir(), 'keyscope-host-'));
  const root = join(base, 'ws');
  mkdirSync(root);
  writeFileSync(join(root, 'main.tf'), 'one');
  writeFileSync(join(base, 'secret.tf'), 'secret');
  symlinkSync(join(base, 'secret.tf'), join(root, 'escape.tf'));
  symlinkSync(join(root, 'main.tf'), join(root, 'alias.tf'));
  return { base, root };
}

/** Counts the reads that reach the wrapped host. */
function counting(host: Host): Host & { reads: number } {
  const h = { ...host, reads: 0 };
  h.read = (p: string, max: number) => {
    h.reads++;
    return host.read(p, max);
  };
  return h;
}

const MAX = 1 << 20;
/** The text of a read, or undefined when the file was not read. */
const textOf = (host: Host, p: string) => {
  const r = host.read(p, MAX);
  return 'text' in r ? r.text : undefined;
};

describe('node host', () => {
  it('reads inside the workspace, follows links that stay inside, refuses links and paths that leave it', () => {
    const { base, root } = workspace();
    const host = nodeHost(root);
    assert.equal(textOf(host, join(root, 'main.tf')), 'one');
    assert.equal(textOf(host, join(root, 'alias.tf')), 'one');
    assert.equal(textOf(host, join(root, 'escape.tf')), undefined);
    assert.equal(textOf(host, join(root, '..', 'secret.tf')), undefined);
    assert.equal(textOf(host, join(base, 'secret.tf')), undefined);
    assert.equal(textOf(host, join(root, 'missing.tf')), undefined);
    assert.deepEqual(host.listDir(base), []);
  });
});

describe('cached reads (language server)', () => {
  it('reads a file once while it is unchanged, and again once it changes on disk', () => {
    const { root } = workspace();
    const inner = counting(nodeHost(root));
    const host = withReadCache(inner);
    const file = join(root, 'main.tf');
    const first = textOf(host, file);
    assert.equal(first, 'one');
    assert.equal(textOf(host, file), first);
    assert.equal(inner.reads, 1);
    writeFileSync(file, 'two!');
    assert.equal(textOf(host, file), 'two!');
    // Same size, new modification time.
    writeFileSync(file, 'six!');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.equal(textOf(host, file), 'six!');
    assert.equal(inner.reads, 3);
  });

  it('keeps the confinement of the host it wraps, and forgets deleted files', () => {
    const { base, root } = workspace();
    const host = withReadCache(nodeHost(root));
    assert.equal(textOf(host, join(root, 'escape.tf')), undefined);
    assert.equal(textOf(host, join(base, 'secret.tf')), undefined);
    assert.equal(textOf(host, join(root, 'escape.tf')), undefined);
    const file = join(root, 'gone.tf');
    writeFileSync(file, 'x');
    assert.equal(textOf(host, file), 'x');
    writeFileSync(file, '');
    assert.equal(textOf(host, file), '');
    assert.deepEqual(host.listDir(root).sort(), ['alias.tf', 'escape.tf', 'gone.tf', 'main.tf']);
    unlinkSync(file);
    assert.equal(textOf(host, file), undefined);
  });

  it('lists a folder once while it is unchanged, and again once an entry is added, removed or renamed', () => {
    const { base, root } = workspace();
    const inner = nodeHost(root);
    let lists = 0;
    const host = withReadCache({ ...inner, listDir: (d: string) => (lists++, inner.listDir(d)) });
    const names = () => host.listDir(root).sort();
    // A folder whose last change is a few seconds old: its listing is kept.
    const settle = (secondsAgo: number) => utimesSync(root, new Date(Date.now() - secondsAgo * 1000), new Date(Date.now() - secondsAgo * 1000));
    settle(60);
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf']);
    // The caller may change what it gets: the next caller gets the listing all the same.
    host.listDir(root).push('x.tf');
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf']);
    assert.equal(lists, 1);
    writeFileSync(join(root, 'new.tf'), 'x');
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf', 'new.tf']);
    settle(50);
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf', 'new.tf']);
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf', 'new.tf']);
    assert.equal(lists, 3);
    renameSync(join(root, 'new.tf'), join(root, 'renamed.tf'));
    settle(40);
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf', 'renamed.tf']);
    assert.equal(lists, 4);
    // Changed just now: listed each time, since a second change within the same tick of the clock would
    // leave the folder's times as they are.
    unlinkSync(join(root, 'renamed.tf'));
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf']);
    assert.deepEqual(names(), ['alias.tf', 'escape.tf', 'main.tf']);
    assert.equal(lists, 6);
    // Outside the workspace: nothing, as the host it wraps says.
    assert.deepEqual(host.listDir(base), []);
  });
});
