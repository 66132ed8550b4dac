// Fixture tests for every rule: expected findings are marked in the fixtures (`<!-- expect: id -->` on
// the line, or `line: id` in a `.expect` sidecar where a comment would change the value), the safe
// fix-all result is a golden file (`UPDATE_GOLDEN=1` rewrites it), and every single fix is applied
// and checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits, fixAll, lineStarts, offsetAt } from '../../server/src/core/fixes';
import { parseOkr } from '../../server/src/core/parse';
import { OkrWorkspace } from '../../server/src/core/workspace';
import { lintDocument } from '../../server/src/rules/engine';
import { rules } from '../../server/src/rules/index';
import type { Finding } from '../../server/src/rules/types';

const DIR = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
const TODAY = '2026-11-23';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Fixture {
  name: string;
  text: string;
}

const okrFiles = (dir: string): Fixture[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.okr.md'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

const singles = okrFiles(DIR);
const workspaceFiles = okrFiles(join(DIR, 'workspace'));

function expected(dir: string, f: Fixture): string[] {
  const out: string[] = [];
  f.text.split(/\r?\n/).forEach((line, i) => {
    const m = /<!--\s*expect:\s*([\w\s,-]+?)\s*-->/.exec(line);
    if (m) for (const id of m[1].split(/\s*,\s*/)) out.push(`${i + 1}: ${id}`);
  });
  const sidecar = join(dir, f.name.replace(/\.okr\.md$/, '.expect'));
  if (existsSync(sidecar)) {
    for (const line of readFileSync(sidecar, 'utf8').split(/\r?\n/)) if (/^\d+:\s*[\w-]+$/.test(line.trim())) out.push(line.trim().replace(/:\s*/, ': '));
  }
  return out.sort();
}

const shown = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId}`).sort();

function lintAlone(text: string, name = 'fixture.okr.md'): Finding[] {
  return lintDocument(parseOkr(text, { fileName: name }), text, { path: name, today: TODAY });
}

/** Safe fix-all repeated until nothing changes (as `okr lint --fix` does). */
function fixUntilStable(text: string, lint: (t: string) => Finding[]): string {
  for (let i = 0; i < 10; i++) {
    const next = fixAll(text, lint(text));
    if (next === text) return text;
    text = next;
  }
  return text;
}

test('every rule has a fixture where it fires', () => {
  const all = [...singles.map((f) => expected(DIR, f)), ...workspaceFiles.map((f) => expected(join(DIR, 'workspace'), f))].flat();
  for (const rule of rules) assert.ok(all.some((e) => e.endsWith(`: ${rule.meta.id}`)), `no fixture expects ${rule.meta.id}`);
});

for (const f of singles) {
  test(`fixture ${f.name}: findings match the markers`, () => {
    assert.deepEqual(shown(lintAlone(f.text, f.name)), expected(DIR, f));
  });

  test(`fixture ${f.name}: safe fix-all matches the golden file and is idempotent`, () => {
    const lint = (t: string) => lintAlone(t, f.name);
    const fixed = fixUntilStable(f.text, lint);
    const golden = join(DIR, f.name.replace(/\.okr\.md$/, '.fixed.md'));
    if (UPDATE || !existsSync(golden)) writeFileSync(golden, fixed);
    assert.equal(fixed, readFileSync(golden, 'utf8'));
    assert.equal(fixAll(fixed, lint(fixed)), fixed, 'a second fix-all changes nothing');
    assert.ok(!lint(fixed).some((x) => x.fixes.some((y) => y.safe)), 'no safe-fixable finding is left');
  });

  test(`fixture ${f.name}: each fix changes only its ranges and removes its finding`, () => {
    const findings = lintAlone(f.text, f.name);
    const errorsBefore = findings.filter((x) => x.severity === 'error').length;
    for (const finding of findings) {
      for (const fix of finding.fixes) {
        const after = applyEdits(f.text, fix.edits);
        // The text outside the edits is byte-for-byte the same.
        const starts = lineStarts(f.text);
        const spans = fix.edits.map((e) => [offsetAt(f.text, starts, e.range.start), offsetAt(f.text, starts, e.range.end), e.newText] as const).sort((a, b) => a[0] - b[0]);
        let expectedText = '';
        let at = 0;
        for (const [s, e, t] of spans) (expectedText += f.text.slice(at, s) + t), (at = e);
        assert.equal(after, expectedText + f.text.slice(at), `${finding.ruleId}: ${fix.title}`);
        if (fix.snippet) continue;
        const again = lintAlone(after, f.name);
        assert.ok(!again.some((x) => x.ruleId === finding.ruleId && x.message === finding.message), `${fix.title} did not resolve: ${finding.message}`);
        assert.ok(again.filter((x) => x.severity === 'error').length <= errorsBefore, `${fix.title} introduced an error`);
      }
    }
  });
}

test('workspace fixtures: cross-file findings match the markers', () => {
  const ws = new OkrWorkspace();
  for (const f of workspaceFiles) ws.set(f.name, parseOkr(f.text, { fileName: f.name }));
  for (const f of workspaceFiles) {
    const findings = lintDocument(ws.get(f.name)!, f.text, { path: f.name, workspace: ws, today: TODAY });
    assert.deepEqual(shown(findings), expected(join(DIR, 'workspace'), f), f.name);
  }
});

test('broken-alignment offers the did-you-mean, and the fix makes the reference resolve', () => {
  const ws = new OkrWorkspace();
  for (const f of workspaceFiles) ws.set(f.name, parseOkr(f.text, { fileName: f.name }));
  const growth = workspaceFiles.find((f) => f.name === 'growth.okr.md')!;
  const findings = lintDocument(ws.get(growth.name)!, growth.text, { path: growth.name, workspace: ws, today: TODAY }).filter((f) => f.ruleId === 'broken-alignment');
  assert.match(findings[1].message, /Did you mean 'company'\?/);
  const fixed = applyEdits(growth.text, findings.flatMap((f) => f.fixes[0].edits));
  assert.match(fixed, /Aligns: company#O1\n/);
  ws.set(growth.name, parseOkr(fixed, { fileName: growth.name }));
  assert.deepEqual(lintDocument(ws.get(growth.name)!, fixed, { path: growth.name, workspace: ws, today: TODAY }).filter((f) => f.ruleId === 'broken-alignment'), []);
});

test('CRLF files give the same findings, and fixes keep CRLF', () => {
  for (const f of singles) {
    const crlf = f.text.replace(/\n/g, '\r\n');
    assert.deepEqual(shown(lintAlone(crlf, f.name)), shown(lintAlone(f.text, f.name)), f.name);
    const fixed = fixUntilStable(crlf, (t) => lintAlone(t, f.name));
    assert.ok(!/[^\r]\n/.test(fixed), `${f.name}: a bare LF crept into a CRLF file`);
  }
});

test('missing-baseline offers the first check-in as a safe fix', () => {
  const text = '---\nperiod: 2026-Q4\n---\n\n## O1: Fast\n\n- KR1: Cut p95 latency below 300ms\n  - 2026-11-18: 380ms\n  - 2026-10-20: 420ms\n';
  const finding = lintAlone(text).find((f) => f.ruleId === 'missing-baseline')!;
  assert.match(finding.message, /first check-in says 420ms/);
  assert.equal(finding.fixes[0].safe, true);
  assert.match(applyEdits(text, finding.fixes[0].edits), /- KR1: Cut p95 latency from 420ms to below 300ms\n/);
});

test('kr-is-output fixes: milestone with a confidence placeholder, or an Initiatives list', () => {
  const text = '## O1: Help\n\n- KR1: Launch the redesigned help center\n';
  const finding = lintAlone(text).find((f) => f.ruleId === 'kr-is-output')!;
  assert.match(finding.message, /^'Launch' describes a deliverable/);
  const [milestone, initiatives] = finding.fixes;
  assert.equal(applyEdits(text, milestone.edits), '## O1: Help\n\n- [ ] KR1: Launch the redesigned help center\n  - confidence: ${1:50%}\n');
  assert.equal(applyEdits(text, initiatives.edits), '## O1: Help\n\n- KR1: ${1:Increase <metric> from <baseline> to <target>}\n  - Initiatives:\n    - Launch the redesigned help center\n');
});

test('too-many-krs splits the extra KRs into a new objective', () => {
  const krs = [1, 2, 3, 4, 5, 6, 7].map((n) => `- KR${n}: Increase metric ${'abcdefg'[n - 1]} from ${n}% to ${n + 1}%`).join('\n');
  const text = `---\nperiod: 2026-Q4\n---\n\n## O1: Focus\n\n${krs}\n`;
  const finding = lintAlone(text).find((f) => f.ruleId === 'too-many-krs')!;
  const fixed = applyEdits(text, finding.fixes[0].edits);
  const doc = parseOkr(fixed);
  assert.deepEqual(doc.objectives.map((o) => [o.id, o.krs.length]), [['O1', 5], ['O2', 2]]);
  assert.equal(doc.objectives[1].title, 'Focus (continued)');
});

test('missing-period inserts the current quarter into the front matter, or creates one', () => {
  const withFm = '---\nteam: A\n---\n\n## O1: X\n';
  const f1 = lintAlone(withFm).find((f) => f.ruleId === 'missing-period')!;
  assert.equal(applyEdits(withFm, f1.fixes[0].edits), '---\nteam: A\nperiod: 2026-Q4\n---\n\n## O1: X\n');
  const bare = '## O1: X\n';
  const f2 = lintAlone(bare).find((f) => f.ruleId === 'missing-period')!;
  assert.equal(parseOkr(applyEdits(bare, f2.fixes[0].edits)).period?.raw, '2026-Q4');
});
