// The walk and the configuration look-up of `okr lint` take shortcuts for speed (paths concatenated below the
// root, one look-up per folder): they must find what path.join and a look-up per file find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findOkrFiles } from '../../server/src/node/files';
import { configLoader, loadConfigFor } from '../../server/src/node/config-loader';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'okr-walk-'));
  for (const f of ['a.okr.md', 'x/b.okr.md', 'x/y/c.okr.md', 'x/y/skip.okr.md', 'x/z/d.okr.md', 'x/y/z/e.okr.md']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '# T\n');
  }
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.gitignore'), 'x/y/skip.okr.md\nz/\n');
  writeFileSync(join(dir, 'x', '.okrrc.json'), '{"rules":{"too-few-krs":"off"}}');
  return dir;
}

test('the walk finds normal paths under a root written with a trailing slash or relative to the working folder', () => {
  const dir = tree();
  const expected = ['a.okr.md', 'x/b.okr.md', 'x/y/c.okr.md'].map((f) => join(dir, f));
  assert.deepEqual(findOkrFiles([dir]), expected);
  assert.deepEqual(findOkrFiles([`${dir}/`]), expected);
  const rel = relative(process.cwd(), dir);
  assert.deepEqual(findOkrFiles([rel]), expected.map((f) => relative(process.cwd(), f)));
  assert.deepEqual(findOkrFiles([join(dir, 'x')]), ['x/b.okr.md', 'x/y/c.okr.md'].map((f) => join(dir, f)));
});

test('a folder reached again through a symlink is walked once, a symlink to elsewhere is followed', () => {
  const dir = tree();
  const outside = mkdtempSync(join(tmpdir(), 'okr-walk-outside-'));
  writeFileSync(join(outside, 'f.okr.md'), '# T\n');
  symlinkSync(join(dir, 'x'), join(dir, 'alias'));
  symlinkSync(dir, join(dir, 'x', 'y', 'loop'));
  symlinkSync(outside, join(dir, 'x', 'out'));
  assert.deepEqual(findOkrFiles([dir]), ['a.okr.md', 'x/b.okr.md', 'x/out/f.okr.md', 'x/y/c.okr.md'].map((f) => join(dir, f)));
});

test('the per-run configuration loader gives each file what a look-up of its own gives', () => {
  const dir = tree();
  const load = configLoader();
  for (const f of ['a.okr.md', 'x/b.okr.md', 'x/y/c.okr.md', 'x/z/d.okr.md']) {
    for (const path of [join(dir, f), relative(process.cwd(), join(dir, f))]) assert.deepEqual(load(path).rules, loadConfigFor(path).rules, path);
  }
  assert.equal(load(join(dir, 'x/b.okr.md')), load(join(dir, 'x/y/c.okr.md')), 'one configuration shared below its folder');
  assert.notEqual(load(join(dir, 'a.okr.md')).rules['too-few-krs'], load(join(dir, 'x/b.okr.md')).rules['too-few-krs']);
});
