// `okr lint` and `okr rules` run in memory against files in a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../server/src/cli';
import { rules } from '../../server/src/rules/index';

async function okr(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, color: false });
  return { code, out, err };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'okr-lint-'));
  cpSync(fileURLToPath(new URL('../fixtures/rules/workspace/', import.meta.url)), dir, { recursive: true });
  return dir;
}

const GOOD = '---\nteam: Good\nperiod: 2026-Q4\n---\n\n## O1: Fast checkout\n\n- KR1: Reduce p95 latency from 850ms to 300ms\n- KR2: Raise conversion from 2.1% to 3%\n- KR3: Reduce refunds from 0.5% to 0.2%\n';

test('--format json: the documented shape, 0-based positions, exit 1 on errors', async () => {
  const dir = workspace();
  const { code, out } = await okr(['lint', '--format', 'json', '.'], dir);
  assert.equal(code, 1);
  const results = JSON.parse(out) as Array<{ file: string; findings: Array<Record<string, unknown>> }>;
  const growth = results.find((r) => r.file === 'growth.okr.md')!;
  const broken = growth.findings.find((f) => f.ruleId === 'broken-alignment')!;
  assert.deepEqual(Object.keys(broken).sort(), ['fixes', 'message', 'range', 'ruleId', 'severity']);
  assert.equal(broken.severity, 'error');
  assert.deepEqual(broken.range, { start: { line: 16, character: 8 }, end: { line: 16, character: 18 } });
  assert.deepEqual(Object.keys((broken.fixes as object[])[0]).sort(), ['edits', 'title']);
  assert.ok(results.some((r) => r.file === 'company.okr.md' && r.findings.length === 0), 'clean files are listed too');
});

test('exit codes: 0 clean, 1 too many warnings, 2 usage errors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-lint-'));
  writeFileSync(join(dir, 'good.okr.md'), GOOD);
  assert.equal((await okr(['lint'], dir)).code, 0);
  writeFileSync(join(dir, 'warn.okr.md'), GOOD.replace('Reduce refunds from 0.5% to 0.2%', 'Launch the new checkout'));
  assert.equal((await okr(['lint', '--max-warnings', '1'], dir)).code, 0);
  assert.equal((await okr(['lint', '--max-warnings', '0'], dir)).code, 1);
  assert.equal((await okr(['lint', '--rule', 'kr-is-output:off', '--max-warnings', '0'], dir)).code, 0);
  assert.equal((await okr(['lint', '--rule', 'kr-is-output:error'], dir)).code, 1);
  assert.equal((await okr(['lint', '--rule', 'kr-is-outptu:off'], dir)).code, 2);
  assert.equal((await okr(['lint', '--format', 'xml'], dir)).code, 2);
  assert.equal((await okr(['lint', '--bogus'], dir)).code, 2);
  assert.equal((await okr(['lint', 'missing-folder'], dir)).code, 2);
  const quiet = await okr(['lint', '--quiet', '--format', 'json'], dir);
  assert.deepEqual(JSON.parse(quiet.out).flatMap((r: { findings: unknown[] }) => r.findings), []);
});

test('an invalid .okrrc.json is reported at the key as an error, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-lint-'));
  writeFileSync(join(dir, 'good.okr.md'), GOOD);
  writeFileSync(join(dir, '.okrrc.json'), '{\n  "rules": {\n    "too-few-krz": "off"\n  }\n}\n');
  const { code, out } = await okr(['lint'], dir);
  assert.equal(code, 1);
  assert.match(out, /\.okrrc\.json\n\s+3:5\s+error\s+Unknown rule 'too-few-krz'\. Did you mean 'too-few-krs'\?/);
  const explicit = await okr(['lint', '--config', 'nope.json'], dir);
  assert.equal(explicit.code, 2);
});

test('--fix writes safe fixes atomically, keeps CRLF, BOM and mode, and leaves clean files alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-lint-'));
  const dup = '\uFEFF---\r\nperiod: 2026-Q4\r\n---\r\n\r\n## O1: A\r\n\r\n- KR1: Increase a from 1% to 2%\r\n- KR2: Increase b from 1% to 2%\r\n- KR3: Increase c from 1% to 2%\r\n\r\n## O1: B\r\n\r\n- KR1: Increase d from 1% to 2%\r\n- KR2: Increase e from 1% to 2%\r\n- KR3: Increase f from 1% to 2%\r\n';
  writeFileSync(join(dir, 'dup.okr.md'), dup);
  chmodSync(join(dir, 'dup.okr.md'), 0o640);
  writeFileSync(join(dir, 'good.okr.md'), GOOD);
  const before = statSync(join(dir, 'good.okr.md')).mtimeMs;
  const { code, out } = await okr(['lint', '--fix'], dir);
  assert.equal(code, 0, out);
  assert.match(out, /fixed dup\.okr\.md: 1 problem \(duplicate-id\)/);
  const fixed = readFileSync(join(dir, 'dup.okr.md'), 'utf8');
  assert.equal(fixed, dup.replace('## O1: B', '## O2: B'));
  assert.equal(statSync(join(dir, 'dup.okr.md')).mode & 0o777, 0o640);
  assert.equal(statSync(join(dir, 'good.okr.md')).mtimeMs, before);
  const again = await okr(['lint', '--fix'], dir);
  assert.ok(!again.out.includes('fixed'), 'a second --fix changes nothing');
});

test('--format sarif is SARIF 2.1.0 with rule metadata; --format github prints annotations', async () => {
  const dir = workspace();
  const sarif = JSON.parse((await okr(['lint', '--format', 'sarif'], dir)).out);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'okr');
  assert.equal(run.tool.driver.rules.length, rules.length);
  const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'broken-alignment');
  assert.equal(result.level, 'error');
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'broken-alignment');
  assert.deepEqual(Object.keys(result.locations[0].physicalLocation.region).sort(), ['endColumn', 'endLine', 'startColumn', 'startLine']);
  const gh = (await okr(['lint', '--format', 'github'], dir)).out;
  assert.match(gh, /^::error file=growth\.okr\.md,line=17,col=9,endLine=17,endColumn=19,title=okr\(broken-alignment\)::company has no objective O2\./m);
});

test('--cache: a warm run reuses the results and reports the same findings', async () => {
  const dir = workspace();
  const location = join(dir, 'cache.json');
  const cold = await okr(['lint', '--format', 'json', '--cache-location', location], dir);
  // The first line holds the entries, the second the cross-file views.
  const cache = JSON.parse(readFileSync(location, 'utf8').split('\n')[0]);
  assert.equal(Object.keys(cache.entries).length, 7);
  const written = statSync(location).mtimeMs;
  const warm = await okr(['lint', '--format', 'json', '--cache-location', location], dir);
  assert.equal(warm.out, cold.out);
  assert.equal(statSync(location).mtimeMs, written, 'a run with nothing changed leaves the cache file alone');
  // An edited file is re-linted.
  writeFileSync(join(dir, 'company.okr.md'), GOOD.replace('Good', 'Company').replace('---\n\n', 'id: company\n---\n\n'));
  const edited = JSON.parse((await okr(['lint', '--format', 'json', '--cache-location', location], dir)).out);
  assert.ok(edited.find((r: { file: string }) => r.file === 'growth.okr.md').findings.some((f: { message: string }) => /company has no objective O2/.test(f.message)));
});

test('okr rules lists every rule with its default', async () => {
  const { code, out } = await okr(['rules'], process.cwd());
  assert.equal(code, 0);
  for (const r of rules) assert.match(out, new RegExp(`^${r.meta.id}\\s+${r.meta.severity}`, 'm'));
  const json = JSON.parse((await okr(['rules', '--format', 'json'], process.cwd())).out);
  assert.equal(json.find((r: { id: string }) => r.id === 'too-many-krs').options.max, 5);
});

test('a file over the size limit is refused with a message and exit 2; the others are still linted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-lint-'));
  writeFileSync(join(dir, 'good.okr.md'), GOOD);
  writeFileSync(join(dir, 'huge.okr.md'), Buffer.alloc(11 * 1024 * 1024, 'a'));
  const { code, out, err } = await okr(['lint', '--format', 'json'], dir);
  assert.equal(code, 2);
  assert.match(err, /huge\.okr\.md: file is 11\.0 MB, over the 10 MB limit/);
  assert.deepEqual(JSON.parse(out).map((r: { file: string }) => r.file), ['good.okr.md']);
});
