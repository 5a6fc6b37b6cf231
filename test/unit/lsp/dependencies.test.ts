import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileReads, textHost } from '../../../server/src/host';
import { Dependents } from '../../../server/src/lsp/dependencies';

const files: Record<string, string> = { '/ws/m/main.tf': 'a', '/ws/m/other.tf': 'b', '/ws/m/policy.json': '{}' };
const host = textHost((p) => files[p], (d) => Object.keys(files).filter((f) => f.startsWith(`${d}/`)).map((f) => f.slice(d.length + 1)), '/ws');

describe('dependents of files on disk', () => {
  const reads = new FileReads(host, 1 << 20);
  reads.listDir('/ws/m');
  reads.readFile('/ws/m/other.tf');
  reads.readFile('/ws/m/missing.json');
  const deps = new Dependents();
  deps.set('file:///ws/m/main.tf', reads);
  deps.set('file:///ws/x/alone.tf', new FileReads(host, 1 << 20));

  it('a changed file affects the documents that read it, even one missing when they read it', () => {
    assert.deepEqual([...deps.affected([{ path: '/ws/m/other.tf', type: 2 }])], ['file:///ws/m/main.tf']);
    assert.deepEqual([...deps.affected([{ path: '/ws/m/missing.json', type: 1 }])], ['file:///ws/m/main.tf']);
  });

  it('a file created in or deleted from a listed folder affects the documents that listed it; a change to an unread file does not', () => {
    assert.deepEqual([...deps.affected([{ path: '/ws/m/new.tf', type: 1 }])], ['file:///ws/m/main.tf']);
    assert.deepEqual([...deps.affected([{ path: '/ws/m/new.tf', type: 3 }])], ['file:///ws/m/main.tf']);
    assert.deepEqual([...deps.affected([{ path: '/ws/m/notes.md', type: 2 }])], []);
    assert.deepEqual([...deps.affected([{ path: '/ws/elsewhere/x.tf', type: 1 }])], []);
  });

  it('forgets a closed document', () => {
    const d = new Dependents();
    d.set('u', reads);
    d.delete('u');
    assert.deepEqual([...d.affected([{ path: '/ws/m/other.tf', type: 2 }])], []);
    assert.deepEqual([...d.files()], []);
  });
});
