import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileReads, textHost } from '../../server/src/host';

describe('the reads of one analysis', () => {
  it('read each file and folder once, and the next analysis reads them again', () => {
    const files = new Map([['/ws/m/a.tf', 'one'], ['/ws/m/big.tf', 'x'.repeat(100)]]);
    let reads = 0;
    let lists = 0;
    const host = textHost(
      (p) => (reads++, files.get(p)),
      (d) => (lists++, [...files.keys()].filter((p) => p.startsWith(`${d}/`)).map((p) => p.slice(d.length + 1))),
      '/ws',
    );
    const first = new FileReads(host, 50);
    assert.equal(first.readFile('/ws/m/a.tf'), 'one');
    assert.deepEqual(first.listDir('/ws/m'), ['a.tf', 'big.tf']);
    files.set('/ws/m/a.tf', 'two');
    files.set('/ws/m/c.tf', 'three');
    // One analysis sees one state of the files: what it read first.
    assert.equal(first.readFile('/ws/m/a.tf'), 'one');
    // A caller may change the list it gets; the next one gets the listing all the same.
    first.listDir('/ws/m').push('z.tf');
    assert.deepEqual(first.listDir('/ws/m'), ['a.tf', 'big.tf']);
    // A skipped file is noted each time it is asked for, where it was asked for first.
    assert.equal(first.readFile('/ws/m/big.tf', { start: 3, end: 9 }), undefined);
    assert.equal(first.readFile('/ws/m/big.tf', { start: 20, end: 30 }), undefined);
    assert.deepEqual(first.skipped.get('/ws/m/big.tf'), { path: '/ws/m/big.tf', skipped: 'too-large', bytes: 100 });
    assert.deepEqual(first.referencedAt.get('/ws/m/big.tf'), { start: 3, end: 9 });
    assert.deepEqual([reads, lists], [2, 1]);
    assert.deepEqual([...first.files], ['/ws/m/a.tf', '/ws/m/big.tf']);
    assert.deepEqual([...first.dirs], ['/ws/m']);
    // The next analysis sees the change.
    const next = new FileReads(host, 50);
    assert.equal(next.readFile('/ws/m/a.tf'), 'two');
    assert.deepEqual(next.listDir('/ws/m'), ['a.tf', 'big.tf', 'c.tf']);
  });
});
