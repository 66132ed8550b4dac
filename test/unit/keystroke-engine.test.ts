// A keystroke re-checks only the edited section: the findings the engine and the rules keep per section
// (sorted per section, too-many-krs and duplicate-id by KR list, unaligned-objective per objective) give exactly a fresh lint, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import { parseOkr, SectionCache } from '../../server/src/core/parse';
import { applyDirectives, lintDocument, runRules } from '../../server/src/rules/engine';
import { rules } from '../../server/src/rules/index';
import { Rng } from '../../bench/rng';
import type { Finding, Rule } from '../../server/src/rules/types';

const TODAY = '2026-11-23';
const metas = rules.map((r) => r.meta);

function objective(n: number | null, krs: string[], aligns = 'Aligns: company#O1'): string {
  return [`## ${n === null ? 'Objective' : `O${n}`}: Make cooks come back ${n ?? ''}`, aligns, '', ...krs, ''].join('\n');
}

const krs = (count: number, ids = true) =>
  Array.from({ length: count }, (_, i) => `- ${ids ? `KR${i + 1}: ` : ''}Raise weekly returning cooks from ${20 + i}% to ${40 + i}%\n  - 2026-10-0${1 + (i % 9)}: ${25 + i}%`);

const BASE = [
  '---',
  'period: 2026-Q4',
  'parent: company',
  '---',
  '',
  '# Cooks',
  '',
  objective(1, krs(3)),
  objective(2, krs(7)),
  objective(null, ['- KR1: Launch the help center', '- KR1: Write 12 help articles', ...krs(4)]),
  objective(2, krs(6, false)),
  objective(5, krs(2), 'Owner: Lena'),
].join('\n');

function sameAsFresh(cache: SectionCache, text: string): void {
  const incremental = lintDocument(parseOkr(text, { cache }), text, { today: TODAY, path: 'x.okr.md' });
  const fresh = lintDocument(parseOkr(text), text, { today: TODAY, path: 'x.okr.md', reuse: false });
  assert.deepEqual(incremental, fresh);
}

test('kept findings equal a fresh lint, in the same order, after edits that move sections, change ids and line endings', () => {
  const found = new Set(lintDocument(parseOkr(BASE), BASE, { today: TODAY }).map((f) => f.ruleId));
  for (const id of ['too-many-krs', 'duplicate-id', 'unaligned-objective', 'kr-is-output']) assert.ok(found.has(id), id);
  const cache = new SectionCache();
  sameAsFresh(cache, BASE);
  const lines = BASE.split('\n');
  const at = (text: string) => lines.findIndex((l) => l.includes(text));
  const edits: Array<(ls: string[]) => void> = [
    (ls) => (ls[at('from 21%')] += 'x'), // a keystroke in a KR
    (ls) => ls.splice(at('# Cooks') + 1, 0, 'A paragraph above every objective.'), // every section moves
    (ls) => ls.splice(at('## O5'), 0, '## O9: A later objective', '- KR1: Ship it', ''), // the next free objective id changes
    (ls) => ls.splice(at('## O2') + 3, 1), // an objective drops to six KRs
    (ls) => (ls[at('## Objective') - 1] = '## Objective: Untitled'), // positional ids below move on, sections stay
    (ls) => ls.splice(at('## Objective: Untitled'), 1, ''), // and back
    (ls) => (ls[at('Launch the help')] = '- KR3: Launch the help center'), // a repeated KR id is gone
    (ls) => (ls[at('Write 12')] = '- KR3: Write 12 help articles'), // and back
    (ls) => (ls[at('parent:')] = 'parent: group'), // what unaligned-objective says of the parent
    (ls) => (ls[at('parent:')] = 'owner: Lena'), // no parent, no unaligned objective
    (ls) => (ls[at('owner: Lena')] = 'parent: company'),
    (ls) => ls.splice(0, 0, ''), // the first line
    (ls) => ls.push('- KR9: Raise it from 1 to 2'), // the last line
  ];
  for (const edit of edits) {
    edit(lines);
    sameAsFresh(cache, lines.join('\n'));
  }
  sameAsFresh(cache, lines.join('\r\n'));
  sameAsFresh(cache, lines.join('\n'));
});

test('the findings are sorted by position, then rule id as localeCompare orders them', () => {
  const cache = new SectionCache();
  parseOkr(BASE, { cache });
  const doc = parseOkr(BASE, { cache });
  const found = runRules(doc, BASE, { today: TODAY, config: defaultConfig(metas) });
  const expected = [...found].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  assert.ok(found.length > 20);
  assert.deepEqual(applyDirectives(doc, BASE, found), expected);
  // Rule ids the engine does not know are ordered the same way.
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const odd: Finding[] = ['zeta', 'kr-is-output', 'alpha', 'internal-error', 'kr-is-outpus'].map((ruleId) => ({ ruleId, severity: 'warning', message: '', range: at, fixes: [] }));
  assert.deepEqual(applyDirectives(doc, BASE, odd).map((f) => f.ruleId), ['alpha', 'internal-error', 'kr-is-outpus', 'kr-is-output', 'zeta']);
});

test('a per-objective rule that throws in one section reports one internal error and none of its findings, as a fresh lint does', () => {
  const broken: Rule = {
    meta: { id: 'boom-in-o5', severity: 'warning', description: 'test', fixable: false, scope: 'file', perObjective: true, options: {} },
    check: (ctx, report) => {
      for (const o of ctx.doc.objectives) {
        if (o.id === 'O5') throw new Error('kaput');
        report({ message: 'seen', range: o.headingRange });
      }
    },
  };
  rules.push(broken);
  try {
    const cache = new SectionCache();
    sameAsFresh(cache, BASE);
    const text = BASE.replace('from 21%', 'from 21.5%');
    sameAsFresh(cache, text);
    const found = lintDocument(parseOkr(text, { cache }), text, { today: TODAY });
    assert.equal(found.filter((f) => f.ruleId === 'internal-error').length, 1);
    assert.equal(found.filter((f) => f.ruleId === 'boom-in-o5').length, 0);
  } finally {
    rules.pop();
  }
});

test('the section cache reads again only the sections an edit changed, also when one edit spans several', () => {
  const cache = new SectionCache();
  const lines = BASE.split('\n');
  parseOkr(BASE, { cache });
  const first = lines.findIndex((l) => l.includes('from 21%'));
  const last = lines.lastIndexOf(lines.filter((l) => l.includes('from 23%')).pop()!);
  // One replacement from a KR of the second objective to one of the fourth, the third's lines as they were.
  const edited = [...lines.slice(0, first), `${lines[first]} and more`, ...lines.slice(first + 1, last), `${lines[last]} and more`, ...lines.slice(last + 1)].join('\n');
  const fresh = (t: string) => JSON.parse(JSON.stringify(parseOkr(t)));
  assert.deepEqual(JSON.parse(JSON.stringify(parseOkr(edited, { cache }))), fresh(edited));
  assert.equal(cache.misses, 2);
  // A heading typed: the layout is scanned again, and the sections that kept their lines are still found.
  const headed = edited.replace('# Cooks', '# Cooks\n## O7: Typed');
  assert.deepEqual(JSON.parse(JSON.stringify(parseOkr(headed, { cache }))), fresh(headed));
  assert.equal(cache.misses, 1);
  // Back to the start in one edit: the two edited objectives are read again, the one between them is found by its text.
  assert.deepEqual(JSON.parse(JSON.stringify(parseOkr(BASE, { cache }))), fresh(BASE));
  assert.equal(cache.misses, 2);
});

test('typing and deleting single characters anywhere keeps the incremental parse and lint equal to fresh ones', () => {
  // Fixtures with tables, HTML, quotes, fences and link definitions, edited one character at a time as a person types.
  const dir = join(__dirname, '..', 'fixtures', 'parse');
  const typed = ['x', 'é', '7', ' ', '-', '*', '.', ')', ':', '|', '<', '>', '[', ']', '`', '#', '\\'];
  const rng = new Rng(20261123);
  const next = (n: number) => rng.int(0, n - 1);
  let kept = 0;
  for (const name of ['markdown-variety.okr.md', 'full.okr.md', 'forms.okr.md']) {
    const cache = new SectionCache();
    let text = readFileSync(join(dir, name), 'utf8');
    sameAsFresh(cache, text);
    for (let edit = 0; edit < 120; edit++) {
      const lines = text.split('\n');
      const line = next(lines.length);
      const at = next(lines[line].length + 1);
      // Mostly typing, sometimes deleting the character before the cursor (never a line break).
      lines[line] = next(4) === 0 && at > 0 ? lines[line].slice(0, at - 1) + lines[line].slice(at) : lines[line].slice(0, at) + typed[next(typed.length)] + lines[line].slice(at);
      text = lines.join('\n');
      sameAsFresh(cache, text);
      if (cache.misses > cache.blockReads) kept++;
    }
  }
  assert.ok(kept > 40, `only ${kept} edits kept a section's blocks`);
});
