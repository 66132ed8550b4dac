// The KR classifier rules measured on the labelled corpus, through the real pipeline (parse + lint),
// plus the cases the product promises by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseOkr } from '../../server/src/core/parse';
import { lintDocument } from '../../server/src/rules/engine';
import { analyzeKr, classifyKr, lemma } from '../../server/src/rules/classify';

const CODES: Record<string, string> = { O: 'kr-is-output', V: 'vanity-metric', N: 'kr-not-measurable', B: 'missing-baseline' };
const corpus = readFileSync(new URL('../fixtures/kr-corpus.tsv', import.meta.url), 'utf8')
  .split(/\r?\n/)
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [labels, line] = l.split('\t');
    return { labels: new Set(labels === '-' ? [] : labels.split(',').map((c) => CODES[c])), line };
  });

/** Lints one KR line inside a minimal valid file and returns the rule ids reported on that line. */
function rulesOn(line: string): Set<string> {
  const text = `---\nteam: Corpus\nperiod: 2026-Q4\n---\n\n## O1: Corpus objective\n\n${line}\n`;
  const findings = lintDocument(parseOkr(text), text, { today: '2026-11-23' });
  return new Set(findings.filter((f) => f.range.start.line === 7).map((f) => f.ruleId));
}

test('the corpus has at least 300 labelled KR lines covering all four rules', () => {
  assert.ok(corpus.length >= 300, `${corpus.length} lines`);
  for (const id of Object.values(CODES)) assert.ok(corpus.filter((c) => c.labels.has(id)).length >= 40, id);
});

test('precision ≥ 0.95 and recall ≥ 0.9 per classifier rule on the corpus', () => {
  const stats = Object.fromEntries(Object.values(CODES).map((id) => [id, { tp: 0, fp: 0, fn: 0, misses: [] as string[] }]));
  for (const { labels, line } of corpus) {
    const found = rulesOn(line);
    for (const id of Object.values(CODES)) {
      const s = stats[id];
      if (labels.has(id) && found.has(id)) s.tp++;
      else if (found.has(id)) (s.fp++, s.misses.push(`false alarm: ${line}`));
      else if (labels.has(id)) (s.fn++, s.misses.push(`missed: ${line}`));
    }
  }
  for (const [id, s] of Object.entries(stats)) {
    const precision = s.tp / (s.tp + s.fp || 1);
    const recall = s.tp / (s.tp + s.fn || 1);
    console.log(`${id.padEnd(18)} precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`);
    assert.ok(precision >= 0.95 && recall >= 0.9, `${id}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n${s.misses.join('\n')}`);
  }
});

test('the promised cases', () => {
  const output = (s: string) => classifyKr(s).output?.text;
  assert.equal(output('Launch the redesigned pricing page'), 'Launch');
  assert.equal(output('Hire 4 engineers'), 'Hire');
  assert.equal(output('Write 12 blog posts'), 'Write');
  assert.equal(output('Run 5 experiments'), 'Run');
  assert.equal(output('Migrate to Kubernetes'), 'Migrate');
  for (const s of ['Increase activation from 40% to 55%', 'Reduce p95 latency from 850ms to 300ms', 'Double weekly active creators from 1,200 to 2,400', 'Increase activation from 40% to 55% by shipping the new checklist']) {
    const v = classifyKr(s);
    assert.equal(v.output, null, s);
    assert.equal(v.missingBaseline, false, s);
    assert.equal(v.notMeasurable, false, s);
    assert.equal(v.vanity, null, s);
  }
  assert.equal(classifyKr('Launch the pricing page', { milestone: true }).output, null);
  assert.ok(classifyKr('Improve onboarding').notMeasurable);
  assert.ok(classifyKr('Make customers happier').notMeasurable);
  for (const s of ['Grow ARR to $12M', 'Reduce churn by 2 points', 'Cut p95 latency below 300ms']) assert.ok(classifyKr(s).missingBaseline, s);
  assert.equal(classifyKr('Grow ARR to $12M', { declaredBaseline: true }).missingBaseline, false);
  assert.equal(classifyKr('Grow registered users from 10k to 50k').vanity?.text, 'registered users');
  assert.equal(classifyKr('Increase weekly sessions per user from 3 to 4').vanity, null);
});

test('kr-not-measurable is not stacked on an output', () => {
  const v = classifyKr('Launch the new onboarding flow');
  assert.ok(v.output);
  assert.equal(v.notMeasurable, false);
  assert.deepEqual(rulesOn('- Launch the new onboarding flow'), new Set(['kr-is-output']));
});

test('morphology: inflected verbs reduce to their base form', () => {
  assert.equal(lemma('shipped'), 'ship');
  assert.equal(lemma('launching'), 'launch');
  assert.equal(lemma('planning'), 'plan');
  assert.equal(lemma('written'), 'write');
  assert.equal(lemma('analyses'), 'analyse');
  assert.equal(lemma('table'), null);
});

test('numbers that are not measures: years, dates, versions, ranks, quarter names', () => {
  for (const s of ['Improve onboarding by 2026', 'Improve onboarding before March 15', 'Make Q3 the quarter of quality', 'Become the #1 tool for data teams', 'Improve onboarding by 2026-03-31']) {
    assert.equal(analyzeKr(s).measurable, false, s);
  }
  for (const s of ['Reach 2000 paying teams', 'Halve time to first response', 'Zero P1 incidents']) assert.ok(analyzeKr(s).measurable, s);
});

test('pathological statements are read in bounded time', () => {
  for (const s of ['Launch ' + 'to increase '.repeat(50_000) + '5%', 'users '.repeat(100_000), 'launched '.repeat(100_000), 'Increase ' + '1 '.repeat(100_000)]) {
    const started = performance.now();
    classifyKr(s);
    assert.ok(performance.now() - started < 1000, `${s.slice(0, 20)}… took too long`);
  }
});
