// The engine: severities from configuration, inline directives, unused-directive reports,
// a throwing rule isolated as one internal-error, and survival on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultConfig, withOverrides } from '../../server/src/core/config';
import { applyEdits, fixAll } from '../../server/src/core/fixes';
import { parseOkr, SectionCache } from '../../server/src/core/parse';
import { OkrWorkspace } from '../../server/src/core/workspace';
import { disableCommentEdits } from '../../server/src/rules/disable';
import { lintDocument, runRules } from '../../server/src/rules/engine';
import { rules, ruleDocsUrl } from '../../server/src/rules/index';
import type { Rule } from '../../server/src/rules/types';

const metas = rules.map((r) => r.meta);
const TODAY = '2026-11-23';
const lint = (text: string, config = defaultConfig(metas)) => lintDocument(parseOkr(text), text, { today: TODAY, config, path: 'x.okr.md' });
const ids = (text: string, config = defaultConfig(metas)) => lint(text, config).map((f) => `${f.range.start.line}:${f.ruleId}`);

const BASE = '---\nperiod: 2026-Q4\n---\n\n## O1: Helpful support\n\n';

test('the registry: 22 unique ids with docs URLs', () => {
  assert.equal(rules.length, 22);
  assert.equal(new Set(rules.map((r) => r.meta.id)).size, 22);
  assert.match(ruleDocsUrl('kr-is-output'), /docs\/rules\/kr-is-output\.md$/);
});

test('configured levels replace the default; off skips the rule', () => {
  const text = `${BASE}- KR1: Launch the help center\n- KR2: Increase CSAT from 4.1 to 4.5\n- KR3: Reduce first response time from 6h to 2h\n`;
  assert.equal(lint(text).find((f) => f.ruleId === 'kr-is-output')?.severity, 'warning');
  const asError = withOverrides(defaultConfig(metas), { 'kr-is-output': 'error' }, metas);
  assert.equal(lint(text, asError).find((f) => f.ruleId === 'kr-is-output')?.severity, 'error');
  const off = withOverrides(defaultConfig(metas), { 'kr-is-output': 'off' }, metas);
  assert.equal(lint(text, off).some((f) => f.ruleId === 'kr-is-output'), false);
  const max2 = withOverrides(defaultConfig(metas), { 'too-many-krs': ['warning', { max: 2 }] }, metas);
  assert.ok(lint(text, max2).some((f) => f.ruleId === 'too-many-krs'));
});

test('disable comments: next line, same line, block and file; unused ones reported when asked', () => {
  const text = `${BASE}<!-- okr-disable-next-line kr-is-output -- the launch is the bet -->\n- KR1: Launch the help center\n- KR2: Write 12 help articles <!-- okr-disable-line kr-is-output -->\n- KR3: Run 5 experiments\n<!-- okr-disable-next-line vanity-metric -->\n- KR4: Reduce first response time from 6h to 2h\n`;
  assert.deepEqual(ids(text), ['9:kr-is-output']);
  const strict = { ...defaultConfig(metas), reportUnusedDisableDirectives: 'warning' as const };
  const found = lint(text, strict);
  const unused = found.find((f) => f.ruleId === 'unused-disable-directive')!;
  assert.equal(unused.range.start.line, 10);
  const cleaned = fixAll(text, found.filter((f) => f.ruleId === 'unused-disable-directive'));
  assert.ok(!cleaned.includes('vanity-metric'));
  assert.ok(cleaned.includes('- KR4: Reduce first response time'));
  const wholeFile = `<!-- okr-disable-file -->\n${BASE}- KR1: Launch the help center\n`;
  assert.deepEqual(ids(wholeFile), []);
});

test('a rule that throws becomes one internal-error naming it, and the others still run', () => {
  const broken: Rule = { meta: { id: 'boom', severity: 'warning', description: 'test', fixable: false, scope: 'file', options: {} }, check: () => { throw new Error('kaput'); } };
  rules.push(broken);
  try {
    const found = lint(`${BASE}- KR1: Launch the help center\n`);
    const internal = found.filter((f) => f.ruleId === 'internal-error');
    assert.equal(internal.length, 1);
    assert.match(internal[0].message, /'boom'.*kaput/);
    assert.ok(found.some((f) => f.ruleId === 'kr-is-output'));
  } finally {
    rules.pop();
  }
});

test('disableCommentEdits: a comment above the line (indented), or at the top after front matter', () => {
  const text = `${BASE}- KR1: Launch the help center\n  - 2026-11-01: 3\n`;
  const finding = lint(text).find((f) => f.ruleId === 'kr-is-output')!;
  const line = applyEdits(text, disableCommentEdits(text, finding, 'line'));
  assert.ok(line.includes('<!-- okr-disable-next-line kr-is-output -->\n- KR1: Launch'));
  assert.ok(!lint(line).some((f) => f.ruleId === 'kr-is-output'));
  const file = applyEdits(text, disableCommentEdits(text, finding, 'file'));
  assert.ok(file.startsWith('---\nperiod: 2026-Q4\n---\n<!-- okr-disable-file kr-is-output -->\n'));
  assert.ok(!lint(file).some((f) => f.ruleId === 'kr-is-output'));
  // Disabling a second rule extends the existing comment instead of adding another.
  const other = lint(file).find((f) => f.ruleId === 'stale-checkin' || f.ruleId === 'too-few-krs')!;
  const twice = applyEdits(file, disableCommentEdits(file, other, 'file'));
  assert.equal(twice.split('okr-disable-file').length, 2);
  assert.ok(twice.includes(`okr-disable-file kr-is-output ${other.ruleId} -->`));
});

test('disableCommentEdits: a finding in the front matter is disabled for the file, below the front matter', () => {
  const text = '---\nteam: A\n---\n\n## O1: X\n- KR1: Increase a from 1% to 2%\n- KR2: Increase b from 1% to 2%\n- KR3: Increase c from 1% to 2%\n';
  const finding = lint(text).find((f) => f.ruleId === 'missing-period')!;
  const fixed = applyEdits(text, disableCommentEdits(text, finding, 'line'));
  assert.ok(fixed.startsWith('---\nteam: A\n---\n<!-- okr-disable-file missing-period -->\n'));
  assert.deepEqual(lint(fixed).filter((f) => f.ruleId === 'missing-period'), []);
});

const BAD_INPUTS: Record<string, string> = {
  empty: '',
  whitespace: '   \n\t\n',
  'only front matter': '---\nperiod: 2026-Q4\n---\n',
  'broken yaml': '---\nteam: [oops\nperiod: : :\n---\n## O1: X\n- KR1: Launch it\n',
  'front matter not a map': '---\n- a\n- b\n---\n## O1: X\n',
  crlf: '---\r\nperiod: 2026-Q4\r\n---\r\n## O1: X\r\n- KR1: Grow ARR to $12M\r\n  - confidence: 170%\r\n',
  'lone cr': '## O1: X\r- KR1: Launch it\r',
  bom: '\uFEFF---\nperiod: 2026-Q4\n---\n## O1: X\n- KR1: Launch it\n',
  emoji: '## O1: 🚀 Ship joy 🎉\n- KR1: Increase 😀 from 1 to 3\n- KR2: 👩🏽‍💻 Hire 4 engineers\n',
  rtl: '## O1: هدف\n- KR1: زيادة التفعيل من 40% إلى 55%\n- KR2: Launch שלום\n',
  tabs: '## O1:\tX\n-\tKR1:\tLaunch\tit\n\t- confidence:\t9000%\n',
  binary: Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''),
  'nul and control': '## O1: X\u0000\u0001\n- KR1: \u0007Launch\u0000 it\n',
  'heading without text': '## \n## O1:\n- KR1:\n- \n',
  'deep nesting': '## O1: X\n' + Array.from({ length: 10_000 }, (_, i) => ' '.repeat(i % 200) + '- x').join('\n'),
  'self reference': '---\nid: me\nparent: me\n---\n## O1: X\nAligns: me#O1\n- KR1: Increase a from 1 to 2\n',
  'huge line': '## O1: X\n- KR1: Increase ' + 'very '.repeat(200_000) + 'much from 1 to 2\n',
};

for (const [name, text] of Object.entries(BAD_INPUTS)) {
  test(`bad input survives every rule: ${name}`, () => {
    const doc = parseOkr(text, { fileName: 'bad.okr.md' });
    const ws = new OkrWorkspace();
    ws.set('bad.okr.md', doc);
    const found = lintDocument(doc, text, { today: TODAY, path: 'bad.okr.md', workspace: ws });
    assert.deepEqual(found.filter((f) => f.ruleId === 'internal-error'), []);
    const lines = text.split(/\r\n|\r|\n/);
    for (const f of found) {
      assert.ok(f.range.start.line < lines.length && f.range.end.line < lines.length, `${f.ruleId} range outside the document`);
      assert.ok(f.range.end.character <= lines[f.range.end.line].length, `${f.ruleId} range past the line end`);
    }
    const fixed = fixAll(text, found);
    const again = parseOkr(fixed);
    assert.equal(fixAll(fixed, lintDocument(again, fixed, { today: TODAY, path: 'bad.okr.md' })), fixed, 'fix-all is idempotent');
  });
}

test('a large file lints in bounded time', () => {
  const objective = (n: number) => `## O${n}: Objective ${n}\n` + Array.from({ length: 5 }, (_, k) => `- KR${k + 1}: Increase metric ${n}-${k} from ${k}% to ${k + 5}%\n  - 2026-11-0${(k % 9) + 1}: ${k + 1}%\n`).join('');
  const text = '---\nperiod: 2026-Q4\n---\n' + Array.from({ length: 400 }, (_, i) => objective(i + 1)).join('\n');
  const doc = parseOkr(text);
  const started = performance.now();
  const found = lintDocument(doc, text, { today: TODAY });
  const ms = performance.now() - started;
  assert.ok(found.some((f) => f.ruleId === 'too-many-objectives'));
  assert.ok(ms < 2000, `${ms.toFixed(0)} ms for ${doc.lineCount} lines`);
});

test('reuse: per-objective findings kept for unchanged sections equal a fresh lint after every kind of edit', () => {
  const cache = new SectionCache();
  let text = readFileSync(new URL('../../samples/common-mistakes.okr.md', import.meta.url), 'utf8');
  const fresh = (t: string, config = defaultConfig(metas)) => runRules(parseOkr(t), t, { today: TODAY, config, path: 'x.okr.md' });
  const reused = (t: string, config = defaultConfig(metas)) => runRules(parseOkr(t, { cache }), t, { today: TODAY, config, path: 'x.okr.md', reuse: true });
  const sorted = (fs: ReturnType<typeof fresh>) => [...fs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const check = (t: string, config?: ReturnType<typeof defaultConfig>) => assert.deepEqual(sorted(reused(t, config)), sorted(fresh(t, config)));
  check(text);
  const lines = text.split('\n');
  const kr = lines.findIndex((l) => /^\s*- /.test(l));
  const heading = lines.findIndex((l) => l.startsWith('## '));
  const edits: Array<(ls: string[]) => void> = [
    (ls) => (ls[kr] += ' from 10% to 20%'), // a keystroke in one KR
    (ls) => ls.splice(heading, 0, 'A new paragraph above the objectives.'), // every section below moves
    (ls) => ls.splice(heading + 2, 0, '## Untitled objective without an id'), // positional ids below change
    (ls) => ls.splice(ls.length - 1, 0, '- Launch the new onboarding flow'), // the last section grows
  ];
  for (const edit of edits) {
    edit(lines);
    text = lines.join('\n');
    check(text);
  }
  // A line becomes a heading: the sections below stay where they were, but their positional ids move on.
  text = `${BASE.replace('## O1: Helpful support\n\n', '')}## Objective: Alpha\nA note.\n- Launch the help center\n## Objective: Beta\n- Ship the chat widget\n`;
  check(text);
  check(text.replace('A note.', '## Objective: Gamma'));
  // Options and levels are part of what is reused.
  check(text, withOverrides(defaultConfig(metas), { 'too-few-krs': ['error', { min: 1 }], 'kr-is-output': 'info' }, metas));
  check(text.replace(/\n/g, '\r\n'));
});
