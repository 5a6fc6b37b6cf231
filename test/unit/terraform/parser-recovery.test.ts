import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('the Terraform parser after its wasm heap is exhausted', () => {
  it('reports the failure, survives the garbage collection of the failed runtime, and parses again', () => {
    // A process of its own: the heap ceiling is set before the runtime loads, and finalizers run under gc().
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, '..', '..', 'helpers', 'exhaust-parser.ts')], {
      encoding: 'utf8',
      env: { ...process.env, KEYSCOPE_TREE_SITTER_HEAP_MB: '32' },
    });
    assert.equal(r.status, 0, r.stderr);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(seen.gc, true);
    for (const codes of [...seen.before, ...seen.after]) assert.ok(codes.includes('unknown-action'), JSON.stringify(codes));
    assert.equal(seen.failed.length, 1);
    assert.match(seen.failed[0], /^Not analysed: the Terraform parser failed/);
  });
});
