// `okr lint --cache`: a warm run reports exactly what a run without the cache reports, whatever changed in
// between (content, size, time, deleted files, configuration, a corrupt cache), and the cross-file view the
// cache keeps is enough for the workspace rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../server/src/cli';
import { decodeView, encodeView, plainStrings } from '../../server/src/cli/lint-cache';
import { parseOkr } from '../../server/src/core/parse';
import { OkrWorkspace } from '../../server/src/core/workspace';
import { applyDirectives, runRules } from '../../server/src/rules/engine';

const FIXTURES = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));

async function okr(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, color: false });
  return { code, out, err };
}

const CONFIG = { reportUnusedDisableDirectives: 'warning' };

/** The alignment fixtures plus a file with disable comments, one of them unused (reported, with a safe fix). */
function workspace(): { dir: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'okr-cache-'));
  cpSync(join(FIXTURES, 'workspace'), dir, { recursive: true });
  writeFileSync(join(dir, 'directives.okr.md'), `${readFileSync(join(FIXTURES, 'directives.okr.md'), 'utf8')}\n<!-- okr-disable-next-line vanity-metric -->\n`);
  writeFileSync(join(dir, '.okrrc.json'), JSON.stringify(CONFIG));
  return { dir, cache: join(mkdtempSync(join(tmpdir(), 'okr-cache-file-')), 'cache.json') };
}

/** Lints with the cache and without it, asserts both agree and returns the cached run's output. */
async function lintBothWays(dir: string, cache: string, format = 'json', extra: string[] = []): Promise<string> {
  const cached = await okr(['lint', '--format', format, '--cache-location', cache, ...extra], dir);
  const fresh = await okr(['lint', '--format', format, ...extra], dir);
  assert.equal(cached.out, fresh.out);
  assert.equal(cached.code, fresh.code);
  return cached.out;
}

const findingsOf = (out: string, file: string): Array<{ ruleId: string; message: string }> =>
  (JSON.parse(out) as Array<{ file: string; findings: Array<{ ruleId: string; message: string }> }>).find((r) => r.file === file)?.findings ?? [];

test('the cross-file view gives the workspace rules and disable comments the same findings as the full model', () => {
  const files = [...readdirSync(join(FIXTURES, 'workspace')).map((f) => join('workspace', f)), ...readdirSync(FIXTURES)].filter((f) => f.endsWith('.okr.md'));
  const parsed = files.map((f) => ({ path: f, text: readFileSync(join(FIXTURES, f), 'utf8'), doc: parseOkr(readFileSync(join(FIXTURES, f), 'utf8'), { fileName: f, engine: 'lines' }) }));
  const full = new OkrWorkspace();
  const views = new OkrWorkspace();
  for (const p of parsed) {
    full.set(p.path, p.doc);
    views.set(p.path, decodeView(encodeView(p.doc, plainStrings), plainStrings));
  }
  let compared = 0;
  for (const p of parsed) {
    const lint = (ws: OkrWorkspace) => {
      const doc = ws.get(p.path)!;
      const own = runRules(p.doc, p.text, { path: p.path, today: '2026-11-01', scopes: ['file'] });
      return applyDirectives(doc, p.text, [...own, ...runRules(doc, p.text, { path: p.path, today: '2026-11-01', workspace: ws, scopes: ['workspace'] })]);
    };
    const expected = lint(full);
    assert.deepEqual(lint(views), expected, p.path);
    compared += expected.length;
  }
  assert.ok(compared > 20, 'the fixtures exercise the workspace rules');
});

test('a warm run reports what a cold one does, in every format, and leaves the cache alone', async () => {
  const { dir, cache } = workspace();
  // The first run fills the cache; every run after it is warm, in each format (JSON with the fixes) and with --quiet.
  for (const format of ['json', 'json', 'stylish', 'sarif', 'github']) for (const extra of [[], ['--quiet']]) await lintBothWays(dir, cache, format, extra);
  assert.match(await lintBothWays(dir, cache), /"fixes": \[\n +\{\n +"title"/);
  const written = statSync(cache).mtimeMs;
  const cold = await okr(['lint', '--format', 'stylish'], dir);
  const warm = await okr(['lint', '--format', 'stylish', '--cache-location', cache], dir);
  assert.equal(warm.out, cold.out);
  assert.match(warm.out, /suppresses nothing/);
  assert.equal(statSync(cache).mtimeMs, written, 'nothing changed: the cache is not rewritten');
  assert.ok(statSync(cache).size < 64 * 1024, 'the cache keeps findings and views, not models');
});

test('a changed file is noticed by size even under its old modification time, and by hash under a new one', async () => {
  const { dir, cache } = workspace();
  await lintBothWays(dir, cache);
  const growth = join(dir, 'growth.okr.md');
  const before = statSync(growth);
  // Longer text, old time: the size differs.
  writeFileSync(growth, readFileSync(growth, 'utf8').replace('- KR1: Increase activation from 40% to 55%', '- KR1: Launch the new onboarding checklist'));
  utimesSync(growth, before.atime, before.mtime);
  assert.ok(findingsOf(await lintBothWays(dir, cache), 'growth.okr.md').some((f) => f.ruleId === 'kr-is-output'));
  // Same size, new time: the hash differs.
  const text = readFileSync(growth, 'utf8');
  writeFileSync(growth, text.replace('Launch the new onboarding checklist', 'Increase activation from 40% to 55%'.padEnd('Launch the new onboarding checklist'.length, '!')));
  assert.equal(statSync(growth).size, Buffer.byteLength(text));
  utimesSync(growth, before.atime, new Date(before.mtimeMs + 10_000));
  assert.ok(!findingsOf(await lintBothWays(dir, cache), 'growth.okr.md').some((f) => f.ruleId === 'kr-is-output'));
  // Same text, new time (a checkout): still answered by the cache.
  utimesSync(growth, before.atime, new Date(before.mtimeMs + 20_000));
  await lintBothWays(dir, cache);
});

test('a change in one file that breaks a reference in another is reported on the other file', async () => {
  const { dir, cache } = workspace();
  const before = await lintBothWays(dir, cache);
  assert.ok(!findingsOf(before, 'growth.okr.md').some((f) => /company has no objective O1/.test(f.message)));
  const company = join(dir, 'company.okr.md');
  writeFileSync(company, readFileSync(company, 'utf8').replace('## O1:', '## O7:'));
  const after = await lintBothWays(dir, cache);
  assert.ok(findingsOf(after, 'growth.okr.md').some((f) => /company has no objective O1/.test(f.message)));
});

test('a deleted file disappears from the results and its references break', async () => {
  const { dir, cache } = workspace();
  await lintBothWays(dir, cache);
  rmSync(join(dir, 'company.okr.md'));
  const out = await lintBothWays(dir, cache);
  assert.ok(!(JSON.parse(out) as Array<{ file: string }>).some((r) => r.file === 'company.okr.md'));
  assert.ok(findingsOf(out, 'growth.okr.md').some((f) => f.ruleId === 'broken-alignment' && /'company'/.test(f.message)));
  assert.ok(!Object.keys(JSON.parse(readFileSync(cache, 'utf8').split('\n')[0]).entries).some((p) => p.endsWith('company.okr.md')));
});

test('a corrupt or foreign cache is treated as empty and replaced; damaged views are made again from the files', async () => {
  const { dir, cache } = workspace();
  await lintBothWays(dir, cache);
  const good = readFileSync(cache, 'utf8');
  const [head, views] = good.split('\n');
  for (const bad of [head.slice(0, head.length / 2), '{"version":"something else","entries":{}}', 'null', `${JSON.stringify({ ...JSON.parse(head), strings: 3 })}\n${views}`]) {
    writeFileSync(cache, bad);
    await lintBothWays(dir, cache);
    assert.equal(readFileSync(cache, 'utf8'), good);
  }
  writeFileSync(cache, `${head}\n[[[`);
  // Nothing changed, but the fixes JSON shows are lost with the details: the files are read again and the cache repaired.
  for (const format of ['json', 'stylish']) await lintBothWays(dir, cache, format);
  assert.equal(readFileSync(cache, 'utf8'), good);
  writeFileSync(cache, `${head}\n[[[`);
  const company = join(dir, 'company.okr.md');
  writeFileSync(company, readFileSync(company, 'utf8').replace('## O1:', '## O7:'));
  assert.ok(findingsOf(await lintBothWays(dir, cache), 'growth.okr.md').some((f) => /company has no objective O1/.test(f.message)));
});

test('a configuration change invalidates the cached findings', async () => {
  const { dir, cache } = workspace();
  const before = await lintBothWays(dir, cache);
  assert.ok(findingsOf(before, 'growth.okr.md').some((f) => f.ruleId === 'broken-alignment'));
  writeFileSync(join(dir, '.okrrc.json'), JSON.stringify({ ...CONFIG, rules: { 'broken-alignment': 'off' } }));
  assert.ok(!findingsOf(await lintBothWays(dir, cache), 'growth.okr.md').some((f) => f.ruleId === 'broken-alignment'));
  writeFileSync(join(dir, '.okrrc.json'), JSON.stringify(CONFIG));
  assert.ok(!findingsOf(await lintBothWays(dir, cache, 'json', ['--rule', 'broken-alignment:off']), 'growth.okr.md').some((f) => f.ruleId === 'broken-alignment'));
  assert.ok(findingsOf(await lintBothWays(dir, cache), 'growth.okr.md').some((f) => f.ruleId === 'broken-alignment'));
});

test('--fix with nothing to fix leaves a warm cache alone', async () => {
  const { dir, cache } = workspace();
  rmSync(join(dir, 'directives.okr.md'));
  await lintBothWays(dir, cache);
  const written = statSync(cache).mtimeMs;
  const fixed = await okr(['lint', '--fix', '--format', 'json', '--cache-location', cache], dir);
  assert.equal(fixed.err, '', 'nothing fixed');
  assert.equal(fixed.out, (await okr(['lint', '--format', 'json'], dir)).out);
  assert.equal(statSync(cache).mtimeMs, written);
});

test('--fix works from a warm cache and the next run sees the fixed files', async () => {
  const { dir, cache } = workspace();
  await lintBothWays(dir, cache);
  const fresh = mkdtempSync(join(tmpdir(), 'okr-cache-nofix-'));
  cpSync(dir, fresh, { recursive: true });
  const withCache = await okr(['lint', '--fix', '--format', 'json', '--cache-location', cache], dir);
  const without = await okr(['lint', '--fix', '--format', 'json'], fresh);
  assert.equal(withCache.out, without.out);
  assert.match(withCache.err, /^fixed directives\.okr\.md/m);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.okr.md'))) assert.equal(readFileSync(join(dir, f), 'utf8'), readFileSync(join(fresh, f), 'utf8'), f);
  await lintBothWays(dir, cache);
});
