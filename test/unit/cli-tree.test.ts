// `okr tree` end to end: the built dist/okr.js on temporary files.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renderTreeText } from '../../server/src/cli/tree';
import type { TreeJson } from '../../server/src/core/model';
import { findOkrFiles } from '../../server/src/node/files';

const root = join(__dirname, '..', '..');
const okr = join(root, 'dist', 'okr.js');
let dir = '';

function run(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [okr, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(path: string, text: string | Buffer) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

before(() => {
  const started = Date.now() - 1000;
  spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' });
  assert.ok(statSync(okr).mtimeMs >= started, 'dist/okr.js was not rebuilt');
  dir = mkdtempSync(join(tmpdir(), 'okr-cli-'));
  write('company.okr.md', '---\nteam: Acme\nperiod: 2026-Q1\n---\n## O1: Customers love us\n- KR1: Increase NPS from 30 to 50\n- KR2: Reduce refund rate from 2.5% to 1.5%\n  - confidence: 70%\n  - 2026-01-10: 2.1%\n');
  write('teams/growth.okr.md', '---\nteam: Growth\nparent: company\nperiod: 2026-Q1\n---\n## O1: Reminders that work\nAligns: company#O1.KR1\n- Increase NPS of reminded buyers from 30 to 40\n  - current: 38\n- [x] Ship reminders\n');
  write('teams/odd/empty.okr.md', '');
  write('teams/odd/garbage.okr.md', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
  write('ignored/secret.okr.md', '## O1: hidden\n');
  write('.gitignore', 'ignored/\n');
  write('notes.md', '## O1: not an OKR file\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('okr tree --format json', () => {
  it('prints the cascade with the numbers of the format design', () => {
    const r = run(['tree', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const tree = JSON.parse(r.stdout) as TreeJson;
    assert.deepEqual(tree.units.map((u) => [u.id, u.parent, u.file]), [
      ['company', null, 'company.okr.md'],
      ['growth', 'company', 'teams/growth.okr.md'],
      ['empty', null, 'teams/odd/empty.okr.md'],
      ['garbage', null, 'teams/odd/garbage.okr.md'],
    ]);
    const [kr1, kr2] = tree.units[0].objectives[0].krs;
    assert.deepEqual(
      { id: kr2.id, kind: kr2.kind, baseline: kr2.baseline, target: kr2.target, current: kr2.current, unit: kr2.unit, direction: kr2.direction, confidence: kr2.confidence },
      { id: 'KR2', kind: 'metric', baseline: 2.5, target: 1.5, current: 2.1, unit: '%', direction: 'decrease', confidence: 0.7 },
    );
    assert.ok(Math.abs(kr2.progress! - 0.4) < 1e-9);
    // KR1 has no value: it takes growth O1's progress ((0.8 + 1) / 2)
    assert.equal(kr1.rolledUp, true);
    assert.ok(Math.abs(kr1.progress! - 0.9) < 1e-9);
    assert.deepEqual(tree.units[1].objectives[0].aligns, ['company#O1.KR1']);
    assert.equal(tree.units[1].period, '2026-Q1');
  });

  it('takes explicit files and folders', () => {
    const r = run(['tree', 'teams/growth.okr.md', '--format=json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as TreeJson).units.map((u) => u.id), ['growth']);
  });
});

describe('okr tree text output', () => {
  it('nests units by parent with bars and percentages, no colour when piped', () => {
    const r = run(['tree', '.']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('\u001b['));
    const lines = r.stdout.split('\n');
    const growth = lines.find((l) => l.startsWith('  Growth'));
    assert.ok(growth, r.stdout);
    assert.match(growth, /█+░* +90%$/);
    assert.ok(lines.some((l) => /^ {4}KR2 Reduce refund rate from 2\.5% to 1\.5% +████░░░░░░ +40%$/.test(l)), r.stdout);
    assert.ok(lines.some((l) => l.includes('(no objectives)')));
    assert.match(r.stdout, /4 units, 2 objectives, 4 key results/);
  });

  it('colours by band when asked to', () => {
    const tree = JSON.parse(run(['tree', '--format', 'json']).stdout) as TreeJson;
    const text = renderTreeText(tree, true);
    assert.ok(text.includes('\u001b[32m'), 'on track is green');
    assert.ok(text.includes('\u001b[33m'), 'at risk is amber');
  });
});

describe('okr errors', () => {
  it('unknown option, unknown command, bad format and missing path: one line, exit 2', () => {
    for (const args of [['tree', '--bogus'], ['frobnicate'], ['--bogus'], ['tree', '--format', 'xml'], ['tree', 'missing-folder'], ['tree', '--format']]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^okr/);
    }
  });

  it('refuses a file over the size limit with a message', () => {
    write('huge/big.okr.md', Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
    const r = run(['tree', 'huge', '--format', 'json']);
    rmSync(join(dir, 'huge'), { recursive: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /big\.okr\.md: file is 10\.0 MB, over the 10 MB limit/);
    assert.deepEqual(JSON.parse(r.stdout), { units: [] });
  });

  it('--help and --version', () => {
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /tree +print the OKR cascade/);
    assert.match(run(['tree', '--help']).stdout, /--format text\|json/);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('findOkrFiles', () => {
  it('respects .gitignore and exclude globs, and survives symlink loops', () => {
    symlinkSync(dir, join(dir, 'teams', 'loop'));
    try {
      const rel = (files: string[]) => files.map((f) => f.slice(dir.length + 1));
      assert.deepEqual(rel(findOkrFiles([dir])), ['company.okr.md', 'teams/growth.okr.md', 'teams/odd/empty.okr.md', 'teams/odd/garbage.okr.md']);
      assert.deepEqual(rel(findOkrFiles([dir], { exclude: ['teams/odd/**'] })), ['company.okr.md', 'teams/growth.okr.md']);
      assert.deepEqual(rel(findOkrFiles([dir], { exclude: ['*.okr.md'] })), []);
    } finally {
      rmSync(join(dir, 'teams', 'loop'));
    }
  });
});
