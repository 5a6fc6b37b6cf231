// Runs Node's test runner on every *.test.ts under the given folders (Node 20's --test takes no globs).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Default: every folder of test/ but the editor suites (they have their own commands) and support code.
const NOT_UNIT = new Set(['e2e', 'integration', 'helpers', 'fixtures']);
const dirs = process.argv.length > 2 ? process.argv.slice(2) : readdirSync('test').filter((d) => !NOT_UNIT.has(d) && statSync(join('test', d)).isDirectory()).map((d) => join('test', d));
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d).sort()) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.test.ts')) files.push(p);
  }
};
dirs.forEach(walk);
if (files.length === 0) {
  console.error(`no test files under ${dirs.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
