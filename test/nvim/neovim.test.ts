// The language server driven by a second, independent LSP client: Neovim (Debian's package, 0.7+) headless,
// with a small Lua script. Proves diagnostics, hover and definition work outside VS Code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Installs Neovim from the distribution when it is missing, so the test runs on a fresh machine. */
function ensureNeovim(): string {
  const found = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq neovim'], { stdio: 'inherit', env, timeout: 600_000 });
  return execFileSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).trim();
}

describe('Neovim as an LSP client', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'okr-nvim-'));
    cpSync(join(root, 'test/fixtures/lsp/cascade'), dir, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('receives diagnostics with rule codes on the expected lines, a hover and a definition across files', () => {
    const nvim = ensureNeovim();
    const out = join(dir, 'result.tsv');
    const run = spawnSync('timeout', ['90', nvim, '--headless', '--clean', '-c', `luafile ${join(root, 'test/nvim/check.lua')}`, join(dir, 'teams/growth.okr.md')], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        OKR_SERVER: join(root, 'dist/server.js'),
        OKR_ROOT: dir,
        OKR_OUT: out,
        OKR_HOVER: '13:10',
        OKR_DEFINITION: '10:12',
      },
    });
    assert.equal(run.status, 0, `nvim exited with ${run.status}: ${run.stderr}`);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows.at(-1), ['status', 'ok']);
    const diags = rows.filter((r) => r[0] === 'diag').map((r) => `${r[1]}:${r[2]}:${r[3]}`);
    assert.ok(diags.includes('16:kr-is-output:okr'), diags.join(' '));
    assert.ok(diags.includes('25:vanity-metric:okr'), diags.join(' '));
    const hover = rows.find((r) => r[0] === 'hover');
    assert.ok(hover, 'a hover answer');
    assert.match(hover[1], /10% → \*\*12%\*\* → 16%/);
    const definition = rows.find((r) => r[0] === 'definition');
    assert.deepEqual(definition?.slice(1), [`file://${join(dir, 'product.okr.md')}`, '13']);
  });
});
