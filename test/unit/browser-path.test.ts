// The browser bundles' `node:path` (server/src/lsp/browser/path.ts) against Node's own `path.posix`, on the
// kinds of paths the engine builds: absolute workspace paths, module sources, `..` and `.` segments.
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { describe, it } from 'node:test';
import * as web from '../../server/src/lsp/browser/path';

const PATHS = ['/', '/ws', '/ws/', '/ws/a.tf', '/ws/mod/../a.tf', '/ws/./mod//b.tf', 'mod/a.tf', './mod', '../up', 'a/../../b', '', '.', '..', '/ws/.keyscope.json', '/a/b/c/', 'x', '/ws/policy.tftpl', '/ws/file.tar.gz', '.hidden'];

describe('the browser bundles\' path module', () => {
  it('agrees with path.posix on one path', () => {
    for (const p of PATHS) {
      for (const f of ['normalize', 'isAbsolute', 'dirname', 'basename', 'extname'] as const) {
        assert.deepEqual((web[f] as (p: string) => unknown)(p), (posix[f] as (p: string) => unknown)(p), `${f}(${JSON.stringify(p)})`);
      }
      assert.equal(web.basename(p, '.tf'), posix.basename(p, '.tf'), `basename(${JSON.stringify(p)}, '.tf')`);
    }
  });

  it('agrees with path.posix on two paths', () => {
    const absolute = PATHS.filter((p) => p.startsWith('/'));
    for (const a of PATHS) {
      for (const b of PATHS) {
        assert.equal(web.join(a, b), posix.join(a, b), `join(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
        if (a.startsWith('/')) assert.equal(web.resolve(a, b), posix.resolve(a, b), `resolve(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
      }
    }
    for (const a of absolute) for (const b of absolute) assert.equal(web.relative(a, b), posix.relative(a, b), `relative(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
    assert.equal(web.sep, posix.sep);
    assert.equal(web.join(), posix.join());
    assert.equal(web.resolve('/ws', 'a', '../b', './c.tf'), posix.resolve('/ws', 'a', '../b', './c.tf'));
  });
});
