/**
 * The npm package as a user gets it: scripts/build-npm.mjs, `npm pack`, `npm install -g` of the tarball into
 * a fresh prefix (offline: the package has no dependencies), then the installed commands: `keyscope
 * --version`, `keyscope lint`, `keyscope lsp --stdio` and `keyscope-language-server --stdio` driven by a real
 * LSP client, and Neovim's own LSP client (`vim.lsp.start_client`) against the installed server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../helpers/lsp-client';

const REPO = join(__dirname, '..', '..');
const FORMS = join(REPO, 'test', 'fixtures', 'forms');
const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const NVIM = nvim.status === 0 ? nvim.stdout.split('\n')[0] : undefined;

let prefix = '';
let bin = (name: string) => name;
const tmp = mkdtempSync(join(tmpdir(), 'keyscope-npm-'));

function sh(cmd: string, args: string[], cwd = tmp, input?: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', input, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  return r;
}

describe('the npm package', () => {
  before(() => {
    const out = join(tmp, 'package');
    const build = sh(process.execPath, [join(REPO, 'scripts', 'build-npm.mjs'), out], REPO);
    assert.equal(build.status, 0, build.stderr);
    const pack = sh(npm, ['pack', '--pack-destination', tmp], out);
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = join(tmp, `keyscope-${version}.tgz`);
    assert.ok(existsSync(tarball), pack.stdout);
    prefix = join(tmp, 'prefix');
    mkdirSync(prefix);
    const install = sh(npm, ['install', '--global', '--prefix', prefix, '--offline', tarball]);
    assert.equal(install.status, 0, install.stdout + install.stderr);
    bin = (name: string) => join(prefix, process.platform === 'win32' ? '' : 'bin', process.platform === 'win32' ? `${name}.cmd` : name);
  });

  it('installs the two commands, the wasm files, README, LICENSE and the notices, with no dependencies', () => {
    const root = join(prefix, process.platform === 'win32' ? '' : 'lib', 'node_modules', 'keyscope');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(manifest.version, version, 'the npm package has the .vsix version');
    assert.deepEqual(Object.keys(manifest.bin).sort(), ['keyscope', 'keyscope-language-server']);
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(readdirSync(root).sort(), ['LICENSE', 'README.md', 'THIRD-PARTY-NOTICES.md', 'cli.js', 'package.json', 'server.js', 'tree-sitter-hcl.wasm', 'web-tree-sitter.cjs', 'web-tree-sitter.wasm']);
    const notices = readFileSync(join(root, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const pkg of ['vscode-languageserver', 'jsonc-parser', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl']) assert.match(notices, new RegExp(`^## ${pkg.replace(/[/@.-]/g, '\\$&')} \\d`, 'm'), pkg);
    assert.doesNotMatch(notices, /^## (typescript|esbuild|@types\/)/m, 'build tools are not bundled');
  });

  it('keyscope --version prints the version', () => {
    const r = sh(bin('keyscope'), ['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), version);
  });

  it('keyscope lint reads JSON and Terraform (the grammar wasm is found beside the bundle)', () => {
    const r = sh(bin('keyscope'), ['lint', '--format', 'json', 'dnssec.tf', 'cross-account.kms.json'], FORMS);
    assert.equal(r.status, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as { file: string; ruleId: string }[];
    assert.ok(findings.some((f) => f.file === 'dnssec.tf' && f.ruleId === 'public-principal'), r.stdout);
    assert.ok(findings.some((f) => f.file === 'cross-account.kms.json'), r.stdout);
  });

  for (const [what, command] of [
    ['keyscope lsp --stdio', () => [bin('keyscope'), 'lsp', '--stdio']],
    ['keyscope-language-server --stdio', () => [bin('keyscope-language-server'), '--stdio']],
  ] as const) {
    it(`${what} serves diagnostics to an LSP client`, async () => {
      const client = new TestClient({ command: command() });
      try {
        await client.initialize(FORMS);
        const uri = pathToFileURL(join(FORMS, 'dnssec.tf')).href;
        await client.open(uri, 'terraform', readFileSync(join(FORMS, 'dnssec.tf'), 'utf8'));
        const diags = await client.diagnosticsUntil(uri, (d) => d.some((x) => x.code === 'public-principal'));
        assert.ok(diags.every((d) => d.source === 'keyscope'));
      } finally {
        await client.close();
      }
    });
  }

  it('the server without a transport flag prints its usage, not a stack trace', () => {
    for (const args of [[bin('keyscope-language-server')], [bin('keyscope'), 'lsp']]) {
      const r = sh(args[0], args.slice(1));
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^Usage: keyscope-language-server --stdio/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('Neovim\'s built-in client (vim.lsp.start_client) gets diagnostics from the installed server', { skip: NVIM ? false : 'nvim is not installed (Debian: apt-get install neovim; .ci/run installs it)' }, () => {
    const work = mkdtempSync(join(tmpdir(), 'keyscope-nvim-'));
    const file = join(work, 'app.kms.json');
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrpyt', Resource: '*' }] }, null, 2));
    const result = join(work, 'diagnostics.json');
    // The set-up the README gives, in the API Neovim 0.7 has (vim.lsp.config came with 0.11).
    const script = join(work, 'check.lua');
    writeFileSync(
      script,
      `
local client = vim.lsp.start_client({
  name = 'keyscope',
  cmd = { ${JSON.stringify(bin('keyscope-language-server'))}, '--stdio' },
  root_dir = ${JSON.stringify(work)},
})
vim.cmd('edit ' .. vim.fn.fnameescape(${JSON.stringify(file)}))
vim.bo.filetype = 'json'
vim.lsp.buf_attach_client(0, client)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, { code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code), line = d.lnum, message = d.message })
end
vim.fn.writefile({ vim.fn.json_encode(out) }, ${JSON.stringify(result)})
vim.lsp.stop_client(client)
vim.cmd('qall!')
`,
    );
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${script}`], { cwd: work, encoding: 'utf8', timeout: 60000 });
    assert.ok(existsSync(result), `nvim wrote no result (status ${r.status}): ${r.stdout}${r.stderr}`);
    const diags = JSON.parse(readFileSync(result, 'utf8')) as { code: string; line: number; message: string }[];
    const codes = diags.map((d) => d.code);
    assert.ok(codes.includes('unknown-action'), `${NVIM}: ${JSON.stringify(diags)}`);
    assert.ok(codes.includes('public-principal'), `${NVIM}: ${JSON.stringify(diags)}`);
  });

  after(() => {
    // Nothing to stop: every process above has exited. The temporary folders are left to the OS.
  });
});
