// Inputs nobody should write but everybody eventually opens: every one gets a result (a clear
// finding or CLI message), keeps every property of the fuzzer, and finishes in bounded time.
// Small fixtures live in test/fixtures/bad-input/; the big ones are generated here, never committed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../server/src/cli';
import { parseOkr } from '../../server/src/core/parse';
import type { OkrDocument, Range } from '../../server/src/core/model';
import { MAX_FILE_BYTES, readOkrFile } from '../../server/src/node/files';
import { lintDocument } from '../../server/src/rules/engine';
import type { Finding } from '../../server/src/rules/types';
import { checkDocument } from '../../bench/fuzz-properties';

const FIXTURES = fileURLToPath(new URL('../fixtures/bad-input/', import.meta.url));
// Within the fixtures' period and a week after their check-ins, so stale-checkin stays quiet.
const TODAY = '2026-01-20';
/** Generous limits that only a hang or a quadratic blow-up would cross, even on a loaded machine. */
const SMALL_LIMIT_MS = 5_000;
const BIG_LIMIT_MS = 30_000;

interface LintResult {
  code: number;
  err: string;
  ms: number;
  findings: Map<string, Finding[]>;
}

async function okrLint(paths: string[], cwd = FIXTURES): Promise<LintResult> {
  let out = '';
  let err = '';
  const start = performance.now();
  const code = await main(['lint', '--format', 'json', ...paths], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, color: false });
  const ms = performance.now() - start;
  const results = (out ? JSON.parse(out) : []) as Array<{ file: string; findings: Finding[] }>;
  return { code, err, ms, findings: new Map(results.map((r) => [r.file, r.findings])) };
}

/** `ruleId@line` of every finding, sorted: compact and exact. */
function summary(findings: Finding[] | undefined): string[] {
  return (findings ?? []).map((f) => `${f.ruleId}@${f.range.start.line}`).sort();
}

function fixture(name: string): string {
  const read = readOkrFile(join(FIXTURES, name));
  assert.ok('text' in read, `cannot read ${name}`);
  return read.text;
}

function timed<T>(limit: number, what: string, fn: () => T): T {
  const start = performance.now();
  const value = fn();
  const ms = performance.now() - start;
  assert.ok(ms < limit, `${what} took ${ms.toFixed(0)} ms (limit ${limit} ms)`);
  return value;
}

function lintText(text: string, fileName = 'big.okr.md'): { doc: OkrDocument; findings: Finding[] } {
  const doc = parseOkr(text, { fileName });
  return { doc, findings: lintDocument(doc, text, { path: fileName, today: TODAY }) };
}

function sliceRange(text: string, range: Range): string {
  const lines = text.split(/\r\n|\r|\n/);
  assert.equal(range.start.line, range.end.line, 'single-line range expected');
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

/** The model of a file, without positions: what must not change with line endings or a BOM. */
function shape(doc: OkrDocument) {
  return doc.objectives.map((o) => ({
    id: o.id,
    title: o.title,
    krs: o.krs.map((k) => ({ id: k.id, text: k.text, baseline: k.metric.baseline?.value, target: k.metric.target?.value, confidence: k.confidence?.value })),
  }));
}

const SINGLE_FILES = [
  'empty', 'whitespace', 'only-front-matter', 'broken-yaml', 'front-matter-not-map', 'front-matter-scalar', 'wrong-types', 'crlf', 'lone-cr', 'mixed-eol', 'bom', 'tabs',
  'control-chars', 'invalid-utf8', 'emoji', 'combining-marks', 'right-to-left', 'headings-without-text', 'self-reference', 'not-okr',
];

test('every small fixture keeps the fuzzer properties: no throw, ranges inside, fixes local, fix-all stable', () => {
  for (const name of SINGLE_FILES) {
    timed(SMALL_LIMIT_MS, name, () => checkDocument(readFileSync(join(FIXTURES, `${name}.okr.md`), 'utf8')));
  }
});

test('empty, whitespace-only and non-OKR Markdown files: a unit with no objectives and a missing-period warning', async () => {
  for (const name of ['empty', 'whitespace', 'not-okr']) {
    const r = await okrLint([`${name}.okr.md`]);
    assert.equal(r.code, 0, name);
    assert.deepEqual(summary(r.findings.get(`${name}.okr.md`)), ['missing-period@0'], name);
    assert.equal(parseOkr(fixture(`${name}.okr.md`)).objectives.length, 0);
  }
  const onlyFrontMatter = await okrLint(['only-front-matter.okr.md']);
  assert.equal(onlyFrontMatter.code, 0);
  assert.deepEqual(summary(onlyFrontMatter.findings.get('only-front-matter.okr.md')), []);
});

test('broken YAML: invalid-front-matter errors on the broken lines, and the objectives are still read', async () => {
  const r = await okrLint(['broken-yaml.okr.md']);
  assert.equal(r.code, 1);
  const findings = r.findings.get('broken-yaml.okr.md')!;
  assert.ok(findings.length > 0 && findings.every((f) => f.ruleId === 'invalid-front-matter' && f.severity === 'error'), JSON.stringify(summary(findings)));
  assert.ok(findings.every((f) => f.range.start.line >= 1 && f.range.start.line <= 3), 'pointed inside the front matter');
  assert.match(findings[0].message, /not valid YAML/);
  const doc = parseOkr(fixture('broken-yaml.okr.md'));
  assert.deepEqual(doc.objectives.map((o) => o.krs.length), [3]);
});

test('front matter that is a list or a sentence: one invalid-front-matter error saying it must be a map', async () => {
  for (const name of ['front-matter-not-map', 'front-matter-scalar']) {
    const r = await okrLint([`${name}.okr.md`]);
    assert.equal(r.code, 1);
    const findings = r.findings.get(`${name}.okr.md`)!;
    assert.deepEqual(summary(findings), ['invalid-front-matter@1']);
    assert.match(findings[0].message, /must be a map/);
  }
});

test('front matter values of the wrong type: one error per key, on its line', async () => {
  const r = await okrLint(['wrong-types.okr.md']);
  assert.equal(r.code, 1);
  const findings = r.findings.get('wrong-types.okr.md')!;
  // team, id, period, parent and scoring are wrong; `owner: 42` is read as the text "42"
  assert.deepEqual(summary(findings), ['invalid-front-matter@1', 'invalid-front-matter@2', 'invalid-front-matter@4', 'invalid-front-matter@5', 'invalid-front-matter@6']);
  assert.match(findings.find((f) => f.range.start.line === 6)!.message, /scoring/);
});

test('CRLF, lone CR and mixed line endings, a BOM and tab indentation read exactly like the plain LF file', () => {
  const plain = shape(parseOkr(fixture('crlf.okr.md').replace(/\r\n/g, '\n')));
  assert.deepEqual(plain.map((o) => o.krs.length), [3]);
  for (const name of ['crlf', 'lone-cr', 'bom', 'tabs']) {
    assert.deepEqual(shape(parseOkr(readFileSync(join(FIXTURES, `${name}.okr.md`), 'utf8'))), plain, name);
  }
  const mixed = parseOkr(fixture('mixed-eol.okr.md'));
  assert.equal(mixed.period?.raw, '2026-Q1');
  assert.deepEqual(shape(mixed)[0].krs.map((k) => k.text), plain[0].krs.map((k) => k.text));
  // Positions count lines the way editors do, whatever the line ending.
  const crlf = parseOkr(fixture('crlf.okr.md'));
  const lf = parseOkr(fixture('crlf.okr.md').replace(/\r\n/g, '\n'));
  assert.deepEqual(crlf.objectives[0].krs.map((k) => k.textRange), lf.objectives[0].krs.map((k) => k.textRange));
  // A BOM is not part of the text editors show: positions are the same as without it.
  const bom = parseOkr(readFileSync(join(FIXTURES, 'bom.okr.md'), 'utf8'));
  assert.deepEqual(bom.objectives[0].headingRange, lf.objectives[0].headingRange);
});

test('NUL and other control characters stay in the text; a KR made only of them is not measurable', async () => {
  const text = fixture('control-chars.okr.md');
  const doc = parseOkr(text);
  assert.deepEqual(doc.objectives[0].krs.map((k) => k.id), ['KR1', 'KR2', 'KR3']);
  assert.ok(doc.objectives[0].title.includes('\u0000'), 'the NUL is kept, not silently dropped');
  assert.equal(doc.objectives[0].krs[0].metric.target?.value, 35);
  const r = await okrLint(['control-chars.okr.md']);
  const found = r.findings.get('control-chars.okr.md');
  assert.ok(summary(found).includes('kr-not-measurable@12'));
  const nul = found?.find((f) => f.ruleId === 'invalid-value' && /NUL character/.test(f.message));
  assert.ok(nul, 'the user is told the file holds a NUL');
  assert.equal(text.split(/\r\n|\r|\n/)[nul.range.start.line][nul.range.start.character], '\u0000');
});

test('invalid UTF-8: the bad bytes become U+FFFD, the rest of the file is read', () => {
  const text = fixture('invalid-utf8.okr.md');
  assert.ok(text.includes('\uFFFD'));
  const { doc, findings } = lintText(text, 'invalid-utf8.okr.md');
  assert.deepEqual(doc.objectives[0].krs.map((k) => [k.metric.baseline?.value, k.metric.target?.value]), [[20, 35], [5, 3], [20, 30]]);
  assert.equal(findings.filter((f) => f.ruleId === 'invalid-value' && /not valid UTF-8/.test(f.message)).length, 1, 'one clear message, at the first bad byte');
});

test('emoji, combining marks and right-to-left text: positions are UTF-16 columns that slice out the exact text', () => {
  for (const name of ['emoji', 'combining-marks', 'right-to-left']) {
    const text = fixture(`${name}.okr.md`);
    const { doc, findings } = lintText(text, `${name}.okr.md`);
    assert.deepEqual(findings.map((f) => f.ruleId), [], name);
    for (const o of doc.objectives) {
      assert.equal(sliceRange(text, o.titleRange), o.title, `${name} ${o.id} title`);
      for (const kr of o.krs) assert.equal(sliceRange(text, kr.textRange), kr.text, `${name} ${o.id}.${kr.id}`);
    }
  }
  const emoji = parseOkr(fixture('emoji.okr.md'));
  assert.equal(emoji.objectives[0].krs[0].checkins[0].note, '👍 good start');
});

test('headings without text are not objectives; `## O1:` with no title still holds its KRs', async () => {
  const doc = parseOkr(fixture('headings-without-text.okr.md'));
  assert.deepEqual(doc.objectives.map((o) => [o.id, o.title, o.krs.length]), [['O1', '', 1], ['O2', '', 1]]);
  const r = await okrLint(['headings-without-text.okr.md']);
  assert.deepEqual(summary(r.findings.get('headings-without-text.okr.md')), ['too-few-krs@13', 'too-few-krs@17']);
});

test('a unit that is its own parent and aligns to itself: alignment-cycle errors, no hang', async () => {
  const r = await okrLint(['self-reference.okr.md']);
  assert.equal(r.code, 1);
  assert.deepEqual(summary(r.findings.get('self-reference.okr.md')), ['alignment-cycle@11', 'alignment-cycle@4', 'alignment-cycle@8']);
  assert.ok(r.ms < SMALL_LIMIT_MS);
});

test('a cycle of 2 units: both files report the loop, naming the chain', async () => {
  const r = await okrLint(['cycle-2']);
  assert.equal(r.code, 1);
  for (const file of ['cycle-2/alpha.okr.md', 'cycle-2/beta.okr.md']) {
    const findings = r.findings.get(file)!;
    assert.deepEqual(summary(findings), ['alignment-cycle@4', 'alignment-cycle@8'], file);
  }
  assert.match(r.findings.get('cycle-2/alpha.okr.md')![0].message, /alpha → beta → alpha/);
});

test('a cycle of 50 units: every file reports it, in bounded time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-cycle-'));
  const n = 50;
  for (let i = 0; i < n; i++) {
    const next = `unit-${(i + 1) % n}`;
    writeFileSync(
      join(dir, `unit-${i}.okr.md`),
      `---\nteam: Unit ${i}\nperiod: 2026-Q1\nparent: ${next}\n---\n\n## O1: Make onboarding effortless\nAligns: ${next}#O1\n\n- KR1: Increase activation rate from 20% to 35%\n- KR2: Decrease churn from 5% to 3%\n- KR3: Raise NPS from 20 to 30\n`,
    );
  }
  const r = await okrLint(['.'], dir);
  assert.equal(r.code, 1);
  assert.equal(r.findings.size, n);
  for (const [file, findings] of r.findings) assert.deepEqual(summary(findings), ['alignment-cycle@3', 'alignment-cycle@7'], file);
  assert.ok(r.ms < BIG_LIMIT_MS, `${r.ms.toFixed(0)} ms`);
});

test('a unit id shared by two files: duplicate-id in both, each naming the other', async () => {
  const r = await okrLint(['duplicate-unit']);
  assert.equal(r.code, 1);
  const a = r.findings.get('duplicate-unit/growth.okr.md')!;
  const b = r.findings.get('duplicate-unit/growth-copy.okr.md')!;
  assert.deepEqual([summary(a), summary(b)], [['duplicate-id@2'], ['duplicate-id@2']]);
  assert.match(a[0].message, /growth-copy\.okr\.md/);
  assert.match(b[0].message, /growth\.okr\.md/);
});

test('a 20 MB file: okr lint refuses it with a message and exit 2, at once, and still checks the others', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-big-'));
  const line = '- KR: Increase activation rate from 20% to 35%\n';
  writeFileSync(join(dir, 'huge.okr.md'), '## O1: Big\n\n' + line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)));
  writeFileSync(join(dir, 'small.okr.md'), '---\nperiod: 2026-Q1\n---\n\n## O1: Small\n\n- KR1: Increase activation rate from 20% to 35%\n- KR2: Decrease churn from 5% to 3%\n- KR3: Raise NPS from 20 to 30\n');
  const r = await okrLint(['.'], dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /huge\.okr\.md: file is 20\.0 MB, over the 10 MB limit/);
  assert.ok(!r.findings.has('huge.okr.md'));
  assert.deepEqual(summary(r.findings.get('small.okr.md')), []);
  assert.ok(r.ms < SMALL_LIMIT_MS, `${r.ms.toFixed(0)} ms`);
  assert.equal(MAX_FILE_BYTES, 10 * 1024 * 1024, 'the limit docs/cli.md documents');
});

test('a single 1 MB line, as a KR and as a heading: read in bounded time, ranges inside', () => {
  const front = '---\nteam: Big\nperiod: 2026-Q1\n---\n\n';
  // Values are read from the start of a line, so a metric stated first is found however long the rest is.
  const longKr = `${front}## O1: Make onboarding effortless\n\n- KR1: Increase activation rate from 20% to 35% ${'very '.repeat(200_000)}\n`;
  const kr = timed(BIG_LIMIT_MS, '1 MB KR line', () => lintText(longKr));
  assert.equal(kr.doc.objectives[0].krs[0].metric.target?.value, 35);
  assert.equal(kr.doc.objectives[0].krs[0].text.length, longKr.split('\n')[7].length - '- KR1: '.length - 1);
  checkDocument(longKr);
  const longHeading = `${front}## O1: ${'word '.repeat(200_000)}\n\n- KR1: Increase activation rate from 20% to 35%\n`;
  timed(BIG_LIMIT_MS, '1 MB heading line', () => lintText(longHeading));
  checkDocument(longHeading);
});

test('10,000 nested lists (one line) and a 1,000-level staircase under a KR: bounded time, KR still read', () => {
  const head = '---\nteam: Deep\nperiod: 2026-Q1\n---\n\n## O1: Make onboarding effortless\n\n- KR1: Increase activation rate from 20% to 35%\n';
  const oneLine = `${head}  ${'- '.repeat(10_000)}deep\n`;
  const stair = head + Array.from({ length: 1000 }, (_, i) => `${' '.repeat(2 * (i + 1))}- level ${i}`).join('\n') + '\n';
  for (const [what, text] of [['one line', oneLine], ['staircase', stair]]) {
    const { doc } = timed(BIG_LIMIT_MS, what, () => lintText(text));
    assert.deepEqual(doc.objectives[0].krs.map((k) => k.metric.target?.value), [35], what);
    checkDocument(text);
  }
});

test('100,000 KRs in one objective: parsed and linted in bounded time, too-many-krs reported once', () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => `- KR${i + 1}: Increase metric ${i} from ${i}% to ${i + 5}%`);
  const text = `---\nteam: Many\nperiod: 2026-Q1\n---\n\n## O1: Make onboarding effortless\n\n${lines.join('\n')}\n`;
  const { doc, findings } = timed(BIG_LIMIT_MS, '100,000 KRs', () => lintText(text));
  assert.equal(doc.objectives[0].krs.length, 100_000);
  assert.equal(doc.objectives[0].krs[99_999].metric.target?.value, 100_004);
  assert.equal(findings.filter((f) => f.ruleId === 'too-many-krs').length, 1);
});
